"""The client's uploads against the emulator: chunking, progressive sessions, parallel parts,
retries under injected faults, 429 bursts, resume after an interruption, bounded memory.

Every test uploads into a fresh emulator so that "one video only" and per-part arrival counts
(``GET /_emulator/videos/{id}/source``) describe that test alone.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.api import ApiError, ApiVideoClient
from studio.api.client import RateLimitState
from studio.api.models import Video
from studio.api.multipart_body import FileRange
from studio.api.upload_pacing import RetryPolicy, is_retryable, pace_delay
from studio.api.upload_state import FileChangedError, UploadState
from studio.emulator.config import Faults
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator

MIB = 1 << 20
CHUNK = 5 * MIB
SOURCE_SIZE = 12 * MIB + 12_345  # three parts of 5 MiB chunks, the last one short
SOURCE_PARTS = 3


# ---- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "holiday.mp4"
    path.write_bytes(os.urandom(SOURCE_SIZE))
    return path


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[EmulatorServer]:
    """A fresh emulator; its faults are off until a test turns them on (``emu.config.faults``)."""
    server = make_emulator(tmp_path / "emulator", faults=Faults(seed=1))
    yield server
    server.stop()


def fast_retries() -> RetryPolicy:
    return RetryPolicy(attempts=12, base_delay=0.05, max_delay=0.5, rng=random.Random(7))


@dataclass
class Exchange:
    """One HTTP attempt the client made, as seen by httpx event hooks."""

    method: str
    path: str
    content_range: str | None
    started: float
    answered: float | None = None
    status: int | None = None


@dataclass
class Wire:
    """Every request a client sends and when its answer arrives (httpx event hooks)."""

    exchanges: list[Exchange] = field(default_factory=list)

    def attach(self, client: ApiVideoClient) -> None:
        open_requests: dict[int, Exchange] = {}

        async def on_request(request: httpx.Request) -> None:
            exchange = Exchange(
                request.method,
                request.url.path,
                request.headers.get("content-range"),
                time.monotonic(),
            )
            open_requests[id(request)] = exchange
            self.exchanges.append(exchange)

        async def on_response(response: httpx.Response) -> None:
            exchange = open_requests.pop(id(response.request), None)
            if exchange is not None:
                exchange.answered = time.monotonic()
                exchange.status = response.status_code

        client.http.event_hooks["request"].append(on_request)
        client.http.event_hooks["response"].append(on_response)

    @property
    def uploads(self) -> list[Exchange]:
        return [
            e
            for e in self.exchanges
            if e.method == "POST" and (e.path == "/upload" or e.path.endswith("/source"))
        ]

    @property
    def ranges(self) -> list[str | None]:
        return [e.content_range for e in self.uploads]


def open_client(emu: EmulatorServer, api_key: str | None) -> ApiVideoClient:
    """A client with 5 MiB chunks and quick retries; ``api_key`` None for token-only uploads."""
    client = ApiVideoClient(api_key, base_url=emu.url)
    client.uploads.chunk_size = CHUNK
    client.uploads.retry = fast_retries()
    return client


@pytest.fixture
async def api(emu: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    client = open_client(emu, emu.api_key)
    await client.authenticate()  # before any fault is switched on
    yield client
    await client.aclose()


async def create_video(client: ApiVideoClient, title: str = "upload test") -> str:
    video = await client.request_json("POST", "/videos", json={"title": title})
    return str(video["videoId"])


async def create_token(client: ApiVideoClient) -> str:
    token = await client.request_json("POST", "/upload-tokens", json={"ttl": 0})
    return str(token["token"])


async def landed(emu: EmulatorServer, video_id: str) -> dict[str, Any]:
    """What the emulator stored for a video (control route, outside the API)."""
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{emu.url}/_emulator/videos/{video_id}/source")
    response.raise_for_status()
    return dict(response.json())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_size(path: Path) -> int:
    return path.stat().st_size


def append(path: Path, data: bytes) -> None:
    with open(path, "ab") as out:
        out.write(data)


def overwrite_head_keeping_mtime(path: Path, data: bytes) -> None:
    stat = path.stat()
    with open(path, "r+b") as out:
        out.write(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


async def assert_uploaded_once(
    emu: EmulatorServer, client: ApiVideoClient, video: Video, path: Path, parts: int
) -> None:
    """Each part landed exactly once, the project has this one video, the source is intact."""
    report = await landed(emu, video.video_id)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, parts + 1)}
    assert report["size"] == file_size(path)
    assert report["sha256"] == sha256_of(path)
    listing = await client.request_json("GET", "/videos")
    assert [v["videoId"] for v in listing["data"]] == [video.video_id]


def make_file(directory: Path, name: str, size: int) -> Path:
    path = directory / name
    path.write_bytes(os.urandom(size))
    return path


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


# ---- failures --------------------------------------------------------------------------------


async def test_client_errors_are_final(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    wire = Wire()
    wire.attach(api)
    with pytest.raises(ApiError) as raised:
        await api.uploads.upload("vi0000000000000000000000", source)
    assert raised.value.status == 404
    assert len(wire.uploads) == 1  # a 404 is not retried


async def test_chunk_size_and_parallelism_are_validated(source: Path) -> None:
    async with ApiVideoClient("key", base_url="http://127.0.0.1:9") as client:
        for bad in (5 * MIB - 1, 128 * MIB + 1):
            with pytest.raises(ValueError, match="chunk size"):
                await client.uploads.upload("vi1", source, chunk_size=bad)
            with pytest.raises(ValueError, match="chunk size"):
                client.uploads.chunk_size = bad
        for bad in (0, 9):
            with pytest.raises(ValueError, match="parallel"):
                await client.uploads.upload("vi1", source, parallel=bad)


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param({"error_rate": 0.1}, id="5xx"),
        pytest.param({"drop_rate": 0.1}, id="dropped-connections"),
    ],
)
async def test_upload_completes_despite_faults(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path, faults: dict[str, float]
) -> None:
    big = make_file(tmp_path, "big.mp4", 8 * CHUNK + 5)  # 9 parts: enough requests to hit faults
    video_id = await create_video(api)
    wire = Wire()
    wire.attach(api)
    for name, value in faults.items():
        setattr(emu.config.faults, name, value)

    video = await api.uploads.upload(video_id, big, parallel=2)

    for name in faults:
        setattr(emu.config.faults, name, 0.0)
    assert len(wire.uploads) > 9  # some attempts failed and were retried
    await assert_uploaded_once(emu, api, video, big, 9)


async def test_429_bursts_are_waited_out(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    big = make_file(tmp_path, "big.mp4", 8 * CHUNK + 5)
    video_id = await create_video(api)
    wire = Wire()
    wire.attach(api)
    emu.config.faults.throttle_rate = 0.15
    emu.config.faults.throttle_burst = 2

    video = await api.uploads.upload(video_id, big, parallel=2)

    emu.config.faults.throttle_rate = 0.0
    attempts = wire.uploads
    refused = [e for e in attempts if e.status == 429]
    assert refused, "the seeded fault sequence should have throttled at least once"
    for answer in refused:
        # X-RateLimit-Retry-After: 1 -> the next attempt of that part waits at least a second.
        retry = next(
            e
            for e in attempts
            if e.content_range == answer.content_range and e.started > answer.started
        )
        assert retry.started - (answer.answered or 0) >= 1.0
    await assert_uploaded_once(emu, api, video, big, 9)


def test_retry_policy_backs_off_and_honours_retry_after() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, rng=random.Random(1))
    delays = [policy.delay(n) for n in range(1, 9)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(d <= 4.0 for d in delays)
    assert max(delays[5:]) >= 2.0  # grew towards the cap
    throttled = ApiError(429, headers={"X-RateLimit-Retry-After": "7"})
    assert 7.0 <= policy.delay(1, throttled) <= 7.5
    assert is_retryable(throttled) and is_retryable(ApiError(503))
    assert not is_retryable(ApiError(400)) and not is_retryable(ApiError(404))


def test_pacing_spreads_the_last_requests_of_a_window() -> None:
    now = 1000.0
    state = RateLimitState(limit=40, remaining=30, retry_after=30, updated_at=now)
    assert pace_delay(state, now, in_flight=0, last_start=now) == 0.0  # plenty left
    state.remaining = 5
    assert pace_delay(state, now, in_flight=0, last_start=now) == pytest.approx(6.0)  # 30 s / 5
    assert pace_delay(state, now, in_flight=2, last_start=now) == pytest.approx(10.0)  # 30 s / 3
    assert pace_delay(state, now + 10, in_flight=0, last_start=now) == pytest.approx(0.0)
    state.remaining = 0
    assert pace_delay(state, now + 5, in_flight=0, last_start=now) == pytest.approx(25.0)
    assert pace_delay(state, now + 31, in_flight=0, last_start=now) == 0.0  # window reset


async def test_pacer_follows_the_upload_budget_of_the_project(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    tiny = make_file(tmp_path, "tiny.mp4", 1000)
    pacer = api.uploads.pacer
    for _ in range(31):  # sandbox: 40 uploads a minute; pacing starts below a quarter left
        await api.uploads.upload(await create_video(api), tiny)
    assert pacer.state.limit == 40 and pacer.state.remaining == 9  # upload headers, not reads
    assert pacer.delay(time.monotonic()) > 4.0  # the next parts get spread over the window


# ---- resume ----------------------------------------------------------------------------------


async def interrupt_after_first_part(
    start: Callable[[Callable[[UploadState], None]], Coroutine[Any, Any, Video]], state_file: Path
) -> None:
    """Run ``start(on_state)`` and cancel it as soon as one part has landed."""
    first_landed = asyncio.Event()

    def save(state: UploadState) -> None:
        state_file.write_text(json.dumps(state.to_json()))
        if state.parts_done:
            first_landed.set()

    task = asyncio.create_task(start(save))
    await first_landed.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_resume_after_cancel_sends_only_the_missing_parts(
    emu: EmulatorServer, api: ApiVideoClient, source: Path, tmp_path: Path
) -> None:
    video_id = await create_video(api)
    state_file = tmp_path / "upload.json"
    # Latency: the part after the first is still waiting server-side when the task is cancelled.
    emu.config.faults.latency_ms = 300
    await interrupt_after_first_part(
        lambda save: api.uploads.upload(video_id, source, on_state=save), state_file
    )
    emu.config.faults.latency_ms = 0
    await asyncio.sleep(0.5)  # let the server give up on the aborted request
    assert (await landed(emu, video_id))["partsReceived"] == {"1": 1}

    saved = json.loads(state_file.read_text())
    assert saved["video_id"] == video_id and saved["parts_done"] == [1]
    # Even a state saved before any part landed resumes right: with an API key, the server's
    # ingest.receivedParts decides what is missing.
    stale = UploadState.from_json({**saved, "parts_done": []})
    async with open_client(emu, emu.api_key) as fresh:
        wire = Wire()
        wire.attach(fresh)
        video = await fresh.uploads.resume(stale)
    assert wire.ranges == ["part 2/3", "part 3/3"]
    await assert_uploaded_once(emu, api, video, source, SOURCE_PARTS)


async def test_token_upload_resumes_from_the_saved_state(
    emu: EmulatorServer, api: ApiVideoClient, source: Path, tmp_path: Path
) -> None:
    token = await create_token(api)
    state_file = tmp_path / "upload.json"
    emu.config.faults.latency_ms = 300
    async with open_client(emu, None) as first:
        await interrupt_after_first_part(
            lambda save: first.uploads.upload_with_token(token, source, on_state=save),
            state_file,
        )
    emu.config.faults.latency_ms = 0
    await asyncio.sleep(0.5)

    state = UploadState.from_json(json.loads(state_file.read_text()))
    assert state.token == token and state.video_id is not None and state.parts_done == [1]
    async with open_client(emu, None) as fresh:  # no key: trusts the state
        wire = Wire()
        wire.attach(fresh)
        video = await fresh.uploads.resume(state)
    assert wire.ranges == ["part 2/3", "part 3/3"]
    assert video.video_id == state.video_id
    await assert_uploaded_once(emu, api, video, source, SOURCE_PARTS)


async def test_resume_of_a_complete_upload_sends_nothing(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    states: list[UploadState] = []
    video_id = await create_video(api)
    await api.uploads.upload(video_id, source, on_state=states.append)
    assert [s.parts_done for s in states] == [[], [1], [1, 2], [1, 2, 3]]

    wire = Wire()
    wire.attach(api)
    stale = states[1]  # saved before the crash; the server has everything since
    video = await api.uploads.resume(stale)
    assert video.video_id == video_id
    assert wire.uploads == []
    await assert_uploaded_once(emu, api, video, source, SOURCE_PARTS)


async def test_resume_refuses_a_changed_file(
    emu: EmulatorServer, api: ApiVideoClient, source: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.mp4"
    shutil.copyfile(source, copy)
    state = UploadState.for_file(copy, CHUNK, video_id=await create_video(api))
    wire = Wire()
    wire.attach(api)

    # Same size and mtime, different first bytes: only the content hash can tell.
    overwrite_head_keeping_mtime(copy, b"\0" * 16)
    with pytest.raises(FileChangedError):
        await api.uploads.resume(state)

    append(copy, b"more")
    with pytest.raises(FileChangedError):
        await api.uploads.resume(state)
    copy.unlink()
    with pytest.raises(FileChangedError):
        await api.uploads.resume(state)
    assert wire.exchanges == []


def test_upload_state_survives_json(source: Path) -> None:
    state = UploadState.for_file(source, CHUNK, token="to1")
    state.parts_done = [3, 1]
    again = UploadState.from_json(json.loads(json.dumps(state.to_json())))
    assert again.parts_done == [1, 3] and again.missing_parts == [2]
    assert again.identity == state.identity and again.total_parts == SOURCE_PARTS
    assert again.part_range(3) == (2 * CHUNK, SOURCE_SIZE - 2 * CHUNK)


# ---- memory ----------------------------------------------------------------------------------


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[str]:
    """An emulator in its own process, so that tracemalloc sees the client's memory only."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio.emulator.cli",
            "--port",
            "0",
            "--api-key",
            "mem-key",
            "--data-dir",
            str(tmp_path / "emulator"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://\S+", process.stdout.readline())
        assert found, "the emulator did not start"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(10)


async def test_memory_stays_bounded_while_streaming_chunks(
    emulator_process: str, tmp_path: Path
) -> None:
    big = make_file(tmp_path, "big.mp4", 3 * CHUNK)  # three full 5 MiB chunks
    async with ApiVideoClient("mem-key", base_url=emulator_process) as client:
        client.uploads.chunk_size = CHUNK
        video_id = await create_video(client)
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            video = await client.uploads.upload(video_id, big)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # One 1 MiB block being sent, one read ahead, at most one in the socket's buffer.
        assert peak < 3 * MIB, f"peak {peak / MIB:.1f} MiB"
        async with httpx.AsyncClient() as http:
            report = (
                await http.get(f"{emulator_process}/_emulator/videos/{video_id}/source")
            ).json()
    assert video.video_id == video_id
    assert report["partsReceived"] == {"1": 1, "2": 1, "3": 1}
    assert report["sha256"] == sha256_of(big)
