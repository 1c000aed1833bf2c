"""Watching training live: the training worker thread, the bounded history, the loss, accuracy and
gate panels, following a run folder."""
