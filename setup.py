"""Packaging beyond what pyproject.toml can say: the repository's top-level `assets/` and
`configs/` folders travel in the wheel as the data packages `mlstm_assets` and `mlstm_configs`
(found at run time by engine/resources.py), so an installed app has the embedded Omniglot,
the presets, the shipped models, the baselines' pretrained learner and the interface's
translations without moving those folders in the repository."""

from setuptools import find_packages, setup

DATA = {"mlstm_assets": "assets", "mlstm_configs": "configs"}

setup(
    packages=find_packages(include=["engine", "engine.*", "mlstm_gui", "mlstm_gui.*"])
    + list(DATA)
    + ["mlstm_assets.checkpoints", "mlstm_assets.pretrained", "mlstm_assets.i18n"],
    package_dir=DATA,
    package_data={
        "mlstm_assets": ["*.npz", "*.png", "*.svg", "README.md", "OMNIGLOT-LICENSE"],
        "mlstm_assets.checkpoints": ["*.pt"],
        "mlstm_assets.pretrained": ["*.pt"],
        "mlstm_assets.i18n": ["*.qm", "*.ts"],  # the interface's translations (issue 19)
        "mlstm_configs": ["*.yaml"],
    },
)
