"""Webhook subscriptions (contract 3.10 W1-W4); deliveries are in
:mod:`studio.emulator.webhook_delivery`.

Documents of kind ``webhook`` keyed by ``webhookId``:
``{"webhookId", "createdAt", "events", "url", "signatureSecret"}`` - the secret is sent on
create, get and list. A project holds at most 20 webhooks (``webhook-limit-reached`` beyond).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from ..app import store_of
from ..ids import atom_now, new_id
from ..middleware import project_of
from ..problems import Problem, attribute_required, invalid_attribute, not_found
from ..webhook_delivery import KIND
from ..wire import empty_response, json_response, paginate, read_json

EVENTS = (
    "video.encoding.quality.completed",
    "video.source.recorded",
    "live-stream.broadcast.started",
    "live-stream.broadcast.ended",
    "video.caption.generated",
    "video.summary.generated",
)
MAX_WEBHOOKS = 20


def _checked(body: dict[str, Any]) -> tuple[list[str], str]:
    missing = [name for name in ("events", "url") if body.get(name) is None]
    if missing:
        raise attribute_required(*missing)
    events, url = body["events"], body["url"]
    if not isinstance(events, list):
        raise invalid_attribute("events", "This attribute must be an array.")
    for event in events:
        if event not in EVENTS:
            raise invalid_attribute("events", detail=f"Allowed events: {', '.join(EVENTS)}.")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise invalid_attribute("url", detail="The URL must be an http or https URL.")
    return list(dict.fromkeys(events)), url


async def create_webhook(request: web.Request) -> web.Response:
    """W1: answers 201 with the webhook, its signature secret included."""
    project = project_of(request)
    events, url = _checked(await read_json(request))
    store = store_of(request)
    if len(store.list(project.id, KIND)) >= MAX_WEBHOOKS:
        raise Problem(
            400,
            "webhook-limit-reached",
            "You have reached the maximum number of webhooks.",
            detail=f"A project can have at most {MAX_WEBHOOKS} webhooks.",
        )
    doc: dict[str, Any] = {
        "webhookId": new_id("webhook_"),
        "createdAt": atom_now(),
        "events": events,
        "url": url,
        "signatureSecret": new_id("sig_sec_"),
    }
    store.put(project.id, KIND, doc["webhookId"], doc)
    return json_response(doc, status=201)


async def list_webhooks(request: web.Request) -> web.Response:
    project = project_of(request)
    items = store_of(request).list(project.id, KIND)
    event = request.query.get("events")
    if event:
        items = [d for d in items if event in d["events"]]
    return json_response(paginate(request, items))


def _webhook(request: web.Request) -> dict[str, Any]:
    doc = store_of(request).get(project_of(request).id, KIND, request.match_info["webhookId"])
    if doc is None:
        raise not_found("webhookId")
    return doc


async def get_webhook(request: web.Request) -> web.Response:
    return json_response(_webhook(request))


async def delete_webhook(request: web.Request) -> web.Response:
    doc = _webhook(request)
    store_of(request).delete(project_of(request).id, KIND, doc["webhookId"])
    return empty_response()


def setup(app: web.Application) -> None:
    app.router.add_post("/webhooks", create_webhook)
    app.router.add_get("/webhooks", list_webhooks)
    app.router.add_get("/webhooks/{webhookId}", get_webhook)
    app.router.add_delete("/webhooks/{webhookId}", delete_webhook)
