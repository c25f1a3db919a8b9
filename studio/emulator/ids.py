"""Identifiers and timestamps in the shapes api.video uses."""

from __future__ import annotations

import secrets
import string
import uuid
from datetime import UTC, datetime

_BASE62 = string.digits + string.ascii_letters


def new_id(prefix: str, length: int = 22) -> str:
    """An api.video style id: a prefix (``vi``, ``li``, ``pl``, ``to``...) plus base62 chars."""
    return prefix + "".join(secrets.choice(_BASE62) for _ in range(length))


def new_uuid() -> str:
    """A lowercase UUID v4 (stream keys, private tokens)."""
    return str(uuid.uuid4())


def now() -> datetime:
    return datetime.now(UTC)


def atom(moment: datetime) -> str:
    """RFC 3339 with a numeric offset and no fraction, e.g. ``2019-12-16T08:25:51+00:00``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def atom_now() -> str:
    return atom(now())


def parse_atom(text: str) -> datetime:
    """Parse a timestamp the emulator wrote (or any ISO 8601 form; naive means UTC)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
