"""The upload queue against the emulator: queueing, parallelism, edits, pause/resume/cancel,
failures and retries, persistence across a restart, and the playable signal.

Each test has its own emulator (latency is tuned per test) and its own queue data folder.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.upload_item import UploadItem, UploadPhase, VideoDetails
from studio.services.upload_queue import StatusPolling, UploadQueue
from tests.conftest import OTHER_KEY
from tests.services.upload_helpers import (
    MIB,
    make_context,
    sample_video,
    sha256_of,
    source_report,
    wait_for,
)

FAST_POLLING = StatusPolling(initial=0.05, factor=1.5, maximum=0.3)


class Harness:
    """A queue over a data folder, with what its signals said."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.queue = UploadQueue(context, polling=FAST_POLLING, progress_interval=0.05)
        context.uploads = self.queue
        self.ready: list[str] = []
        self.refused: list[list[object]] = []
        self.progress_signals = 0
        self.max_uploading = 0
        self.queue.video_ready.connect(self.ready.append)
        self.queue.refused.connect(self.refused.append)
        self.queue.progress_changed.connect(self._progress)
        self.queue.item_changed.connect(self._changed)

    def _progress(self, ids: list[int]) -> None:
        self.progress_signals += 1

    def _changed(self, _id: int) -> None:
        uploading = sum(1 for i in self.queue.items if i.phase is UploadPhase.UPLOADING)
        self.max_uploading = max(self.max_uploading, uploading)

    def only(self) -> UploadItem:
        (item,) = self.queue.items
        return item

    async def close(self) -> None:
        await self.queue.close()
        await self.context.scope.close()


