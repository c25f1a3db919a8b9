"""LiveMonitor against the emulator (API ``broadcasting``, real HLS delivery) and a fake OBS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.api import ApiVideoClient
from studio.emulator.live_delivery import PLAYLIST, hls_dir
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.live_hls import HlsProbe, HlsProber, parse_media_playlist
from studio.services.live_monitor import (
    RECONNECT_GRACE_S,
    WARMUP_S,
    LiveMonitor,
    LiveReport,
    LiveTimeline,
    LiveVerdict,
)
from studio.services.obs import ObsHandoff
from studio.services.obs_status import ObsStreamStatus
from studio.services.task_scope import TaskScope

from .obs_server import FakeObs


@pytest.fixture
async def context(
    qapp: Any, client: ApiVideoClient, emulator: EmulatorServer, tmp_path: Path
) -> AsyncIterator[AppContext]:
    scope = TaskScope()
    ctx = AppContext(
        client,
        ActiveProject("Test", "custom", emulator.url),
        scope,
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
    )
    yield ctx
    await scope.close()


@pytest.fixture
async def monitor(context: AppContext) -> AsyncIterator[LiveMonitor]:
    mon = LiveMonitor(context, interval_s=0.05, api_interval_s=0)
    yield mon
    await mon.aclose()


def set_broadcasting(emulator: EmulatorServer, live_id: str, on: bool) -> None:
    response = httpx.post(
        f"{emulator.url}/_emulator/live-streams/{live_id}/broadcasting",
        json={"broadcasting": on},
    )
    response.raise_for_status()


def write_playlist(
    emulator: EmulatorServer, live_id: str, *, newest_end: datetime | None, ended: bool = False
) -> None:
    """A 3-segment live playlist (2 s segments) in the emulator's HLS folder for the stream."""
    folder = hls_dir(emulator.store, emulator.project.id, live_id)
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:7"]
    if newest_end is not None:
        start = newest_end - timedelta(seconds=6)
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{start.isoformat(timespec='milliseconds')}")
    for n in (7, 8, 9):
        lines += ["#EXTINF:2.000,", f"seg{n}.ts"]
    if ended:
        lines.append("#EXT-X-ENDLIST")
    (folder / PLAYLIST).write_text("\n".join(lines) + "\n")


