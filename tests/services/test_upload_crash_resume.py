"""A process killed with SIGKILL mid-upload; a new queue over its data folder resumes.

The emulator runs as its own process (``studio.emulator.cli``) slowed down with
``--latency-ms`` so the kill lands between parts; the uploading process is
``upload_crash_driver.py``. Afterwards the emulator must hold a byte-identical source and have
received every part exactly once: nothing that had landed was sent again.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.services.upload_item import UploadPhase
from studio.services.upload_queue import StatusPolling, UploadQueue
from tests.services.upload_helpers import (
    MIB,
    make_context,
    sample_video,
    sha256_of,
    source_report,
    wait_for,
)

API_KEY = "crash-test-key"
SIZE = 20 * MIB + 4321  # five parts of 5 MiB, the last one short
PARTS = 5
DRIVER = Path(__file__).with_name("upload_crash_driver.py")
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[str]:
    """A standalone emulator whose every API request takes 300 ms more."""
    process = subprocess.Popen(
        [
            sys.executable, "-m", "studio.emulator.cli",
            "--port", "0",
            "--api-key", API_KEY,
            "--data-dir", str(tmp_path / "emulator"),
            "--latency-ms", "300",
            "--encoding-step", "0.2",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        found = re.search(r"http://\S+", process.stdout.readline())
        assert found, "the emulator did not start"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(10)


def start_driver(data_dir: Path, url: str, movie: Path) -> tuple[subprocess.Popen[str], str]:
    driver = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), url, API_KEY, str(movie)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert driver.stdout is not None
    line = driver.stdout.readline()
    found = re.fullmatch(r"video (\S+)\n", line)
    if found is None:
        driver.kill()
        raise AssertionError(f"the driver did not start an upload: {line!r}")
    return driver, found.group(1)


def wait_for_parts(url: str, video_id: str, timeout: float = 30.0) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts: dict[str, int] = source_report(url, video_id)["partsReceived"]
        if parts:
            return parts
        time.sleep(0.02)
    raise AssertionError("no part landed")


async def test_sigkill_mid_upload_then_resume_sends_only_missing_parts(
    emulator_process: str, tmp_path: Path
) -> None:
    url = emulator_process
    data_dir = tmp_path / "app-data"
    movie = sample_video(tmp_path / "crash test.mp4", SIZE)

    driver, video_id = start_driver(data_dir, url, movie)
    try:
        wait_for_parts(url, video_id)
    finally:
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(10)
    assert driver.returncode == -signal.SIGKILL
    # A part that fully arrived before the kill is still being stored: let it settle.
    await asyncio.sleep(0.5)
    landed = source_report(url, video_id)["partsReceived"]
    assert 1 <= len(landed) < PARTS, landed

    async with ApiVideoClient(API_KEY, base_url=url) as client:
        context = make_context(client, data_dir, chunk_size_mib=5, parts_in_flight=2)
        queue = UploadQueue(context, polling=StatusPolling(0.1, 1.5, 0.5))
        try:
            await queue.start()
            (item,) = queue.items
            assert item.video_id == video_id
            await wait_for(lambda: item.phase is UploadPhase.PLAYABLE, timeout=60, what="playable")
        finally:
            await queue.close()
            await context.scope.close()

    report = source_report(url, video_id)
    assert report["size"] == SIZE
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, PARTS + 1)}
