"""Durations as people read them in a status bar (Qt-free)."""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    """'42s', '3:07', '1:02:05' — compact and readable for an ETA."""
    if seconds != seconds or seconds < 0:  # NaN or negative
        return "–"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


__all__ = ["format_duration"]
