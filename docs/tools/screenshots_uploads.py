"""Upload-queue screenshot: the real ``UploadsPanel`` over a busy, staged queue.

Called by ``docs/tools/screenshots.py``. A transfer is over in a blink on loopback, so the queue is
staged instead: items in every state are written to a private queue database (in a temporary
folder, never the user's), loaded without starting any transfer, and the two "uploading" items
get live figures (bytes sent, a measured speed) as a running upload would give them.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QSize

from studio.api.upload_state import UploadState
from studio.services.context import AppContext
from studio.services.media_sniffing import Refusal
from studio.services.upload_item import UploadItem, UploadPhase, VideoDetails
from studio.services.upload_queue import UploadQueue, project_key
from studio.services.upload_store import UploadDatabase, row_of
from studio.ui.panels.uploads import UploadsPanel

SIZE = QSize(1360, 820)
FOLDER = Path("/home/alex/Videos")  # a neutral path, not the machine's
DESCRIPTIONS = {"keynote-2024-final.mov": "Recorded live on the main stage, Paris, June 2024."}
MB = 1_000_000
CHUNK = 50 * (1 << 20)

# (file, title, size, phase, share sent, bytes per second, error, tags)
STAGED: list[tuple[str, str, int, UploadPhase, float, float, str, list[str]]] = [
    ("keynote-2024-final.mov", "Keynote 2024 — full session", 2_840 * MB,
     UploadPhase.UPLOADING, 0.63, 41.5 * MB, "", ["event", "keynote"]),
    ("drone_coastline_4k.mp4", "Coastline from above (4K)", 1_210 * MB,
     UploadPhase.UPLOADING, 0.18, 36.2 * MB, "", ["b-roll"]),
    ("interview-maria.mp4", "Interview: Maria Lopez", 734 * MB,
     UploadPhase.QUEUED, 0.0, 0.0, "", ["interviews"]),
    ("product-tour-v3.mkv", "Product tour v3", 512 * MB,
     UploadPhase.PAUSED, 0.41, 0.0, "", []),
    ("webinar-recording.mp4", "Webinar recording", 1_930 * MB,
     UploadPhase.FAILED, 0.27, 0.0,
     "Connection lost: ConnectError: [Errno 101] Network is unreachable", []),
    ("teaser_15s.mp4", "Launch teaser (15 s)", 48 * MB,
     UploadPhase.PROCESSING, 1.0, 0.0, "", ["social"]),
    ("onboarding-01.mp4", "Onboarding 01 — Getting started", 286 * MB,
     UploadPhase.PLAYABLE, 1.0, 0.0, "", ["onboarding"]),
    ("onboarding-02.mp4", "Onboarding 02 — Your first upload", 301 * MB,
     UploadPhase.PLAYABLE, 1.0, 0.0, "", ["onboarding"]),
]  # fmt: skip


def _stage(database: Path, project: str, project_name: str, folder: Path) -> None:
    """Write the staged items as the queue stores them (blocking)."""
    db = UploadDatabase(database)
    try:
        for name, title, size, phase, share, _, error, tags in STAGED:
            state = None
            if phase not in (UploadPhase.QUEUED,):
                video_id = f"vi{zlib.crc32(name.encode()):010d}{len(name):010d}"
                state = UploadState(
                    path=str(folder / name), size=size, mtime_ns=0, head_sha256="",
                    chunk_size=CHUNK, video_id=video_id,
                )  # fmt: skip
                parts = int(state.total_parts * share)
                state.parts_done = list(range(1, parts + 1))
            item = UploadItem(
                id=0,
                project=project,
                project_name=project_name,
                path=folder / name,
                size=size,
                details=VideoDetails(title, DESCRIPTIONS.get(name, ""), tags),
                phase=phase,
                error=error,
                video_id=state.video_id if state else None,
                state=state,
                created_at=time.time(),
            )
            db.insert(row_of(item))
    finally:
        db.close()


async def upload_queue(path: Path, context: AppContext) -> None:
    """A busy queue: two uploads running, one queued, paused, failed, processing, playable."""
    with tempfile.TemporaryDirectory(prefix="studio-shot-") as tmp:
        folder = Path(tmp)
        staged = AppContext(
            context.client,
            context.project,
            context.scope,
            data_dir=folder / "data",
            cache_dir=folder / "cache",
            settings=context.settings,
        )
        videos = FOLDER
        await asyncio.to_thread(
            _stage,
            folder / "data" / "uploads.sqlite3",
            project_key(context.project),
            context.project.name,
            videos,
        )
        queue = UploadQueue(staged)
        staged.uploads = queue
        await queue.load()  # loaded, not started: nothing is sent anywhere
        now = time.monotonic()
        for item, (_, _, size, phase, share, speed, _, _) in zip(queue.items, STAGED, strict=True):
            if phase is UploadPhase.UPLOADING:
                item.phase = phase
                item.sent = int(size * share)
                item.rate.sample(item.sent - int(speed * 2), now - 2)
                item.rate.sample(item.sent, now)

        panel = UploadsPanel(staged)
        panel.resize(SIZE)
        panel.show_refusals(
            [
                Refusal(videos / "thumbnail.png", "not a video (PNG image)"),
                Refusal(videos / "voiceover.wav", "not a video: audio only (WAV audio)"),
            ]
        )
        panel.select_items([queue.items[0].id])
        panel.show()
        await asyncio.sleep(0.3)  # the loop lays out and paints meanwhile
        panel.grab().save(str(path))
        panel.hide()
        panel.deleteLater()
        await queue.close()
        # The staged context listened to the shared client; stop that.
        if staged._on_rate_limit in context.client.rate_limit_listeners:
            context.client.rate_limit_listeners.remove(staged._on_rate_limit)
