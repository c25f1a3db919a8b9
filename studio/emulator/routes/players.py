"""Player themes (contract 3.7 P1-P7) and the delivery of their logos.

Documents of kind ``player``, keyed by ``playerId``: every colour and switch always filled
(the documented defaults; ``linkActive`` has none documented and takes the ``linkHover``
default), ``name`` only when given, plus ``_logo`` ``{"link": str | None}`` once a logo is
uploaded. The logo itself is stored 30 px high as PNG (:mod:`studio.emulator.logo`) and served at
``{base}/embed/players/{playerId}/logo.png``; ``assets`` is sent only while a logo exists.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aiohttp import web

from ..app import public_url, store_of
from ..documents import public_fields
from ..ids import atom_now, new_id, new_uuid
from ..logo import store_logo
from ..middleware import project_of
from ..multipart import read_multipart
from ..problems import invalid_attribute, not_found
from ..wire import empty_response, json_response, paginate, read_json, sort_items

KIND = "player"
NAME_MAX = 100
DEFAULT_COLOURS = {
    "text": "rgba(255, 255, 255, 1)",
    "link": "rgba(255, 255, 255, 1)",
    "linkHover": "rgba(255, 255, 255, 1)",
    "linkActive": "rgba(255, 255, 255, 1)",
    "trackPlayed": "rgba(88, 131, 255, .95)",
    "trackUnplayed": "rgba(255, 255, 255, .35)",
    "trackBackground": "rgba(255, 255, 255, .2)",
    "backgroundTop": "rgba(0, 0, 0, .7)",
    "backgroundBottom": "rgba(0, 0, 0, .7)",
    "backgroundText": "rgba(255, 255, 255, 1)",
}
DEFAULT_SWITCHES = {
    "enableApi": True,
    "enableControls": True,
    "forceAutoplay": False,
    "hideTitle": False,
    "forceLoop": False,
}
# The Node client sends the text "undefined" when the caller gave no link (contract 1.12).
NO_LINK = ("", "undefined")


def logo_path(project_id: str, player_id: str, request: web.Request) -> Path:
    return store_of(request).files(project_id, KIND, player_id) / "logo.png"


def player_json(request: web.Request, doc: dict[str, Any]) -> dict[str, Any]:
    out = public_fields(doc)
    logo = doc.get("_logo")
    if logo is not None:
        assets = {"logo": f"{public_url(request)}/embed/players/{doc['playerId']}/logo.png"}
        if logo.get("link"):
            assets["link"] = logo["link"]
        out["assets"] = assets
    return out


def _apply_fields(doc: dict[str, Any], body: dict[str, Any]) -> None:
    """Copy the given theme fields (nulls ignored) after checking their types."""
    name = body.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise invalid_attribute("name", detail="This value should be of type string.")
        if len(name) > NAME_MAX:
            raise invalid_attribute(
                "name",
                detail=f"This value is too long. It should have {NAME_MAX} characters or less.",
            )
        doc["name"] = name
    for field in DEFAULT_COLOURS:
        value = body.get(field)
        if value is not None:
            if not isinstance(value, str):
                raise invalid_attribute(field, detail="This value should be of type string.")
            doc[field] = value
    for field in DEFAULT_SWITCHES:
        value = body.get(field)
        if value is not None:
            if not isinstance(value, bool):
                raise invalid_attribute(field, detail="This value should be of type boolean.")
            doc[field] = value


def _player_doc(request: web.Request) -> dict[str, Any]:
    doc = store_of(request).get(project_of(request).id, KIND, request.match_info["playerId"])
    if doc is None:
        raise not_found("playerId")
    return doc


async def create_player(request: web.Request) -> web.Response:
    """P1: answers 201."""
    project = project_of(request)
    body = await read_json(request, required=False)
    stamp = atom_now()
    doc: dict[str, Any] = {"playerId": new_id("pl"), **DEFAULT_COLOURS, **DEFAULT_SWITCHES}
    _apply_fields(doc, body)
    doc["createdAt"] = doc["updatedAt"] = stamp
    store_of(request).put(project.id, KIND, doc["playerId"], doc)
    return json_response(player_json(request, doc), status=201)


async def list_players(request: web.Request) -> web.Response:
    project = project_of(request)
    items = sort_items(
        request, store_of(request).list(project.id, KIND), ("name", "createdAt", "updatedAt")
    )
    page = paginate(request, items)
    page["data"] = [player_json(request, d) for d in page["data"]]
    return json_response(page)


async def get_player(request: web.Request) -> web.Response:
    return json_response(player_json(request, _player_doc(request)))


async def update_player(request: web.Request) -> web.Response:
    project = project_of(request)
    doc = _player_doc(request)
    _apply_fields(doc, await read_json(request, required=False))
    doc["updatedAt"] = atom_now()
    store_of(request).put(project.id, KIND, doc["playerId"], doc)
    return json_response(player_json(request, doc))


async def delete_player(request: web.Request) -> web.Response:
    project = project_of(request)
    doc = _player_doc(request)
    store = store_of(request)
    store.delete(project.id, KIND, doc["playerId"])
    await asyncio.to_thread(store.remove_files, project.id, KIND, doc["playerId"])
    return empty_response()


def _keep_logo(staging: Path, dest: Path) -> None:
    try:
        store_logo(staging, dest)
    finally:
        staging.unlink(missing_ok=True)


async def upload_logo(request: web.Request) -> web.Response:
    """P6: multipart image + ``link`` field; answers 201 with the theme."""
    project = project_of(request)
    doc = _player_doc(request)
    dest = logo_path(project.id, doc["playerId"], request)
    upload = await read_multipart(request, dest.with_name(f"upload-{new_uuid()}.tmp"))
    assert upload.path is not None  # read_multipart requires a file
    await asyncio.to_thread(_keep_logo, upload.path, dest)
    link = upload.fields.get("link", "").strip()
    doc["_logo"] = {"link": None if link in NO_LINK else link}
    doc["updatedAt"] = atom_now()
    store_of(request).put(project.id, KIND, doc["playerId"], doc)
    return json_response(player_json(request, doc), status=201)


async def delete_logo(request: web.Request) -> web.Response:
    """P7: answers 204; the theme no longer has ``assets``."""
    project = project_of(request)
    doc = _player_doc(request)
    await asyncio.to_thread(logo_path(project.id, doc["playerId"], request).unlink, missing_ok=True)
    doc.pop("_logo", None)
    doc["updatedAt"] = atom_now()
    store_of(request).put(project.id, KIND, doc["playerId"], doc)
    return empty_response()


async def serve_logo(request: web.Request) -> web.StreamResponse:
    """Delivery: the stored logo PNG (no credentials, like the real player's assets)."""
    found = store_of(request).find(KIND, request.match_info["playerId"])
    if found is None or found[1].get("_logo") is None:
        raise not_found("playerId")
    path = logo_path(found[0], found[1]["playerId"], request)
    if not await asyncio.to_thread(path.is_file):
        raise not_found("playerId")
    return web.FileResponse(path, headers={"Content-Type": "image/png"})


def setup(app: web.Application) -> None:
    app.router.add_post("/players", create_player)
    app.router.add_get("/players", list_players)
    app.router.add_get("/players/{playerId}", get_player)
    app.router.add_patch("/players/{playerId}", update_player)
    app.router.add_delete("/players/{playerId}", delete_player)
    app.router.add_post("/players/{playerId}/logo", upload_logo)
    app.router.add_delete("/players/{playerId}/logo", delete_logo)
    app.router.add_get("/embed/players/{playerId}/logo.png", serve_logo)
