"""What is written to disk: checkpoints, run directories, TensorBoard files, and the checksums that
guard them."""
