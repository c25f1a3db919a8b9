"""The client's uploads against the emulator, by request form: one request, ``part i/N``,
progressive sessions, token sessions, parts in flight.

Every test uploads into a fresh emulator so that "one video only" and per-part arrival counts
(``GET /_emulator/videos/{id}/source``) describe that test alone.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.api.models import Video
from studio.api.multipart_body import FileRange
from studio.emulator.server import EmulatorServer

from .upload_helpers import (
    CHUNK,
    MIB,
    SOURCE_PARTS,
    SOURCE_SIZE,
    Wire,
    append,
    assert_uploaded_once,
    create_token,
    create_video,
    landed,
    make_file,
    open_client,
    sha256_of,
)

# ---- request forms ---------------------------------------------------------------------------


async def test_file_below_the_chunk_size_goes_in_one_request(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    small = make_file(tmp_path, "small.mp4", MIB + 7)
    wire = Wire()
    wire.attach(api)
    video_id = await create_video(api)

    video = await api.uploads.upload(video_id, small)

    assert isinstance(video, Video) and video.video_id == video_id
    assert wire.ranges == ["part 1/1"]
    await assert_uploaded_once(emu, api, video, small, 1)


async def test_chunked_upload_sends_part_i_of_n_and_reports_throttled_progress(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    wire = Wire()
    wire.attach(api)
    reports: list[tuple[float, int, int | None]] = []
    api.uploads.progress_interval = 0.05
    video_id = await create_video(api)

    video = await api.uploads.upload(
        video_id,
        source,
        on_progress=lambda sent, total: reports.append((time.monotonic(), sent, total)),
    )

    assert wire.ranges == [f"part {n}/{SOURCE_PARTS}" for n in range(1, SOURCE_PARTS + 1)]
    await assert_uploaded_once(emu, api, video, source, SOURCE_PARTS)
    # Progress: starts at 0, never goes back without a failure, ends at the file size...
    sent = [r[1] for r in reports]
    assert sent[0] == 0 and sent[-1] == SOURCE_SIZE
    assert sent == sorted(sent)
    assert {r[2] for r in reports} == {SOURCE_SIZE}
    # ...and is throttled: apart from the final report, reports are >= the interval apart.
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(reports[:-1])]
    assert all(gap >= 0.05 for gap in gaps)
    assert len(reports) < SOURCE_SIZE // MIB  # not one report per 1 MiB block


async def test_progressive_session_uploads_a_file_while_it_grows(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    growing = tmp_path / "recording.mp4"
    growing.write_bytes(b"")
    content = os.urandom(13 * MIB + 99)
    finished = asyncio.Event()
    writer_done_at = 0.0

    async def write_slowly() -> None:
        nonlocal writer_done_at
        for start in range(0, len(content), MIB):
            await asyncio.to_thread(append, growing, content[start : start + MIB])
            await asyncio.sleep(0.05)
        writer_done_at = time.monotonic()
        finished.set()

    wire = Wire()
    wire.attach(api)
    video_id = await create_video(api)
    session = api.uploads.progressive(video_id, filename="recording.mp4")
    writer = asyncio.create_task(write_slowly())
    video = await session.follow(growing, finished, poll_interval=0.02)
    await writer

    assert wire.ranges == ["part 1/*", "part 2/*", "part 3/3"]
    assert wire.uploads[0].started < writer_done_at  # it really started before the file ended
    assert growing.read_bytes() == content
    await assert_uploaded_once(emu, api, video, growing, 3)


async def test_progressive_session_refuses_small_non_final_parts(
    emu: EmulatorServer, api: ApiVideoClient
) -> None:
    session = api.uploads.progressive(await create_video(api))
    with pytest.raises(ValueError, match="5 MiB"):
        await session.send(os.urandom(MIB))
    assert session.parts_sent == 0


async def test_token_sessions_name_their_own_video_after_the_first_part(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    # Two interleaved progressive sessions on one token: a later chunk that did not carry the
    # videoId of its own session would be attached to the other, more recent upload.
    token = await create_token(api)
    uploader = open_client(emu, None)  # delegated upload: no API key at all
    ranges = [FileRange(source, 0, CHUNK), FileRange(source, CHUNK, CHUNK)]
    last = FileRange(source, 2 * CHUNK, SOURCE_SIZE - 2 * CHUNK)
    try:
        first = uploader.uploads.progressive_with_token(token, filename="first.mp4")
        second = uploader.uploads.progressive_with_token(token, filename="second.mp4")
        for part in ranges:
            await first.send(part)
            await second.send(part)
        video_a = await first.finish(last)
        video_b = await second.finish(last)
    finally:
        await uploader.aclose()

    assert video_a.video_id != video_b.video_id
    assert (video_a.title, video_b.title) == ("first.mp4", "second.mp4")
    for video in (video_a, video_b):
        report = await landed(emu, video.video_id)
        assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1}
        assert report["sha256"] == sha256_of(source)


async def test_chunked_token_upload_creates_one_video(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    token = await create_token(api)
    uploader = open_client(emu, None)
    wire = Wire()
    wire.attach(uploader)
    try:
        video = await uploader.uploads.upload_with_token(token, source, parallel=4)
    finally:
        await uploader.aclose()
    assert video.title == source.name
    assert sorted(r or "" for r in wire.ranges) == [
        f"part {n}/{SOURCE_PARTS}" for n in range(1, SOURCE_PARTS + 1)
    ]
    assert wire.ranges[0] == "part 1/3"  # the part that creates the video goes first, alone
    await assert_uploaded_once(emu, api, video, source, SOURCE_PARTS)


async def test_four_parts_in_flight_then_the_final_part_alone(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    big = make_file(tmp_path, "big.mp4", 4 * CHUNK + 1000)  # parts 1-4 together, then 5
    video_id = await create_video(api)
    wire = Wire()
    wire.attach(api)
    emu.config.faults.latency_ms = 300  # every request waits, so parallel parts must overlap

    video = await api.uploads.upload(video_id, big, parallel=4)

    emu.config.faults.latency_ms = 0
    parts = wire.uploads
    assert sorted(e.content_range or "" for e in parts) == [f"part {n}/5" for n in range(1, 6)]
    final = next(e for e in parts if e.content_range == "part 5/5")
    others = [e for e in parts if e is not final]
    assert max(e.started for e in others) < min(e.answered or 0 for e in others)  # 4 at once
    assert final.started >= max(e.answered or 0 for e in others)  # only after all landed
    await assert_uploaded_once(emu, api, video, big, 5)
