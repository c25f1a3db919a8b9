"""Delivery of video assets (contract 6): HLS, MP4 with Range, thumbnail, player page. No auth.

Public videos are served at ``/vod/{id}/...``; private ones need a private token, either in the
path (``/vod/{id}/token/{token}/...``), as ``?token=``, or a session token as ``?avh=`` obtained
from ``/vod/{id}/token/{token}/session``. Tokens stay valid 24 h (not single-use here).

``hls/manifest.m3u8`` answers 202 with no body until an HLS rendition is encoded (the uploader's
readiness poll, contract 6.3), then a master playlist whose relative variant URIs keep the token
form they were asked with. ``mp4/source.mp4`` serves the source when it already is an MP4, else a
remux or transcode, with HTTP Range support; it is served whatever ``mp4Support`` says so that
the player page can always play. ``/embed/vod/{id}`` is an offline HTML5 player (static/).
"""

from __future__ import annotations

import html
import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from .. import encoding, media
from ..app import config_of, store_of
from ..pipeline import THUMBNAIL_FILE, install, pipeline_of, video_dir
from ..problems import Problem, not_found
from ..video_model import (
    KIND,
    PRIVATE_TOKEN_KIND,
    PRIVATE_TOKEN_LIFETIME_S,
    SESSION_TOKEN_KIND,
)
from ..wire import empty_response, json_response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}$")
NO_CACHE = {"Cache-Control": "no-cache"}


# ---- access ----------------------------------------------------------------------------------


def _video(request: web.Request) -> tuple[str, dict[str, Any]]:
    """The (project, document) of the requested video, if the request may see it."""
    video_id = request.match_info["videoId"]
    store = store_of(request)
    found = store.find(KIND, video_id)
    if found is None or found[1].get("discarded"):
        raise not_found("videoId")
    project, doc = found
    if doc.get("public", True):
        return project, doc
    token = request.match_info.get("token") or request.query.get("token")
    avh = request.query.get("avh")
    if token and store.token_project(token, f"{PRIVATE_TOKEN_KIND}:{video_id}") == project:
        return project, doc
    if avh and store.token_project(avh, f"{SESSION_TOKEN_KIND}:{video_id}") == project:
        return project, doc
    raise Problem(403, None, "This video is private: a valid private token is required.")


def _carry_query(request: web.Request) -> str:
    """The access query (``token``/``avh``) to repeat on URIs inside playlists."""
    kept = [(k, request.query[k]) for k in ("token", "avh") if k in request.query]
    return "?" + "&".join(f"{k}={v}" for k, v in kept) if kept else ""


def _timeline(request: web.Request, doc: dict[str, Any]) -> list[dict[str, str]]:
    state = doc.get("_media")
    if not state:
        return []
    return encoding.qualities(
        encoding.MediaState.from_doc(state),
        time.time(),
        config_of(request).encoding_step_s,
        mp4=True,
    )


# ---- HLS -------------------------------------------------------------------------------------


def _playlist(text: str) -> web.Response:
    response = web.Response(body=text.encode(), headers=NO_CACHE)
    response.headers["Content-Type"] = PLAYLIST_TYPE  # exact, without a charset parameter
    return response


async def hls_manifest(request: web.Request) -> web.StreamResponse:
    project, doc = _video(request)
    pipeline_of(request.app).ensure(project, doc)
    if not encoding.hls_playable(_timeline(request, doc)):
        response = empty_response(202)
        response.headers.update(NO_CACHE)
        return response
    suffix = _carry_query(request)
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for rendition in doc["_media"]["renditions"]:
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={rendition['bandwidth']},"
            f"RESOLUTION={rendition['width']}x{rendition['height']}"
        )
        lines.append(f"{rendition['name']}/index.m3u8{suffix}")
    return _playlist("\n".join(lines) + "\n")


async def hls_file(request: web.Request) -> web.StreamResponse:
    project, doc = _video(request)
    rendition, name = request.match_info["rendition"], request.match_info["name"]
    if not (SAFE_NAME.match(rendition) and SAFE_NAME.match(name)):
        raise not_found("file")
    if not encoding.hls_playable(_timeline(request, doc)):
        raise not_found("file")
    path = video_dir(request.app, project, doc["videoId"]) / "hls" / rendition / name
    if not path.is_file():
        raise not_found("file")
    if name.endswith(".m3u8"):
        suffix = _carry_query(request)
        text = path.read_text()
        if suffix:
            text = "\n".join(
                line + suffix if line and not line.startswith("#") else line
                for line in text.splitlines()
            )
        return _playlist(text)
    return web.FileResponse(path, headers={"Content-Type": "video/mp2t"})


