"""LiveStreamsApi: create, list/filter/sort, get, update, delete, thumbnail, complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import (
    LiveStream,
    LiveStreamCreationPayload,
    LiveStreamUpdatePayload,
    Page,
    decode,
    encode_payload,
)
from .pagination import PageIterator
from .query import Query, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient


class LiveStreamsApi:
    """The ``/live-streams`` routes."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def create(self, payload: LiveStreamCreationPayload | str) -> LiveStream:
        """Create a live stream; a bare string is its name."""
        if isinstance(payload, str):
            payload = LiveStreamCreationPayload(name=payload)
        data = await self._client.request_json(
            "POST", "/live-streams", json=encode_payload(payload)
        )
        return decode(LiveStream, data)

    def list(
        self,
        *,
        name: str | None = None,
        stream_key: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[LiveStream]:
        """Live streams whose name contains ``name`` and/or whose key is ``stream_key``."""
        query = Query().add("name", name).add("streamKey", stream_key)
        query.add_sort(sort_by, sort_order)
        return PageIterator(
            self._client, "/live-streams", Page[LiveStream], query, page_size=page_size
        )

    async def get(self, live_stream_id: str) -> LiveStream:
        """One live stream."""
        return decode(LiveStream, await self._client.request_json("GET", _path(live_stream_id)))

    async def update(self, live_stream_id: str, payload: LiveStreamUpdatePayload) -> LiveStream:
        """Change the fields set in ``payload``; ``restreams`` replaces the whole list."""
        data = await self._client.request_json(
            "PATCH", _path(live_stream_id), json=encode_payload(payload)
        )
        return decode(LiveStream, data)

    async def delete(self, live_stream_id: str) -> None:
        """Delete a live stream."""
        await self._client.request("DELETE", _path(live_stream_id))

    async def upload_thumbnail(
        self, live_stream_id: str, image: FileSource, *, filename: str | None = None
    ) -> LiveStream:
        """Upload a JPEG/PNG/WebP thumbnail (a path is streamed from disk)."""
        data = await post_file(
            self._client, f"{_path(live_stream_id)}/thumbnail", image, filename=filename
        )
        return decode(LiveStream, data)

    async def delete_thumbnail(self, live_stream_id: str) -> LiveStream:
        """Remove the uploaded thumbnail (the API answers with the live stream)."""
        data = await self._client.request_json("DELETE", f"{_path(live_stream_id)}/thumbnail")
        return decode(LiveStream, data)

    async def complete(self, live_stream_id: str) -> None:
        """Ask the server to end the broadcast (asynchronous: answered 202)."""
        await self._client.request("PUT", f"{_path(live_stream_id)}/complete")


def _path(live_stream_id: str) -> str:
    return f"/live-streams/{segment(live_stream_id)}"