async def test_verdict_follows_broadcasting_and_the_playlist(
    monitor: LiveMonitor, client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("Monitor me")
    monitor.live_stream_id = stream.live_stream_id

    offline = await monitor.check()
    assert offline is not None and offline.verdict is LiveVerdict.OFFLINE
    assert offline.broadcasting is False and offline.hls is None

    set_broadcasting(emulator, stream.live_stream_id, True)
    warming = await monitor.check()
    assert warming is not None and warming.verdict is LiveVerdict.WARMING_UP
    assert warming.hls is not None and warming.hls.pending  # the emulator answers 202
    assert warming.countdown is not None
    assert WARMUP_S - 5 < warming.countdown.remaining() <= WARMUP_S

    write_playlist(emulator, stream.live_stream_id, newest_end=datetime.now(UTC))
    live = await monitor.check()
    assert live is not None and live.verdict is LiveVerdict.LIVE, live
    assert live.hls is not None and live.hls.segments == 3
    assert live.hls.age_source == "program-date-time"
    assert live.hls.newest_segment_age_s is not None and live.hls.newest_segment_age_s < 5

    old = datetime.now(UTC) - timedelta(seconds=90)
    write_playlist(emulator, stream.live_stream_id, newest_end=old)
    stalled = await monitor.check()
    assert stalled is not None and stalled.verdict is LiveVerdict.STALLED
    assert stalled.hls is not None and stalled.hls.newest_segment_age_s is not None
    assert stalled.hls.newest_segment_age_s > 85

    set_broadcasting(emulator, stream.live_stream_id, False)
    lost = await monitor.check()
    assert lost is not None and lost.verdict is LiveVerdict.RECONNECTING
    assert lost.countdown is not None
    assert 0 < lost.countdown.remaining() <= RECONNECT_GRACE_S


async def test_complete_closes_the_playlist_and_ends(
    monitor: LiveMonitor, client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("Complete me")
    monitor.live_stream_id = stream.live_stream_id
    set_broadcasting(emulator, stream.live_stream_id, True)
    write_playlist(emulator, stream.live_stream_id, newest_end=datetime.now(UTC))
    report = await monitor.check()
    assert report is not None and report.verdict is LiveVerdict.LIVE

    # While api.video still reports the broadcast, the closed playlist already says it ended.
    write_playlist(emulator, stream.live_stream_id, newest_end=datetime.now(UTC), ended=True)
    ended = await monitor.check()
    assert ended is not None and ended.verdict is LiveVerdict.ENDED

    await client.live_streams.complete(stream.live_stream_id)
    after = await monitor.check()
    assert after is not None and after.verdict is LiveVerdict.ENDED
    assert after.broadcasting is False


async def test_obs_output_counts_before_the_api_reports(
    context: AppContext, client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("OBS first")
    async with FakeObs() as fake:
        obs = ObsHandoff()
        await obs.connect("127.0.0.1", fake.port)
        monitor = LiveMonitor(context, obs, api_interval_s=0)
        monitor.live_stream_id = stream.live_stream_id
        try:
            fake.streaming, fake.bytes_sent, fake.duration_ms = True, 10_000, 1_000
            starting = await monitor.check()
            assert starting is not None and starting.verdict is LiveVerdict.STARTING
            assert starting.obs is not None and starting.obs.active
            assert starting.countdown is not None  # the warm-up runs from OBS's start

            fake.reconnecting = True
            retrying = await monitor.check()
            assert retrying is not None and retrying.verdict is LiveVerdict.RECONNECTING
            assert "retrying" in retrying.detail
        finally:
            await monitor.aclose()
            await obs.disconnect()
    # OBS went away: the report says so instead of failing the round.
    monitor = LiveMonitor(context, obs, api_interval_s=0)
    monitor.live_stream_id = stream.live_stream_id
    report = await monitor.check()
    assert report is not None and report.obs is None
    await monitor.aclose()


async def test_watch_polls_and_emits(
    monitor: LiveMonitor, client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("Polled")
    reports: list[LiveReport] = []
    monitor.report_changed.connect(reports.append)
    monitor.watch(stream.live_stream_id)
    for _ in range(100):
        if reports:
            break
        await asyncio.sleep(0.02)
    assert reports and reports[-1].verdict is LiveVerdict.OFFLINE
    set_broadcasting(emulator, stream.live_stream_id, True)
    for _ in range(200):
        if reports[-1].verdict is LiveVerdict.WARMING_UP:
            break
        await asyncio.sleep(0.02)
    assert reports[-1].verdict is LiveVerdict.WARMING_UP
    assert reports[-1].live_stream is not None and reports[-1].live_stream.broadcasting
    monitor.watch(None)
    count = len(reports)
    await asyncio.sleep(0.2)
    assert len(reports) == count  # stopped


async def test_api_error_is_reported_not_raised(monitor: LiveMonitor) -> None:
    monitor.live_stream_id = "li0000000000000000000000"
    report = await monitor.check()
    assert report is not None and report.verdict is LiveVerdict.UNKNOWN
    assert "refused" in report.api_error


def status(active: bool, reconnecting: bool = False) -> ObsStreamStatus:
    return ObsStreamStatus(active, reconnecting, 0.0, 0, 0, 0, 0, "")


def test_reconnect_window_runs_out_then_stays_ended() -> None:
    timeline = LiveTimeline()
    fresh = HlsProbe(True, segments=3, newest_segment_age_s=1.0, target_duration_s=2.0)
    t0 = 1_000_000.0
    assert (
        timeline.assess(broadcasting=True, obs=None, hls=fresh, now=t0).verdict is LiveVerdict.LIVE
    )
    lost = timeline.assess(broadcasting=False, obs=None, hls=None, now=t0 + 5)
    assert lost.verdict is LiveVerdict.RECONNECTING
    assert lost.countdown is not None
    assert lost.countdown.remaining(t0 + 5) == pytest.approx(RECONNECT_GRACE_S)
    still = timeline.assess(broadcasting=False, obs=None, hls=None, now=t0 + 30)
    assert still.countdown is not None
    assert still.countdown.remaining(t0 + 30) == pytest.approx(RECONNECT_GRACE_S - 25)
    over = timeline.assess(broadcasting=False, obs=None, hls=None, now=t0 + 5 + RECONNECT_GRACE_S)
    assert over.verdict is LiveVerdict.ENDED
    later = timeline.assess(broadcasting=False, obs=None, hls=None, now=t0 + 200)
    assert later.verdict is LiveVerdict.ENDED
    # A new signal starts a fresh warm-up.
    again = timeline.assess(broadcasting=False, obs=status(True), hls=None, now=t0 + 300)
    assert again.verdict is LiveVerdict.STARTING
    assert again.countdown is not None
    assert again.countdown.remaining(t0 + 300) == pytest.approx(WARMUP_S)


def test_warmup_countdown_goes_overdue_without_failing() -> None:
    timeline = LiveTimeline()
    t0 = 5_000.0
    first = timeline.assess(broadcasting=True, obs=None, hls=None, now=t0)
    late = timeline.assess(broadcasting=True, obs=None, hls=None, now=t0 + WARMUP_S + 10)
    assert first.verdict is late.verdict is LiveVerdict.WARMING_UP
    assert late.countdown is not None and late.countdown.remaining(t0 + WARMUP_S + 10) == -10


async def test_prober_without_program_date_time_ages_from_first_sight(
    client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("No PDT")
    assert stream.assets is not None and stream.assets.hls
    set_broadcasting(emulator, stream.live_stream_id, True)
    write_playlist(emulator, stream.live_stream_id, newest_end=None)
    prober = HlsProber()
    try:
        first = await prober.probe(stream.assets.hls, now=100.0)
        again = await prober.probe(stream.assets.hls, now=108.0)
        assert first.age_source == again.age_source == "first-seen"
        assert first.newest_segment_age_s == 0 and again.newest_segment_age_s == 8
    finally:
        await prober.aclose()


async def test_prober_follows_a_master_playlist(
    client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    stream = await client.live_streams.create("Master")
    assert stream.assets is not None and stream.assets.hls
    set_broadcasting(emulator, stream.live_stream_id, True)
    write_playlist(emulator, stream.live_stream_id, newest_end=datetime.now(UTC))
    folder = hls_dir(emulator.store, emulator.project.id, stream.live_stream_id)
    (folder / "variant.m3u8").write_text((folder / PLAYLIST).read_text())
    (folder / PLAYLIST).write_text(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720\nvariant.m3u8\n"
    )
    prober = HlsProber()
    try:
        probe = await prober.probe(stream.assets.hls)
    finally:
        await prober.aclose()
    assert probe.reachable and probe.segments == 3 and probe.age_source == "program-date-time"


def test_parse_media_playlist_dates_the_newest_segment_end() -> None:
    text = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:3\n"
        "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T10:00:00.000Z\n"
        "#EXTINF:4.0,\na.ts\n#EXTINF:3.5,\nb.ts\n"
    )
    playlist = parse_media_playlist(text)
    assert playlist.segment_uris == ["a.ts", "b.ts"] and playlist.media_sequence == 3
    assert playlist.newest_end == datetime(2024, 5, 1, 10, 0, 7, 500000, tzinfo=UTC)
    assert playlist.target_duration_s == 4 and not playlist.ended


def test_completed_reads_as_ending_until_the_api_stops() -> None:
    timeline = LiveTimeline()
    t0 = 10_000.0
    timeline.assess(broadcasting=True, obs=None, hls=None, now=t0)
    timeline.completed()
    # A round that asked the API before the complete still sees the broadcast.
    ending = timeline.assess(broadcasting=True, obs=None, hls=None, now=t0 + 1)
    assert ending.verdict is LiveVerdict.ENDED and ending.headline == "Ending the broadcast"
    done = timeline.assess(broadcasting=False, obs=None, hls=None, now=t0 + 2)
    assert done.verdict is LiveVerdict.ENDED and done.countdown is None  # no reconnect window
    again = timeline.assess(broadcasting=True, obs=None, hls=None, now=t0 + 60)
    assert again.verdict is LiveVerdict.WARMING_UP  # a new broadcast
