"""Checkpoints: tensors plus plain metadata, written atomically, read with weights_only=True.

A checkpoint is enough to rebuild the learner and meta-learner (config), to prepare a user's
images like the training images (preprocessing), and to resume training exactly (optimizer
and trainer state)."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from engine.config import Config, from_dict
from engine.data.episodes import Preprocessing
from engine.errors import CheckpointError, ConfigError, RunDirError
from engine.integrity import seal, verify
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner

FORMAT = "mlstm-explorer/checkpoint"
VERSION = 1
log = logging.getLogger(__name__)
_NOTED: set[str] = set()  # unsealed files already noted once in this process


def to_cpu(obj: Any) -> Any:
    """A copy of a nested state (dicts, lists, tuples of tensors and plain values) with every
    tensor on the CPU: Adam's moments live on the run's device, and a checkpoint must open
    on a machine without it."""
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj


def backup_path(path: Path) -> Path:
    """Where the previous version of a checkpoint is kept: `last.pt` -> `last.pt.bak`."""
    return path.with_name(path.name + ".bak")


def _keep_previous(path: Path) -> None:
    """Keep the checkpoint about to be replaced as its .bak (a hard link: no copy, and the
    file at `path` never goes missing); best-effort, a filesystem without links copies."""
    if not path.is_file():
        return
    bak, tmp = backup_path(path), path.with_name(f".{path.name}.bak.tmp")
    try:
        if tmp.exists():
            tmp.unlink()
        try:
            os.link(path, tmp)
        except OSError:
            shutil.copy2(path, tmp)
        os.replace(tmp, bak)
    except OSError as exc:
        log.debug("no backup of %s: %s", path, exc)


def save_checkpoint(
    path: Path | str,
    *,
    config: Config,
    preprocessing: Preprocessing,
    meta: MetaLearner,
    optimizer: torch.optim.Optimizer | None = None,
    trainer: dict[str, Any] | None = None,
) -> Path:
    """A sealed checkpoint (engine.integrity), the previous version kept as .bak."""
    path = Path(path)
    bundle = {
        "format": FORMAT,
        "version": VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "config": config.to_dict(),
        "preprocessing": preprocessing.to_dict(),
        "meta": {k: v.detach().cpu() for k, v in meta.state_dict().items()},
        "optimizer": to_cpu(optimizer.state_dict()) if optimizer is not None else None,
        "trainer": to_cpu(dict(trainer or {})),
    }
    return write_bundle(path, seal(bundle))


def write_bundle(path: Path, bundle: dict[str, Any], keep_previous: bool = True) -> Path:
    """Write atomically (temp file in the same folder, fsync, rename): a crash or a full disk
    never leaves a half-written file where the previous good checkpoint was."""
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            torch.save(bundle, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        if keep_previous:
            _keep_previous(path)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise RunDirError(
            f"cannot write checkpoint {path}: {exc.strerror or exc}; "
            f"the previous checkpoint there (if any) is unchanged"
        ) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return path


def read_checkpoint(
    path: Path | str,
    kind: str = FORMAT,
    version_now: int = VERSION,
    sections: tuple[str, ...] = ("config", "preprocessing", "meta"),
) -> dict[str, Any]:
    """Load and check a checkpoint; refuse corrupt, truncated, foreign or newer files.

    `kind`, `version_now` and `sections` read the other sealed files written the same way
    (the pretrained learners of engine/io/pretrained.py)."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise CheckpointError(f"cannot read checkpoint {path}: {exc.strerror or exc}") from None
    if magic[:2] not in (b"PK", b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05"):
        raise CheckpointError(
            f"{path} is not a checkpoint: it is not a PyTorch file (empty, "
            f"truncated at its start, or another kind of file)"
        )
    try:
        with warnings.catch_warnings():  # a raw pickle's protocol note: it is refused anyway
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            bundle = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - the unpickler raises many kinds on bad bytes
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "weights_only" in text or "Unsupported global" in text:
            raise CheckpointError(
                f"{path} is not a Meta-LSTM Explorer checkpoint: it holds "
                f"objects that are refused for safety ({text[:160]})"
            ) from None
        raise CheckpointError(
            f"{path} is corrupt or truncated and cannot be read ({text[:160]})"
        ) from None
    if not isinstance(bundle, dict) or bundle.get("format") != kind:
        what = "checkpoint" if kind == FORMAT else f"file of kind {kind}"
        raise CheckpointError(f"{path} is not a Meta-LSTM Explorer {what} (a foreign PyTorch file)")
    version = bundle.get("version")
    if not isinstance(version, int) or version > version_now:
        raise CheckpointError(
            f"{path} has format version {version}, newer than this "
            f"program's {version_now}: update Meta-LSTM Explorer to open it"
        )
    for key in sections:
        if not isinstance(bundle.get(key), dict):
            raise CheckpointError(f"{path} is missing its '{key}' section")
    intact = verify(bundle)
    if intact is False:
        raise CheckpointError(
            f"{path} is damaged: its contents do not match the checksum "
            f"stored in it, so its weights are not the ones saved"
            f"{_alternative(path)}"
        )
    if intact is None and str(path) not in _NOTED:
        _NOTED.add(str(path))
        log.warning("note: %s has no checksum (written before checksums); loaded unverified", path)
    return bundle


def _alternative(path: Path) -> str:
    """'; use X instead' when the damaged file's previous version is intact."""
    bak = backup_path(path)
    if bak.is_file():
        try:
            episode = read_checkpoint(bak).get("trainer", {}).get("episode")
        except CheckpointError:
            return f" (its previous version {bak.name} is damaged too)"
        at = f", episode {episode}" if episode is not None else ""
        return f"; its previous version is intact: use {bak}{at}"
    return ""


@dataclass
class LoadedModel:
    """A trained meta-learner ready to adapt to new episodes."""

    path: Path
    config: Config
    preprocessing: Preprocessing
    learner: Learner
    meta: MetaLearner
    bundle: dict[str, Any] = field(default_factory=dict)  # empty for a model held in memory


def build_models(
    config: Config, generator: torch.Generator | None = None
) -> tuple[Learner, MetaLearner]:
    learner = Learner(
        config.channels,
        config.image_size,
        config.filters,
        config.way,
        head=config.head,
        bn_eps=config.bn_eps,
        bn_momentum=config.bn_momentum,
    )
    meta = MetaLearner(learner.init_params(generator), hidden=config.hidden, generator=generator)
    return learner, meta


def checkpoint_config(bundle: dict[str, Any], path: Path | str) -> Config:
    """The run config stored in a checkpoint read by read_checkpoint; unusable is refused."""
    try:
        return from_dict(bundle["config"], source=f"{path} (config)")
    except (ConfigError, KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{path} has an unusable config: {exc}") from None


def model_from_state(
    config: Config, state: dict[str, torch.Tensor], label: str
) -> tuple[Learner, MetaLearner]:
    """A learner and a meta-learner (in eval mode) with `state`'s weights; `label` names the
    source when they do not fit the config."""
    learner, meta = build_models(config)
    try:
        meta.load_state_dict(state)
    except (RuntimeError, KeyError) as exc:
        raise CheckpointError(
            f"{label}: meta-learner weights do not fit its config "
            f"({str(exc).splitlines()[0][:160]})"
        ) from None
    meta.eval()
    return learner, meta


def load_model(path: Path | str) -> LoadedModel:
    bundle = read_checkpoint(path)
    config = checkpoint_config(bundle, path)
    try:
        prep = Preprocessing.from_dict(bundle["preprocessing"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{path} has an unusable preprocessing: {exc}") from None
    learner, meta = model_from_state(config, bundle["meta"], str(path))
    return LoadedModel(Path(path), config, prep, learner, meta, bundle)
