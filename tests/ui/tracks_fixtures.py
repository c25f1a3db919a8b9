"""Helpers for the thumbnail picker and text track tests: an encoded two-colour video, images,
the thumbnail as the emulator serves it, and a count of the API requests a client sends."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from studio.api import ApiVideoClient
from studio.api.models import VideoCreationPayload
from studio.emulator.server import EmulatorServer

from ..emulator.media_samples import ffmpeg

RED_UNTIL_MS = 2000  # the clip is red for its first two seconds, then blue for two


def red_then_blue_mp4(path: Path) -> Path:
    """4 s, 25 fps H.264: red up to 2.000 s, blue from there (frames tell picks apart)."""
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=red:size=320x180:rate=25:duration=2",
        "-f", "lavfi", "-i", "color=c=blue:size=320x180:rate=25:duration=2",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
        "-movflags", "+faststart", str(path),
    )  # fmt: skip
    return path


async def encode_clip(
    client: ApiVideoClient, clip: Path, title: str, *, mp4_support: bool = True
) -> str:
    """Create a video (with an MP4 rendition unless told), upload ``clip``, wait until encoded."""
    payload = VideoCreationPayload(title=title, mp4_support=mp4_support)
    video = await client.videos.create(payload)
    await client.uploads.upload(video.video_id, clip)
    deadline = time.monotonic() + 60
    while True:
        status = await client.videos.status(video.video_id)
        encoding = status.encoding
        if encoding and encoding.playable and encoding.qualities:
            if all(q.status == "encoded" for q in encoding.qualities):
                return video.video_id
        if time.monotonic() > deadline:
            raise TimeoutError("the clip was not encoded in time")
        await asyncio.sleep(0.1)


def encoded_video(emulator: EmulatorServer, clip: Path, title: str) -> str:
    """:func:`encode_clip` outside any running loop (module fixtures)."""

    async def go() -> str:
        async with ApiVideoClient(emulator.api_key, base_url=emulator.url) as client:
            return await encode_clip(client, clip, title)

    return asyncio.run(go())


def thumbnail_bytes(emulator: EmulatorServer, video_id: str) -> bytes:
    """The video's ``thumbnail.jpg`` as delivered right now (b"" when there is none)."""
    response = httpx.get(f"{emulator.url}/vod/{video_id}/thumbnail.jpg", timeout=10)
    return response.content if response.status_code == 200 else b""


def dominant_colour(jpeg: bytes) -> str:
    """ "red", "blue", "green", "white", "black" or "other" for an image's centre pixel."""
    image = Image.open(io.BytesIO(jpeg)).convert("RGB")
    r, g, b = image.getpixel((image.width // 2, image.height // 2))  # type: ignore[misc]
    if min(r, g, b) > 200:
        return "white"
    if max(r, g, b) < 50:
        return "black"
    for name, value, others in (("red", r, (g, b)), ("green", g, (r, b)), ("blue", b, (r, g))):
        if value > 150 and max(others) < 90:
            return name
    return "other"


def image_file(path: Path, colour: str, fmt: str, size: tuple[int, int] = (640, 360)) -> Path:
    Image.new("RGB", size, colour).save(path, fmt)
    return path


class RequestLog:
    """Every request a client sends (an httpx event hook, so nothing is replaced or faked)."""

    def __init__(self, client: ApiVideoClient) -> None:
        self.sent: list[tuple[str, str]] = []
        client.http.event_hooks["request"].append(self._record)

    async def _record(self, request: httpx.Request) -> None:
        self.sent.append((request.method, request.url.path))

    def to(self, method: str, suffix: str) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.sent if m == method and p.endswith(suffix)]


def video_document(emulator: EmulatorServer, video_id: str) -> dict[str, Any]:
    """The emulator's stored document of a video (internal fields included)."""
    doc = emulator.store.get(emulator.project.id, "video", video_id)
    assert doc is not None
    return doc
