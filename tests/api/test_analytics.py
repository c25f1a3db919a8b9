"""AnalyticsApi: raw-statistics sessions/events and the /data metrics (contract 3.8)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from studio.api import ApiError, ApiVideoClient
from studio.api.analytics import (
    MetricsPage,
    period_day,
    period_month,
    period_range,
    period_week,
    period_year,
)
from studio.api.models import VideoCreationPayload, metadata_list
from studio.emulator.server import EmulatorServer


def last_week() -> str:
    today = datetime.now(UTC).date()
    return period_range(today - timedelta(days=7), today)


def test_period_helpers_follow_the_grammar() -> None:
    assert period_day(date(2018, 1, 1)) == "2018-01-01"
    assert period_week(date(2018, 1, 1)) == "2018-W01"
    assert period_week(date(2021, 1, 3)) == "2020-W53"  # ISO weeks belong to ISO years
    assert period_month(2018, 3) == "2018-03"
    assert period_year(2018) == "2018"
    assert period_range(date(2018, 1, 1), date(2018, 1, 15)) == "2018-01-01/2018-01-15"
    with pytest.raises(ValueError):
        period_range(date(2018, 2, 1), date(2018, 1, 1))
    with pytest.raises(ValueError):
        period_month(2018, 13)


async def test_sessions_of_a_fresh_video_and_live_stream_are_empty_pages(
    client: ApiVideoClient,
) -> None:
    video = await client.videos.create(f"stats-{uuid.uuid4().hex[:8]}")
    page = await client.analytics.video_sessions(video.video_id, last_week()).page(1)
    assert page.data == [] and page.pagination.items_total == 0
    live = await client.live_streams.create(f"stats-{uuid.uuid4().hex[:8]}")
    sessions = await client.analytics.live_stream_sessions(live.live_stream_id, last_week()).all()
    assert sessions == []


async def play(emulator: EmulatorServer, video_id: str, events: list[dict[str, object]]) -> str:
    """Report player events the way the emulator's player page does; returns the session id."""
    session_id: str | None = None
    async with httpx.AsyncClient(base_url=emulator.url) as player:
        for event in events:
            answer = await player.post(
                "/_emulator/player-events",
                json={"sessionId": session_id, "videoId": video_id, **event},
                headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"},
            )
            answer.raise_for_status()
            session_id = answer.json()["sessionId"]
    assert session_id is not None
    return session_id


async def test_played_sessions_and_their_events(
    client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    video = await client.videos.create(
        VideoCreationPayload(
            title=f"played-{uuid.uuid4().hex[:8]}", metadata=metadata_list({"plan": "gold"})
        )
    )
    watched = [
        {"type": "ready"},
        {"type": "play", "at": 0},
        {"type": "seek.forward", "from": 3, "to": 9},
        {"type": "pause", "at": 12},
    ]
    first = await play(emulator, video.video_id, watched)
    second = await play(emulator, video.video_id, [{"type": "ready"}])
    today = datetime.now(UTC).date()
    around_today = period_range(today - timedelta(days=1), today + timedelta(days=1))
    sessions = await client.analytics.video_sessions(
        video.video_id, around_today, page_size=1
    ).all()
    assert [s.session_id for s in sessions] == [first, second]
    head = sessions[0].session
    assert head is not None and head.loaded_at is not None and head.ended_at is not None
    assert head.loaded_at <= head.ended_at
    assert {(m.key, m.value) for m in head.metadata} >= {("plan", "gold")}
    assert sessions[0].client is not None and sessions[0].client.name
    gold = client.analytics.video_sessions(video.video_id, around_today, metadata={"plan": "gold"})
    assert len(await gold.all()) == 2
    nobody = client.analytics.video_sessions(video.video_id, around_today, metadata={"plan": "x"})
    assert await nobody.all() == []
    long_ago = period_year(2001)
    assert await client.analytics.video_sessions(video.video_id, long_ago).all() == []
    events = await client.analytics.session_events(first).all()
    assert [e.type for e in events] == ["ready", "play", "seek.forward", "pause"]
    assert (events[1].at, events[2].from_, events[2].to, events[3].at) == (0, 3, 9, 12)
    assert all(e.emitted_at is not None for e in events)


async def test_unknown_video_and_session_are_404(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as video_error:
        await client.analytics.video_sessions("vi0000000000000000000000", last_week()).page(1)
    assert video_error.value.status == 404 and video_error.value.name == "videoId"
    with pytest.raises(ApiError) as session_error:
        await client.analytics.session_events("ps000000000000000000000").all()
    assert session_error.value.status == 404


async def test_aggregated_metric_echoes_what_was_asked(client: ApiVideoClient) -> None:
    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=1)
    result = await client.analytics.metric("play", "count", start=start, end=end)
    assert result.context.metric == "play" and result.context.aggregation == "count"
    assert isinstance(result.data, float)
    assert result.context.timeframe is not None
    assert result.context.timeframe.from_ == start and result.context.timeframe.to == end


async def test_buckets_and_timeseries_pages_carry_their_context(client: ApiVideoClient) -> None:
    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(hours=6)
    buckets = await client.analytics.buckets(
        "play", "country", start=start, end=end, filter_by={"deviceType": ["computer", "phone"]}
    ).page(1)
    assert isinstance(buckets, MetricsPage) and buckets.context is not None
    assert (buckets.context.metric, buckets.context.breakdown) == ("play", "country")
    series = await client.analytics.timeseries("play", start=start, end=end, interval="hour").page(
        1
    )
    assert isinstance(series, MetricsPage) and series.context is not None
    assert series.context.interval == "hour"
    assert all(point.emitted_at is not None for point in series.data)


async def test_an_unknown_metric_is_refused(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await client.analytics.metric("no-such-metric", "count")
    assert caught.value.status in (400, 404)
