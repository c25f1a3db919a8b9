"""Webhooks, watermarks, summaries and tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import (
    Page,
    Summary,
    SummaryCreationPayload,
    SummarySource,
    SummaryUpdatePayload,
    Tag,
    Watermark,
    Webhook,
    WebhookCreationPayload,
    decode,
    encode_payload,
)
from .pagination import PageIterator
from .query import Query, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient


class _Group:
    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client


class WebhooksApi(_Group):
    """The ``/webhooks`` routes."""

    async def create(self, url: str, events: Iterable[str]) -> Webhook:
        """Subscribe ``url`` to ``events``; the answer carries the signature secret."""
        payload = WebhookCreationPayload(events=[str(event) for event in events], url=url)
        data = await self._client.request_json("POST", "/webhooks", json=encode_payload(payload))
        return decode(Webhook, data)

    def list(
        self, *, event: str | None = None, page_size: int | None = None
    ) -> PageIterator[Webhook]:
        """Every webhook, or those subscribed to ``event``."""
        query = Query().add("events", event)
        return PageIterator(self._client, "/webhooks", Page[Webhook], query, page_size=page_size)

    async def get(self, webhook_id: str) -> Webhook:
        """One webhook."""
        data = await self._client.request_json("GET", f"/webhooks/{segment(webhook_id)}")
        return decode(Webhook, data)

    async def delete(self, webhook_id: str) -> None:
        """Unsubscribe."""
        await self._client.request("DELETE", f"/webhooks/{segment(webhook_id)}")


class WatermarksApi(_Group):
    """The ``/watermarks`` routes."""

    async def upload(self, image: FileSource, *, filename: str | None = None) -> Watermark:
        """Upload a JPEG/PNG watermark image (a path is streamed from disk)."""
        data = await post_file(self._client, "/watermarks", image, filename=filename)
        return decode(Watermark, data)

    def list(
        self,
        *,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Watermark]:
        """Every watermark; sortable by ``createdAt``."""
        query = Query().add_sort(sort_by, sort_order)
        return PageIterator(
            self._client, "/watermarks", Page[Watermark], query, page_size=page_size
        )

    async def delete(self, watermark_id: str) -> None:
        """Delete a watermark."""
        await self._client.request("DELETE", f"/watermarks/{segment(watermark_id)}")


class SummariesApi(_Group):
    """The ``/summaries`` routes."""

    async def create(self, payload: SummaryCreationPayload | str) -> Summary:
        """Create a summary for a video (a bare string is the video id: no generation)."""
        if isinstance(payload, str):
            payload = SummaryCreationPayload(video_id=payload)
        data = await self._client.request_json("POST", "/summaries", json=encode_payload(payload))
        return decode(Summary, data)

    def list(
        self,
        *,
        video_id: str | None = None,
        origin: str | None = None,
        source_status: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Summary]:
        """Summaries, filtered by video, origin or generation state."""
        query = (
            Query()
            .add("videoId", video_id)
            .add("origin", origin)
            .add("sourceStatus", source_status)
            .add_sort(sort_by, sort_order)
        )
        return PageIterator(self._client, "/summaries", Page[Summary], query, page_size=page_size)

    async def delete(self, summary_id: str) -> None:
        """Delete a summary."""
        await self._client.request("DELETE", f"/summaries/{segment(summary_id)}")

    async def get_source(self, summary_id: str) -> SummarySource:
        """A summary's text."""
        data = await self._client.request_json("GET", f"/summaries/{segment(summary_id)}/source")
        return decode(SummarySource, data)

    async def update_source(self, summary_id: str, payload: SummaryUpdatePayload) -> SummarySource:
        """Write (part of) a summary's text."""
        data = await self._client.request_json(
            "PATCH", f"/summaries/{segment(summary_id)}/source", json=encode_payload(payload)
        )
        return decode(SummarySource, data)


class TagsApi(_Group):
    """The ``/tags`` route."""

    def list(
        self,
        *,
        value: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[Tag]:
        """Tags in use, optionally matching ``value`` (case- and accent-insensitive)."""
        query = Query().add("value", value).add_sort(sort_by, sort_order)
        return PageIterator(self._client, "/tags", Page[Tag], query, page_size=page_size)
