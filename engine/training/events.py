"""What a trainer announces, and listeners that can be taken back (like Ignite's
RemovableEventHandle): the CLI's progress bar, TensorBoard, the run directory and the GUI's
worker all subscribe to the same events."""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable

Listener = Callable[[Any], None]


class Event(Enum):
    """EPISODE carries an EpisodeReport, VALIDATION a ValidationReport, CHECKPOINT a
    CheckpointEvent (engine.training.reports).

    SAFE_POINT (payload: the number of the meta-update under way) marks a point inside a
    meta-update where a listener may take its time without changing anything: before each
    inner step, after the last and after each episode's backward pass. The GUI draws there,
    while training waits (mlstm_gui/monitor/turns.py), instead of only between meta-updates."""

    EPISODE = "episode"
    VALIDATION = "validation"
    CHECKPOINT = "checkpoint"
    SAFE_POINT = "safe_point"


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

    def listened(self, event: Event) -> bool:
        """Whether anyone listens to `event` (so its emitter can skip the work of emitting)."""
        return bool(self._listeners[event])

    def emit(self, event: Event, payload: Any) -> None:
        for fn in list(self._listeners[event]):
            fn(payload)


__all__ = ["Event", "EventHub", "Listener", "ListenerHandle"]
