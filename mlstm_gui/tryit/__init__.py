"""Try it on your own images: class cards, the panel, the results."""
