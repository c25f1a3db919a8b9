"""Shared pieces of the official-SDK tests: an ``api-video`` 1.4.7 client on the emulator,
small media files made with ffmpeg and Pillow, and helpers to read statuses and wait.

Test modules import the fixtures by their function names (``sdk_fixture``, ``sdk_media_fixture``)
and request them as ``sdk`` and ``sdk_media``.

The official Python SDK is a second, independent client: it must work against the emulator
unchanged, and it parses every response strictly (nulls, enums, integer types), so a passing
call is also a check of the emulator's response shapes.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.videos_api import VideosApi
from apivideo.configuration import Configuration
from apivideo.exceptions import ApiException
from apivideo.model.video_status import VideoStatus
from PIL import Image

from studio.emulator.server import EmulatorServer

MiB = 1024 * 1024
# The SDK's smallest allowed chunk, which is also the API's smallest non-final part.
CHUNK_SIZE = 5 * MiB

CAPTIONS_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
Hello from the official SDK

00:00:01.000 --> 00:00:02.000
Second line
"""

CHAPTERS_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:01.000
Intro

2
00:00:01.000 --> 00:00:02.000
Outro
"""


def sdk_client(
    server: EmulatorServer, api_key: str | None = None, chunk_size: int = CHUNK_SIZE
) -> AuthenticatedApiClient:
    """An SDK client aimed at ``server``, not yet connected.

    The constructor points ``configuration.host`` at production, so the host is set after it
    and before ``connect()`` (contract 1.1).
    """
    client = AuthenticatedApiClient(
        api_key if api_key is not None else server.api_key,
        configuration=Configuration(chunk_size=chunk_size),
    )
    client.configuration.host = server.url
    return client


@pytest.fixture(scope="module", name="sdk")
def sdk_fixture(emulator: EmulatorServer) -> Iterator[AuthenticatedApiClient]:
    """A connected SDK client (5 MiB chunks, background refresh on) on the module's emulator."""
    with sdk_client(emulator) as client:
        yield client


def with_status(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, int]:
    """Call an SDK operation and return ``(parsed body, HTTP status)``."""
    body, status, _headers = operation(*args, _return_http_data_only=False, **kwargs)
    return body, status


def problem_of(error: ApiException) -> dict[str, Any]:
    """The problem-details body of an SDK error (bytes or str, depending on the SDK code path)."""
    problem: dict[str, Any] = json.loads(error.body)
    return problem


def last_status(client: AuthenticatedApiClient) -> int:
    """HTTP status of the client's last API call (for calls that take no keyword options)."""
    return int(client.last_response.status)


def unique(prefix: str) -> str:
    """A value no other test uses, so filters on a shared emulator see only this test's data."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def wait_for[T](probe: Callable[[], T | None], what: str, timeout_s: float = 15.0) -> T:
    """Poll ``probe`` every 0.2 s until it returns something other than None (or time out)."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.2)


def wait_uploaded(videos: VideosApi, video_id: str) -> VideoStatus:
    """The video's status once its ingest reports ``uploaded`` (contract 5.2)."""

    def probe() -> VideoStatus | None:
        status: VideoStatus = videos.get_status(video_id)
        return status if "ingest" in status and status.ingest.status == "uploaded" else None

    return wait_for(probe, f"ingest.status 'uploaded' on {video_id}")


@dataclass(frozen=True)
class SdkMedia:
    """Paths of the generated media files."""

    small_mp4: Path  # 2 s, 320x240, H.264/AAC: one-request uploads
    other_mp4: Path  # 1 s, 160x120: a second, different source
    big_mp4: Path  # over 12 MiB, at most 15 MiB: three 5 MiB chunks
    big_parts: tuple[Path, Path, Path]  # big_mp4 cut at 5 MiB and 10 MiB (progressive sessions)
    big_width: int
    big_height: int
    thumbnail_jpg: Path  # 640x360 JPEG
    logo_png: Path  # 150x60 PNG (logo limits: 200x100 px, 100 KiB)
    captions_vtt: Path
    chapters_vtt: Path


def _ffmpeg(*args: str) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], check=True
    )


def _make_big_mp4(path: Path, width: int, height: int) -> None:
    # Constant bitrate (with filler) makes the size predictable whatever the picture content.
    _ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=25"),
        *("-f", "lavfi", "-i", "sine=frequency=660", "-t", "6"),
        *("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        *("-preset", "ultrafast", "-b:v", "19M", "-minrate", "19M", "-maxrate", "19M"),
        *("-bufsize", "6M", "-x264-params", "nal-hrd=cbr", "-c:a", "aac"),
        *("-movflags", "+faststart", str(path)),
    )


@pytest.fixture(scope="session", name="sdk_media")
def sdk_media_fixture(tmp_path_factory: pytest.TempPathFactory) -> SdkMedia:
    """Media for the SDK tests, generated once per test session."""
    root = tmp_path_factory.mktemp("sdk-media")
    small = root / "small.mp4"
    _ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine"),
        *("-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(small)),
    )
    other = root / "other.mp4"
    _ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "1"),
        *("-c:v", "libx264", "-pix_fmt", "yuv420p", str(other)),
    )
    big = root / "big.mp4"
    width, height = 960, 540
    _make_big_mp4(big, width, height)
    data = big.read_bytes()
    assert 12 * MiB < len(data) <= 3 * CHUNK_SIZE, f"big.mp4 is {len(data)} bytes"
    pieces = (data[:CHUNK_SIZE], data[CHUNK_SIZE : 2 * CHUNK_SIZE], data[2 * CHUNK_SIZE :])
    parts = tuple(root / f"big.mp4.part{i}" for i in (1, 2, 3))
    for part, piece in zip(parts, pieces, strict=True):
        part.write_bytes(piece)
    thumbnail = root / "thumbnail.jpg"
    Image.new("RGB", (640, 360), (200, 80, 40)).save(thumbnail, "JPEG")
    logo = root / "logo.png"
    Image.new("RGBA", (150, 60), (30, 90, 220, 255)).save(logo, "PNG")
    captions = root / "captions.vtt"
    captions.write_text(CAPTIONS_VTT)
    chapters = root / "chapters.vtt"
    chapters.write_text(CHAPTERS_VTT)
    return SdkMedia(
        small_mp4=small,
        other_mp4=other,
        big_mp4=big,
        big_parts=(parts[0], parts[1], parts[2]),
        big_width=width,
        big_height=height,
        thumbnail_jpg=thumbnail,
        logo_png=logo,
        captions_vtt=captions,
        chapters_vtt=chapters,
    )
