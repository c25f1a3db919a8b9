"""Delegated upload tokens (contract 3.3 U1-U4).

Documents of kind ``upload_token``, keyed by the token itself:
``{"token", "ttl", "createdAt", "expiresAt"?}`` - ``expiresAt`` is omitted when ``ttl`` is 0
(never expires). The ``/upload?token=`` route reads these documents and refuses an expired one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from ..app import store_of
from ..documents import public_fields
from ..ids import atom, new_id, now
from ..middleware import project_of
from ..problems import invalid_attribute, not_found
from ..wire import empty_response, json_response, paginate, read_json, sort_items

KIND = "upload_token"
MAX_TTL = 2147483647


def _ttl(body: dict[str, Any]) -> int:
    ttl = body.get("ttl", 0)
    if ttl is None:
        return 0
    # bool is an int in Python; api.video wants a JSON integer.
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise invalid_attribute("ttl", detail="This value should be of type integer.")
    if not 0 <= ttl <= MAX_TTL:
        raise invalid_attribute("ttl", detail=f"This value should be between 0 and {MAX_TTL}.")
    return ttl


async def create_token(request: web.Request) -> web.Response:
    """U1: answers 200 (not 201), as the real API does."""
    project = project_of(request)
    ttl = _ttl(await read_json(request, required=False))
    created = now()
    doc: dict[str, Any] = {"token": new_id("to"), "ttl": ttl, "createdAt": atom(created)}
    if ttl:
        doc["expiresAt"] = atom(created + timedelta(seconds=ttl))
    store_of(request).put(project.id, KIND, doc["token"], doc)
    return json_response(public_fields(doc))


async def list_tokens(request: web.Request) -> web.Response:
    project = project_of(request)
    items = sort_items(request, store_of(request).list(project.id, KIND), ("createdAt", "ttl"))
    return json_response(paginate(request, [public_fields(d) for d in items]))


def _token_doc(request: web.Request) -> dict[str, Any]:
    doc = store_of(request).get(project_of(request).id, KIND, request.match_info["uploadToken"])
    if doc is None:
        raise not_found("uploadToken")
    return doc


async def get_token(request: web.Request) -> web.Response:
    return json_response(public_fields(_token_doc(request)))


async def delete_token(request: web.Request) -> web.Response:
    doc = _token_doc(request)
    store_of(request).delete(project_of(request).id, KIND, doc["token"])
    return empty_response()


def setup(app: web.Application) -> None:
    app.router.add_post("/upload-tokens", create_token)
    app.router.add_get("/upload-tokens", list_tokens)
    app.router.add_get("/upload-tokens/{uploadToken}", get_token)
    app.router.add_delete("/upload-tokens/{uploadToken}", delete_token)
