"""Captions (contract 3.5 C1-C5): one WebVTT file per video and language.

Documents of kind ``caption``, keyed ``{videoId}/{language}`` (canonical case)::

    {"videoId", "srclang" (the tag as last uploaded), "languageName", "default",
     "_language" (canonical tag)}

Re-uploading a language replaces its file and keeps its ``default`` flag. Making one caption
the default clears the flag on the video's other captions (a player has one default track).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..app import public_url, store_of
from ..middleware import project_of
from ..problems import invalid_attribute, not_found
from ..text_tracks import (
    checked_language,
    delete_track,
    doc_id,
    list_tracks,
    receive_vtt,
    require_video,
    vtt_route,
)
from ..wire import json_response, read_json

KIND = "caption"
FAMILY = "captions"


def caption_json(request: web.Request, doc: dict[str, Any]) -> dict[str, Any]:
    video_id, lang = doc["videoId"], doc["srclang"]
    return {
        "uri": f"/videos/{video_id}/captions/{lang}",
        "src": f"{public_url(request)}/vod/{video_id}/captions/{lang}.vtt",
        "srclang": lang,
        "languageName": doc["languageName"],
        "default": bool(doc.get("default", False)),
    }


def _store_id(doc: dict[str, Any]) -> str:
    return f"{doc['videoId']}/{doc['_language']}"


def _caption_doc(request: web.Request) -> tuple[str, dict[str, Any]]:
    """(store id, document) of the caption the path names; 404/400 as the contract says."""
    project = project_of(request)
    video_id = request.match_info["videoId"]
    require_video(request, project.id, video_id)
    language = checked_language(request.match_info["language"])
    key = doc_id(video_id, language)
    doc = store_of(request).get(project.id, KIND, key)
    if doc is None:
        raise not_found("language")
    return key, doc


async def upload_caption(request: web.Request) -> web.Response:
    project = project_of(request)
    video_id = request.match_info["videoId"]
    require_video(request, project.id, video_id)
    language = checked_language(request.match_info["language"])
    await receive_vtt(request, project.id, video_id, FAMILY, language.key)
    store = store_of(request)
    key = doc_id(video_id, language)
    previous = store.get(project.id, KIND, key) or {}
    doc = {
        "videoId": video_id,
        "srclang": language.tag,
        "languageName": language.display_name,
        "default": bool(previous.get("default", False)),
        "_language": language.key,
    }
    store.put(project.id, KIND, key, doc)
    return json_response(caption_json(request, doc))


async def get_caption(request: web.Request) -> web.Response:
    _key, doc = _caption_doc(request)
    return json_response(caption_json(request, doc))


async def update_caption(request: web.Request) -> web.Response:
    project = project_of(request)
    key, doc = _caption_doc(request)
    body = await read_json(request, required=False)
    if "default" in body:
        if not isinstance(body["default"], bool):
            raise invalid_attribute("default", detail="This value should be of type boolean.")
        store = store_of(request)
        if body["default"]:
            others = [
                (_store_id(other), {**other, "default": False})
                for other in store.list(project.id, KIND)
                if other["videoId"] == doc["videoId"] and other.get("default")
            ]
            store.put_many(project.id, KIND, [o for o in others if o[0] != key])
        doc["default"] = body["default"]
        store.put(project.id, KIND, key, doc)
    return json_response(caption_json(request, doc))


async def delete_caption(request: web.Request) -> web.Response:
    key, doc = _caption_doc(request)
    return await delete_track(request, KIND, FAMILY, key, doc)


async def list_captions(request: web.Request) -> web.Response:
    return list_tracks(request, KIND, caption_json)


def setup(app: web.Application) -> None:
    app.router.add_get("/videos/{videoId}/captions", list_captions)
    app.router.add_post("/videos/{videoId}/captions/{language}", upload_caption)
    app.router.add_get("/videos/{videoId}/captions/{language}", get_caption)
    app.router.add_patch("/videos/{videoId}/captions/{language}", update_caption)
    app.router.add_delete("/videos/{videoId}/captions/{language}", delete_caption)
    app.router.add_get("/vod/{videoId}/captions/{language}.vtt", vtt_route(FAMILY, KIND))
