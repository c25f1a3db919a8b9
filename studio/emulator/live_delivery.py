"""How live streams are watched: asset URLs, private tokens, and the routes serving them.

URL shapes (contract 6.1), under the emulator's public base URL:

* player ``{base}/embed/live/{id}`` (private: ``?token={t}``) - a small HTML page;
* HLS ``{base}/live/{id}.m3u8`` (private: ``{base}/live/private/{t}/{id}.m3u8``);
* thumbnail ``{base}/live/{id}/thumbnail.jpg`` (private: under ``/live/private/{t}/``).

A private live stream gets a new UUID token in every API response; a token stays valid 24 h.

The HLS of a broadcast lives in :func:`hls_dir` as ``live.m3u8`` plus its segments: the RTMP
ingest writes there. The playlist answers 202 with no body until the stream is broadcasting and
a playlist exists (what players and the uploader's readiness polling expect, contract 6.3).
"""

from __future__ import annotations

import asyncio
import html
import json
import mimetypes
from pathlib import Path
from typing import Any

from aiohttp import web

from .app import public_url, store_of
from .ids import new_uuid
from .images import placeholder_jpeg
from .problems import Problem, not_found
from .store import Store
from .wire import empty_response

KIND = "live_stream"
PLAYLIST = "live.m3u8"
PRIVATE_TOKEN_LIFETIME_S = 24 * 3600
HLS_TYPE = "application/vnd.apple.mpegurl"
_SEGMENT_TYPES = {".ts": "video/mp2t", ".m4s": "video/iso.segment", ".mp4": "video/mp4"}
_placeholders: dict[str, bytes] = {}


def hls_dir(store: Store, project_id: str, live_id: str) -> Path:
    """Folder of the live HLS (``live.m3u8`` and segments) of one live stream."""
    return store.files(project_id, KIND, live_id) / "hls"


def thumbnail_path(store: Store, project_id: str, live_id: str) -> Path:
    """Where an uploaded live-stream thumbnail is kept (always re-encoded as JPEG)."""
    return store.files(project_id, KIND, live_id) / "thumbnail.jpg"


def _token_kind(live_id: str) -> str:
    return f"live-private:{live_id}"


def live_assets(request: web.Request, project_id: str, doc: dict[str, Any]) -> dict[str, str]:
    """``assets`` of a LiveStream response; mints a private token when the stream is private."""
    base = public_url(request)
    live_id = doc["liveStreamId"]
    if doc.get("public", True):
        player = f"{base}/embed/live/{live_id}"
        media = f"{base}/live/{live_id}"
    else:
        token = new_uuid()
        store_of(request).add_token(
            token, _token_kind(live_id), project_id, PRIVATE_TOKEN_LIFETIME_S
        )
        player = f"{base}/embed/live/{live_id}?token={token}"
        media = f"{base}/live/private/{token}/{live_id}"
    iframe = (
        f'<iframe src="{player}" width="100%" height="100%" frameborder="0" '
        'scrolling="no" allowfullscreen="true"></iframe>'
    )
    return {
        "iframe": iframe,
        "player": player,
        "hls": f"{media}.m3u8",
        "thumbnail": f"{media}/thumbnail.jpg",
    }


def _stream(request: web.Request, live_id: str, token: str | None) -> tuple[str, dict[str, Any]]:
    """The project and document of a live stream a delivery URL may show, or a Problem."""
    found = store_of(request).find(KIND, live_id)
    if found is None:
        raise not_found("liveStreamId")
    project_id, doc = found
    if token is not None:
        if store_of(request).token_project(token, _token_kind(live_id)) != project_id:
            raise Problem(403, None, "The private token is invalid or expired.")
    elif not doc.get("public", True):
        raise Problem(403, None, "This live stream is private: use the URLs the API returns.")
    return project_id, doc


def _rewrite_playlist(text: str, live_id: str) -> str:
    """Segment URIs are stored bare; served under ``{id}/`` so they resolve next to the URL."""
    lines = []
    for line in text.splitlines():
        if line and not line.startswith("#") and "/" not in line:
            line = f"{live_id}/{line}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _read_if_exists(path: Path) -> str | None:
    return path.read_text() if path.is_file() else None


async def playlist(request: web.Request) -> web.StreamResponse:
    live_id = request.match_info["liveStreamId"]
    project_id, doc = _stream(request, live_id, request.match_info.get("token"))
    path = hls_dir(store_of(request), project_id, live_id) / PLAYLIST
    text = await asyncio.to_thread(_read_if_exists, path) if doc.get("broadcasting") else None
    if not text:
        return empty_response(202)  # nothing playable yet (contract 6.3)
    resp = web.Response(text=_rewrite_playlist(text, live_id))
    resp.headers["Content-Type"] = HLS_TYPE
    resp.headers["Cache-Control"] = "no-cache"
    return resp


