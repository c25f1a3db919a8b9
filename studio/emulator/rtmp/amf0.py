"""AMF0, the value encoding of RTMP command and data messages (the subset encoders use).

Decoded values: number -> float, boolean -> bool, string / long string -> str, object and
ECMA array -> dict, strict array -> list, null -> None, undefined -> :data:`UNDEFINED`,
date -> float (ms since the epoch). Encoding maps the same Python types back (int as number).
"""

from __future__ import annotations

import struct
from typing import Any

NUMBER = 0x00
BOOLEAN = 0x01
STRING = 0x02
OBJECT = 0x03
NULL = 0x05
UNDEFINED_MARKER = 0x06
ECMA_ARRAY = 0x08
OBJECT_END = 0x09
STRICT_ARRAY = 0x0A
DATE = 0x0B
LONG_STRING = 0x0C

_MAX_DEPTH = 32  # nesting encoders never reach; stops hostile input from recursing forever


class AmfError(ValueError):
    """Malformed or unsupported AMF0 data."""


class _Undefined:
    """AMF0 ``undefined`` (distinct from ``null``, which is None)."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED = _Undefined()


class Decoder:
    """Reads AMF0 values one after the other from a byte string."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    @property
    def at_end(self) -> bool:
        return self.offset >= len(self.data)

    def _take(self, n: int) -> bytes:
        end = self.offset + n
        if end > len(self.data):
            raise AmfError("truncated AMF0 value")
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def _utf8(self, n: int) -> str:
        return self._take(n).decode("utf-8", errors="replace")

    def _pairs(self, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            (key_len,) = struct.unpack(">H", self._take(2))
            if key_len == 0 and self.data[self.offset : self.offset + 1] == bytes([OBJECT_END]):
                self.offset += 1
                return out
            key = self._utf8(key_len)
            out[key] = self._value(depth + 1)

    def read(self) -> Any:
        """The next value."""
        return self._value(0)

    def _value(self, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise AmfError("AMF0 value nested too deeply")
        marker = self._take(1)[0]
        if marker == NUMBER:
            return struct.unpack(">d", self._take(8))[0]
        if marker == BOOLEAN:
            return self._take(1)[0] != 0
        if marker == STRING:
            return self._utf8(struct.unpack(">H", self._take(2))[0])
        if marker == LONG_STRING:
            return self._utf8(struct.unpack(">I", self._take(4))[0])
        if marker == OBJECT:
            return self._pairs(depth)
        if marker == ECMA_ARRAY:
            self._take(4)  # the count is only a hint; the end marker ends it
            return self._pairs(depth)
        if marker == STRICT_ARRAY:
            (count,) = struct.unpack(">I", self._take(4))
            return [self._value(depth + 1) for _ in range(count)]
        if marker == NULL:
            return None
        if marker == UNDEFINED_MARKER:
            return UNDEFINED
        if marker == DATE:
            millis = struct.unpack(">d", self._take(8))[0]
            self._take(2)  # time zone, unused by the format's own definition
            return millis
        raise AmfError(f"unsupported AMF0 marker 0x{marker:02x}")


def decode_all(data: bytes) -> list[Any]:
    """Every value of a command or data message, in order."""
    decoder = Decoder(data)
    values = []
    while not decoder.at_end:
        values.append(decoder.read())
    return values


def _string_body(text: str) -> bytes:
    raw = text.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def encode_value(value: Any) -> bytes:
    """One value in AMF0."""
    if value is None:
        return bytes([NULL])
    if value is UNDEFINED:
        return bytes([UNDEFINED_MARKER])
    if isinstance(value, bool):
        return bytes([BOOLEAN, 1 if value else 0])
    if isinstance(value, int | float):
        return bytes([NUMBER]) + struct.pack(">d", float(value))
    if isinstance(value, str):
        raw = value.encode("utf-8")
        if len(raw) > 0xFFFF:
            return bytes([LONG_STRING]) + struct.pack(">I", len(raw)) + raw
        return bytes([STRING]) + struct.pack(">H", len(raw)) + raw
    if isinstance(value, dict):
        body = b"".join(_string_body(str(k)) + encode_value(v) for k, v in value.items())
        return bytes([OBJECT]) + body + b"\x00\x00" + bytes([OBJECT_END])
    if isinstance(value, list | tuple):
        items = b"".join(encode_value(v) for v in value)
        return bytes([STRICT_ARRAY]) + struct.pack(">I", len(value)) + items
    raise AmfError(f"cannot encode {type(value).__name__} in AMF0")


def encode(*values: Any) -> bytes:
    """Several values back to back (a command: name, transaction id, arguments...)."""
    return b"".join(encode_value(v) for v in values)
