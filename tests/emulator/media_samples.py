"""Sample media for the emulator's video tests, generated with ffmpeg (lavfi sources, no files)."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(
    FFMPEG is None or shutil.which("ffprobe") is None, reason="ffmpeg/ffprobe not on PATH"
)

MIB = 1024 * 1024


def ffmpeg(*args: str) -> None:
    assert FFMPEG is not None
    subprocess.run(
        [FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
        check=True,
        capture_output=True,
    )


def small_mp4(path: Path) -> Path:
    """2 s 320x180 H.264/AAC MP4 (a few tens of KiB)."""
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", "2", "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
        "-c:a", "aac", "-movflags", "+faststart", str(path),
    )  # fmt: skip
    return path


def two_colour_mp4(path: Path) -> Path:
    """4 s H.264 MP4: red for the first 2 s, then blue (to tell picked frames apart)."""
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=red:size=160x90:rate=10:duration=2",
        "-f", "lavfi", "-i", "color=c=blue:size=160x90:rate=10:duration=2",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10",
        str(path),
    )  # fmt: skip
    return path


def vp9_webm(path: Path) -> Path:
    """2 s 320x180 VP9/Opus WebM (needs a real transcode to become HLS)."""
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "2", "-map", "0:v", "-map", "1:a",
        "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k",
        "-c:a", "libopus", str(path),
    )  # fmt: skip
    return path


def random_file(path: Path, size: int, seed: int = 0) -> Path:
    """``size`` reproducible random bytes, every MiB different (so misordered parts show)."""
    rng = random.Random(seed)
    with open(path, "wb") as out:
        left = size
        while left > 0:
            out.write(rng.randbytes(min(left, MIB)))
            left -= MIB
    return path


def basic(api_key: str) -> tuple[str, str]:
    """httpx ``auth=`` for Basic with the API key as user name (what Node sends)."""
    return (api_key, "")


def wait_status(client: httpx.Client, video_id: str, done: str, timeout: float = 60.0) -> dict:
    """Poll GET /videos/{id}/status until ``done``: playable, uploaded, failed or settled."""
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/videos/{video_id}/status").json()
        encoding = status.get("encoding", {})
        if done == "playable" and encoding.get("playable"):
            return status
        if done == "uploaded" and status.get("ingest", {}).get("status") == "uploaded":
            return status
        if done == "failed" and any(q["status"] == "failed" for q in encoding.get("qualities", [])):
            return status
        if (
            done == "settled"
            and encoding.get("qualities")
            and all(q["status"] in ("encoded", "failed") for q in encoding["qualities"])
        ):
            return status
        assert time.monotonic() < deadline, f"timed out waiting for {done}: {status}"
        time.sleep(0.1)