@pytest.fixture
async def harness(api: ApiVideoClient, tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(make_context(api, tmp_path / "data", chunk_size_mib=5, parts_in_flight=2))
    yield h
    await h.close()


async def test_a_dropped_video_becomes_playable(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "Summer trip.mp4", 11 * MIB)  # three 5 MiB parts
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")
    await harness.queue.start()

    refusals = await harness.queue.add_paths([movie, notes])

    assert [r.path.name for r in refusals] == ["notes.txt"]
    assert harness.refused and harness.refused[0] == refusals
    item = harness.only()
    assert item.details.title == "Summer trip"
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    assert harness.ready == [item.video_id]
    assert item.fraction == 1.0 and item.error == ""
    video = await api.videos.get(item.video_id)
    assert video.title == "Summer trip"
    report = source_report(emu.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1}


async def test_details_edited_before_the_video_exists_go_into_the_create_call(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "raw.mov", 200_000)
    await harness.queue.add_paths([movie])  # not started: the item waits
    item = harness.only()
    assert item.phase is UploadPhase.QUEUED and item.video_id is None
    harness.queue.edit(item.id, VideoDetails("Launch", "Keynote cut", ["event", "2024"], False))

    await harness.queue.start()
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")

    video = await api.videos.get(item.video_id)
    assert (video.title, video.description, video.tags, video.public) == (
        "Launch",
        "Keynote cut",
        ["event", "2024"],
        False,
    )
    assert not item.edits_pending


async def test_details_edited_during_the_upload_are_patched(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 150
    movie = sample_video(tmp_path / "clip.mp4", 16 * MIB)
    await harness.queue.start()
    await harness.queue.add_paths([movie])
    item = harness.only()
    await wait_for(lambda: bool(item.state and item.state.parts_done), what="a part")

    harness.queue.edit(item.id, VideoDetails("Renamed", "", ["late"], True))
    assert item.phase is UploadPhase.UPLOADING
    await wait_for(lambda: not item.edits_pending, what="edits sent")
    video = await api.videos.get(item.video_id)
    assert (video.title, video.tags) == ("Renamed", ["late"])
    emu.config.faults.latency_ms = 0
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    assert (await api.videos.get(item.video_id)).title == "Renamed"


async def test_four_parallel_files_and_batched_progress(
    api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 40
    context = make_context(
        api, tmp_path / "data", chunk_size_mib=5, parts_in_flight=2, parallel_files=4
    )
    h = Harness(context)
    try:
        files = [sample_video(tmp_path / f"take {n}.mp4", 6 * MIB, seed=n) for n in range(5)]
        await h.queue.start()
        started = time.monotonic()
        await h.queue.add_paths(files)
        await wait_for(
            lambda: all(i.phase is UploadPhase.PLAYABLE for i in h.queue.items),
            timeout=60,
            what="all playable",
        )
        elapsed = time.monotonic() - started
    finally:
        await h.close()
    assert h.max_uploading == 4  # parallel_files, never more
    assert sorted(h.ready) == sorted(i.video_id for i in h.queue.items)
    # Progress is batched: at most one signal per interval (plus the last one), however many
    # uploads run and however often the client reports.
    assert 0 < h.progress_signals <= elapsed / 0.05 + 2
    for item, path in zip(h.queue.items, files, strict=True):
        assert source_report(emu.url, item.video_id)["sha256"] == sha256_of(path)


async def test_pause_stops_sending_and_resume_sends_only_the_missing_parts(
    harness: Harness, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 200
    movie = sample_video(tmp_path / "long.mp4", 21 * MIB)  # five parts
    await harness.queue.start()
    await harness.queue.add_paths([movie])
    item = harness.only()
    await wait_for(lambda: bool(item.state and item.state.parts_done), what="a part")

    harness.queue.pause(item.id)
    assert item.phase is UploadPhase.PAUSED and item.speed is None
    await asyncio.sleep(0.6)  # a stopped part would have landed by now
    landed = source_report(emu.url, item.video_id)["partsReceived"]
    assert 1 <= len(landed) < 5
    await asyncio.sleep(0.5)
    assert source_report(emu.url, item.video_id)["partsReceived"] == landed

    emu.config.faults.latency_ms = 0
    harness.queue.resume(item.id)
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    report = source_report(emu.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, 6)}


async def test_cancel_deletes_the_half_uploaded_video(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 200
    await harness.queue.start()
    await harness.queue.add_paths([sample_video(tmp_path / "oops.mp4", 16 * MIB)])
    item = harness.only()
    await wait_for(lambda: item.video_id is not None, what="video created")
    video_id = item.video_id

    harness.queue.cancel(item.id)

    assert harness.queue.items == []
    emu.config.faults.latency_ms = 0
    await wait_for(lambda: not any(v["videoId"] == video_id for v in _videos(emu)), what="gone")
    await harness.queue.flush()
    assert _rows(harness.queue) == 0


async def test_a_deleted_video_fails_with_the_reason_and_retry_starts_over(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 150
    movie = sample_video(tmp_path / "gone.mp4", 11 * MIB)
    await harness.queue.start()
    await harness.queue.add_paths([movie])
    item = harness.only()
    await wait_for(lambda: bool(item.state and item.state.parts_done), what="a part")
    first_id = item.video_id
    assert first_id is not None

    await api.videos.delete(first_id)  # someone deletes it on api.video meanwhile

    await wait_for(lambda: item.phase is UploadPhase.FAILED, what="failed")
    assert "no longer exists" in item.error
    emu.config.faults.latency_ms = 0
    harness.queue.retry(item.id)
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    assert item.video_id != first_id
    assert source_report(emu.url, item.video_id)["sha256"] == sha256_of(movie)


async def test_a_missing_file_fails_and_retry_succeeds_once_it_is_back(
    harness: Harness, emu: EmulatorServer, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "usb" / "clip.mp4", 300_000)
    await harness.queue.add_paths([movie])
    hidden = movie.rename(tmp_path / "elsewhere.mp4")  # the drive was unplugged
    await harness.queue.start()
    item = harness.only()
    await wait_for(lambda: item.phase is UploadPhase.FAILED, what="failed")
    assert item.error == "The file no longer exists."

    hidden.rename(movie)
    harness.queue.retry(item.id)
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")


async def test_a_restart_resumes_unfinished_uploads_and_keeps_paused_ones_paused(
    api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 200
    data = tmp_path / "data"
    running = sample_video(tmp_path / "running.mp4", 16 * MIB, seed=1)
    paused = sample_video(tmp_path / "paused.mp4", 11 * MIB, seed=2)
    first = Harness(make_context(api, data, chunk_size_mib=5, parallel_files=2))
    await first.queue.start()
    await first.queue.add_paths([running, paused])
    a, b = first.queue.items
    await wait_for(lambda: all(bool(i.state and i.state.parts_done) for i in (a, b)), what="parts")
    first.queue.pause(b.id)
    first.queue.edit(a.id, VideoDetails("Kept title", "", ["kept"], True))
    await first.close()  # the app quits mid-upload
    # A part whose body had fully arrived is still stored by the server; the app restarts
    # later than that (a resume racing it could only be told "already sent" by api.video).
    await asyncio.sleep(0.5)
    landed = source_report(emu.url, a.video_id)["partsReceived"]
    assert 1 <= len(landed) < 4

    emu.config.faults.latency_ms = 0
    second = Harness(make_context(api, data, chunk_size_mib=5, parallel_files=2))
    try:
        await second.queue.start()
        again_a, again_b = second.queue.items
        assert (again_a.video_id, again_b.video_id) == (a.video_id, b.video_id)
        assert again_b.phase is UploadPhase.PAUSED
        assert again_b.fraction > 0  # progress of the landed parts shows at once
        await wait_for(lambda: again_a.phase is UploadPhase.PLAYABLE, what="resumed")
        assert again_b.phase is UploadPhase.PAUSED
    finally:
        await second.close()
    report = source_report(emu.url, a.video_id)
    assert report["sha256"] == sha256_of(running)
    assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1, "4": 1}
    video = await api.videos.get(a.video_id)
    assert (video.title, video.tags) == ("Kept title", ["kept"])


async def test_items_run_only_while_their_project_is_current(
    api: ApiVideoClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    h = Harness(make_context(api, tmp_path / "data", chunk_size_mib=5))
    other = ApiVideoClient(OTHER_KEY, base_url=emu.url)
    try:
        await h.queue.add_paths([sample_video(tmp_path / "mine.mp4", 100_000)])
        h.context.switch(other, ActiveProject("Other", "custom", emu.url))
        await h.queue.start()
        item = h.only()
        await asyncio.sleep(0.3)
        assert item.phase is UploadPhase.QUEUED and item.video_id is None
        assert "Test project" in item.note

        h.context.switch(api, ActiveProject("Test project", "custom", emu.url))
        await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
        assert item.note == ""
        assert item.video_id in {v["videoId"] for v in _videos(emu)}
    finally:
        await h.close()
        await other.aclose()


async def test_an_unencodable_file_fails_after_upload(
    harness: Harness, emu: EmulatorServer, tmp_path: Path
) -> None:
    # MP4 signature, garbage inside: it passes sniffing but api.video cannot encode it.
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 400)
    await harness.queue.start()
    await harness.queue.add_paths([broken])
    item = harness.only()
    await wait_for(lambda: item.phase is UploadPhase.FAILED, what="failed")
    assert item.error == "api.video could not encode this file."
    assert harness.ready == []


def _videos(emu: EmulatorServer) -> list[dict[str, object]]:
    return [d for d in emu.store.list(emu.project.id, "video") if not d.get("discarded")]


def _rows(queue: UploadQueue) -> int:
    path = queue._store.path
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM uploads").fetchone()
    return int(count)
