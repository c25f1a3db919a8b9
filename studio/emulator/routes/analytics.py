"""Analytics (contract 3.8): legacy raw statistics, and the control routes that record or seed
the player sessions every analytics answer is computed from.

* ``GET /analytics/videos/{videoId}?period=`` and ``/analytics/live-streams/{id}?period=``
  list the sessions loaded in the period (2023-09 spec), oldest first;
  ``/analytics/sessions/{sessionId}/events`` lists one session's events.
* ``GET /data/...`` (current analytics) live in :mod:`studio.emulator.data_analytics`.
* ``POST /_emulator/player-events`` (no auth; the emulator's players call it) records one event
  ``{"sessionId": str | null, "videoId" | "liveStreamId", "type", "at"?, "from"?, "to"?,
  "referrer"?, "userAgent"?, "metadata"?}`` and answers ``{"sessionId"}``; a null sessionId
  opens a new session (device, OS and client read from the User-Agent, location unknown).
* ``POST /_emulator/analytics/sessions`` ``{"apiKey", "sessions": [...]}`` seeds full sessions
  (raw-statistics objects plus ``videoId`` | ``liveStreamId`` and ``events``) and answers 201
  ``{"sessionIds": [...]}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from .. import data_analytics
from ..app import store_of
from ..ids import now, parse_atom
from ..middleware import project_of
from ..periods import parse_period
from ..playback_sessions import (
    EVENTS_KIND,
    MEDIA_KINDS,
    SESSION_KIND,
    checked_event,
    new_session,
    seeded_session,
    session_json,
    viewer_key,
)
from ..problems import Problem, invalid_attribute, invalid_query, not_found
from ..store import Store
from ..user_agents import read_user_agent
from ..wire import json_response, paginate, query_map, read_json

# mediaType -> store kind of the media
STORE_KINDS = {"video": "video", "live-stream": "live_stream"}


# ---- raw statistics ----------------------------------------------------------------------------


def _period(request: web.Request) -> tuple[datetime, datetime]:
    text = request.query.get("period")
    if not text:
        raise invalid_query("period", "This parameter is required.")
    try:
        return parse_period(text)
    except ValueError as exc:
        raise invalid_query("period", str(exc)) from None


def _sessions_in(
    store: Store, project_id: str, media_type: str, media_id: str, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    docs = [
        d
        for d in store.list(project_id, SESSION_KIND)
        if d["mediaType"] == media_type
        and d["mediaId"] == media_id
        and start <= parse_atom(d["session"]["loadedAt"]) < end
    ]
    return sorted(docs, key=lambda d: parse_atom(d["session"]["loadedAt"]))


def _session_page(request: web.Request, docs: list[dict[str, Any]]) -> web.Response:
    page = paginate(request, docs)
    page["data"] = [session_json(d) for d in page["data"]]
    return json_response(page)


async def video_sessions(request: web.Request) -> web.Response:
    project = project_of(request)
    video_id = request.match_info["videoId"]
    store = store_of(request)
    if store.get(project.id, "video", video_id) is None:
        raise not_found("videoId")
    start, end = _period(request)
    wanted = [{"key": k, "value": v} for k, v in query_map(request, "metadata").items()]
    docs = [
        d
        for d in _sessions_in(store, project.id, "video", video_id, start, end)
        if all(pair in d["session"].get("metadata", []) for pair in wanted)
    ]
    return _session_page(request, docs)


async def live_stream_sessions(request: web.Request) -> web.Response:
    project = project_of(request)
    live_id = request.match_info["liveStreamId"]
    store = store_of(request)
    if store.get(project.id, "live_stream", live_id) is None:
        raise not_found("liveStreamId")
    start, end = _period(request)
    return _session_page(
        request, _sessions_in(store, project.id, "live-stream", live_id, start, end)
    )


async def session_events(request: web.Request) -> web.Response:
    project = project_of(request)
    doc = store_of(request).get(project.id, EVENTS_KIND, request.match_info["sessionId"])
    if doc is None:
        raise not_found("sessionId")
    return json_response(paginate(request, doc["events"]))


# ---- control routes --------------------------------------------------------------------------


def _media_of(body: dict[str, Any]) -> tuple[str, str]:
    """``(mediaType, mediaId)`` named by exactly one of ``videoId`` / ``liveStreamId``."""
    given = [(t, body[key]) for t, key in MEDIA_KINDS.items() if body.get(key)]
    if len(given) != 1 or not isinstance(given[0][1], str):
        raise invalid_attribute("videoId", detail='Give exactly one of "videoId", "liveStreamId".')
    return given[0]


def _append_event(
    store: Store, project_id: str, session: dict[str, Any], event: dict[str, Any]
) -> None:
    with store.transaction():
        events = store.get(project_id, EVENTS_KIND, session["sessionId"]) or {
            "sessionId": session["sessionId"],
            "events": [],
        }
        events["events"].append(event)
        session["session"]["endedAt"] = event["emittedAt"]
        store.put(project_id, EVENTS_KIND, session["sessionId"], events)
        store.put(project_id, SESSION_KIND, session["sessionId"], session)


async def player_event(request: web.Request) -> web.Response:
    body = await read_json(request)
    media_type, media_id = _media_of(body)
    store = store_of(request)
    found = store.find(STORE_KINDS[media_type], media_id)
    if found is None:
        raise not_found(MEDIA_KINDS[media_type])
    project_id, media = found
    moment = now()
    try:
        event = checked_event(body, moment)
    except ValueError as exc:
        raise invalid_attribute("type", detail=str(exc)) from None
    session_id = body.get("sessionId")
    if session_id:
        session = store.get(project_id, SESSION_KIND, str(session_id))
        if session is None or session["mediaId"] != media_id:
            raise not_found("sessionId")
    else:
        agent = body.get("userAgent") or request.headers.get("User-Agent")
        address = request.headers.get("X-Forwarded-For", request.remote or "")
        metadata = list(media.get("metadata") or []) + list(body.get("metadata") or [])
        session = new_session(
            media_type,
            media_id,
            moment,
            read_user_agent(agent),
            body.get("referrer"),
            viewer_key(agent, address),
            metadata,
        )
    _append_event(store, project_id, session, event)
    return json_response({"sessionId": session["sessionId"]})


async def seed_sessions(request: web.Request) -> web.Response:
    body = await read_json(request)
    store = store_of(request)
    project = store.project_by_key(str(body.get("apiKey", "")))
    if project is None:
        raise Problem(401, "authentication-invalid-api-key", "The API key is invalid.")
    items = body.get("sessions")
    if not isinstance(items, list):
        raise invalid_attribute("sessions", "This attribute must be an array.")
    prepared = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise invalid_attribute(f"sessions[{i}]", detail="Each session must be an object.")
        media_type, media_id = _media_of(item)
        media = store.get(project.id, STORE_KINDS[media_type], media_id)
        if media is None:
            raise not_found(MEDIA_KINDS[media_type])
        try:
            prepared.append(
                seeded_session(item, media_type, media_id, list(media.get("metadata") or []))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise invalid_attribute(f"sessions[{i}]", detail=str(exc)) from None
    with store.transaction():
        for doc, events in prepared:
            store.put(project.id, SESSION_KIND, doc["sessionId"], doc)
            store.put(
                project.id,
                EVENTS_KIND,
                doc["sessionId"],
                {"sessionId": doc["sessionId"], "events": events},
            )
    return json_response({"sessionIds": [doc["sessionId"] for doc, _ in prepared]}, status=201)


def setup(app: web.Application) -> None:
    app.router.add_get("/analytics/videos/{videoId}", video_sessions)
    app.router.add_get("/analytics/live-streams/{liveStreamId}", live_stream_sessions)
    app.router.add_get("/analytics/sessions/{sessionId}/events", session_events)
    app.router.add_post("/_emulator/player-events", player_event)
    app.router.add_post("/_emulator/analytics/sessions", seed_sessions)
    data_analytics.setup(app)
