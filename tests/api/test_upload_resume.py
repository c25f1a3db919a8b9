"""Resuming uploads from a saved state, and memory staying bounded while chunks stream."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.api import ApiVideoClient
from studio.api.models import Video
from studio.api.upload_state import FileChangedError, UploadState
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
    overwrite_head_keeping_mtime,
    sha256_of,
)

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
