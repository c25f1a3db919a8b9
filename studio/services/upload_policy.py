"""What the upload queue goes by: limits from the settings, status polling, project keys and
the sentences shown for errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..api import ApiError, TransportError
from ..api.upload_state import FileChangedError
from .context import ActiveProject

MIB = 1 << 20


@dataclass(frozen=True)
class UploadLimits:
    """How hard the queue pushes, from the user's settings (clamped to what is allowed)."""

    chunk_size: int = 50 * MIB
    parts_in_flight: int = 1
    parallel_files: int = 2

    @classmethod
    def from_settings(cls, settings: Any) -> UploadLimits:
        def read(name: str, default: int, low: int, high: int) -> int:
            try:
                value = int(getattr(settings, name, default))
            except (TypeError, ValueError):
                value = default
            return max(low, min(high, value))

        return cls(
            chunk_size=read("chunk_size_mib", 50, 5, 128) * MIB,
            parts_in_flight=read("parts_in_flight", 1, 1, 4),
            parallel_files=read("parallel_files", 2, 1, 4),
        )


@dataclass(frozen=True)
class StatusPolling:
    """Backoff between status checks while api.video encodes: fast at first, then patient."""

    initial: float = 1.0
    factor: float = 1.5
    maximum: float = 15.0


def project_key(project: ActiveProject) -> str:
    """How items remember their project: its saved id, else environment and name (never the
    URL: the demo emulator's port changes between runs)."""
    return f"id:{project.id}" if project.id else f"{project.environment}:{project.name}"


def describe_error(error: BaseException) -> str:
    """A one-line reason for a failed item, fit for the queue's status column."""
    if isinstance(error, ApiError):
        return error.message
    if isinstance(error, TransportError):
        return f"Connection lost: {error}"
    if isinstance(error, FileChangedError):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "The file no longer exists."
    if isinstance(error, OSError):
        return f"Cannot read the file: {error.strerror or error}"
    return str(error) or type(error).__name__
