"""Video summaries (contract 3.10 S1-S5).

Documents of kind ``summary`` keyed by ``summaryId``::

    {"summaryId", "createdAt", "updatedAt", "videoId", "origin": "api" | "auto",
     "sourceStatus", "_source": {"abstract"?, "takeaways"?}, "_attributes", "_readyAt"}

Without ``origin`` a summary starts ``missing`` (origin ``api``) and is written with PATCH
``.../source``. With ``origin: "auto"`` it is ``waiting`` for three encoding steps, then
``completed`` with a text the emulator writes from the video's title and description (it does
not transcribe anything); ``video.summary.generated`` is then sent to the project's webhooks.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

from ..app import STORE, config_of, store_of
from ..documents import public_fields
from ..ids import atom, atom_now, new_id, now
from ..middleware import project_of
from ..problems import Problem, attribute_required, invalid_attribute, not_found
from ..store import Store
from ..webhook_delivery import emit_event
from ..wire import empty_response, json_response, paginate, read_json, sort_items

KIND = "summary"
ATTRIBUTES = ("abstract", "takeaways")
MAX_TAKEAWAYS = 3
ORIGINS = ("api", "auto")
STATUSES = ("missing", "waiting", "failed", "completed", "unprocessable")
# Strong references to the generation timers in flight.
_pending: set[asyncio.Task[None]] = set()


def _conflict(name: str) -> Problem:
    return Problem(
        409,
        "summary-already-exists",
        "A summary already exists or is being created on this video.",
        name=name,
    )


def _generated_source(video: dict[str, Any] | None, attributes: list[str]) -> dict[str, Any]:
    title = (video or {}).get("title") or "this video"
    description = (video or {}).get("description") or ""
    source: dict[str, Any] = {}
    if "abstract" in attributes:
        source["abstract"] = (
            f"A summary written by the api.video emulator for “{title}”. "
            + (description or "The video has no description.")
        ).strip()
    if "takeaways" in attributes:
        source["takeaways"] = [f"The video is titled “{title}”."]
        if description:
            source["takeaways"].append(description[:200])
    return source


def _settle(store: Store, project_id: str, doc: dict[str, Any]) -> bool:
    """Finish a due automatic generation; True when ``doc`` changed (and was stored)."""
    ready_at = doc.get("_readyAt")
    if doc["sourceStatus"] != "waiting" or ready_at is None or time.time() < ready_at:
        return False
    video = store.get(project_id, "video", doc["videoId"])
    doc["_source"] = _generated_source(video, doc.get("_attributes") or list(ATTRIBUTES))
    doc["sourceStatus"] = "completed"
    doc["updatedAt"] = atom_now()
    store.put(project_id, KIND, doc["summaryId"], doc)
    return True


async def _finish_later(
    app: web.Application, project_id: str, summary_id: str, delay: float
) -> None:
    await asyncio.sleep(delay)
    store = app[STORE]
    doc = store.get(project_id, KIND, summary_id)
    if doc is None:
        return
    _settle(store, project_id, doc)
    if doc["sourceStatus"] == "completed" and not doc.get("_notified"):
        doc["_notified"] = True
        store.put(project_id, KIND, summary_id, doc)
        emit_event(
            app,
            project_id,
            "video.summary.generated",
            {"videoId": doc["videoId"], "summaryId": summary_id},
        )


def _summary(request: web.Request) -> dict[str, Any]:
    project = project_of(request)
    store = store_of(request)
    doc = store.get(project.id, KIND, request.match_info["summaryId"])
    if doc is None:
        raise not_found("summaryId")
    _settle(store, project.id, doc)
    return doc


async def create_summary(request: web.Request) -> web.Response:
    """S1: answers 201; 409 when the video already has a summary."""
    project = project_of(request)
    body = await read_json(request)
    video_id = body.get("videoId")
    if video_id is None:
        raise attribute_required("videoId")
    if not isinstance(video_id, str):
        raise invalid_attribute("videoId", detail="This value should be of type string.")
    origin = body.get("origin")
    if origin is not None and origin != "auto":
        raise invalid_attribute("origin", detail='The only allowed value is "auto".')
    attributes = body.get("attributes")
    if attributes is None:
        attributes = list(ATTRIBUTES)
    if not isinstance(attributes, list) or any(a not in ATTRIBUTES for a in attributes):
        raise invalid_attribute("attributes", detail="Allowed values: abstract, takeaways.")
    store = store_of(request)
    if store.get(project.id, "video", video_id) is None:
        raise not_found("videoId")
    if any(s["videoId"] == video_id for s in store.list(project.id, KIND)):
        raise _conflict("videoId")
    stamp = atom_now()
    delay = 3 * config_of(request).encoding_step_s
    doc: dict[str, Any] = {
        "summaryId": new_id("summary_"),
        "createdAt": stamp,
        "updatedAt": stamp,
        "videoId": video_id,
        "origin": "auto" if origin else "api",
        "sourceStatus": "waiting" if origin else "missing",
        "_source": {},
        "_attributes": attributes,
        "_readyAt": time.time() + delay if origin else None,
    }
    store.put(project.id, KIND, doc["summaryId"], doc)
    if origin:
        task = asyncio.get_running_loop().create_task(
            _finish_later(request.app, project.id, doc["summaryId"], delay)
        )
        _pending.add(task)
        task.add_done_callback(_pending.discard)
    return json_response(public_fields(doc), status=201)


async def list_summaries(request: web.Request) -> web.Response:
    project = project_of(request)
    store = store_of(request)
    items = []
    for shared in store.list(project.id, KIND):
        doc = dict(shared)  # list() results are shared: settle a copy
        _settle(store, project.id, doc)
        items.append(doc)
    for name in ("videoId", "origin", "sourceStatus"):
        wanted = request.query.get(name)
        if wanted:
            items = [d for d in items if d[name] == wanted]
    items = sort_items(request, items, ("createdAt", "updatedAt", "videoId"))
    page = paginate(request, items)
    page["data"] = [public_fields(d) for d in page["data"]]
    return json_response(page)


async def delete_summary(request: web.Request) -> web.Response:
    doc = _summary(request)
    store_of(request).delete(project_of(request).id, KIND, doc["summaryId"])
    return empty_response()


async def get_source(request: web.Request) -> web.Response:
    return json_response(_summary(request).get("_source") or {})


async def update_source(request: web.Request) -> web.Response:
    """S5: answers 201 with the source; 409 while an automatic generation runs."""
    project = project_of(request)
    doc = _summary(request)
    if doc["sourceStatus"] == "waiting":
        raise _conflict("summaryId")
    body = await read_json(request)
    source = dict(doc.get("_source") or {})
    if "abstract" in body:
        if not isinstance(body["abstract"], str):
            raise invalid_attribute("abstract", detail="This value should be of type string.")
        source["abstract"] = body["abstract"]
    if "takeaways" in body:
        takeaways = body["takeaways"]
        if not isinstance(takeaways, list) or not all(isinstance(t, str) for t in takeaways):
            raise invalid_attribute("takeaways", "This attribute must be an array.")
        if len(takeaways) > MAX_TAKEAWAYS:
            raise invalid_attribute(
                "takeaways",
                detail=f"This collection should contain {MAX_TAKEAWAYS} elements or less.",
            )
        source["takeaways"] = takeaways
    doc["_source"] = source
    doc["sourceStatus"] = "completed"
    doc["updatedAt"] = atom(now())
    store_of(request).put(project.id, KIND, doc["summaryId"], doc)
    return json_response(source, status=201)


def setup(app: web.Application) -> None:
    app.router.add_post("/summaries", create_summary)
    app.router.add_get("/summaries", list_summaries)
    app.router.add_delete("/summaries/{summaryId}", delete_summary)
    app.router.add_get("/summaries/{summaryId}/source", get_source)
    app.router.add_patch("/summaries/{summaryId}/source", update_source)
