"""AnalyticsApi: legacy raw statistics (sessions, events) and ``/data`` metrics.

Raw-statistics periods follow the API's grammar: a day ``2018-01-01``, an ISO week ``2018-W01``,
a month ``2018-01``, a year ``2018`` or a range ``2018-01-01/2018-01-15``; the ``period_*``
helpers build them from dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from .models import (
    AggregatedMetrics,
    LiveStreamSession,
    MetricBucket,
    MetricPoint,
    MetricsContext,
    Page,
    PlayerSessionEvent,
    VideoSession,
    decode,
)
from .pagination import PageIterator
from .query import Query, Scalar, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient

FilterValue = Scalar | Iterable[Scalar] | None


def period_day(day: date) -> str:
    """``2018-01-01``."""
    return day.isoformat()


def period_week(day: date) -> str:
    """The ISO week containing ``day``: ``2018-W01``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_month(year: int, month: int) -> str:
    """``2018-01``."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    return f"{year:04d}-{month:02d}"


def period_year(year: int) -> str:
    """``2018``."""
    return f"{year:04d}"


def period_range(start: date, end: date) -> str:
    """``2018-01-01/2018-01-15`` (both days included)."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    return f"{start.isoformat()}/{end.isoformat()}"


class MetricsPage[T](Page[T]):
    """A ``/data`` list page: items, pagination and what was asked (``context``)."""

    context: MetricsContext | None = None


class AnalyticsApi:
    """Raw statistics (``/analytics/...``) and aggregated analytics (``/data/...``)."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    # ---- raw statistics (legacy) ------------------------------------------------------------

    def video_sessions(
        self,
        video_id: str,
        period: str,
        *,
        metadata: Mapping[str, str] | None = None,
        page_size: int | None = None,
    ) -> PageIterator[VideoSession]:
        """Playback sessions of a video during ``period``, optionally by session metadata."""
        query = Query().add("period", period).add_map("metadata", metadata)
        return PageIterator(
            self._client,
            f"/analytics/videos/{segment(video_id)}",
            Page[VideoSession],
            query,
            page_size=page_size,
        )

    def live_stream_sessions(
        self, live_stream_id: str, period: str, *, page_size: int | None = None
    ) -> PageIterator[LiveStreamSession]:
        """Playback sessions of a live stream during ``period``."""
        return PageIterator(
            self._client,
            f"/analytics/live-streams/{segment(live_stream_id)}",
            Page[LiveStreamSession],
            Query().add("period", period),
            page_size=page_size,
        )

    def session_events(
        self, session_id: str, *, page_size: int | None = None
    ) -> PageIterator[PlayerSessionEvent]:
        """The player events of one session, in order."""
        return PageIterator(
            self._client,
            f"/analytics/sessions/{segment(session_id)}/events",
            Page[PlayerSessionEvent],
            page_size=page_size,
        )

    # ---- /data ------------------------------------------------------------------------------

    async def metric(
        self,
        metric: str,
        aggregation: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        unique: bool | None = None,
        view_duration: str | None = None,
        filter_by: Mapping[str, FilterValue] | None = None,
    ) -> AggregatedMetrics:
        """One aggregated number, e.g. ``metric("play", "count")``."""
        query = _data_query(start, end, unique, view_duration, filter_by)
        data = await self._client.request_json(
            "GET",
            f"/data/metrics/{segment(metric)}/{segment(aggregation)}",
            params=query.pairs(),
        )
        return decode(AggregatedMetrics, data)

    def buckets(
        self,
        metric: str,
        breakdown: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        unique: bool | None = None,
        view_duration: str | None = None,
        filter_by: Mapping[str, FilterValue] | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[MetricBucket]:
        """A metric broken down by a dimension (``country``, ``browser``...)."""
        query = _data_query(start, end, unique, view_duration, filter_by)
        query.add_sort(sort_by, sort_order)
        return PageIterator(
            self._client,
            f"/data/buckets/{segment(metric)}/{segment(breakdown)}",
            MetricsPage[MetricBucket],
            query,
            page_size=page_size,
        )

    def timeseries(
        self,
        metric: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        interval: str | None = None,
        unique: bool | None = None,
        view_duration: str | None = None,
        filter_by: Mapping[str, FilterValue] | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[MetricPoint]:
        """A metric over time, one point per ``interval`` (``minute``, ``hour``, ``day``)."""
        query = _data_query(start, end, unique, view_duration, filter_by)
        query.add("interval", interval).add_sort(sort_by, sort_order)
        return PageIterator(
            self._client,
            f"/data/timeseries/{segment(metric)}",
            MetricsPage[MetricPoint],
            query,
            page_size=page_size,
        )


def _data_query(
    start: datetime | None,
    end: datetime | None,
    unique: bool | None,
    view_duration: str | None,
    filter_by: Mapping[str, FilterValue] | None,
) -> Query:
    return (
        Query()
        .add("from", start)
        .add("to", end)
        .add("unique", unique)
        .add("viewDuration", view_duration)
        .add_deep("filterBy", filter_by)
    )
