"""WebVTT tracks attached to videos - what captions and chapters share.

Both are keyed ``{videoId}/{language}`` (the language in canonical case, so ``en-us`` and
``en-US`` are one track), checked with the strict :mod:`studio.emulator.webvtt` parser, kept
next to the video's files (``<video files>/{captions|chapters}/{language}.vtt``, so removing a
video's folder removes its tracks too) and served at
``{base}/vod/{videoId}/{captions|chapters}/{language}.vtt`` as ``text/vtt`` with CORS.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from .app import store_of
from .ids import new_uuid
from .languages import LanguageError, LanguageTag, parse_tag
from .middleware import project_of
from .multipart import read_multipart
from .problems import invalid_attribute, not_found, upload_problem
from .store import Store
from .webvtt import WebVTTError, parse_bytes
from .wire import empty_response, json_response, paginate

VIDEO_KIND = "video"
VTT_TYPE = "text/vtt; charset=utf-8"


def require_video(request: web.Request, project_id: str, video_id: str) -> dict[str, Any]:
    """The video document, or 404 naming ``videoId``."""
    video = store_of(request).get(project_id, VIDEO_KIND, video_id)
    if video is None:
        raise not_found("videoId")
    return video


def checked_language(tag: str) -> LanguageTag:
    """The parsed tag, or the contract's 400 ``invalid-attribute`` naming ``language``."""
    try:
        return parse_tag(tag)
    except LanguageError as exc:
        raise invalid_attribute("language", detail=exc.detail) from None


def doc_id(video_id: str, language: LanguageTag) -> str:
    return f"{video_id}/{language.key}"


def track_path(store: Store, project_id: str, video_id: str, family: str, key: str) -> Path:
    """File of one track; ``family`` is ``captions`` or ``chapters``."""
    return store.files(project_id, VIDEO_KIND, video_id) / family / f"{key}.vtt"


def _check_and_keep(staging: Path, dest: Path) -> None:
    """Parse the upload strictly; keep it at ``dest`` only when it is valid WebVTT."""
    try:
        parse_bytes(staging.read_bytes())
    except WebVTTError as exc:
        staging.unlink(missing_ok=True)
        problem = upload_problem("uploaded-file-invalid-file", "The uploaded file is invalid.")
        problem.detail = f"The file is not valid WebVTT. {exc}"
        raise problem from None
    staging.replace(dest)


async def receive_vtt(
    request: web.Request, project_id: str, video_id: str, family: str, key: str
) -> None:
    """Read the multipart upload of one track and store it (400 problem when invalid)."""
    dest = track_path(store_of(request), project_id, video_id, family, key)
    staging = dest.with_name(f"{key}.upload-{new_uuid()}.tmp")
    upload = await read_multipart(request, staging)
    assert upload.path is not None  # read_multipart requires a file
    await asyncio.to_thread(_check_and_keep, upload.path, dest)


def vtt_route(family: str, kind: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Handler of ``/vod/{videoId}/{family}/{language}.vtt`` for documents of ``kind``."""

    async def serve(request: web.Request) -> web.StreamResponse:
        store = store_of(request)
        video_id = request.match_info["videoId"]
        found = store.find(VIDEO_KIND, video_id)
        try:
            language = parse_tag(request.match_info["language"])
        except LanguageError:
            language = None
        if found is None or language is None:
            raise not_found("language" if found else "videoId")
        project_id = found[0]
        if store.get(project_id, kind, doc_id(video_id, language)) is None:
            raise not_found("language")
        path = track_path(store, project_id, video_id, family, language.key)
        if not await asyncio.to_thread(path.is_file):
            raise not_found("language")
        return web.FileResponse(path, headers={"Content-Type": VTT_TYPE})

    return serve


async def delete_track(
    request: web.Request, kind: str, family: str, key: str, doc: dict[str, Any]
) -> web.Response:
    """DELETE of one track: its document, then its file (204)."""
    project = project_of(request)
    store = store_of(request)
    store.delete(project.id, kind, key)
    path = track_path(store, project.id, doc["videoId"], family, doc["_language"])
    await asyncio.to_thread(path.unlink, missing_ok=True)
    return empty_response()


def list_tracks(
    request: web.Request, kind: str, to_json: Callable[[web.Request, dict[str, Any]], Any]
) -> web.Response:
    """GET of a video's tracks of ``kind``, paginated like every list."""
    project = project_of(request)
    video_id = request.match_info["videoId"]
    require_video(request, project.id, video_id)
    docs = [d for d in store_of(request).list(project.id, kind) if d["videoId"] == video_id]
    page = paginate(request, docs)
    page["data"] = [to_json(request, d) for d in page["data"]]
    return json_response(page)
