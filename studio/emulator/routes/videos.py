"""Video objects (contract 3.2 V1-V6, V10-V12) and tags (T1).

``DELETE /videos/{id}`` removes the video, its files and its captions/chapters. The "Video
Restore" routes list, get and restore discarded videos; a video gets discarded through the
control route ``POST /_emulator/videos/{videoId}/discard`` (the emulator's projects do not have
the feature switched on, so DELETE never discards).

Control route ``POST /_emulator/projects/{apiKey}/seed-videos`` ``{"count", "titlePrefix",
"tags"}`` inserts many source-less videos at once (UI paging tests).
"""

from __future__ import annotations

import time
import unicodedata
from datetime import timedelta
from typing import Any

from aiohttp import web

from .. import encoding, media
from ..app import config_of, public_url, store_of
from ..ids import atom, now
from ..ingest import new_ledger, status_block
from ..middleware import project_of
from ..pipeline import install, pipeline_of
from ..problems import Problem, invalid_attribute, not_found
from ..store import Store
from ..video_model import (
    KIND,
    apply_creation,
    apply_update,
    discard,
    get_video,
    new_video,
    restore,
    to_wire,
    update_video,
)
from ..wire import (
    empty_response,
    json_response,
    paginate,
    query_list,
    query_map,
    read_json,
    sort_items,
)

SORTABLE = ("title", "createdAt", "publishedAt", "updatedAt")
# Documents of other kinds that belong to one video (ids "<videoId>/<language>").
VIDEO_CHILD_KINDS = ("caption", "chapter")
MAX_SEED = 100_000


def _wire(request: web.Request, project: str, doc: dict[str, Any]) -> dict[str, Any]:
    return to_wire(doc, public_url(request), store_of(request), project)


# ---- V1 create -------------------------------------------------------------------------------


def _source_origin(store: Store, project: str, source: Any) -> tuple[str, str]:
    """``("download", url)`` or ``("copy", videoId)`` for the ``source`` attribute."""
    if not isinstance(source, str) or not source.strip():
        raise invalid_attribute("source", "This attribute must be a URL or a videoId.")
    source = source.strip()
    if source.lower().startswith(("http://", "https://")):
        return "download", source
    original = store.get(project, KIND, source)
    ledger = (original or {}).get("_upload") or {}
    if original is None or original.get("discarded") or not ledger.get("assembled"):
        raise invalid_attribute(
            "source", "An attribute is invalid.", "The source must be a URL or a videoId."
        )
    return "copy", source


async def create_video(request: web.Request) -> web.Response:
    project = project_of(request).id
    store = store_of(request)
    body = await read_json(request)
    doc = new_video(title="")
    apply_creation(store, project, doc, body)
    origin = None
    if body.get("source") is not None:
        origin, value = _source_origin(store, project, body["source"])
        ledger = new_ledger(origin)
        ledger["from"] = value
        doc["_upload"] = ledger
    store.put(project, KIND, doc["videoId"], doc)
    if origin is not None:
        pipeline_of(request.app).ingest(project, doc["videoId"], origin, value)
    return json_response(_wire(request, project, doc), status=201)


# ---- V2 list ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for substring filters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _filtered(request: web.Request, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    title = request.query.get("title")
    description = request.query.get("description")
    live_stream = request.query.get("liveStreamId")
    tags = query_list(request, "tags")
    metadata = query_map(request, "metadata")
    folded_title = _fold(title) if title else None
    folded_description = _fold(description) if description else None
    out = []
    for doc in docs:
        if folded_title and folded_title not in _fold(doc.get("title", "")):
            continue
        if folded_description and folded_description not in _fold(doc.get("description", "")):
            continue
        if tags and not set(tags) <= set(doc.get("tags", [])):
            continue
        if metadata:
            pairs = {(m["key"], m["value"]) for m in doc.get("metadata", [])}
            if not all((k, v) in pairs for k, v in metadata.items()):
                continue
        if live_stream:
            source = doc.get("source") or {}
            if (source.get("liveStream") or {}).get("liveStreamId") != live_stream:
                continue
        out.append(doc)
    return out


