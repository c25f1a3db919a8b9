"""Live panel screenshot: a stream with its OBS details, going live for real when it can.

Called by ``docs/tools/screenshots.py`` with a context on a seeded emulator. The scene: a few live
streams (one with restreams and an uploaded thumbnail). When the context has the emulator's
RTMP ingest (``context.rtmp_url``) and ffmpeg is installed, ffmpeg publishes a test pattern to
it exactly as OBS would, so the picture shows a real "Live" verdict and the preview playing the
emulator's HLS; otherwise the stream is shown offline, still with its OBS details.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimediaWidgets import QVideoWidget

from studio.api.models import LiveStream, LiveStreamCreationPayload, RestreamPayload
from studio.services.context import AppContext
from studio.services.ingest import publish_url
from studio.services.live_monitor import LiveVerdict
from studio.ui.panels.live import LivePanel

SIZE = QSize(1360, 880)
MAIN_STREAM = "Launch day — live Q&A"
OTHER_STREAMS = ("Weekly town hall", "Support office hours", "Product demo — EMEA")
LIVE_TIMEOUT_S = 45.0
REHEARSAL_S = 4.0


async def _until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


def _cover_jpeg() -> bytes:
    """A 16:9 cover picture for the main stream's thumbnail."""
    width, height = 1280, 720
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # a deep blue to api.video orange gradient
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(20 + 212 * t), int(24 + 60 * t), int(70 - 28 * t)),
        )
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    small: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 96)
        small = ImageFont.truetype("DejaVuSans.ttf", 44)
    except OSError:
        font = small = ImageFont.load_default()
    draw.text((90, 260), "LAUNCH DAY", font=font, fill=(255, 255, 255))
    draw.text((94, 390), "Live Q&A with the product team", font=small, fill=(255, 236, 224))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


async def _scene(context: AppContext) -> LiveStream:
    """The live streams of the picture; returns the one shown."""
    api = context.client.live_streams
    existing = {s.name: s for s in await api.list().all()}
    for name in OTHER_STREAMS:
        if name not in existing:
            await api.create(name)
    main = existing.get(MAIN_STREAM)
    if main is None:
        main = await api.create(
            LiveStreamCreationPayload(
                name=MAIN_STREAM,
                restreams=[
                    RestreamPayload(
                        name="YouTube",
                        server_url="rtmps://a.rtmp.youtube.com/live2",
                        stream_key="yt-2f8c-launch",
                    ),
                    RestreamPayload(
                        name="Twitch",
                        server_url="rtmp://live.twitch.tv/app",
                        stream_key="live_4821_launch",
                    ),
                ],
            )
        )
    return await api.upload_thumbnail(main.live_stream_id, _cover_jpeg(), filename="cover.jpg")


async def _publish(server: str, key: str) -> asyncio.subprocess.Process | None:
    """ffmpeg sending a test pattern with a tone, as an encoder would (None without ffmpeg)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    # fmt: off
    return await asyncio.create_subprocess_exec(
        ffmpeg, "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "30",
        "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
        "-f", "flv", publish_url(server, key),
        stdin=asyncio.subprocess.DEVNULL,
    )
    # fmt: on


def _with_video_frame(panel: LivePanel) -> QImage:
    """The panel's picture, with the preview's current frame painted where the video shows.

    Offscreen, a video widget renders through its own surface, which a widget grab does not
    capture; the frame it is showing comes from its video sink.
    """
    picture = panel.grab().toImage()
    preview = panel.detail.preview
    video = preview.video
    if not isinstance(video, QVideoWidget) or preview.stack.currentWidget() is not video:
        return picture
    frame = video.videoSink().videoFrame()
    if not frame.isValid():
        return picture
    image = frame.toImage()
    if image.isNull():
        return picture
    area = video.rect()
    scaled = image.scaled(
        area.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    origin = video.mapTo(panel, QPoint(0, 0))
    x = origin.x() + (area.width() - scaled.width()) // 2
    y = origin.y() + (area.height() - scaled.height()) // 2
    painter = QPainter(picture)
    painter.fillRect(origin.x(), origin.y(), area.width(), area.height(), QColor("black"))
    painter.drawImage(QPoint(x, y), scaled)
    painter.end()
    return picture


async def _earlier_broadcast(context: AppContext, server: str, stream: LiveStream) -> None:
    """A short broadcast that ends, so the stream has a recording (as after a rehearsal)."""
    videos = context.client.videos
    if await videos.list(live_stream_id=stream.live_stream_id).first() is not None:
        return
    rehearsal = await _publish(server, stream.stream_key)
    if rehearsal is None:
        return
    await asyncio.sleep(REHEARSAL_S)
    with contextlib.suppress(ProcessLookupError):
        rehearsal.terminate()
    await rehearsal.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if await videos.list(live_stream_id=stream.live_stream_id).first() is not None:
            break
        await asyncio.sleep(0.5)
    broadcasting = True
    while broadcasting and time.monotonic() < deadline:  # the ingest lets go of the key
        broadcasting = (await context.client.live_streams.get(stream.live_stream_id)).broadcasting
        await asyncio.sleep(0.3)


async def live_panel(path: Path, context: AppContext) -> None:
    """The Live panel on the main stream: ingest details for OBS, status, preview."""
    stream = await _scene(context)
    publisher: asyncio.subprocess.Process | None = None
    if context.rtmp_url:
        await _earlier_broadcast(context, context.rtmp_url, stream)
        publisher = await _publish(context.rtmp_url, stream.stream_key)
    panel = LivePanel(context)
    panel.resize(SIZE)
    panel.show()
    try:
        await _until(lambda: panel.loaded and panel.model.rowCount() > 0)
        panel.select_stream(stream.live_stream_id)
        monitor = panel.monitor
        monitor.interval_s, monitor.api_interval_s = 1.0, 1.0
        if publisher is not None:
            await _until(
                lambda: monitor.report is not None and monitor.report.verdict is LiveVerdict.LIVE,
                timeout=LIVE_TIMEOUT_S,
            )
            preview = panel.detail.preview
            await _until(
                lambda: (
                    preview.video is not None and preview.video.videoSink().videoFrame().isValid()
                ),
                timeout=15,
            )
            await asyncio.sleep(2.5)  # a few more segments: a steady bitrate and segment age
        else:
            await _until(lambda: monitor.report is not None)
        await _until(lambda: panel.detail.thumbnail.image.pixmap() is not None)
        await asyncio.sleep(0.4)
        _with_video_frame(panel).save(str(path))
    finally:
        panel.hide()
        await panel.monitor.aclose()
        await panel.handoff.disconnect()
        panel.deleteLater()
        if publisher is not None:
            with contextlib.suppress(ProcessLookupError):
                publisher.terminate()
            await publisher.wait()
