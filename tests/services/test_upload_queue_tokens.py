"""Delegated uploads from the queue: files sent through an upload token, not the API key.

The token's first part creates the video (titled with the file name), edits follow by PATCH,
a restart resumes from the saved state (which carries the token), a revoked token fails the
item, and queue databases written before tokens existed still open.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.upload_item import UploadItem, UploadPhase, VideoDetails
from studio.services.upload_store import DB_NAME, SCHEMA_VERSION, UploadDatabase
from tests.services.test_upload_queue import Harness
from tests.services.upload_helpers import (
    MIB,
    make_context,
    sample_video,
    sha256_of,
    source_report,
    wait_for,
)


@pytest.fixture
async def harness(api: ApiVideoClient, tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(make_context(api, tmp_path / "data", chunk_size_mib=5, parts_in_flight=2))
    yield h
    await h.close()


@pytest.fixture
async def token(api: ApiVideoClient) -> str:
    return (await api.upload_tokens.create()).token


def video_ids(emu: EmulatorServer) -> list[str]:
    docs = emu.store.list(emu.project.id, "video")
    return [str(d["videoId"]) for d in docs if not d.get("discarded")]


def uploaded_with(emu: EmulatorServer, video_id: str | None) -> Any:
    """The token the emulator's ledger says the video's parts came with (None: the API key)."""
    assert video_id is not None
    found = emu.store.find("video", video_id)
    assert found is not None
    return found[1]["_upload"].get("token")


async def test_a_token_upload_lands_as_one_video_titled_after_the_file(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, token: str, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "Beach day.mp4", 11 * MIB)  # three 5 MiB parts
    await harness.queue.start()

    refusals = await harness.queue.add_paths([movie], token=token)

    assert refusals == []
    item = harness.only()
    assert item.token == token and item.video_id is None
    assert item.details.title == "Beach day.mp4"  # what api.video names a token upload
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    assert item.video_id is not None
    assert video_ids(emu) == [item.video_id]
    assert harness.ready == [item.video_id]
    assert uploaded_with(emu, item.video_id) == token
    video = await api.videos.get(item.video_id)
    assert video.title == movie.name
    report = source_report(emu.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1}


async def test_edits_of_a_token_upload_are_patched_once_the_video_exists(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, token: str, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "raw.mov", 200_000)
    await harness.queue.add_paths([movie], token=token)  # not started: the item waits
    item = harness.only()
    harness.queue.edit(item.id, VideoDetails("Interview", "Long cut", ["guest"], False))
    assert item.edits_pending  # the token cannot set them: a PATCH must follow

    await harness.queue.start()
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    await wait_for(lambda: not item.edits_pending, what="edits saved")
    assert item.video_id is not None

    assert uploaded_with(emu, item.video_id) == token
    video = await api.videos.get(item.video_id)
    assert (video.title, video.description, video.tags, video.public) == (
        "Interview",
        "Long cut",
        ["guest"],
        False,
    )


async def test_a_restart_resumes_a_token_upload_with_the_missing_parts(
    api: ApiVideoClient, emu: EmulatorServer, token: str, tmp_path: Path
) -> None:
    emu.config.faults.latency_ms = 200
    data = tmp_path / "data"
    movie = sample_video(tmp_path / "long.mp4", 21 * MIB)  # five parts
    first = Harness(make_context(api, data, chunk_size_mib=5))
    await first.queue.start()
    await first.queue.add_paths([movie], token=token)
    item = first.only()
    await wait_for(lambda: bool(item.state and item.state.parts_done), what="a part")
    assert item.video_id is not None  # known from the first part's answer
    await first.close()  # the app quits mid-upload
    await asyncio.sleep(0.5)  # let a part whose body had fully arrived be stored
    landed = source_report(emu.url, item.video_id)["partsReceived"]
    assert 1 <= len(landed) < 5

    emu.config.faults.latency_ms = 0
    second = Harness(make_context(api, data, chunk_size_mib=5))
    try:
        await second.queue.start()
        again = second.only()
        assert (again.token, again.video_id) == (token, item.video_id)
        assert again.state is not None and again.state.token == token
        await wait_for(lambda: again.phase is UploadPhase.PLAYABLE, what="resumed")
    finally:
        await second.close()
    assert video_ids(emu) == [item.video_id]  # resumed into the same video, no new one
    report = source_report(emu.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, 6)}


async def test_a_revoked_token_fails_the_item(
    harness: Harness, api: ApiVideoClient, emu: EmulatorServer, token: str, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "late.mp4", 200_000)
    await harness.queue.add_paths([movie], token=token)
    await api.upload_tokens.delete(token)

    await harness.queue.start()
    item = harness.only()
    await wait_for(lambda: item.phase is UploadPhase.FAILED, what="failed")

    assert "token" in item.error.lower()
    assert video_ids(emu) == []  # nothing was created with the API key instead


def _version_1_database(path: Path, movie: Path) -> None:
    """A queue file as the version before tokens wrote it, with one unfinished item."""
    db = sqlite3.connect(path)
    db.execute(
        """CREATE TABLE uploads (
            id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL,
            project_name TEXT NOT NULL DEFAULT '', path TEXT NOT NULL, size INTEGER NOT NULL,
            title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]', public INTEGER NOT NULL DEFAULT 1,
            phase TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', video_id TEXT,
            upload_state TEXT, edits_pending INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL
        )"""
    )
    db.execute(
        "INSERT INTO uploads (project, path, size, title, phase, created_at)"
        " VALUES ('custom:Test project', ?, ?, 'Old item', 'queued', 1.0)",
        (str(movie), movie.stat().st_size),
    )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()


async def test_a_queue_saved_before_tokens_existed_still_opens_and_runs(
    api: ApiVideoClient, emu: EmulatorServer, token: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old = sample_video(tmp_path / "old.mp4", 200_000, seed=1)
    new = sample_video(tmp_path / "new.mp4", 200_000, seed=2)
    _version_1_database(data / DB_NAME, old)

    h = Harness(make_context(api, data, chunk_size_mib=5))
    try:
        await h.queue.start()
        await h.queue.add_paths([new], token=token)
        first, second = h.queue.items
        assert (first.details.title, first.token, second.token) == ("Old item", None, token)
        await wait_for(
            lambda: all(i.phase is UploadPhase.PLAYABLE for i in (first, second)), what="both"
        )
        await h.queue.flush()
    finally:
        await h.close()
    assert uploaded_with(emu, first.video_id) is None  # the old item used the API key
    assert uploaded_with(emu, second.video_id) == token

    reopened = UploadDatabase(data / DB_NAME)
    try:
        stored: list[UploadItem] = reopened.load()
        version = reopened._db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        reopened.close()
    assert version == SCHEMA_VERSION
    assert [(i.details.title, i.token) for i in stored] == [("Old item", None), (new.name, token)]


@pytest.fixture
def slow_parts(emu: EmulatorServer) -> Iterator[None]:
    """Every request takes 300 ms more: time to stop an upload while its first part is out."""
    emu.config.faults.latency_ms = 300
    yield
    emu.config.faults.latency_ms = 0


async def first_part_out(harness: Harness) -> UploadItem:
    item = harness.only()
    await wait_for(lambda: item.phase is UploadPhase.UPLOADING, what="the upload started")
    await asyncio.sleep(0.1)  # the first part is on its way; its answer is not
    assert item.video_id is None
    return item


async def test_pausing_during_the_first_part_keeps_its_video(
    harness: Harness, emu: EmulatorServer, token: str, tmp_path: Path, slow_parts: None
) -> None:
    movie = sample_video(tmp_path / "Paused early.mp4", 11 * MIB)
    await harness.queue.start()
    await harness.queue.add_paths([movie], token=token)
    item = await first_part_out(harness)

    harness.queue.pause(item.id)
    assert item.phase is UploadPhase.PAUSED
    # The part lands (the video it made is now known), then the run stops.
    await wait_for(lambda: item.id not in harness.queue._uploads, what="the run stopped")
    assert item.phase is UploadPhase.PAUSED and item.video_id is not None
    assert item.state is not None and item.state.parts_done == [1]

    harness.queue.resume(item.id)
    await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, what="playable")
    assert video_ids(emu) == [item.video_id]  # one video: the resume did not make another
    report = source_report(emu.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1}


async def test_cancelling_during_the_first_part_leaves_no_video(
    harness: Harness, emu: EmulatorServer, token: str, tmp_path: Path, slow_parts: None
) -> None:
    movie = sample_video(tmp_path / "Cancelled early.mp4", 11 * MIB)
    await harness.queue.start()
    await harness.queue.add_paths([movie], token=token)
    item = await first_part_out(harness)

    harness.queue.cancel(item.id)
    assert harness.queue.items == []
    await wait_for(lambda: not harness.queue._uploads, what="the run stopped")
    await wait_for(lambda: video_ids(emu) == [], what="the video the first part made, deleted")
    await asyncio.sleep(0.5)
    assert video_ids(emu) == []
    await harness.queue.flush()
    assert harness.queue._store.path.exists()
    assert [i for i in await harness.queue._store.load()] == []  # not stored again
