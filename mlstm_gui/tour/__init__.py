"""The scripted offscreen tour of the app (`main.py tour`)."""
