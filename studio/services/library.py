"""What the library shows and does to many videos at once (Qt-free).

``LibraryQuery`` is the search, filters and sort the user picked; the server does the filtering
(``title``, ``tags[]``, ``metadata[k]``, ``sortBy``/``sortOrder``), never a proxy model over
partial data. The bulk helpers delete or retag a selection a few requests at a time and report
progress, collecting failures instead of stopping at the first one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..api import ApiError, ApiVideoClient, TransportError
from ..api.models import Video, VideoStatus, VideoUpdatePayload
from ..api.models.videos import IngestStatus, QualityStatus
from ..api.pagination import PageIterator

SORT_FIELDS = ("title", "createdAt", "publishedAt", "updatedAt")
SORT_ORDERS = ("asc", "desc")
PAGE_SIZE = 100  # the API's maximum: fewer round trips while scrolling
BULK_REQUESTS_AT_ONCE = 4

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class LibraryQuery:
    """Search text, tag and metadata filters, and sort order of the library view."""

    title: str = ""
    tags: tuple[str, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    sort_by: str = "createdAt"
    sort_order: str = "desc"

    def __post_init__(self) -> None:
        if self.sort_by not in SORT_FIELDS:
            raise ValueError(f"sort_by must be one of {SORT_FIELDS}")
        if self.sort_order not in SORT_ORDERS:
            raise ValueError("sort_order must be 'asc' or 'desc'")

    @property
    def filtered(self) -> bool:
        """True when the query narrows the library (an empty answer then means "no match")."""
        return bool(self.title.strip() or self.tags or self.metadata)

    def videos(self, client: ApiVideoClient, page_size: int = PAGE_SIZE) -> PageIterator[Video]:
        """The matching videos as a lazily paged list."""
        return client.videos.list(
            title=self.title.strip() or None,
            tags=list(self.tags) or None,
            metadata=dict(self.metadata) or None,
            sort_by=self.sort_by,
            sort_order=self.sort_order,
            page_size=page_size,
        )


def split_tags(text: str) -> tuple[str, ...]:
    """``"a, b ,,c"`` -> ``("a", "b", "c")`` (duplicates dropped, order kept)."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = part.strip()
        if tag:
            seen[tag] = None
    return tuple(seen)


def parse_metadata_filter(text: str) -> tuple[tuple[str, str], ...]:
    """``"team=news, lang = fr"`` -> ``(("team", "news"), ("lang", "fr"))``.

    Raises ValueError naming the first entry without ``=`` or without a key.
    """
    pairs: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"“{part.strip()}” is not key=value")
        pairs[key.strip()] = value.strip()
    return tuple(pairs.items())


def retagged(tags: Sequence[str], add: Iterable[str], remove: Iterable[str]) -> list[str]:
    """``tags`` without ``remove`` and with ``add`` appended (no duplicates, order kept)."""
    removed = set(remove)
    out = [t for t in tags if t not in removed]
    for tag in add:
        if tag not in out and tag not in removed:
            out.append(tag)
    return out


@dataclass
class BulkResult:
    """What a bulk action did: the ids it changed and why the others failed."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    updated: dict[str, Video] = field(default_factory=dict)  # tag edits: the new videos


async def _for_each(
    ids: Sequence[str],
    action: Callable[[str], Awaitable[Video | None]],
    on_progress: Progress | None,
) -> BulkResult:
    result = BulkResult()
    limit = asyncio.Semaphore(BULK_REQUESTS_AT_ONCE)
    total = len(ids)

    async def one(video_id: str) -> None:
        async with limit:
            try:
                video = await action(video_id)
            except (ApiError, TransportError) as exc:
                # A video deleted meanwhile is what the user wanted anyway.
                if isinstance(exc, ApiError) and exc.status == 404:
                    result.done.append(video_id)
                else:
                    result.failed[video_id] = str(exc)
            else:
                result.done.append(video_id)
                if video is not None:
                    result.updated[video_id] = video
        if on_progress is not None:
            on_progress(len(result.done) + len(result.failed), total)

    await asyncio.gather(*(one(v) for v in ids))
    return result


async def delete_videos(
    client: ApiVideoClient, ids: Sequence[str], on_progress: Progress | None = None
) -> BulkResult:
    """Delete every video of ``ids`` (a few at a time); a video already gone counts as done."""

    async def delete(video_id: str) -> None:
        await client.videos.delete(video_id)

    return await _for_each(ids, delete, on_progress)


async def edit_tags(
    client: ApiVideoClient,
    ids: Sequence[str],
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    on_progress: Progress | None = None,
) -> BulkResult:
    """Add and remove tags on every video of ``ids``.

    Each video is read first: PATCH replaces the whole tag list, so working from a possibly
    stale list in the view would undo someone else's change. Unchanged videos are not patched.
    """

    async def change(video_id: str) -> Video:
        video = await client.videos.get(video_id)
        tags = retagged(video.tags, add, remove)
        if tags == video.tags:
            return video
        return await client.videos.update(video_id, VideoUpdatePayload(tags=tags))

    return await _for_each(ids, change, on_progress)


class EncodingState(StrEnum):
    """A video's progress as the library shows it (derived from ``GET /videos/{id}/status``)."""

    UNKNOWN = "unknown"  # not asked yet
    NO_SOURCE = "no-source"  # created, nothing uploaded
    UPLOADING = "uploading"
    PROCESSING = "processing"  # received, not playable yet
    PLAYABLE = "playable"
    FAILED = "failed"


@dataclass(frozen=True)
class VideoFacts:
    """What the status route adds to a listed video: its state and duration (seconds)."""

    state: EncodingState
    duration: int | None = None


def facts_of(status: VideoStatus) -> VideoFacts:
    """Boil a status answer down to what a library cell shows."""
    encoding = status.encoding
    duration = encoding.metadata.duration if encoding and encoding.metadata else None
    qualities = encoding.qualities if encoding else []
    if encoding is not None and encoding.playable:
        return VideoFacts(EncodingState.PLAYABLE, duration)
    if qualities and all(q.status == QualityStatus.FAILED for q in qualities):
        return VideoFacts(EncodingState.FAILED, duration)
    ingest = status.ingest
    if ingest is None:
        return VideoFacts(EncodingState.PROCESSING if qualities else EncodingState.NO_SOURCE)
    if ingest.status == IngestStatus.UPLOADING:
        return VideoFacts(EncodingState.UPLOADING, duration)
    return VideoFacts(EncodingState.PROCESSING, duration)
