"""Thumbnails: upload an image (V8) or pick a frame by timecode (V9).

The asset URL never changes (contract shapes keep ``.../thumbnail.jpg``); delivery sends it with
``Cache-Control: no-cache`` and an ETag so clients refetch after a change. A frame picked on a
video without a source yet is remembered and grabbed once the source is processed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aiohttp import web

from .. import media
from ..app import public_url, store_of
from ..ids import atom_now, new_uuid
from ..middleware import project_of
from ..multipart import read_multipart
from ..pipeline import THUMBNAIL_FILE, incoming_dir, install, pipeline_of, video_dir
from ..problems import attribute_required, invalid_attribute, not_found, upload_problem
from ..video_model import KIND, get_video, timecode_seconds, to_wire, update_video
from ..wire import json_response, read_json

MAX_IMAGE_BYTES = 8 * 1024 * 1024


def _publish(request: web.Request, project: str, video_id: str, fresh: Path, **fields: Any) -> dict:
    """Make ``fresh`` the video's thumbnail and record how it was set (on the loop: atomic)."""
    store = store_of(request)
    doc = store.get(project, KIND, video_id)
    if doc is None:
        fresh.unlink(missing_ok=True)
        raise not_found("videoId")
    os.replace(fresh, video_dir(request.app, project, video_id) / THUMBNAIL_FILE)

    def change(doc: dict[str, Any]) -> None:
        doc.update(fields)
        doc["updatedAt"] = atom_now()

    updated = update_video(store, project, video_id, change)
    if updated is None:
        raise not_found("videoId")
    return updated


async def upload_thumbnail(request: web.Request) -> web.Response:
    """V8: a JPEG, PNG or WebP (at most 8 MiB), stored as JPEG."""
    project = project_of(request).id
    store = store_of(request)
    video_id = request.match_info["videoId"]
    landed = incoming_dir(request.app) / f"{new_uuid()}.image"
    fresh: Path | None = None
    try:
        upload = await read_multipart(request, landed)
        get_video(store, project, video_id)
        if upload.size > MAX_IMAGE_BYTES:
            raise upload_problem(
                "uploaded-file-too-large", "The uploaded image must be at most 8 MiB."
            )
        fresh = video_dir(request.app, project, video_id) / f"upload-{new_uuid()}.jpg"
        try:
            await pipeline_of(request.app).run_media(media.image_to_jpeg, landed, fresh)
        except ValueError:
            raise upload_problem(
                "uploaded-file-extension-invalid",
                "Only jpeg, jpg, png and webp images are supported.",
            ) from None
        doc = _publish(request, project, video_id, fresh, _thumbnail="custom")
    finally:
        landed.unlink(missing_ok=True)
        if fresh is not None:
            fresh.unlink(missing_ok=True)
    return json_response(to_wire(doc, public_url(request), store, project))


async def pick_thumbnail(request: web.Request) -> web.Response:
    """V9: the frame at ``timecode`` (out of range: the first frame) becomes the thumbnail."""
    project = project_of(request).id
    store = store_of(request)
    video_id = request.match_info["videoId"]
    body = await read_json(request)
    doc = get_video(store, project, video_id)
    timecode = body.get("timecode")
    if timecode is None:
        raise attribute_required("timecode")
    state = doc.get("_media") or {}
    seconds = (
        timecode_seconds(timecode, state.get("framerate")) if isinstance(timecode, str) else None
    )
    if seconds is None:
        raise invalid_attribute(
            "timecode", "An attribute is invalid.", "Use hh:mm:ss.ms, hh:mm:ss:frame or seconds."
        )
    source = video_dir(request.app, project, video_id) / "source"
    ready = (
        (doc.get("_upload") or {}).get("assembled")
        and state.get("state") != "failed"
        and media.tools_available()
        and source.exists()
    )
    if not ready:
        # Remembered: the pipeline grabs this frame once the source is there.
        def remember(doc: dict[str, Any]) -> None:
            doc["_thumbnailTimecode"] = timecode
            if doc.get("_thumbnail") in ("custom", "picked"):
                doc["_thumbnail"] = "none"
            doc["updatedAt"] = atom_now()

        updated = update_video(store, project, video_id, remember)
        if updated is None:
            raise not_found("videoId")
        return json_response(to_wire(updated, public_url(request), store, project))
    duration = state.get("duration")
    if isinstance(duration, (int, float)) and seconds > duration:
        seconds = 0.0
    fresh = video_dir(request.app, project, video_id) / f"pick-{new_uuid()}.jpg"
    try:
        await pipeline_of(request.app).run_media(media.grab_frame, source, seconds, fresh)
        doc = _publish(
            request, project, video_id, fresh, _thumbnail="picked", _thumbnailTimecode=timecode
        )
    except media.MediaError:
        # The frame could not be decoded: keep the current thumbnail, as a re-pick would.
        doc = get_video(store, project, video_id)
    finally:
        fresh.unlink(missing_ok=True)
    return json_response(to_wire(doc, public_url(request), store, project))


def setup(app: web.Application) -> None:
    install(app)
    app.router.add_post("/videos/{videoId}/thumbnail", upload_thumbnail)
    app.router.add_patch("/videos/{videoId}/thumbnail", pick_thumbnail)
