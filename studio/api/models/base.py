"""Base classes and the one decode/encode pair every resource uses.

Wire rules (contract 1.9, 1.11): camelCase keys, unknown keys ignored, datetimes in any RFC 3339
form (offset, ``Z``, fractions), and numbers/booleans accepted as strings too, so that a server
sending ``"videoCount": "3"`` never crashes the app.
"""

from __future__ import annotations

from typing import Any

import msgspec

UNSET = msgspec.UNSET
UnsetType = msgspec.UnsetType


class ApiModel(msgspec.Struct, rename="camel", kw_only=True):
    """A response object: camelCase on the wire, unknown fields tolerated."""


class ApiPayload(msgspec.Struct, rename="camel", kw_only=True):
    """A request body: fields left at ``UNSET`` are not sent, ``None`` is sent as JSON null."""


def decode[T](type_: type[T], data: Any) -> T:
    """Turn a JSON document (bytes/str or already-parsed builtins) into ``type_``.

    Raises ``msgspec.ValidationError`` when the data cannot be read as that type.
    """
    if isinstance(data, bytes | bytearray | memoryview | str):
        return msgspec.json.decode(data, type=type_, strict=False)
    return msgspec.convert(data, type_, strict=False)


def encode_payload(payload: msgspec.Struct) -> dict[str, Any]:
    """A payload as a JSON-ready dict: camelCase keys, UNSET fields omitted, None kept."""
    result = msgspec.to_builtins(payload)
    assert isinstance(result, dict)
    return result
