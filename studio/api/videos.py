"""VideosApi: create, list/filter/sort, get, update, delete, status, thumbnails, restore."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import (
    Page,
    Video,
    VideoCreationPayload,
    VideoStatus,
    VideoUpdatePayload,
    decode,
    encode_payload,
)
from .pagination import PageIterator
from .query import Query, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient


class VideosApi:
    """The ``/videos`` and ``/discarded/videos`` routes."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def create(self, payload: VideoCreationPayload | str) -> Video:
        """Create a video object (no source yet); a bare string is the title."""
        if isinstance(payload, str):
            payload = VideoCreationPayload(title=payload)
        data = await self._client.request_json("POST", "/videos", json=encode_payload(payload))
        return decode(Video, data)

    def list(
        self,
        *,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        description: str | None = None,
        live_stream_id: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Video]:
        """Videos matching every given filter; ``tags`` must all be present on a video."""
        query = _video_filters(title, tags, metadata, description, live_stream_id)
        query.add_sort(sort_by, sort_order)
        return PageIterator(self._client, "/videos", Page[Video], query, page_size=page_size)

    async def get(self, video_id: str) -> Video:
        """One video (private videos come back with fresh playback tokens)."""
        return decode(Video, await self._client.request_json("GET", _path(video_id)))

    async def update(self, video_id: str, payload: VideoUpdatePayload) -> Video:
        """Change only the fields set in ``payload`` (``player_id=None`` removes the player)."""
        data = await self._client.request_json(
            "PATCH", _path(video_id), json=encode_payload(payload)
        )
        return decode(Video, data)

    async def delete(self, video_id: str) -> None:
        """Delete (or, with Video Restore, discard) a video."""
        await self._client.request("DELETE", _path(video_id))

    async def status(self, video_id: str) -> VideoStatus:
        """Ingest and encoding progress."""
        data = await self._client.request_json("GET", f"{_path(video_id)}/status")
        return decode(VideoStatus, data)

    async def upload_thumbnail(
        self, video_id: str, image: FileSource, *, filename: str | None = None
    ) -> Video:
        """Upload a JPEG/PNG/WebP thumbnail (a path is streamed from disk)."""
        data = await post_file(
            self._client, f"{_path(video_id)}/thumbnail", image, filename=filename
        )
        return decode(Video, data)

    async def pick_thumbnail(self, video_id: str, timecode: str) -> Video:
        """Use the frame at ``timecode`` (``hh:mm:ss.ms``, ``hh:mm:ss:frame`` or seconds)."""
        data = await self._client.request_json(
            "PATCH", f"{_path(video_id)}/thumbnail", json={"timecode": timecode}
        )
        return decode(Video, data)

    def list_discarded(
        self,
        *,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        description: str | None = None,
        live_stream_id: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Video]:
        """Discarded videos (Video Restore), with the same filters as :meth:`list`."""
        query = _video_filters(title, tags, metadata, description, live_stream_id)
        query.add_sort(sort_by, sort_order)
        return PageIterator(
            self._client, "/discarded/videos", Page[Video], query, page_size=page_size
        )

    async def get_discarded(self, video_id: str) -> Video:
        """One discarded video (no assets; ``deletes_at`` says when it goes for good)."""
        data = await self._client.request_json("GET", f"/discarded/videos/{segment(video_id)}")
        return decode(Video, data)

    async def restore(self, video_id: str) -> Video:
        """Bring a discarded video back."""
        data = await self._client.request_json(
            "PATCH", f"/discarded/videos/{segment(video_id)}", json={"discarded": False}
        )
        return decode(Video, data)


def _path(video_id: str) -> str:
    return f"/videos/{segment(video_id)}"


def _video_filters(
    title: str | None,
    tags: Iterable[str] | None,
    metadata: Mapping[str, str] | None,
    description: str | None,
    live_stream_id: str | None,
) -> Query:
    return (
        Query()
        .add("title", title)
        .add_list("tags", tags)
        .add_map("metadata", metadata)
        .add("description", description)
        .add("liveStreamId", live_stream_id)
    )
