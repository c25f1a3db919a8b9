"""Live streams (contract 3.4 L1-L8) and the control route that switches ``broadcasting``.

Documents of kind ``live_stream``, keyed by ``liveStreamId``::

    {"liveStreamId", "name", "streamKey", "public", "playerId"?, "broadcasting",
     "restreams", "record", "createdAt", "updatedAt"}

``restreams`` is always present (``[]``); the legacy ``record`` flag (creation default false)
is accepted and echoed for clients older than 2023-09. ``broadcasting`` changes only through
the RTMP ingest (:mod:`studio.emulator.rtmp`),
``POST /_emulator/live-streams/{liveStreamId}/broadcasting`` and ``PUT .../complete`` (which
also drops the encoder). Delivery routes live in :mod:`studio.emulator.live_delivery`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aiohttp import web

from .. import live_delivery
from ..app import STORE, store_of
from ..documents import public_fields
from ..ids import atom_now, new_id, new_uuid
from ..images import image_format, save_as_jpeg
from ..middleware import project_of
from ..multipart import read_multipart
from ..problems import attribute_required, invalid_attribute, not_found, upload_problem
from ..restreams import checked_restreams
from ..rtmp import publishers
from ..webhook_delivery import emit_event
from ..wire import empty_response, json_response, paginate, read_json, sort_items

KIND = live_delivery.KIND
THUMBNAIL_FORMATS = ("JPEG", "PNG", "WEBP")
THUMBNAIL_MAX_BYTES = 8 * 1024 * 1024
THUMBNAIL_EXTENSIONS = "Only [jpeg, jpg, JPG, JPEG, png, PNG, webp, WEBP] extensions are supported."


def live_stream_json(request: web.Request, project_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The LiveStream object as sent: stored fields plus freshly built ``assets``."""
    out = public_fields(doc)
    out["assets"] = live_delivery.live_assets(request, project_id, doc)
    return out


def _live_doc(request: web.Request) -> dict[str, Any]:
    doc = store_of(request).get(project_of(request).id, KIND, request.match_info["liveStreamId"])
    if doc is None:
        raise not_found("liveStreamId")
    return doc


def _apply_fields(doc: dict[str, Any], body: dict[str, Any]) -> None:
    """Copy the writable fields of a creation/update payload into ``doc`` (validated)."""
    if "name" in body:
        if not isinstance(body["name"], str):
            raise invalid_attribute("name", detail="This value should be of type string.")
        doc["name"] = body["name"]
    for flag in ("public", "record"):
        if flag in body and body[flag] is not None:
            if not isinstance(body[flag], bool):
                raise invalid_attribute(flag, detail="This value should be of type boolean.")
            doc[flag] = body[flag]
    if "playerId" in body:
        player_id = body["playerId"]
        if player_id is None or player_id == "":
            doc.pop("playerId", None)  # null removes the player, as on videos
        elif isinstance(player_id, str):
            doc["playerId"] = player_id
        else:
            raise invalid_attribute("playerId", detail="This value should be of type string.")
    if "restreams" in body:
        doc["restreams"] = checked_restreams(body["restreams"])


async def create_live_stream(request: web.Request) -> web.Response:
    """L1: answers 200 (not 201), as the real API does."""
    project = project_of(request)
    body = await read_json(request)
    if body.get("name") is None:
        raise attribute_required("name")
    stamp = atom_now()
    doc: dict[str, Any] = {
        "liveStreamId": new_id("li"),
        "name": "",
        "streamKey": new_uuid(),
        "public": True,
        "broadcasting": False,
        "restreams": [],
        "record": False,
        "createdAt": stamp,
        "updatedAt": stamp,
    }
    _apply_fields(doc, body)
    store_of(request).put(project.id, KIND, doc["liveStreamId"], doc)
    return json_response(live_stream_json(request, project.id, doc))


async def list_live_streams(request: web.Request) -> web.Response:
    project = project_of(request)
    items = store_of(request).list(project.id, KIND)
    stream_key = request.query.get("streamKey")
    if stream_key:
        items = [d for d in items if d.get("streamKey") == stream_key]
    name = request.query.get("name")
    if name:
        items = [d for d in items if name.casefold() in str(d.get("name", "")).casefold()]
    items = sort_items(request, items, ("name", "createdAt", "updatedAt"))
    page = paginate(request, items)
    page["data"] = [live_stream_json(request, project.id, d) for d in page["data"]]
    return json_response(page)


async def get_live_stream(request: web.Request) -> web.Response:
    doc = _live_doc(request)
    return json_response(live_stream_json(request, project_of(request).id, doc))


async def update_live_stream(request: web.Request) -> web.Response:
    project = project_of(request)
    doc = _live_doc(request)
    _apply_fields(doc, await read_json(request, required=False))
    doc["updatedAt"] = atom_now()
    store_of(request).put(project.id, KIND, doc["liveStreamId"], doc)
    return json_response(live_stream_json(request, project.id, doc))


async def delete_live_stream(request: web.Request) -> web.Response:
    project = project_of(request)
    doc = _live_doc(request)
    store = store_of(request)
    store.delete(project.id, KIND, doc["liveStreamId"])
    # The encoder's ffmpeg writes in the folder about to go: let it finish first.
    await publishers.drop_encoder(request.app, doc["liveStreamId"], wait=True)
    await asyncio.to_thread(store.remove_files, project.id, KIND, doc["liveStreamId"])
    return empty_response()


