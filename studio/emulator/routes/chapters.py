"""Chapters (contract 3.6 H1-H4): one WebVTT file per video and language, no PATCH.

Documents of kind ``chapter``, keyed ``{videoId}/{language}`` (canonical case)::

    {"videoId", "language" (the tag as last uploaded), "_language" (canonical tag)}

The spec documents only 200/404 for GET and 204/404 for DELETE of one chapter track, so a
malformed language there is answered 404 (no chapters can exist in it); upload answers 400.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..app import public_url, store_of
from ..languages import LanguageError, parse_tag
from ..middleware import project_of
from ..problems import not_found
from ..text_tracks import (
    checked_language,
    delete_track,
    doc_id,
    list_tracks,
    receive_vtt,
    require_video,
    vtt_route,
)
from ..wire import json_response

KIND = "chapter"
FAMILY = "chapters"


def chapter_json(request: web.Request, doc: dict[str, Any]) -> dict[str, Any]:
    video_id, lang = doc["videoId"], doc["language"]
    return {
        "uri": f"/videos/{video_id}/chapters/{lang}",
        "src": f"{public_url(request)}/vod/{video_id}/chapters/{lang}.vtt",
        "language": lang,
    }


def _chapter_doc(request: web.Request) -> tuple[str, dict[str, Any]]:
    project = project_of(request)
    video_id = request.match_info["videoId"]
    require_video(request, project.id, video_id)
    try:
        language = parse_tag(request.match_info["language"])
    except LanguageError:
        raise not_found("language") from None
    key = doc_id(video_id, language)
    doc = store_of(request).get(project.id, KIND, key)
    if doc is None:
        raise not_found("language")
    return key, doc


async def upload_chapters(request: web.Request) -> web.Response:
    project = project_of(request)
    video_id = request.match_info["videoId"]
    require_video(request, project.id, video_id)
    language = checked_language(request.match_info["language"])
    await receive_vtt(request, project.id, video_id, FAMILY, language.key)
    doc = {"videoId": video_id, "language": language.tag, "_language": language.key}
    store_of(request).put(project.id, KIND, doc_id(video_id, language), doc)
    return json_response(chapter_json(request, doc))


async def get_chapters(request: web.Request) -> web.Response:
    _key, doc = _chapter_doc(request)
    return json_response(chapter_json(request, doc))


async def delete_chapters(request: web.Request) -> web.Response:
    key, doc = _chapter_doc(request)
    return await delete_track(request, KIND, FAMILY, key, doc)


async def list_chapters(request: web.Request) -> web.Response:
    return list_tracks(request, KIND, chapter_json)


def setup(app: web.Application) -> None:
    app.router.add_get("/videos/{videoId}/chapters", list_chapters)
    app.router.add_post("/videos/{videoId}/chapters/{language}", upload_chapters)
    app.router.add_get("/videos/{videoId}/chapters/{language}", get_chapters)
    app.router.add_delete("/videos/{videoId}/chapters/{language}", delete_chapters)
    app.router.add_get("/vod/{videoId}/chapters/{language}.vtt", vtt_route(FAMILY, KIND))
