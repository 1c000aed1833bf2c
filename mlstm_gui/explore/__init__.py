"""The Explore dock: picking an episode, replaying its adaptation, the parameter inspector, and the
replay/classify worker thread."""
