"""The window and its frame: main window, actions and file commands, the run form, the status bar,
start-up (launcher, platform check, desktop entry)."""
