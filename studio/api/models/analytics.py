"""Analytics results: legacy raw statistics (sessions, events) and ``/data`` metrics."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from .base import ApiModel
from .common import Metadata


class SessionEventType(StrEnum):
    """Known player-session event types."""

    READY = "ready"
    PLAY = "play"
    PAUSE = "pause"
    RESUME = "resume"
    SEEK_BACKWARD = "seek.backward"
    SEEK_FORWARD = "seek.forward"
    END = "end"


class SessionInfo(ApiModel):
    """When a playback session started and ended; ``metadata`` for video sessions only."""

    session_id: str = ""
    loaded_at: datetime | None = None
    ended_at: datetime | None = None
    metadata: list[Metadata] = []


class SessionLocation(ApiModel):
    """Where the viewer was."""

    country: str | None = None
    city: str | None = None


class SessionReferrer(ApiModel):
    """Where the viewer came from."""

    url: str | None = None
    medium: str | None = None
    source: str | None = None
    search_term: str | None = None


class SessionDevice(ApiModel):
    """The viewer's device."""

    type: str | None = None
    vendor: str | None = None
    model: str | None = None


class SessionOs(ApiModel):
    """The viewer's operating system."""

    name: str | None = None
    shortname: str | None = None
    version: str | None = None


class SessionClient(ApiModel):
    """The viewer's browser or app."""

    type: str | None = None
    name: str | None = None
    version: str | None = None


class _PlaybackSession(ApiModel):
    session: SessionInfo | None = None
    location: SessionLocation | None = None
    referrer: SessionReferrer | None = None
    device: SessionDevice | None = None
    os: SessionOs | None = None
    client: SessionClient | None = None

    @property
    def session_id(self) -> str:
        """The ``ps...`` id used to list the session's events."""
        return self.session.session_id if self.session else ""


class VideoSession(_PlaybackSession):
    """One playback session of a video (raw statistics)."""


class LiveStreamSession(_PlaybackSession):
    """One playback session of a live stream (raw statistics)."""


class PlayerSessionEvent(ApiModel):
    """One player event; ``at`` for play/pause/..., ``from_``/``to`` for seeks (seconds)."""

    type: str = ""
    emitted_at: datetime | None = None
    at: int | None = None
    from_: int | None = msgspec.field(default=None, name="from")
    to: int | None = None


class Timeframe(ApiModel):
    """The period an analytics answer covers."""

    from_: datetime | None = msgspec.field(default=None, name="from")
    to: datetime | None = None


class MetricsContext(ApiModel):
    """What was asked: metric (in the extended vocabulary), aggregation/breakdown/interval."""

    metric: str = ""
    aggregation: str | None = None
    breakdown: str | None = None
    interval: str | None = None
    timeframe: Timeframe | None = None


class AggregatedMetrics(ApiModel):
    """``GET /data/metrics/{metric}/{aggregation}``: one number."""

    context: MetricsContext
    data: float | None = None


class MetricBucket(ApiModel):
    """One dimension value of a breakdown and its metric."""

    dimension_value: str = ""
    metric_value: float | None = None


class MetricPoint(ApiModel):
    """One timestamp of a time series and its metric."""

    emitted_at: datetime | None = None
    metric_value: float | None = None


class Metric(StrEnum):
    """Metrics known to ``/data`` (the API may add more)."""

    PLAY = "play"
    PLAY_RATE = "play-rate"
    PLAY_TOTAL = "play-total"
    START = "start"
    END = "end"
    IMPRESSION = "impression"
    IMPRESSION_TIME = "impression-time"
    WATCH_TIME = "watch-time"
    CCV = "ccv"
    CCV_PEAK = "ccv-peak"
    CCV_AVERAGE = "ccv-average"
    VIEW = "view"


class Aggregation(StrEnum):
    """Aggregations known to ``/data/metrics``."""

    COUNT = "count"
    RATE = "rate"
    TOTAL = "total"
    AVERAGE = "average"
    SUM = "sum"
    PEAK = "peak"
    LIVE = "live"


class Breakdown(StrEnum):
    """Dimensions known to ``/data/buckets``."""

    MEDIA_ID = "media-id"
    MEDIA_TYPE = "media-type"
    CONTINENT = "continent"
    COUNTRY = "country"
    DEVICE_TYPE = "device-type"
    OPERATING_SYSTEM = "operating-system"
    BROWSER = "browser"
    REFERRER = "referrer"


class Interval(StrEnum):
    """Time-series step sizes."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
