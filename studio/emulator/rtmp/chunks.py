"""The RTMP chunk stream: messages cut into chunks with compressed headers, and back.

Reading follows the specification (basic header with 1-3 byte chunk stream ids, message
headers of types 0-3, extended timestamps) and the two publishers that matter in practice,
ffmpeg and librtmp (OBS): a type-3 chunk that starts a new message adds the previous
timestamp field again, and an extended timestamp is repeated on type-3 chunks whenever the
header they continue carried one. Writing always uses a type-0 first chunk, then type-3.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass, field

# Message type ids.
SET_CHUNK_SIZE = 1
ABORT = 2
ACKNOWLEDGEMENT = 3
USER_CONTROL = 4
WINDOW_ACK_SIZE = 5
SET_PEER_BANDWIDTH = 6
AUDIO = 8
VIDEO = 9
DATA_AMF3 = 15
COMMAND_AMF3 = 17
DATA_AMF0 = 18
COMMAND_AMF0 = 20
AGGREGATE = 22

DEFAULT_CHUNK_SIZE = 128
MAX_CHUNK_SIZE = 0xFFFFFF  # no message can be longer, so larger chunks make no difference
EXTENDED = 0xFFFFFF  # a 24-bit timestamp field with this value means "look at the next 4 bytes"


class ChunkError(ValueError):
    """The peer broke the chunk stream format."""


@dataclass
class Message:
    """One RTMP message: type, message stream id, timestamp (ms) and payload."""

    type_id: int
    payload: bytes
    stream_id: int = 0
    timestamp: int = 0


@dataclass
class _ChunkStreamState:
    """What the previous chunk of one chunk stream said (later headers omit it)."""

    timestamp: int = 0
    ts_field: int = 0  # last timestamp or delta as sent (a type-3 new message adds it again)
    length: int = 0
    type_id: int = 0
    stream_id: int = 0
    extended: bool = False
    started: bool = False  # a type-0 header was seen; other types need one first
    partial: bytearray = field(default_factory=bytearray)


class ChunkReader:
    """Reassembles messages from the chunks a peer sends; counts bytes for acknowledgements."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader
        self._streams: dict[int, _ChunkStreamState] = {}
        self.chunk_size = DEFAULT_CHUNK_SIZE
        self.bytes_read = 0

    async def _read(self, n: int) -> bytes:
        data = await self._reader.readexactly(n)
        self.bytes_read += n
        return data

    async def _chunk_stream_id(self) -> tuple[int, int]:
        first = (await self._read(1))[0]
        fmt, csid = first >> 6, first & 0x3F
        if csid == 0:
            csid = 64 + (await self._read(1))[0]
        elif csid == 1:
            low, high = await self._read(2)
            csid = 64 + low + high * 256
        return fmt, csid

    async def read_message(self) -> Message:
        """The next complete message (chunk-size and abort messages are applied, then returned)."""
        while True:
            message = await self._read_chunk()
            if message is None:
                continue
            if message.type_id == SET_CHUNK_SIZE and len(message.payload) >= 4:
                size = struct.unpack(">I", message.payload[:4])[0] & 0x7FFFFFFF
                if size < 1:
                    raise ChunkError("chunk size must be positive")
                self.chunk_size = min(size, MAX_CHUNK_SIZE)
            elif message.type_id == ABORT and len(message.payload) >= 4:
                aborted = struct.unpack(">I", message.payload[:4])[0]
                state = self._streams.get(aborted)
                if state is not None:
                    state.partial.clear()
            return message

    async def _read_chunk(self) -> Message | None:
        fmt, csid = await self._chunk_stream_id()
        state = self._streams.setdefault(csid, _ChunkStreamState())
        new_message = not state.partial
        if fmt != 0 and not state.started:
            raise ChunkError(f"chunk stream {csid} starts without a full header")
        if fmt <= 2:
            if not new_message:
                raise ChunkError(f"chunk stream {csid}: new header inside a message")
            ts_field = int.from_bytes(await self._read(3), "big")
            if fmt <= 1:
                state.length = int.from_bytes(await self._read(3), "big")
                state.type_id = (await self._read(1))[0]
            if fmt == 0:
                state.stream_id = struct.unpack("<I", await self._read(4))[0]
            state.extended = ts_field == EXTENDED
            if state.extended:
                ts_field = struct.unpack(">I", await self._read(4))[0]
            state.ts_field = ts_field
            if fmt == 0:
                state.timestamp = ts_field
                state.started = True
            else:
                state.timestamp = (state.timestamp + ts_field) & 0xFFFFFFFF
        else:
            if state.extended:
                await self._read(4)  # repeated extended timestamp; the header's value stands
            if new_message:
                state.timestamp = (state.timestamp + state.ts_field) & 0xFFFFFFFF
        remaining = state.length - len(state.partial)
        if remaining > 0:
            state.partial += await self._read(min(self.chunk_size, remaining))
        if len(state.partial) < state.length:
            return None
        payload = bytes(state.partial)
        state.partial.clear()
        return Message(state.type_id, payload, state.stream_id, state.timestamp)


def _basic_header(fmt: int, csid: int) -> bytes:
    if 2 <= csid <= 63:
        return bytes([(fmt << 6) | csid])
    if 64 <= csid <= 319:
        return bytes([fmt << 6, csid - 64])
    if 320 <= csid <= 65599:
        rest = csid - 64
        return bytes([(fmt << 6) | 1, rest & 0xFF, rest >> 8])
    raise ValueError(f"chunk stream id {csid} out of range")


def encode_message(message: Message, csid: int, chunk_size: int) -> bytes:
    """The chunks of one message: a type-0 chunk, then type-3 continuations."""
    timestamp = message.timestamp & 0xFFFFFFFF
    extended = timestamp >= EXTENDED
    ts_bytes = (EXTENDED if extended else timestamp).to_bytes(3, "big")
    ext_bytes = struct.pack(">I", timestamp) if extended else b""
    header = (
        _basic_header(0, csid)
        + ts_bytes
        + len(message.payload).to_bytes(3, "big")
        + bytes([message.type_id])
        + struct.pack("<I", message.stream_id)
        + ext_bytes
    )
    continuation = _basic_header(3, csid) + ext_bytes
    payload = message.payload
    parts = [header, payload[:chunk_size]]
    for start in range(chunk_size, len(payload), chunk_size):
        parts += [continuation, payload[start : start + chunk_size]]
    return b"".join(parts)
