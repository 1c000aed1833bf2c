"""Meta-training: the trainer, its events and reports, evaluation, devices and data-parallel
processes."""