def _list(request: web.Request, *, discarded: bool) -> web.Response:
    project = project_of(request).id
    docs = [
        d for d in store_of(request).list(project, KIND) if bool(d.get("discarded")) == discarded
    ]
    docs = _filtered(request, docs)
    if request.query.get("sortBy") and request.query.get("sortOrder", "").lower() == "desc":
        # Equal keys (videos created in the same second) then come newest first.
        docs.reverse()
    docs = sort_items(request, docs, SORTABLE)
    page = paginate(request, docs)
    page["data"] = [_wire(request, project, d) for d in page["data"]]
    return json_response(page)


async def list_videos(request: web.Request) -> web.Response:
    return _list(request, discarded=False)


# ---- V3-V5 -----------------------------------------------------------------------------------


async def get_one(request: web.Request) -> web.Response:
    project = project_of(request).id
    doc = get_video(store_of(request), project, request.match_info["videoId"])
    pipeline_of(request.app).ensure(project, doc)
    return json_response(_wire(request, project, doc))


def _summary_exists(store: Store, project: str, video_id: str) -> bool:
    return any(s.get("videoId") == video_id for s in store.list(project, "summary"))


async def update_one(request: web.Request) -> web.Response:
    project = project_of(request).id
    store = store_of(request)
    video_id = request.match_info["videoId"]
    body = await read_json(request, required=False)
    get_video(store, project, video_id)
    if body.get("transcriptSummary") is True and _summary_exists(store, project, video_id):
        raise Problem(
            409,
            "summary-already-exists",
            "A summary already exists or is being created on this video.",
            name="transcriptSummary",
        )
    doc = get_video(store, project, video_id)
    apply_update(store, project, doc, body)
    store.put(project, KIND, video_id, doc)
    return json_response(_wire(request, project, doc))


def remove_video(request: web.Request, project: str, video_id: str) -> None:
    """Delete a video with its files, its captions and chapters, and any work in progress."""
    store = store_of(request)
    pipeline_of(request.app).cancel(project, video_id)
    store.delete(project, KIND, video_id)
    store.remove_files(project, KIND, video_id)
    prefix = f"{video_id}/"
    for kind in VIDEO_CHILD_KINDS:
        for doc_id in store.ids(project, kind):
            if doc_id.startswith(prefix):
                store.delete(project, kind, doc_id)
                store.remove_files(project, kind, doc_id)


async def delete_one(request: web.Request) -> web.Response:
    project = project_of(request).id
    video_id = request.match_info["videoId"]
    get_video(store_of(request), project, video_id)
    remove_video(request, project, video_id)
    return empty_response(204)


# ---- V6 status -------------------------------------------------------------------------------


def encoding_block(doc: dict[str, Any], step_s: float) -> dict[str, Any]:
    """``encoding`` of VideoStatus: qualities from the timeline, metadata from the probe."""
    state = doc.get("_media")
    if not state:
        return {"playable": False, "qualities": [], "metadata": dict(media.EMPTY_METADATA)}
    current = encoding.qualities(
        encoding.MediaState.from_doc(state), time.time(), step_s, mp4=bool(doc.get("mp4Support"))
    )
    return {
        "playable": encoding.playable(current),
        "qualities": current,
        "metadata": dict(state.get("metadata") or media.EMPTY_METADATA),
    }


def status_of(doc: dict[str, Any], step_s: float) -> dict[str, Any]:
    """VideoStatus (contract 3.2 V6); ``ingest`` omitted before any upload."""
    out: dict[str, Any] = {}
    ledger = doc.get("_upload")
    if ledger and (ledger.get("mode") or ledger.get("origin") != "upload"):
        out["ingest"] = status_block(ledger)
    out["encoding"] = encoding_block(doc, step_s)
    return out


async def get_status(request: web.Request) -> web.Response:
    project = project_of(request).id
    doc = get_video(store_of(request), project, request.match_info["videoId"])
    pipeline_of(request.app).ensure(project, doc)
    return json_response(status_of(doc, config_of(request).encoding_step_s))


# ---- V10-V12 discarded -----------------------------------------------------------------------


