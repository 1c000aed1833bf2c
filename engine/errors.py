"""User-facing errors: each carries a message fit to show as is (CLI or dialog)."""

from __future__ import annotations


class EngineError(Exception):
    """Base of every error whose message is meant for the user, not a traceback."""


class ConfigError(EngineError):
    """A config file or value is wrong; the message names the file and the field."""


class DataError(EngineError):
    """A dataset path, archive, class folder or image cannot be used."""


class CheckpointError(EngineError):
    """A checkpoint is corrupt, truncated, foreign or of a newer format."""


class NonFiniteLossError(EngineError):
    """A NaN or infinite loss: training stops before the meta-update of that episode."""

    def __init__(self, episode: int, what: str = "meta-loss") -> None:
        super().__init__(
            f"{what} became NaN or infinite at episode {episode}; training stopped "
            f"before updating the meta-learner (the last good checkpoint is intact)"
        )
        self.episode = episode


class RunDirError(EngineError):
    """The run directory cannot be written (read-only, disk full, ...)."""
