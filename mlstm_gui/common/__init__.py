"""Shared by every view: theme and plotting base, image tiles, settings, event-loop latency."""
