"""Player sessions and their events: what the emulator's analytics are computed from.

A session is one player load of one video or live stream. Documents:

* kind ``session`` keyed by ``sessionId`` (``ps`` + 21 base62 chars)::

    {"sessionId", "mediaType": "video" | "live-stream", "mediaId",
     "session": {"sessionId", "loadedAt", "endedAt", "metadata"?},
     "location": {"country", "city"}, "referrer": {"url", "medium", "source", "searchTerm"},
     "device": {"type", "vendor", "model"}, "os": {"name", "shortname", "version"},
     "client": {"type", "name", "version"}, "_viewer": <who, for unique counts>}

* kind ``session_events`` keyed by ``sessionId``: ``{"sessionId", "events": [...]}`` with events
  ``{"type", "emittedAt", "at"? | "from"?, "to"?}`` in arrival order.

Dates use the millisecond ``Z`` form raw statistics used (``2019-06-24T11:45:01.109Z``);
unknown values are the literal ``unknown`` (contract 3.8).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .ids import new_id, parse_atom
from .user_agents import UNKNOWN, Platform

SESSION_KIND = "session"
EVENTS_KIND = "session_events"
EVENT_TYPES = ("ready", "play", "pause", "resume", "seek.backward", "seek.forward", "end")
MEDIA_KINDS = {"video": "videoId", "live-stream": "liveStreamId"}
_SESSION_PARTS = ("session", "location", "referrer", "device", "os", "client")


def iso_ms(moment: datetime) -> str:
    """``2019-06-24T11:45:01.109Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def new_session_id() -> str:
    return new_id("ps", 21)


def viewer_key(user_agent: str | None, address: str | None) -> str:
    """Who watches, for unique counts: api.video tells viewers apart by user agent and IP."""
    return hashlib.sha256(f"{user_agent or ''}|{address or ''}".encode()).hexdigest()[:16]


def referrer_of(url: str | None) -> dict[str, str]:
    """The ``referrer`` object for a page URL (or none)."""
    if not url:
        return {"url": UNKNOWN, "medium": UNKNOWN, "source": UNKNOWN, "searchTerm": UNKNOWN}
    host = urlsplit(url).hostname
    return {"url": url, "medium": UNKNOWN, "source": host or UNKNOWN, "searchTerm": UNKNOWN}


def new_session(
    media_type: str,
    media_id: str,
    loaded_at: datetime,
    platform: Platform,
    referrer: str | None,
    viewer: str,
    metadata: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """A fresh session document (location unknown: the emulator has no geo database)."""
    session_id = new_session_id()
    stamp = iso_ms(loaded_at)
    head: dict[str, Any] = {"sessionId": session_id, "loadedAt": stamp, "endedAt": stamp}
    if media_type == "video":
        head["metadata"] = list(metadata or [])
    return {
        "sessionId": session_id,
        "mediaType": media_type,
        "mediaId": media_id,
        "session": head,
        "location": {"country": UNKNOWN, "city": UNKNOWN},
        "referrer": referrer_of(referrer),
        "device": dict(platform.device),
        "os": dict(platform.os),
        "client": dict(platform.client),
        "_viewer": viewer,
    }


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f'"{name}" must be a number of seconds')
    return int(value)


def checked_event(body: dict[str, Any], emitted_at: datetime) -> dict[str, Any]:
    """An event from a player report or a seed; ValueError naming what is wrong."""
    kind = body.get("type")
    if kind not in EVENT_TYPES:
        raise ValueError(f'"type" must be one of {", ".join(EVENT_TYPES)}')
    event: dict[str, Any] = {"type": kind, "emittedAt": iso_ms(emitted_at)}
    if kind.startswith("seek."):
        for name in ("from", "to"):
            if body.get(name) is not None:
                event[name] = _integer(body[name], name)
    elif body.get("at") is not None:
        event["at"] = _integer(body["at"], "at")
    return event


def seeded_session(
    item: dict[str, Any], media_type: str, media_id: str, metadata: list[dict[str, str]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A session document and its events from a full seed object (missing parts: unknown)."""
    head = dict(item.get("session") or {})
    session_id = head.get("sessionId") or new_session_id()
    loaded = parse_atom(str(head["loadedAt"])) if head.get("loadedAt") else datetime.now(UTC)
    events = []
    for raw in item.get("events") or []:
        if not isinstance(raw, dict):
            raise ValueError("each event must be an object")
        at = parse_atom(str(raw["emittedAt"])) if raw.get("emittedAt") else loaded
        events.append(checked_event(raw, at))
    ended = head.get("endedAt") or (events[-1]["emittedAt"] if events else iso_ms(loaded))
    head.update(
        {"sessionId": session_id, "loadedAt": iso_ms(loaded), "endedAt": iso_ms(parse_atom(ended))}
    )
    if media_type == "video":
        head.setdefault("metadata", metadata)
    else:
        head.pop("metadata", None)
    doc: dict[str, Any] = {
        "sessionId": session_id,
        "mediaType": media_type,
        "mediaId": media_id,
        "session": head,
        "location": {"country": UNKNOWN, "city": UNKNOWN, **(item.get("location") or {})},
        "referrer": {**referrer_of(None), **(item.get("referrer") or {})},
        "device": {
            "type": UNKNOWN,
            "vendor": UNKNOWN,
            "model": UNKNOWN,
            **(item.get("device") or {}),
        },
        "os": {"name": UNKNOWN, "shortname": UNKNOWN, "version": UNKNOWN, **(item.get("os") or {})},
        "client": {
            "type": UNKNOWN,
            "name": UNKNOWN,
            "version": UNKNOWN,
            **(item.get("client") or {}),
        },
        "_viewer": str(item.get("viewerId") or session_id),
    }
    return doc, events


def session_json(doc: dict[str, Any]) -> dict[str, Any]:
    """A raw-statistics session item (VideoSession or LiveStreamSession)."""
    return {part: doc[part] for part in _SESSION_PARTS}
