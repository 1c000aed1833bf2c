"""What is learned and how it adapts: the learner CNN, the meta-learner LSTM and its fused cell,
the inner loop and the classifier head rules."""
