"""One entry of the upload queue: a file, the video it becomes, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..api.upload_state import UploadState
from .transfer_rate import TransferRate


class UploadPhase(StrEnum):
    """Where an item stands; persisted as these strings."""

    QUEUED = "queued"
    UPLOADING = "uploading"
    PAUSED = "paused"
    FAILED = "failed"
    PROCESSING = "processing"  # every part landed; api.video is encoding
    PLAYABLE = "playable"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    UploadPhase.QUEUED: "Queued",
    UploadPhase.UPLOADING: "Uploading",
    UploadPhase.PAUSED: "Paused",
    UploadPhase.FAILED: "Failed",
    UploadPhase.PROCESSING: "Processing",
    UploadPhase.PLAYABLE: "Playable",
}

# Phases whose upload still has work to do (a restart resumes them unless paused).
UNFINISHED = frozenset({UploadPhase.QUEUED, UploadPhase.UPLOADING, UploadPhase.PAUSED})
# Phases the user can pause / resume / retry / cancel from.
PAUSABLE = frozenset({UploadPhase.QUEUED, UploadPhase.UPLOADING})
CANCELLABLE = frozenset(
    {UploadPhase.QUEUED, UploadPhase.UPLOADING, UploadPhase.PAUSED, UploadPhase.FAILED}
)
FINISHED = frozenset({UploadPhase.PROCESSING, UploadPhase.PLAYABLE})


@dataclass
class VideoDetails:
    """What the user may edit before or during an upload; sent on create or by PATCH."""

    title: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    public: bool = True

    @classmethod
    def for_file(cls, path: Path) -> VideoDetails:
        """The defaults: the file name without its extension as the title."""
        return cls(title=path.stem or path.name)

    @classmethod
    def for_token_upload(cls, path: Path) -> VideoDetails:
        """What a token upload's video starts with: api.video titles it with the file name."""
        return cls(title=path.name)


@dataclass
class UploadItem:
    """The queue's record of one file; the persistent part is stored in SQLite."""

    id: int
    project: str  # which project's queue it belongs to (see upload_queue.project_key)
    path: Path
    size: int
    details: VideoDetails
    phase: UploadPhase = UploadPhase.QUEUED
    error: str = ""  # why it failed
    video_id: str | None = None
    state: UploadState | None = None  # the client's resume state, after every landed part
    edits_pending: bool = False  # details changed since api.video last saw them
    created_at: float = 0.0
    project_name: str = ""  # shown while the item waits for its project
    # A delegated upload: parts go to /upload?token= and the first one creates the video.
    token: str | None = None
    # Live figures, never persisted.
    note: str = ""  # a passing remark (edits not saved yet, waiting for another project)
    sent: int = 0
    rate: TransferRate = field(default_factory=TransferRate, repr=False)

    @property
    def fraction(self) -> float:
        """Share of the file on the server (1.0 once the upload finished)."""
        if self.phase in FINISHED:
            return 1.0
        if self.size <= 0:
            return 0.0
        return min(1.0, self.sent / self.size)

    @property
    def speed(self) -> float | None:
        """Smoothed bytes per second while uploading, else None."""
        return self.rate.bytes_per_second if self.phase is UploadPhase.UPLOADING else None

    @property
    def seconds_left(self) -> float | None:
        """Estimated time to the last byte while uploading, else None."""
        if self.phase is not UploadPhase.UPLOADING:
            return None
        return self.rate.seconds_left(max(0, self.size - self.sent))

    def bytes_landed(self) -> int:
        """Bytes of the parts the saved state knows have landed (before any live progress)."""
        if self.state is None:
            return 0
        return sum(self.state.part_range(n)[1] for n in set(self.state.parts_done))