# ---- MP4 and thumbnail -----------------------------------------------------------------------


async def mp4(request: web.Request) -> web.StreamResponse:
    project, doc = _video(request)
    pipeline_of(request.app).ensure(project, doc)
    ready = any(q["type"] == "mp4" and q["status"] == "encoded" for q in _timeline(request, doc))
    produced = (doc.get("_media") or {}).get("mp4")
    if not ready or not isinstance(produced, str) or not SAFE_NAME.match(produced):
        raise not_found("file")
    path = video_dir(request.app, project, doc["videoId"]) / produced
    if not path.is_file():
        raise not_found("file")
    return web.FileResponse(path, headers={"Content-Type": "video/mp4"})


async def _placeholder(request: web.Request) -> Path:
    """A shared generated poster for videos without a frame (made once per data dir)."""
    path = store_of(request).data_dir / "placeholder.jpg"
    if not path.exists():
        await pipeline_of(request.app).run_media(media.placeholder_jpeg, path)
    return path


async def thumbnail(request: web.Request) -> web.StreamResponse:
    project, doc = _video(request)
    pipeline_of(request.app).ensure(project, doc)
    path = video_dir(request.app, project, doc["videoId"]) / THUMBNAIL_FILE
    if not path.is_file():
        path = await _placeholder(request)
    # Same URL after every change: make clients revalidate (aiohttp adds ETag/Last-Modified).
    return web.FileResponse(path, headers={"Content-Type": "image/jpeg", **NO_CACHE})


async def session(request: web.Request) -> web.Response:
    """A session token (``avh``) for further asset requests of a private playback."""
    project, doc = _video(request)
    token = secrets.token_urlsafe(24)
    store_of(request).add_token(
        token, f"{SESSION_TOKEN_KIND}:{doc['videoId']}", project, PRIVATE_TOKEN_LIFETIME_S
    )
    return json_response({"session_token": token})


# ---- player page -----------------------------------------------------------------------------

_PLAYER_TEMPLATE: str | None = None


def _template() -> str:
    global _PLAYER_TEMPLATE
    if _PLAYER_TEMPLATE is None:
        _PLAYER_TEMPLATE = (STATIC_DIR / "player.html").read_text(encoding="utf-8")
    return _PLAYER_TEMPLATE


def _theme(request: web.Request, project: str, doc: dict[str, Any]) -> dict[str, Any]:
    player_id = doc.get("playerId")
    if not isinstance(player_id, str):
        return {}
    theme = store_of(request).get(project, "player", player_id) or {}
    return {k: v for k, v in theme.items() if not k.startswith("_") and k != "assets"}


async def player_page(request: web.Request) -> web.Response:
    try:
        project, doc = _video(request)
    except Problem as problem:
        return web.Response(
            status=problem.status,
            text=f"<!doctype html><title>Video unavailable</title><p>{html.escape(problem.title)}",
            content_type="text/html",
        )
    video_id = doc["videoId"]
    token = request.query.get("token")
    base = f"/vod/{video_id}" + (f"/token/{token}" if token else "")
    avh = request.query.get("avh")
    query = f"?avh={avh}" if avh else ""
    config = {
        "videoId": video_id,
        "title": doc.get("title", ""),
        "hls": f"{base}/hls/manifest.m3u8{query}",
        "mp4": f"{base}/mp4/source.mp4{query}",
        "thumbnail": f"{base}/thumbnail.jpg{query}",
        "events": "/_emulator/player-events",
        "theme": _theme(request, project, doc),
    }
    # "</" inside a <script> block would end it early.
    payload = json.dumps(config).replace("</", "<\\/")
    page = (
        _template()
        .replace("__PLAYER_TITLE__", html.escape(config["title"]))
        .replace("__PLAYER_CONFIG__", payload)
    )
    return web.Response(text=page, content_type="text/html", headers=NO_CACHE)


def setup(app: web.Application) -> None:
    install(app)
    for prefix in ("/vod/{videoId}", "/vod/{videoId}/token/{token}"):
        app.router.add_get(f"{prefix}/hls/manifest.m3u8", hls_manifest)
        app.router.add_get(f"{prefix}/hls/{{rendition}}/{{name}}", hls_file)
        app.router.add_get(f"{prefix}/mp4/source.mp4", mp4)
        app.router.add_get(f"{prefix}/thumbnail.jpg", thumbnail)
    app.router.add_get("/vod/{videoId}/token/{token}/session", session)
    app.router.add_get("/embed/vod/{videoId}", player_page)
    app.router.add_static("/static/player", STATIC_DIR)