def _store_thumbnail(upload: Path, size: int, dest: Path) -> None:
    """Check an uploaded image (by its bytes) and keep it as JPEG; removes the upload."""
    try:
        if image_format(upload) not in THUMBNAIL_FORMATS:
            raise upload_problem("uploaded-file-extension-invalid", THUMBNAIL_EXTENSIONS)
        if size > THUMBNAIL_MAX_BYTES:
            problem = upload_problem("uploaded-file-too-large", "The uploaded file is too large.")
            problem.detail = "A live-stream thumbnail can weigh at most 8 MiB."
            raise problem
        save_as_jpeg(upload, dest)
    finally:
        upload.unlink(missing_ok=True)


async def upload_thumbnail(request: web.Request) -> web.Response:
    """L6: answers 201 with the LiveStream."""
    project = project_of(request)
    doc = _live_doc(request)
    store = store_of(request)
    live_id = doc["liveStreamId"]
    staging = store.files(project.id, KIND, live_id) / f"upload-{new_uuid()}.tmp"
    upload = await read_multipart(request, staging)
    assert upload.path is not None  # read_multipart requires a file
    dest = live_delivery.thumbnail_path(store, project.id, live_id)
    await asyncio.to_thread(_store_thumbnail, upload.path, upload.size, dest)
    doc["updatedAt"] = atom_now()
    store.put(project.id, KIND, live_id, doc)
    return json_response(live_stream_json(request, project.id, doc), status=201)


async def delete_thumbnail(request: web.Request) -> web.Response:
    """L7: answers 200 with the LiveStream (not 204)."""
    project = project_of(request)
    doc = _live_doc(request)
    store = store_of(request)
    path = live_delivery.thumbnail_path(store, project.id, doc["liveStreamId"])
    await asyncio.to_thread(path.unlink, missing_ok=True)
    doc["updatedAt"] = atom_now()
    store.put(project.id, KIND, doc["liveStreamId"], doc)
    return json_response(live_stream_json(request, project.id, doc))


def end_playlist(hls: Path) -> None:
    """Mark the live playlist finished (``#EXT-X-ENDLIST``) unless it already is."""
    playlist = hls / live_delivery.PLAYLIST
    if playlist.is_file() and "#EXT-X-ENDLIST" not in playlist.read_text():
        with playlist.open("a") as out:
            out.write("#EXT-X-ENDLIST\n")


def set_broadcasting(
    app: web.Application, project_id: str, doc: dict[str, Any], broadcasting: bool
) -> None:
    """Store the new state; on a change, emit the broadcast webhook (contract 8).

    Call it on the server's loop (a handler, or the RTMP ingest).
    """
    was = bool(doc.get("broadcasting"))
    doc["broadcasting"] = broadcasting
    doc["updatedAt"] = atom_now()
    app[STORE].put(project_id, KIND, doc["liveStreamId"], doc)
    if was != broadcasting:
        event = "live-stream.broadcast.started" if broadcasting else "live-stream.broadcast.ended"
        emit_event(app, project_id, event, {"liveStreamId": doc["liveStreamId"]})


async def complete(request: web.Request) -> web.Response:
    """L8: ends the broadcast; 202 with no body and no Content-Type."""
    project = project_of(request)
    doc = _live_doc(request)
    # The ingest finishes the broadcast (ffmpeg flush, recording) once the encoder is gone.
    await publishers.drop_encoder(request.app, doc["liveStreamId"], wait=False)
    hls = live_delivery.hls_dir(store_of(request), project.id, doc["liveStreamId"])
    await asyncio.to_thread(end_playlist, hls)
    set_broadcasting(request.app, project.id, doc, False)
    return empty_response(202)


async def control_broadcasting(request: web.Request) -> web.Response:
    """Emulator control: ``{"broadcasting": bool}`` switches the flag of any live stream."""
    body = await read_json(request)
    broadcasting = body.get("broadcasting")
    if not isinstance(broadcasting, bool):
        raise invalid_attribute("broadcasting", detail="This value should be of type boolean.")
    found = store_of(request).find(KIND, request.match_info["liveStreamId"])
    if found is None:
        raise not_found("liveStreamId")
    project_id, doc = found
    set_broadcasting(request.app, project_id, doc, broadcasting)
    return json_response(live_stream_json(request, project_id, doc))


def setup(app: web.Application) -> None:
    app.router.add_post("/live-streams", create_live_stream)
    app.router.add_get("/live-streams", list_live_streams)
    app.router.add_get("/live-streams/{liveStreamId}", get_live_stream)
    app.router.add_patch("/live-streams/{liveStreamId}", update_live_stream)
    app.router.add_delete("/live-streams/{liveStreamId}", delete_live_stream)
    app.router.add_post("/live-streams/{liveStreamId}/thumbnail", upload_thumbnail)
    app.router.add_delete("/live-streams/{liveStreamId}/thumbnail", delete_thumbnail)
    app.router.add_put("/live-streams/{liveStreamId}/complete", complete)
    app.router.add_post("/_emulator/live-streams/{liveStreamId}/broadcasting", control_broadcasting)
    live_delivery.setup(app)
    publishers.install(app)
