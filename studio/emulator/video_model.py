"""The Video object: its stored document, payload validation, and its exact wire form.

Stored document (kind ``"video"``, id = videoId): the public fields of contract 4.1 (``videoId``,
``title``, ``description``, ``public``, ``panoramic``, ``mp4Support``, ``tags``, ``metadata``,
dates, ``discarded*``, optional ``playerId``/``language``/``languageOrigin``, ``source``) plus
internal fields: ``_upload`` (the ingest ledger, see ingest.py), ``_media`` (what the media
pipeline produced), ``_clip``, ``_watermark``, ``_transcript*``, ``_thumbnailTimecode``.

Wire rules (Python-client strictness, contract 1.11): nothing null unless the schema says
nullable; ``description`` is ``""`` when unset; ``playerId``/``language`` omitted when unset;
``assets`` omitted on discarded videos; private videos get a fresh private token per response.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .ids import atom, atom_now, new_id, new_uuid, now
from .problems import attribute_required, invalid_attribute, not_found
from .store import Store

KIND = "video"
PRIVATE_TOKEN_KIND = "vod-private"  # + ":" + videoId
SESSION_TOKEN_KIND = "vod-session"  # + ":" + videoId
PRIVATE_TOKEN_LIFETIME_S = 24 * 3600
DISCARD_RETENTION = timedelta(days=90)

LANGUAGES = frozenset(
    "ar ca cs da de el en es fa fi fr he hi hr hu it ja ko ml nl nn no pl pt ru sk sl te tr uk "
    "ur vi zh".split()
)
TIMECODE = re.compile(r"^(?:\d{2,3}:[0-5]\d:[0-5]\d(?:\.\d{1,3}|:\d{1,2})?|\d{1,7})$", re.ASCII)
WATERMARK_FIELDS = ("top", "left", "bottom", "right", "width", "height", "opacity")
SUMMARY_ATTRIBUTES = ("abstract", "takeaways")


# ---- creation and validation -----------------------------------------------------------------


def _bool(body: dict[str, Any], name: str, default: bool | None = None) -> bool | None:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid_attribute(name, "This attribute must be a boolean.")
    return value


def _string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_attribute(name, "This attribute must be a string.")
    return value


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise invalid_attribute("tags", "This attribute must be an array.")
    out: list[str] = []
    for tag in value:
        if not isinstance(tag, str):
            raise invalid_attribute("tags", "Each tag must be a string.")
        if tag not in out:
            out.append(tag)
    return out


def _metadata(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise invalid_attribute("metadata", "This attribute must be an array.")
    out = []
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("key"), str)
            or not isinstance(item.get("value"), str)
        ):
            raise invalid_attribute(
                "metadata", "Each metadata item must be an object with string key and value."
            )
        out.append({"key": item["key"], "value": item["value"]})
    return out


def _language(value: Any) -> str | None:
    """A supported language tag (``"false"``, the generated clients' spelling of ``no``, too)."""
    if value is None:
        return None
    if value is False or value == "false":
        return "no"
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z-]+", value):
        raise invalid_attribute(
            "language", "An attribute is invalid.", "must contain only letters and dashes"
        )
    if value.lower() not in LANGUAGES:
        raise invalid_attribute("language", "An attribute is invalid.", f"{value} is not valid")
    return value.lower()


