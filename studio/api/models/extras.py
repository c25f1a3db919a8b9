"""Webhooks, watermarks, summaries and tags (contract 3.10)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .base import UNSET, ApiModel, ApiPayload, UnsetType


class WebhookEvent(StrEnum):
    """Events a webhook can subscribe to."""

    VIDEO_ENCODING_QUALITY_COMPLETED = "video.encoding.quality.completed"
    VIDEO_SOURCE_RECORDED = "video.source.recorded"
    LIVE_STREAM_BROADCAST_STARTED = "live-stream.broadcast.started"
    LIVE_STREAM_BROADCAST_ENDED = "live-stream.broadcast.ended"
    VIDEO_CAPTION_GENERATED = "video.caption.generated"
    VIDEO_SUMMARY_GENERATED = "video.summary.generated"


class Webhook(ApiModel):
    """A webhook subscription; ``signature_secret`` signs deliveries (HMAC-SHA256)."""

    webhook_id: str
    created_at: datetime | None = None
    events: list[str] = []
    url: str = ""
    signature_secret: str | None = None


class WebhookCreationPayload(ApiPayload):
    """Body of ``POST /webhooks``."""

    events: list[str]
    url: str


class Watermark(ApiModel):
    """An uploaded watermark image, usable in ``VideoWatermark.id``."""

    watermark_id: str
    created_at: datetime | None = None


class SummaryOrigin(StrEnum):
    """How a summary came to be."""

    API = "api"
    AUTO = "auto"


class SummarySourceStatus(StrEnum):
    """Known summary generation states."""

    MISSING = "missing"
    WAITING = "waiting"
    FAILED = "failed"
    COMPLETED = "completed"
    UNPROCESSABLE = "unprocessable"


class Summary(ApiModel):
    """A video summary's record (its text is the ``SummarySource``)."""

    summary_id: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    video_id: str = ""
    origin: str | None = None
    source_status: str | None = None


class SummarySource(ApiModel):
    """A summary's text: an abstract and up to three takeaways."""

    abstract: str | None = None
    takeaways: list[str] = []


class SummaryCreationPayload(ApiPayload):
    """Body of ``POST /summaries``; ``origin="auto"`` asks for generation."""

    video_id: str
    origin: str | UnsetType = UNSET
    attributes: list[str] | UnsetType = UNSET


class SummaryUpdatePayload(ApiPayload):
    """Body of ``PATCH /summaries/{summaryId}/source``."""

    abstract: str | UnsetType = UNSET
    takeaways: list[str] | UnsetType = UNSET


class Tag(ApiModel):
    """A tag used in the project and how many videos carry it."""

    value: str = ""
    video_count: int = 0
