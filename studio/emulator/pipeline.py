"""Background work on sources: fetch from a URL or a copy, then probe, thumbnail, HLS and MP4.

One asyncio task per video runs on the server loop; the blocking media steps run on the app's
worker threads (``app[WORKERS]``). Every result is written to the video document as soon as it
exists (``_media``), so the encoding timeline (encoding.py) never reports a rendition whose files
are missing. Tasks are not persisted: :meth:`Pipeline.ensure` restarts the work of a video left
half-processed by a previous run the first time someone looks at it.

Files of a video (``store.files(project, "video", videoId)``): ``source``, ``parts/``,
``hls/<rendition>/``, ``playback.mp4`` (remux or transcode when the source is no browser MP4),
``thumbnail.jpg``.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from . import encoding, media
from .app import CONFIG, STORE, WORKERS
from .ids import new_uuid
from .ingest import new_ledger
from .video_model import KIND, timecode_seconds, update_video

log = logging.getLogger(__name__)
T = TypeVar("T")

THUMBNAIL_FILE = "thumbnail.jpg"
USER_THUMBNAILS = ("custom", "picked")  # set by the user; the pipeline never overwrites them
DOWNLOAD_LIMIT = 10 * 1024**3  # bytes accepted from a ``source`` URL
DOWNLOAD_TIMEOUT_S = 600


def video_dir(app: web.Application, project: str, video_id: str) -> Path:
    return app[STORE].files(project, KIND, video_id)


def incoming_dir(app: web.Application) -> Path:
    """Where request bodies land before they are checked (same filesystem as the videos)."""
    path = app[STORE].data_dir / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_media_state() -> dict[str, Any]:
    return {"state": "pending", "startedAt": time.time(), "probed": False}


def default_frame_seconds(duration: float) -> float:
    """About 1 s in, or the first frame of very short sources."""
    return 1.0 if duration >= 2.0 else 0.0


class Pipeline:
    """Per-video locks and background tasks of one emulator app."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self._tasks: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._token_lock = asyncio.Lock()

    # ---- locks -----------------------------------------------------------------------------

    def lock(self, project: str, video_id: str) -> asyncio.Lock:
        """Serialises the upload bookkeeping of one video (parts may arrive concurrently)."""
        return self._locks.setdefault((project, video_id), asyncio.Lock())

    @property
    def token_lock(self) -> asyncio.Lock:
        """Serialises choosing the video of a token upload chunk sent without videoId."""
        return self._token_lock

    # ---- worker threads --------------------------------------------------------------------

    async def run_media(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking media step on the app's worker threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.app[WORKERS], fn, *args)

    # ---- tasks -----------------------------------------------------------------------------

    def _spawn(self, key: tuple[str, str], work: Callable[[], Any]) -> None:
        running = self._tasks.get(key)
        if running is not None and not running.done():
            return
        task = asyncio.get_running_loop().create_task(work())
        self._tasks[key] = task
        task.add_done_callback(functools.partial(self._finished, key))

    def _finished(self, key: tuple[str, str], task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if not task.cancelled() and task.exception() is not None:
            log.error("media pipeline failed for %s", key[1], exc_info=task.exception())

    def start(self, project: str, video_id: str) -> None:
        """Process a video whose source is complete (``_media`` already set to pending)."""
        self._spawn((project, video_id), lambda: self._process(project, video_id))

    def ingest(self, project: str, video_id: str, origin: str, value: str) -> None:
        """Fetch a ``source`` given at creation (a URL, or a videoId to copy), then process."""
        self._spawn((project, video_id), lambda: self._ingest(project, video_id, origin, value))

    def ensure(self, project: str, doc: dict[str, Any]) -> None:
        """Restart the work of a video a previous run left unfinished."""
        key = (project, doc["videoId"])
        if key in self._tasks:
            return
        upload = doc.get("_upload") or {}
        state = (doc.get("_media") or {}).get("state")
        if upload.get("assembled") and state in ("pending", "processing"):
            self.start(project, doc["videoId"])
        elif upload.get("origin") in ("copy", "download") and not upload.get("assembled"):
            source = upload.get("from")
            if isinstance(source, str):
                self.ingest(project, doc["videoId"], upload["origin"], source)

    def cancel(self, project: str, video_id: str) -> None:
        task = self._tasks.pop((project, video_id), None)
        if task is not None:
            task.cancel()
        self._locks.pop((project, video_id), None)

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # ---- the work --------------------------------------------------------------------------

    def _update(
        self, project: str, video_id: str, change: Callable[[dict[str, Any]], None]
    ) -> bool:
        try:
            return update_video(self.app[STORE], project, video_id, change) is not None
        except Exception:  # the store closed under us (shutdown): nothing left to record
            log.debug("could not record media state of %s", video_id, exc_info=True)
            return False

    def _set_media(self, project: str, video_id: str, **fields: Any) -> bool:
        def change(doc: dict[str, Any]) -> None:
            doc.setdefault("_media", new_media_state()).update(fields)

        return self._update(project, video_id, change)

    async def _process(self, project: str, video_id: str) -> None:
        store = self.app[STORE]
        doc = store.get(project, KIND, video_id)
        if doc is None:
            return
        folder = video_dir(self.app, project, video_id)
        source = folder / "source"
        if not self._set_media(project, video_id, state="processing"):
            return
        if not media.tools_available():
            # Degraded mode (see media.py): no metadata, no HLS, the upload served as the MP4.
            self._set_media(
                project,
                video_id,
                probed=True,
                metadata=dict(media.EMPTY_METADATA),
                packaging="none",
                mp4="source",
                state="ready",
            )
            return
        try:
            info = await self.run_media(media.probe, source)
        except media.MediaError as exc:
            self._set_media(
                project,
                video_id,
                probed=True,
                state="failed",
                error=str(exc),
                metadata=dict(media.EMPTY_METADATA),
            )
            return
        if not self._set_media(
            project,
            video_id,
            probed=True,
            lines=info.lines,
            metadata=info.metadata(),
            duration=info.duration,
            framerate=info.framerate,
        ):
            return
        await self._default_thumbnail(project, video_id, source, info)
        try:
            if media.needs_transcode(info):
                playback = folder / "playback.mp4"
                low = await self.run_media(media.transcode_low_rung, source, info, playback)
                name = encoding.ladder(low.lines)[-1]
                rendition = await self.run_media(
                    media.package_hls, playback, low, folder / "hls", name
                )
                self._set_media(project, video_id, renditions=[rendition.as_dict()])
                self._set_media(project, video_id, mp4=playback.name)
            else:
                name = encoding.ladder(info.lines)[-1]
                rendition = await self.run_media(
                    media.package_hls, source, info, folder / "hls", name
                )
                self._set_media(project, video_id, renditions=[rendition.as_dict()])
                if info.is_mp4:
                    self._set_media(project, video_id, mp4="source")
                else:
                    playback = folder / "playback.mp4"
                    await self.run_media(media.remux_mp4, source, info, playback)
                    self._set_media(project, video_id, mp4=playback.name)
        except media.MediaError as exc:
            self._set_media(project, video_id, state="failed", error=str(exc))
            return
        self._set_media(project, video_id, state="ready")

    async def _default_thumbnail(
        self, project: str, video_id: str, source: Path, info: media.Probe
    ) -> None:
        """A frame at the picked timecode, else at about 1 s, unless a thumbnail was set."""
        doc = self.app[STORE].get(project, KIND, video_id)
        if doc is None or doc.get("_thumbnail") in USER_THUMBNAILS:
            return
        picked = doc.get("_thumbnailTimecode")
        seconds = timecode_seconds(picked, info.framerate) if isinstance(picked, str) else None
        if seconds is None:
            seconds = default_frame_seconds(info.duration)
        elif seconds > info.duration:
            seconds = 0.0  # out of range: the first frame (contract 3.2 V9)
        folder = video_dir(self.app, project, video_id)
        fresh = folder / f"frame-{new_uuid()}.jpg"
        try:
            await self.run_media(media.grab_frame, source, seconds, fresh)
        except media.MediaError:
            fresh.unlink(missing_ok=True)
            return
        # Publish only if nobody uploaded or picked a thumbnail meanwhile (checked on the loop).
        current = self.app[STORE].get(project, KIND, video_id)
        if current is None or current.get("_thumbnail") in USER_THUMBNAILS:
            fresh.unlink(missing_ok=True)
            return
        os.replace(fresh, folder / THUMBNAIL_FILE)
        self._update(project, video_id, lambda d: d.update(_thumbnail="frame"))

    async def _ingest(self, project: str, video_id: str, origin: str, value: str) -> None:
        folder = video_dir(self.app, project, video_id)
        target = incoming_dir(self.app) / f"{new_uuid()}.source"
        try:
            if origin == "copy":
                original = self.app[STORE].files(project, KIND, value) / "source"
                await asyncio.to_thread(shutil.copyfile, original, target)
            else:
                await self._download(value, target)
            size = target.stat().st_size
            digest = await asyncio.to_thread(file_sha256, target)
            os.replace(target, folder / "source")
        except (OSError, aiohttp.ClientError, TimeoutError, ValueError) as exc:
            target.unlink(missing_ok=True)
            log.info("ingest of %s from %s failed: %s", video_id, value, exc)
            reason = str(exc)

            def failed(doc: dict[str, Any]) -> None:
                doc["_upload"]["assembled"] = True
                doc["_media"] = {
                    **new_media_state(),
                    "state": "failed",
                    "probed": True,
                    "error": reason,
                    "metadata": dict(media.EMPTY_METADATA),
                }

            self._update(project, video_id, failed)
            return

        def done(doc: dict[str, Any]) -> None:
            ledger = doc.setdefault("_upload", new_ledger(origin))
            ledger.update(complete=True, assembled=True, size=size, sha256=digest)
            doc["_media"] = new_media_state()

        if self._update(project, video_id, done):
            await self._process(project, video_id)

    async def _download(self, url: str, target: Path) -> None:
        timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url) as response:
                if response.status != 200:
                    raise ValueError(f"HTTP {response.status}")
                received = 0
                out = await asyncio.to_thread(open, target, "wb")
                try:
                    async for chunk in response.content.iter_chunked(1 << 20):
                        received += len(chunk)
                        if received > DOWNLOAD_LIMIT:
                            raise ValueError("source too large")
                        await asyncio.to_thread(out.write, chunk)
                finally:
                    out.close()
        if received == 0:
            raise ValueError("empty source")


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


PIPELINE: web.AppKey[Pipeline] = web.AppKey("video_pipeline", Pipeline)


def install(app: web.Application) -> Pipeline:
    """Attach the pipeline to an app (idempotent; call from route ``setup``)."""
    if PIPELINE not in app:
        app[PIPELINE] = Pipeline(app)

        async def close(app: web.Application) -> None:
            await app[PIPELINE].close()

        app.on_shutdown.append(close)
    return app[PIPELINE]


def pipeline_of(app: web.Application) -> Pipeline:
    return app[PIPELINE]


def step_seconds(app: web.Application) -> float:
    return float(app[CONFIG].encoding_step_s)
