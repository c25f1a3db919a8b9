"""What one publish does to a live stream: the ``broadcasting`` flag, the live HLS, the recording.

A broadcast holds back the first FLV tags until it knows the feed's codecs (from the
``onMetaData`` announcement and the first audio and video tags), because that decides between
copying and transcoding; then it starts ffmpeg and streams every tag to it. ``broadcasting``
turns true with the first audio or video data, and false when the broadcast finishes.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import Any

from aiohttp import web

from .. import live_delivery
from ..app import STORE
from ..routes import live
from ..store import Store
from . import flv
from .hls_bridge import HlsBridge, recording_suffix
from .recording import publish_recording

log = logging.getLogger(__name__)

KIND = live_delivery.KIND
MAX_PENDING_TAGS = 300  # ~4 s of 30 fps video with audio: then stop waiting for a missing stream
RECORDING_STEM = "recording"


def find_by_stream_key(store: Store, stream_key: str) -> tuple[str, str] | None:
    """``(project id, liveStreamId)`` of the live stream with this key, across projects."""
    if not stream_key:
        return None
    for project in store.projects():
        for doc in store.list(project.id, KIND):
            if doc.get("streamKey") == stream_key:
                return project.id, doc["liveStreamId"]
    return None


def _reset_folder(folder: Path, stale: list[Path]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.unlink(missing_ok=True)


class Broadcast:
    """One encoder's publish on one live stream, from first tag to :meth:`finish`."""

    def __init__(self, app: web.Application, project_id: str, live_id: str) -> None:
        self.app = app
        self.project_id = project_id
        self.live_id = live_id
        store = app[STORE]
        self.hls_dir = live_delivery.hls_dir(store, project_id, live_id)
        self._folder = store.files(project_id, KIND, live_id)
        self._bridge: HlsBridge | None = None
        self._bridge_failed = False
        self._pending: list[tuple[int, int, bytes]] = []
        self._video: int | str | None = None
        self._audio: int | None = None
        self._expect_video = True  # until onMetaData says which streams exist
        self._expect_audio = True
        self._on_air = False
        self._ended = False

    @property
    def on_air(self) -> bool:
        """True once media arrived (``broadcasting`` was switched on)."""
        return self._on_air

    async def begin(self) -> None:
        """Clear what a previous broadcast left (playlist, segments, unclaimed recording)."""
        stale = [self._folder / f"{RECORDING_STEM}{s}" for s in (".ts", ".mkv")]
        await asyncio.to_thread(_reset_folder, self.hls_dir, stale)

    def note_metadata(self, metadata: Any) -> None:
        """``onMetaData`` tells which streams the encoder will send."""
        if isinstance(metadata, dict) and (
            "videocodecid" in metadata or "audiocodecid" in metadata
        ):
            self._expect_video = "videocodecid" in metadata
            self._expect_audio = "audiocodecid" in metadata

    async def feed(self, tag_type: int, timestamp: int, body: bytes) -> None:
        """One audio, video or script tag of the feed."""
        if self._ended:
            return
        if tag_type in (flv.AUDIO, flv.VIDEO) and body:
            if not self._on_air:
                self._on_air = True
                self._switch(True)
            if tag_type == flv.VIDEO and self._video is None:
                self._video = flv.video_codec(body)
            elif tag_type == flv.AUDIO and self._audio is None:
                self._audio = flv.audio_codec(body)
        if self._bridge is None:
            if self._bridge_failed:
                return
            self._pending.append((tag_type, timestamp, body))
            if self._codecs_known() or len(self._pending) >= MAX_PENDING_TAGS:
                await self._start_bridge()
            return
        await self._bridge.write(flv.tag(tag_type, timestamp, body))

    def _codecs_known(self) -> bool:
        video_known = self._video is not None or not self._expect_video
        audio_known = self._audio is not None or not self._expect_audio
        return video_known and audio_known and (self._video is not None or self._audio is not None)

    async def _start_bridge(self) -> None:
        codecs = flv.Codecs(self._video, self._audio)
        recording = self._folder / f"{RECORDING_STEM}{recording_suffix(codecs)}"
        bridge = HlsBridge(
            self.hls_dir, codecs, recording=recording, log_path=self._folder / "ingest.log"
        )
        pending, self._pending = self._pending, []
        try:
            await bridge.start()
        except OSError as exc:
            # Without ffmpeg the stream still reports broadcasting; its HLS stays at 202.
            log.warning("live HLS of %s unavailable: %s", self.live_id, exc)
            self._bridge_failed = True
            return
        self._bridge = bridge
        header = flv.file_header(audio=self._audio is not None, video=self._video is not None)
        await bridge.write(header + b"".join(flv.tag(k, ts, b) for k, ts, b in pending))

    def _switch(self, broadcasting: bool) -> None:
        doc = self.app[STORE].get(self.project_id, KIND, self.live_id)
        if doc is not None:  # None: the live stream was deleted meanwhile
            live.set_broadcasting(self.app, self.project_id, doc, broadcasting)

    async def finish(self) -> None:
        """End it: switch the flag, flush ffmpeg, close the playlist, keep the recording."""
        if self._ended:
            return
        self._ended = True
        if self._on_air:
            self._switch(False)  # at once: the encoder is gone, whatever ffmpeg still writes
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            code = await bridge.close()
            if code:
                log.info("ffmpeg of live stream %s exited with %s", self.live_id, code)
        await asyncio.to_thread(live.end_playlist, self.hls_dir)
        live_doc = self.app[STORE].get(self.project_id, KIND, self.live_id)
        if bridge is not None and bridge.recording is not None and live_doc is not None:
            await publish_recording(self.app, self.project_id, live_doc, bridge.recording)

    def kill(self) -> None:
        """Stop ffmpeg at once (emulator shutdown)."""
        if self._bridge is not None:
            self._bridge.kill()
