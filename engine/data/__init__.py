"""Where the images come from: loaders for Omniglot, miniImageNet, class folders and synthetic
tasks, their decoding and cache, and episode sampling."""
