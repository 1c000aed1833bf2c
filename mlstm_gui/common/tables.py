"""Table cells that always exist: Qt returns None for a cell never set, and the views read and
write cells by position."""

from __future__ import annotations

from PySide6 import QtWidgets


def cell(table: QtWidgets.QTableWidget, row: int, col: int) -> QtWidgets.QTableWidgetItem:
    """The item at (row, col), created empty when there is none yet."""
    item = table.item(row, col)
    if item is None:
        item = QtWidgets.QTableWidgetItem()
        table.setItem(row, col, item)
    return item


def cell_text(table: QtWidgets.QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item is not None else ""


__all__ = ["cell", "cell_text"]
