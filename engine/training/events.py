"""What a trainer announces, and listeners that can be taken back (like Ignite's
RemovableEventHandle): the CLI's progress bar, TensorBoard, the run directory and the GUI's
worker all subscribe to the same three events."""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable

Listener = Callable[[Any], None]


class Event(Enum):
    """EPISODE carries an EpisodeReport, VALIDATION a ValidationReport, CHECKPOINT a
    CheckpointEvent (engine.training.reports)."""

    EPISODE = "episode"
    VALIDATION = "validation"
    CHECKPOINT = "checkpoint"


class ListenerHandle:
    """Returned by `add_listener`; `remove()` (or leaving a `with` block) unsubscribes."""

    def __init__(self, listeners: list[Listener], fn: Listener) -> None:
        self._listeners, self._fn = listeners, fn

    def remove(self) -> None:
        if self._fn in self._listeners:
            self._listeners.remove(self._fn)

    def __enter__(self) -> "ListenerHandle":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.remove()


class EventHub:
    """Listeners per event, called in the order they were added."""

    def __init__(self) -> None:
        self._listeners: dict[Event, list[Listener]] = {e: [] for e in Event}

    def add_listener(self, event: Event, fn: Listener) -> ListenerHandle:
        if not isinstance(event, Event):
            raise TypeError(f"event must be an engine.training.events.Event, not {event!r}")
        self._listeners[event].append(fn)
        return ListenerHandle(self._listeners[event], fn)

    def emit(self, event: Event, payload: Any) -> None:
        for fn in list(self._listeners[event]):
            fn(payload)


__all__ = ["Event", "EventHub", "Listener", "ListenerHandle"]
