"""Opening a checkpoint mid-run loads only the metrics up to its episode (no duplicates)."""

from engine.training.trainer import MetaTrainer
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.run_files import load_run_folder


def test_load_run_folder_upto(tmp_path, tiny_config):
    tr = MetaTrainer(tiny_config.replace(episodes=6, val_interval=3), run_dir=tmp_path)
    while not tr.done:
        tr.step()
    history = MetricHistory()
    assert load_run_folder(tmp_path, history).episodes == 6
    loaded = load_run_folder(tmp_path, history, upto=3)
    assert (loaded.episodes, loaded.validations, loaded.last_episode) == (3, 1, 3)
    assert list(history.series().episode) == [1, 2, 3]
