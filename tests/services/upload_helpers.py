"""Helpers for the upload-queue tests: real sample videos, emulator reports, a context."""

from __future__ import annotations

import asyncio
import hashlib
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx

from studio.api import ApiVideoClient
from studio.services.context import ActiveProject, AppContext
from studio.services.settings import Settings
from studio.services.task_scope import TaskScope

MIB = 1 << 20


@cache
def clip_bytes() -> bytes:
    """A 2 s 320x180 H.264 MP4 (moov first, about 150 KiB), generated once per session."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None, "ffmpeg is needed to make sample videos"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.mp4"
        subprocess.run(
            [
                ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", str(out),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return out.read_bytes()


def sample_video(path: Path, size: int | None = None, *, seed: int = 0) -> Path:
    """Write a playable MP4 at ``path``, padded with random bytes up to ``size`` if given.

    Players and ffprobe ignore bytes after the last atom, so a padded clip is still a video
    that encodes, and its size (hence its number of parts) is whatever the test needs.
    """
    clip = clip_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with open(path, "wb") as out:
        out.write(clip)
        left = max(0, (size or 0) - len(clip))
        while left > 0:
            block = min(left, MIB)
            out.write(rng.randbytes(block))
            left -= block
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_report(base_url: str, video_id: str) -> dict[str, Any]:
    """What the emulator holds for ``video_id``: size, sha256, arrivals per part."""
    response = httpx.get(f"{base_url}/_emulator/videos/{video_id}/source", timeout=10)
    response.raise_for_status()
    report: dict[str, Any] = response.json()
    return report


def make_context(
    client: ApiVideoClient,
    data_dir: Path,
    *,
    project: str = "Test project",
    **settings: Any,
) -> AppContext:
    """A context over ``client`` whose queue data lives in ``data_dir`` (settings in memory)."""
    return AppContext(
        client,
        ActiveProject(project, "custom", client.base_url),
        TaskScope(),
        data_dir=data_dir,
        cache_dir=data_dir / "cache",
        settings=Settings(path=None, **settings),
    )


async def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Poll ``predicate`` on the running loop until it holds (AssertionError after timeout)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.02)
