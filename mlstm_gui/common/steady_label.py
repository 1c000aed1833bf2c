"""Labels whose text changes often without re-laying out the window around them.

Qt re-lays out a label's parent on every `setText` unless the label's size is fixed: for a
status-bar label, that is the status bar and then the whole main window, whose layout with
animated docks builds a QPropertyAnimation for each dock, tab bar and tool bar. Measured during
a 2-thread run (docs/BENCHMARKS.md), the status bar's four updates a second caused 3.6 window
relayouts a second, in the GUI thread, between drawing turns, where every millisecond preempts
a torch thread. A steady label keeps a fixed size that only grows, when a text needs more room
than any before it: the layout then changes a few times a run instead of a few times a second."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

QWIDGETSIZE_MAX = (1 << 24) - 1


def fit_width(label: QLabel, text: str) -> int:
    """The width `label` needs for `text` (plain text, one line), margins included."""
    margins = label.contentsMargins()
    advance = label.fontMetrics().horizontalAdvance(text)
    return advance + margins.left() + margins.right() + 2 * label.margin() + 2


def set_steady_text(label: QLabel, text: str) -> None:
    """Show `text`; grow the label's fixed width if it needs more, never shrink it."""
    if label.text() == text:
        return
    need = fit_width(label, text)
    if label.minimumWidth() != label.maximumWidth() or need > label.minimumWidth():
        label.setFixedHeight(label.sizeHint().height())
        label.setFixedWidth(max(need, label.minimumWidth()))
    label.setText(text)


def release(label: QLabel) -> None:
    """Let the label take its natural size again (a new language: widths start over)."""
    label.setMinimumWidth(0)
    label.setMaximumWidth(QWIDGETSIZE_MAX)


__all__ = ["fit_width", "release", "set_steady_text"]
