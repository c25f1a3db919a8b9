"""The RTMP wire format of the ingest: AMF0 values, the chunk stream (header types 0-3, extended
timestamps, chunk sizes, long chunk stream ids), FLV framing, and a raw-socket session against
the running server (handshake echo, connect answer, refusal of an unknown key before any data)."""

from __future__ import annotations

import asyncio
import os
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.emulator.rtmp import amf0, control, flv
from studio.emulator.rtmp.chunks import (
    AUDIO,
    COMMAND_AMF0,
    SET_CHUNK_SIZE,
    VIDEO,
    ChunkError,
    ChunkReader,
    Message,
    encode_message,
)
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator

# ---- AMF0 ------------------------------------------------------------------------------------

amf_scalars = (
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.just(amf0.UNDEFINED)
)
amf_values = st.recursive(
    amf_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)


@given(st.lists(amf_values, max_size=5))
def test_amf0_values_survive_a_round_trip(values: list[Any]) -> None:
    assert amf0.decode_all(amf0.encode(*values)) == values


def test_amf0_decodes_what_encoders_send() -> None:
    # @setDataFrame("onMetaData", ECMA array {width: 640, stereo: true}), bytes as ffmpeg sends.
    ecma = (
        b"\x08\x00\x00\x00\x02"
        + b"\x00\x05width\x00" + struct.pack(">d", 640)
        + b"\x00\x06stereo\x01\x01"
        + b"\x00\x00\x09"
    )  # fmt: skip
    data = b"\x02\x00\x0d@setDataFrame\x02\x00\x0aonMetaData" + ecma
    assert amf0.decode_all(data) == [
        "@setDataFrame",
        "onMetaData",
        {"width": 640.0, "stereo": True},
    ]
    long_string = b"\x0c" + struct.pack(">I", 3) + b"abc"
    assert amf0.decode_all(long_string) == ["abc"]
    with pytest.raises(amf0.AmfError):
        amf0.decode_all(b"\x02\x00\x05ab")  # truncated string
    with pytest.raises(amf0.AmfError):
        amf0.decode_all(b"\x11\x00")  # AMF3 switch: not AMF0


# ---- chunk stream ----------------------------------------------------------------------------


async def read_all(data: bytes, count: int) -> list[Message]:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    chunks = ChunkReader(reader)
    return [await chunks.read_message() for _ in range(count)]


def header(
    fmt: int, csid: int, ts: int = 0, length: int = 0, type_id: int = 0, sid: int = 0
) -> bytes:
    basic = bytes([(fmt << 6) | csid])
    if fmt == 0:
        return (
            basic
            + ts.to_bytes(3, "big")
            + length.to_bytes(3, "big")
            + bytes([type_id])
            + (struct.pack("<I", sid))
        )
    if fmt == 1:
        return basic + ts.to_bytes(3, "big") + length.to_bytes(3, "big") + bytes([type_id])
    if fmt == 2:
        return basic + ts.to_bytes(3, "big")
    return basic


@pytest.mark.parametrize("chunk_size", [128, 1000, 4096])
@pytest.mark.parametrize("csid", [3, 64, 319, 320, 65599])
@pytest.mark.parametrize("timestamp", [0, 40, 0xFFFFFE, 0xFFFFFF, 0x12345678])
async def test_written_messages_read_back(chunk_size: int, csid: int, timestamp: int) -> None:
    payload = os.urandom(3000)
    message = Message(VIDEO, payload, stream_id=1, timestamp=timestamp)
    data = encode_message(Message(SET_CHUNK_SIZE, struct.pack(">I", chunk_size)), 2, 128)
    data += encode_message(message, csid, chunk_size) * 2
    _, first, second = await read_all(data, 3)
    assert first == message
    # Read as a fresh type-0 header again, not as a delta.
    assert second == message


async def test_header_types_1_2_3_carry_deltas() -> None:
    data = (
        header(0, 4, ts=1000, length=3, type_id=AUDIO, sid=1) + b"aaa"
        + header(1, 4, ts=20, length=2, type_id=VIDEO) + b"bb"  # new length and type
        + header(2, 4, ts=30) + b"cc"  # same length and type, new delta
        + header(3, 4) + b"dd"  # a new message repeating the last delta (30)
    )  # fmt: skip
    messages = await read_all(data, 4)
    assert [(m.type_id, m.timestamp, m.payload, m.stream_id) for m in messages] == [
        (AUDIO, 1000, b"aaa", 1),
        (VIDEO, 1020, b"bb", 1),
        (VIDEO, 1050, b"cc", 1),
        (VIDEO, 1080, b"dd", 1),
    ]