async def list_discarded(request: web.Request) -> web.Response:
    return _list(request, discarded=True)


async def get_discarded(request: web.Request) -> web.Response:
    project = project_of(request).id
    doc = get_video(store_of(request), project, request.match_info["videoId"], discarded=True)
    return json_response(_wire(request, project, doc))


async def restore_discarded(request: web.Request) -> web.Response:
    project = project_of(request).id
    store = store_of(request)
    video_id = request.match_info["videoId"]
    body = await read_json(request, required=False)
    get_video(store, project, video_id, discarded=True)
    if body.get("discarded") is not False:
        raise invalid_attribute("discarded", "An attribute is invalid.", "Value must be false.")
    doc = update_video(store, project, video_id, restore)
    if doc is None:
        raise not_found("videoId")
    return json_response(_wire(request, project, doc))


# ---- T1 tags ---------------------------------------------------------------------------------


async def list_tags(request: web.Request) -> web.Response:
    project = project_of(request).id
    counts: dict[str, int] = {}
    for doc in store_of(request).list(project, KIND):
        if doc.get("discarded"):
            continue
        for tag in doc.get("tags", []):
            counts[tag] = counts.get(tag, 0) + 1
    wanted = request.query.get("value")
    folded = _fold(wanted) if wanted else None
    items = [
        {"value": tag, "videoCount": count}
        for tag, count in counts.items()
        if folded is None or folded in _fold(tag)
    ]
    items = sort_items(request, items, ("value", "videoCount"), default="value")
    return json_response(paginate(request, items))


# ---- control ---------------------------------------------------------------------------------


async def seed_videos(request: web.Request) -> web.Response:
    """Insert ``count`` source-less videos (one creation second apart, oldest first)."""
    store = store_of(request)
    project = store.project_by_key(request.match_info["apiKey"])
    if project is None:
        raise not_found("apiKey")
    body = await read_json(request)
    count = body.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= MAX_SEED:
        raise invalid_attribute("count", f"count must be an integer from 1 to {MAX_SEED}.")
    prefix = body.get("titlePrefix", "Video ")
    tags = body.get("tags", [])
    if not isinstance(prefix, str):
        raise invalid_attribute("titlePrefix", "This attribute must be a string.")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise invalid_attribute("tags", "This attribute must be an array of strings.")
    width = len(str(count))
    start = now() - timedelta(seconds=count)
    docs = []
    for n in range(1, count + 1):
        doc = new_video(title=f"{prefix}{n:0{width}d}", created=atom(start + timedelta(seconds=n)))
        doc["tags"] = list(tags)
        docs.append((doc["videoId"], doc))
    store.put_many(project.id, KIND, docs)
    return json_response({"count": count, "videoIds": [vid for vid, _ in docs]}, status=201)


async def discard_video(request: web.Request) -> web.Response:
    """Discard a video as api.video's Video Restore feature would (kept 90 days)."""
    store = store_of(request)
    found = store.find(KIND, request.match_info["videoId"])
    if found is None or found[1].get("discarded"):
        raise not_found("videoId")
    project, doc = found
    updated = update_video(store, project, doc["videoId"], discard)
    if updated is None:
        raise not_found("videoId")
    return json_response(_wire(request, project, updated))


def setup(app: web.Application) -> None:
    install(app)
    app.router.add_post("/videos", create_video)
    app.router.add_get("/videos", list_videos)
    app.router.add_get("/videos/{videoId}", get_one)
    app.router.add_patch("/videos/{videoId}", update_one)
    app.router.add_delete("/videos/{videoId}", delete_one)
    app.router.add_get("/videos/{videoId}/status", get_status)
    app.router.add_get("/discarded/videos", list_discarded)
    app.router.add_get("/discarded/videos/{videoId}", get_discarded)
    app.router.add_patch("/discarded/videos/{videoId}", restore_discarded)
    app.router.add_get("/tags", list_tags)
    app.router.add_post("/_emulator/projects/{apiKey}/seed-videos", seed_videos)
    app.router.add_post("/_emulator/videos/{videoId}/discard", discard_video)
