"""The video a finished broadcast leaves: its recording, processed like an uploaded source.

The video is built with :func:`~studio.emulator.video_model.new_video` (same shape as every
other video), carries ``source.liveStream`` (so ``GET /videos?liveStreamId=`` lists it), and
goes through the media pipeline; webhook ``video.source.recorded`` fires (contract 3.4, 8).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

from aiohttp import web

from ..app import STORE
from ..ingest import new_ledger
from ..pipeline import PIPELINE, file_sha256, new_media_state, video_dir
from ..video_model import KIND as VIDEO_KIND
from ..video_model import new_video
from ..webhook_delivery import emit_event

log = logging.getLogger(__name__)

LEDGER_ORIGIN = "live"  # not "upload": uploading to a recording is refused as already set


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def live_source(video_id: str, live_id: str) -> dict[str, Any]:
    """``source`` of a recording (contract 4.2; ``links`` content inferred)."""
    return {
        "type": "upload",  # the only value observed in real responses (contract 4.2)
        "uri": f"/videos/{video_id}/source",
        "liveStream": {
            "liveStreamId": live_id,
            "links": [{"rel": "self", "uri": f"/live-streams/{live_id}"}],
        },
    }


async def publish_recording(
    app: web.Application, project_id: str, live_doc: dict[str, Any], recording: Path
) -> str | None:
    """Make a video of ``recording`` (moved into the video's folder); returns its videoId."""
    size = await asyncio.to_thread(_size, recording)
    if size == 0:
        await asyncio.to_thread(recording.unlink, missing_ok=True)
        return None
    live_id = live_doc["liveStreamId"]
    doc = new_video(title=live_doc.get("name") or live_id)
    video_id = doc["videoId"]
    doc["source"] = live_source(video_id, live_id)
    player_id = live_doc.get("playerId")
    if player_id and app[STORE].get(project_id, "player", player_id) is not None:
        doc["playerId"] = player_id  # the recording plays in the live stream's player
    digest = await asyncio.to_thread(file_sha256, recording)
    folder = video_dir(app, project_id, video_id)
    await asyncio.to_thread(os.replace, recording, folder / "source")
    ledger = new_ledger(LEDGER_ORIGIN, filename=recording.name)
    ledger.update(mode="single", complete=True, assembled=True, size=size, sha256=digest)
    doc["_upload"] = ledger
    doc["_media"] = new_media_state()
    app[STORE].put(project_id, VIDEO_KIND, video_id, doc)
    if PIPELINE in app:
        app[PIPELINE].start(project_id, video_id)
    emit_event(
        app, project_id, "video.source.recorded", {"liveStreamId": live_id, "videoId": video_id}
    )
    log.info("recording of %s is video %s", live_id, video_id)
    return video_id
