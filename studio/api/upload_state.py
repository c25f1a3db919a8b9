"""What a caller persists to resume an interrupted upload, and how a file is recognised again."""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The file's identity hashes only its first MiB: cheap for multi-GiB files, and together with
# size and mtime it catches a replaced or rewritten file.
IDENTITY_BYTES = 1 << 20


class FileChangedError(Exception):
    """The file to resume is not the one the saved state describes (moved, edited, replaced)."""


@dataclass(frozen=True)
class FileIdentity:
    """Size, modification time and the sha256 of the first MiB of a file."""

    size: int
    mtime_ns: int
    head_sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileIdentity:
        """Read the identity of ``path`` (blocking: call it off the event loop)."""
        with open(path, "rb") as source:
            stat = os.fstat(source.fileno())
            head = source.read(IDENTITY_BYTES)
        return cls(stat.st_size, stat.st_mtime_ns, hashlib.sha256(head).hexdigest())


def part_count(size: int, chunk_size: int) -> int:
    """How many ``part i/N`` requests a file of ``size`` bytes takes (at least one)."""
    return max(1, math.ceil(size / chunk_size))


@dataclass
class UploadState:
    """Everything needed to resume an upload of a file split into parts.

    JSON-serialisable with :meth:`to_json` / :meth:`from_json`. ``video_id`` is None for a token
    upload until the first part has created the video.
    """

    path: str
    size: int
    mtime_ns: int
    head_sha256: str
    chunk_size: int
    video_id: str | None = None
    token: str | None = None
    parts_done: list[int] = field(default_factory=list)

    @property
    def total_parts(self) -> int:
        return part_count(self.size, self.chunk_size)

    @property
    def missing_parts(self) -> list[int]:
        """Part numbers not known to have landed, ascending."""
        done = set(self.parts_done)
        return [n for n in range(1, self.total_parts + 1) if n not in done]

    @property
    def complete(self) -> bool:
        return not self.missing_parts

    @property
    def identity(self) -> FileIdentity:
        return FileIdentity(self.size, self.mtime_ns, self.head_sha256)

    def part_range(self, part: int) -> tuple[int, int]:
        """(offset, length) of part ``part`` (1-based) in the file."""
        offset = (part - 1) * self.chunk_size
        return offset, min(self.chunk_size, self.size - offset)

    def check_file(self) -> None:
        """Raise :class:`FileChangedError` unless the file still matches (blocking)."""
        try:
            current = FileIdentity.of(self.path)
        except FileNotFoundError as exc:
            raise FileChangedError(f"{self.path} no longer exists.") from exc
        if current != self.identity:
            raise FileChangedError(
                f"{self.path} changed since the upload started "
                f"(size {self.size} -> {current.size}); start a new upload instead."
            )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["parts_done"] = sorted(set(self.parts_done))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UploadState:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        state = cls(**known)
        state.parts_done = sorted({int(n) for n in state.parts_done})
        return state

    @classmethod
    def for_file(
        cls,
        path: str | os.PathLike[str],
        chunk_size: int,
        *,
        video_id: str | None = None,
        token: str | None = None,
    ) -> UploadState:
        """A fresh state for ``path`` (blocking: reads the first MiB)."""
        identity = FileIdentity.of(path)
        return cls(
            path=str(Path(path)),
            size=identity.size,
            mtime_ns=identity.mtime_ns,
            head_sha256=identity.head_sha256,
            chunk_size=chunk_size,
            video_id=video_id,
            token=token,
        )
