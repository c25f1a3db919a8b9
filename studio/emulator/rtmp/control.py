"""Messages the server sends: protocol control, user control events, AMF0 commands."""

from __future__ import annotations

import struct
from typing import Any

from . import amf0
from .chunks import (
    ACKNOWLEDGEMENT,
    COMMAND_AMF0,
    SET_CHUNK_SIZE,
    SET_PEER_BANDWIDTH,
    USER_CONTROL,
    WINDOW_ACK_SIZE,
    Message,
)

# User control event types.
STREAM_BEGIN = 0
STREAM_EOF = 1
PING_REQUEST = 6
PING_RESPONSE = 7

PEER_BANDWIDTH_DYNAMIC = 2


def set_chunk_size(size: int) -> Message:
    return Message(SET_CHUNK_SIZE, struct.pack(">I", size))


def window_ack_size(size: int) -> Message:
    return Message(WINDOW_ACK_SIZE, struct.pack(">I", size))


def set_peer_bandwidth(size: int) -> Message:
    return Message(SET_PEER_BANDWIDTH, struct.pack(">IB", size, PEER_BANDWIDTH_DYNAMIC))


def acknowledgement(bytes_received: int) -> Message:
    return Message(ACKNOWLEDGEMENT, struct.pack(">I", bytes_received & 0xFFFFFFFF))


def user_control(event: int, value: int) -> Message:
    """An event with one 32-bit argument (a stream id, or a ping timestamp)."""
    return Message(USER_CONTROL, struct.pack(">HI", event, value & 0xFFFFFFFF))


def command(name: str, transaction: float, *args: Any, stream_id: int = 0) -> Message:
    """An AMF0 command: name, transaction id, then the arguments (command object first)."""
    return Message(COMMAND_AMF0, amf0.encode(name, transaction, *args), stream_id)


def status(level: str, code: str, description: str, *, stream_id: int) -> Message:
    """``onStatus`` on a message stream, as publishers wait for after ``publish``."""
    info = {"level": level, "code": code, "description": description}
    return command("onStatus", 0, None, info, stream_id=stream_id)
