"""Meta-LSTM Explorer, from a checkout: `python main.py --help` (the same as the installed
`mlstm-explorer` command; see mlstm_gui/shell/launcher.py)."""

from mlstm_gui.shell.launcher import main, run

__all__ = ["main"]

if __name__ == "__main__":
    run()