async def test_extended_timestamp_is_repeated_on_continuation_chunks() -> None:
    body = bytes(range(200))
    ext = struct.pack(">I", 0x01000000)
    data = (
        header(0, 6, ts=0xFFFFFF, length=200, type_id=VIDEO, sid=1) + ext + body[:128]
        + header(3, 6) + ext + body[128:]
    )  # fmt: skip
    (message,) = await read_all(data, 1)
    assert (message.timestamp, message.payload) == (0x01000000, body)


async def test_interleaved_chunk_streams_reassemble_separately() -> None:
    audio, video = b"A" * 200, b"V" * 150
    data = (
        header(0, 4, ts=5, length=200, type_id=AUDIO, sid=1) + audio[:128]
        + header(0, 6, ts=7, length=150, type_id=VIDEO, sid=1) + video[:128]
        + header(3, 4) + audio[128:]
        + header(3, 6) + video[128:]
    )  # fmt: skip
    first, second = await read_all(data, 2)
    assert (first.type_id, first.payload) == (AUDIO, audio)
    assert (second.type_id, second.payload) == (VIDEO, video)


async def test_a_stream_cannot_start_without_a_full_header() -> None:
    with pytest.raises(ChunkError):
        await read_all(header(1, 4, ts=1, length=1, type_id=AUDIO) + b"x", 1)


# ---- FLV -------------------------------------------------------------------------------------


def test_flv_tags_and_aggregates() -> None:
    tag = flv.tag(flv.VIDEO, 0x01020304, b"\x17\x01body")
    assert tag[:11] == bytes([9, 0, 0, 6, 0x02, 0x03, 0x04, 0x01, 0, 0, 0])
    assert tag[11:17] == b"\x17\x01body" and struct.unpack(">I", tag[17:])[0] == 17
    assert flv.video_codec(b"\x17\x00") == flv.VIDEO_AVC
    assert flv.audio_codec(b"\xaf\x00") == flv.AUDIO_AAC
    assert flv.Codecs(flv.VIDEO_AVC, flv.AUDIO_AAC).copyable
    assert not flv.Codecs(4, flv.AUDIO_AAC).copyable  # VP6 must be transcoded
    # An aggregate message: its first sub-message takes the aggregate's timestamp.
    aggregate = flv.tag(flv.AUDIO, 100, b"a1") + flv.tag(flv.VIDEO, 140, b"v1")
    assert list(flv.split_aggregate(aggregate, 5000)) == [
        (flv.AUDIO, 5000, b"a1"),
        (flv.VIDEO, 5040, b"v1"),
    ]


# ---- a raw session against the server -------------------------------------------------------


@pytest.fixture(scope="module")
def rtmp_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    server = make_emulator(tmp_path_factory.mktemp("emulator-rtmp-raw"), rtmp_port=0)
    yield server
    server.stop()


async def read_until(chunks: ChunkReader, name: str) -> list[Any]:
    while True:
        message = await asyncio.wait_for(chunks.read_message(), 10)
        if message.type_id == COMMAND_AMF0:
            values = amf0.decode_all(message.payload)
            if values[0] == name:
                return values


async def test_raw_session_connects_then_unknown_key_is_refused(
    rtmp_emulator: EmulatorServer,
) -> None:
    port = rtmp_emulator.rtmp_port
    assert port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        c1 = os.urandom(1536)
        writer.write(b"\x03" + c1)
        s0 = await reader.readexactly(1)
        s1 = await reader.readexactly(1536)
        s2 = await reader.readexactly(1536)
        assert s0 == b"\x03" and s2 == c1 and s1[4:8] == b"\0\0\0\0"
        writer.write(s1)  # C2

        def send(message: Message, csid: int = 3) -> None:
            writer.write(encode_message(message, csid, 128))

        send(control.command("connect", 1, {"app": "s", "tcUrl": "rtmp://127.0.0.1/s"}))
        chunks = ChunkReader(reader)
        result = await read_until(chunks, "_result")
        assert result[1] == 1 and result[3]["code"] == "NetConnection.Connect.Success"
        send(control.command("createStream", 2, None))
        created = await read_until(chunks, "_result")
        assert created[1] == 2 and isinstance(created[3], float)
        stream_id = int(created[3])
        send(control.command("publish", 3, None, "no-such-key", "live", stream_id=stream_id))
        status = await read_until(chunks, "onStatus")
        assert status[3]["level"] == "error"
        assert status[3]["code"] == "NetStream.Publish.BadName"
        # Then the server hangs up: no media is taken on that connection.
        with pytest.raises(asyncio.IncompleteReadError):
            while True:
                await asyncio.wait_for(chunks.read_message(), 10)
    finally:
        writer.close()