def _clip(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise invalid_attribute("clip", "This attribute must be an object.")
    out = {}
    for key in ("startTimecode", "endTimecode"):
        code = value.get(key)
        if code is None:
            continue
        if not isinstance(code, str) or not TIMECODE.match(code):
            raise invalid_attribute(f"clip[{key}]", "This timecode is invalid.")
        out[key] = code
    return out


def _watermark(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise invalid_attribute("watermark", "This attribute must be an object.")
    if not isinstance(value.get("id"), str) or not value["id"]:
        raise attribute_required("watermark[id]")
    out = {"id": value["id"]}
    for key in WATERMARK_FIELDS:
        if key in value and value[key] is not None:
            if not isinstance(value[key], str):
                raise invalid_attribute(f"watermark[{key}]", "This attribute must be a string.")
            out[key] = value[key]
    return out


def _summary_attributes(value: Any) -> list[str]:
    if not isinstance(value, list) or any(v not in SUMMARY_ATTRIBUTES for v in value):
        raise invalid_attribute(
            "transcriptSummaryAttributes", "Allowed values are abstract and takeaways."
        )
    return list(dict.fromkeys(value))


def check_player(store: Store, project: str, player_id: Any) -> str:
    if not isinstance(player_id, str):
        raise invalid_attribute("playerId", "This attribute must be a string.")
    if store.get(project, "player", player_id) is None:
        raise not_found("playerId")
    return player_id


def new_video(video_id: str | None = None, *, title: str, created: str | None = None) -> dict:
    """A document with every default of contract 3.2 V1 (no source yet)."""
    vid = video_id or new_id("vi")
    stamp = created or atom_now()
    return {
        "videoId": vid,
        "title": title,
        "description": "",
        "public": True,
        "panoramic": False,
        "mp4Support": True,
        "tags": [],
        "metadata": [],
        "createdAt": stamp,
        "publishedAt": stamp,
        "updatedAt": stamp,
        "discarded": False,
        "discardedAt": None,
        "deletesAt": None,
        "source": {"type": "upload", "uri": f"/videos/{vid}/source"},
    }


def apply_creation(store: Store, project: str, doc: dict, body: dict[str, Any]) -> None:
    """Validate a VideoCreationPayload into ``doc`` (``source`` is handled by the route)."""
    title = body.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        raise attribute_required("title")
    if not isinstance(title, str):
        raise invalid_attribute("title", "This attribute must be a string.")
    doc["title"] = title
    _apply_common(store, project, doc, body)
    if body.get("clip") is not None:
        doc["_clip"] = _clip(body["clip"])
    if body.get("watermark") is not None:
        doc["_watermark"] = _watermark(body["watermark"])


def apply_update(store: Store, project: str, doc: dict, body: dict[str, Any]) -> None:
    """Validate a VideoUpdatePayload into ``doc``: lists replace, ``playerId: null`` removes."""
    if "title" in body and body["title"] is not None:
        title = _string(body, "title")
        if not title or not title.strip():
            raise attribute_required("title")
        doc["title"] = title
    if "playerId" in body and body["playerId"] is None:
        doc.pop("playerId", None)
    if "language" in body and body["language"] is None:
        doc.pop("language", None)
        doc.pop("languageOrigin", None)
    _apply_common(store, project, doc, body)
    doc["updatedAt"] = atom_now()


def _apply_common(store: Store, project: str, doc: dict, body: dict[str, Any]) -> None:
    description = _string(body, "description")
    if description is not None:
        doc["description"] = description
    for name in ("public", "panoramic", "mp4Support"):
        value = _bool(body, name)
        if value is not None:
            doc[name] = value
    if body.get("tags") is not None:
        doc["tags"] = _tags(body["tags"])
    if body.get("metadata") is not None:
        doc["metadata"] = _metadata(body["metadata"])
    if body.get("playerId") is not None:
        doc["playerId"] = check_player(store, project, body["playerId"])
    if body.get("language") is not None:
        doc["language"] = _language(body["language"])
        doc["languageOrigin"] = "api"
    for name in ("transcript", "transcriptSummary"):
        value = _bool(body, name)
        if value is not None:
            doc[f"_{name}"] = value
    if body.get("transcriptSummaryAttributes") is not None:
        doc["_transcriptSummaryAttributes"] = _summary_attributes(
            body["transcriptSummaryAttributes"]
        )


# ---- wire form -------------------------------------------------------------------------------

PUBLIC_FIELDS = (
    "videoId",
    "title",
    "description",
    "public",
    "panoramic",
    "mp4Support",
    "playerId",
    "language",
    "languageOrigin",
    "tags",
    "metadata",
    "source",
    "publishedAt",
    "createdAt",
    "updatedAt",
    "discarded",
    "discardedAt",
    "deletesAt",
)
NULLABLE = {"discardedAt", "deletesAt", "languageOrigin"}


def assets(base: str, video_id: str, *, mp4: bool, token: str | None) -> dict[str, str]:
    """Asset URLs (contract 6.1); ``token`` gives the private forms."""
    vod = f"{base}/vod/{video_id}" + (f"/token/{token}" if token else "")
    player = f"{base}/embed/vod/{video_id}" + (f"?token={token}" if token else "")
    out = {
        "iframe": (
            f'<iframe src="{player}" width="100%" height="100%" frameborder="0" '
            f'scrolling="no" allowfullscreen="true"></iframe>'
        ),
        "player": player,
        "hls": f"{vod}/hls/manifest.m3u8",
        "thumbnail": f"{vod}/thumbnail.jpg",
    }
    if mp4:
        out["mp4"] = f"{vod}/mp4/source.mp4"
    return out


def mint_private_token(store: Store, project: str, video_id: str) -> str:
    """A new private token for one video, valid 24 h (single use is not enforced)."""
    token = new_uuid()
    store.add_token(token, f"{PRIVATE_TOKEN_KIND}:{video_id}", project, PRIVATE_TOKEN_LIFETIME_S)
    return token


def to_wire(doc: dict[str, Any], base: str, store: Store, project: str) -> dict[str, Any]:
    """The Video JSON for one response (mints a private token when the video is private)."""
    out: dict[str, Any] = {}
    for name in PUBLIC_FIELDS:
        if name not in doc:
            continue
        value = doc[name]
        if value is None and name not in NULLABLE:
            continue
        out[name] = value
    out["description"] = doc.get("description") or ""
    if not doc.get("discarded"):
        private = not doc.get("public", True)
        token = mint_private_token(store, project, doc["videoId"]) if private else None
        out["assets"] = assets(
            base, doc["videoId"], mp4=bool(doc.get("mp4Support", True)), token=token
        )
    return out


# ---- store helpers ---------------------------------------------------------------------------


def get_video(store: Store, project: str, video_id: str, *, discarded: bool = False) -> dict:
    """A private copy of a live (or, with ``discarded``, a discarded) video, else 404."""
    doc = store.get(project, KIND, video_id)
    if doc is None or bool(doc.get("discarded")) != discarded:
        raise not_found("videoId")
    return doc


def update_video(
    store: Store, project: str, video_id: str, change: Callable[[dict[str, Any]], None]
) -> dict[str, Any] | None:
    """Read-modify-write one video atomically; None if it no longer exists."""
    with store.transaction():
        doc = store.get(project, KIND, video_id)
        if doc is None:
            return None
        change(doc)
        store.put(project, KIND, video_id, doc)
        return doc


def discard(doc: dict[str, Any]) -> None:
    moment = now()
    doc["discarded"] = True
    doc["discardedAt"] = atom(moment)
    doc["deletesAt"] = atom(moment + DISCARD_RETENTION)


def restore(doc: dict[str, Any]) -> None:
    doc["discarded"] = False
    doc["discardedAt"] = None
    doc["deletesAt"] = None
    doc["updatedAt"] = atom_now()


_CLOCK = re.compile(r"^(\d{2,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3})|:(\d{1,2}))?$", re.ASCII)


def timecode_seconds(text: str, framerate: float | None = None) -> float | None:
    """Seconds of a thumbnail timecode: ``hh:mm:ss.ms``, ``hh:mm:ss:frame`` or whole seconds."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{1,7}", text):
        return float(text)
    m = _CLOCK.match(text)
    if m is None:
        return None
    hours, minutes, seconds, fraction, frame = m.groups()
    value: float = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction is not None:
        value += int(fraction) / 10 ** len(fraction)
    elif frame is not None:
        value += int(frame) / (framerate or 25.0)
    return float(value)
