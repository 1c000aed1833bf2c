"""Using a trained meta-learner: traces of one episode, classifying your images, the shipped models
and why one was chosen."""
