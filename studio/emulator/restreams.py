"""Validation of live-stream restream destinations (contract 3.4 L1/L4).

At most 5 destinations, each ``{name, serverUrl, streamKey}`` with every field present and
non-blank, and ``serverUrl`` an ``rtmp://`` or ``rtmps://`` URL with a host and an app name.
Problems use api.video's wording: title "An attribute is invalid.", the message in ``detail``
and the offending field in ``name`` (``restreams[0][serverUrl]``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .problems import invalid_attribute

MAX_RESTREAMS = 5
FIELDS = ("name", "serverUrl", "streamKey")

NOT_NULL = "This value should not be null."
NOT_BLANK = "This value should not be blank."
TOO_MANY = f"This collection should contain {MAX_RESTREAMS} elements or less."
MISSING_APP = "Missing app name: [rtmp|rtmps]://[host]/[app name]."
BAD_URL = "RTMP URL should have the following format: [rtmp|rtmps]://[host]/[app name]."


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return BAD_URL
    if parts.scheme.lower() not in ("rtmp", "rtmps") or not parts.hostname:
        return BAD_URL
    if not parts.path.strip("/"):
        return MISSING_APP
    return None


def checked_restreams(value: Any) -> list[dict[str, str]]:
    """The destinations to store, or a Problem naming the first invalid field."""
    if not isinstance(value, list):
        raise invalid_attribute("restreams", "This attribute must be an array.")
    if len(value) > MAX_RESTREAMS:
        raise invalid_attribute("restreams", detail=TOO_MANY)
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise invalid_attribute(f"restreams[{i}]", detail="This value should be an object.")
        entry: dict[str, str] = {}
        for field in FIELDS:
            where = f"restreams[{i}][{field}]"
            raw = item.get(field)
            if raw is None:
                raise invalid_attribute(where, detail=NOT_NULL)
            if not isinstance(raw, str):
                raise invalid_attribute(where, detail="This value should be of type string.")
            if not raw.strip():
                raise invalid_attribute(where, detail=NOT_BLANK)
            entry[field] = raw
        problem = _url_problem(entry["serverUrl"])
        if problem:
            raise invalid_attribute(f"restreams[{i}][serverUrl]", detail=problem)
        out.append(entry)
    return out
