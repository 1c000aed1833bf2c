"""A typed signal without Qt, for objects that must stay importable and testable without a
QApplication (the run session). Slots run in the emitting thread, in connection order."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Signal(Generic[T]):
    def __init__(self) -> None:
        self._slots: list[Callable[[T], None]] = []

    def connect(self, slot: Callable[[T], None]) -> Callable[[], None]:
        """Call `slot(value)` on every emit; returns the function that disconnects it."""
        self._slots.append(slot)

        def disconnect() -> None:
            if slot in self._slots:
                self._slots.remove(slot)

        return disconnect

    def emit(self, value: T) -> None:
        for slot in list(self._slots):
            slot(value)


__all__ = ["Signal"]