def _placeholder(label: str) -> bytes:
    if label not in _placeholders:
        _placeholders[label] = placeholder_jpeg(label)
    return _placeholders[label]


async def live_file(request: web.Request) -> web.StreamResponse:
    """The thumbnail, or a segment of the live HLS."""
    live_id = request.match_info["liveStreamId"]
    name = request.match_info["name"]
    project_id, doc = _stream(request, live_id, request.match_info.get("token"))
    store = store_of(request)
    if name == "thumbnail.jpg":
        path = thumbnail_path(store, project_id, live_id)
        if await asyncio.to_thread(path.is_file):
            return web.FileResponse(path, headers={"Content-Type": "image/jpeg"})
        label = "LIVE" if doc.get("broadcasting") else "Live stream offline"
        body = await asyncio.to_thread(_placeholder, label)
        return web.Response(body=body, headers={"Content-Type": "image/jpeg"})
    if "/" in name or name.startswith("."):
        raise not_found("file")
    path = hls_dir(store, project_id, live_id) / name
    if not await asyncio.to_thread(path.is_file):
        raise not_found("file")
    ctype = _SEGMENT_TYPES.get(path.suffix) or mimetypes.guess_type(name)[0]
    return web.FileResponse(path, headers={"Content-Type": ctype or "application/octet-stream"})


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>html,body{{margin:0;height:100%;background:#000;color:#ccc;font:14px sans-serif}}
video{{width:100%;height:100%;object-fit:contain}}
#state{{position:absolute;top:8px;left:8px;background:#0008;padding:4px 8px;border-radius:4px}}
</style></head><body>
<video id="v" controls autoplay muted playsinline poster="{poster}"></video>
<div id="state">Waiting for the broadcast...</div>
<script>
const cfg = {config};
const video = document.getElementById("v"), state = document.getElementById("state");
let sessionId = null;
function report(type, extra) {{
  const event = Object.assign({{sessionId, liveStreamId: cfg.id, type,
    at: Math.floor(video.currentTime || 0), referrer: document.referrer || null}}, extra);
  fetch("/_emulator/player-events", {{method: "POST",
    headers: {{"Content-Type": "application/json"}}, body: JSON.stringify(event)}})
    .then(r => r.json()).then(b => {{ sessionId = b.sessionId; }}).catch(() => {{}});
}}
async function waitLive() {{
  const r = await fetch(cfg.hls, {{cache: "no-store"}});
  if (r.status !== 200) {{ setTimeout(waitLive, 2000); return; }}
  state.textContent = "Live";
  if (video.canPlayType("application/vnd.apple.mpegurl")) video.src = cfg.hls;
  else if (window.Hls && window.Hls.isSupported()) {{
    const hls = new window.Hls(); hls.loadSource(cfg.hls); hls.attachMedia(video);
  }} else state.textContent = "Live - open the HLS URL in a player: " + cfg.hls;
}}
report("ready");
video.addEventListener("play", () => report("play"));
video.addEventListener("pause", () => report("pause"));
video.addEventListener("ended", () => report("end"));
waitLive();
</script></body></html>
"""


async def embed_page(request: web.Request) -> web.Response:
    """A minimal live player: polls the playlist, plays it, reports player events."""
    live_id = request.match_info["liveStreamId"]
    token = request.query.get("token")
    _project_id, doc = _stream(request, live_id, token)
    base = public_url(request)
    media = f"{base}/live/private/{token}/{live_id}" if token else f"{base}/live/{live_id}"
    config = json.dumps({"id": live_id, "hls": f"{media}.m3u8"}).replace("</", "<\\/")
    page = _PAGE.format(
        title=html.escape(doc.get("name") or live_id),
        poster=html.escape(f"{media}/thumbnail.jpg"),
        config=config,
    )
    return web.Response(text=page, content_type="text/html")


def setup(app: web.Application) -> None:
    app.router.add_get("/live/private/{token}/{liveStreamId}.m3u8", playlist)
    app.router.add_get("/live/private/{token}/{liveStreamId}/{name}", live_file)
    app.router.add_get("/live/{liveStreamId}.m3u8", playlist)
    app.router.add_get("/live/{liveStreamId}/{name}", live_file)
    app.router.add_get("/embed/live/{liveStreamId}", embed_page)
