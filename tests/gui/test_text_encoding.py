"""Exported tables are UTF-8 whatever the locale: a plot's CSV with θ and Chinese in its
curve names, written by a process whose locale encoding is ASCII."""

import csv
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import sys
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
from mlstm_gui.common.plot_style import export_csv
app = QApplication([])
plot = pg.PlotItem()
plot.addItem(pg.PlotDataItem([1, 2, 3], [0.5, 0.25, 0.125], name="loss at \u03b8_T \u8bad\u7ec3"))
plot.addItem(pg.ErrorBarItem(x=[1.0], y=[0.5], top=[0.1], bottom=[0.1]))
export_csv(plot, sys.argv[1])
"""


def test_plot_csv_is_utf8_under_an_ascii_locale(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(
        LC_ALL="C",
        LANG="C",
        PYTHONUTF8="0",
        PYTHONCOERCECLOCALE="0",
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
    )
    out = tmp_path / "plot.csv"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:2] == ["loss at θ_T 训练_x", "loss at θ_T 训练_y"]
    assert rows[0][2:] == ["errorbar1_x", "errorbar1_y", "errorbar1_top", "errorbar1_bottom"]
    assert [r[:2] for r in rows[1:]] == [["1", "0.5"], ["2", "0.25"], ["3", "0.125"]]
    assert rows[1][2:] == ["1", "0.5", "0.1", "0.1"] and rows[2][2:] == ["", "", "", ""]
