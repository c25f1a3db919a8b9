"""One encoder connection: handshake, the NetConnection/NetStream commands, then the feed.

The publish flow of ffmpeg and OBS: ``connect`` (app ``s``) -> ``releaseStream`` ->
``FCPublish`` -> ``createStream`` -> ``publish(streamKey)`` -> audio/video/data messages ->
``FCUnpublish`` -> ``deleteStream``. An unknown key, a stream that already has an encoder, or
another app name is refused with an error status before any media flows, and the connection
is closed. Playing is not offered: this is an ingest.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from typing import Any

from aiohttp import web

from ..app import STORE
from . import amf0, chunks, control, flv
from .broadcast import Broadcast, find_by_stream_key
from .chunks import ChunkReader, Message, encode_message
from .handshake import HandshakeError, server_handshake
from .publishers import PUBLISHERS

log = logging.getLogger(__name__)

APP_NAME = "s"  # rtmp://<host>/s/<streamKey>, as api.video's ingest
OUT_CHUNK_SIZE = 4096
WINDOW_SIZE = 2_500_000
HANDSHAKE_TIMEOUT_S = 10.0
PUBLISH_STREAM_ID = 1
# Chunk stream ids of what the server sends (the ones Flash Media Server used).
CSID_CONTROL = 2
CSID_COMMAND = 3
CSID_STREAM = 5


class _Refused(Exception):
    """The session was refused: the reason was sent, the connection is to be closed."""


class PublishSession:
    """Serves one TCP connection until the encoder leaves or is dropped."""

    def __init__(
        self,
        app: web.Application,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        epoch: float,
    ) -> None:
        self.app = app
        self._reader = reader
        self._writer = writer
        self._epoch = epoch
        self._chunks = ChunkReader(reader)
        self._out_chunk_size = chunks.DEFAULT_CHUNK_SIZE
        self._peer_window = 0  # ack every this many bytes, once the peer asked for it
        self._acked = 0
        self._next_stream_id = PUBLISH_STREAM_ID
        self._broadcast: Broadcast | None = None
        self._done = asyncio.Event()
        self.peer = writer.get_extra_info("peername")

    # ---- Publisher (publishers.py) -----------------------------------------------------------

    def disconnect(self) -> None:
        """Close the connection now; :meth:`run` then ends the broadcast."""
        self._writer.close()

    async def finished(self) -> None:
        await self._done.wait()

    def kill(self) -> None:
        """Emulator shutdown: cut the connection and stop ffmpeg at once."""
        self.disconnect()
        if self._broadcast is not None:
            self._broadcast.kill()

    # ---- main loop ---------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            await asyncio.wait_for(
                server_handshake(self._reader, self._writer, self._epoch), HANDSHAKE_TIMEOUT_S
            )
            while True:
                message = await self._chunks.read_message()
                await self._acknowledge()
                await self._handle(message)
        except _Refused:
            pass
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            TimeoutError,
            HandshakeError,
            chunks.ChunkError,
            amf0.AmfError,
        ) as exc:
            log.debug("RTMP connection from %s ended: %r", self.peer, exc)
        finally:
            self._writer.close()
            try:
                await self._end_publish()
            finally:
                self._done.set()

    async def _send(self, *messages: tuple[Message, int]) -> None:
        for message, csid in messages:
            self._writer.write(encode_message(message, csid, self._out_chunk_size))
        await self._writer.drain()

    async def _acknowledge(self) -> None:
        received = self._chunks.bytes_read
        if self._peer_window and received - self._acked >= self._peer_window:
            self._acked = received
            await self._send((control.acknowledgement(received), CSID_CONTROL))

    async def _handle(self, message: Message) -> None:
        kind = message.type_id
        if kind in (chunks.AUDIO, chunks.VIDEO):
            if self._broadcast is not None:
                await self._broadcast.feed(kind, message.timestamp, message.payload)
        elif kind in (chunks.DATA_AMF0, chunks.DATA_AMF3):
            await self._on_data(_amf0_body(message), message.timestamp)
        elif kind == chunks.AGGREGATE:
            for tag_type, timestamp, body in flv.split_aggregate(
                message.payload, message.timestamp
            ):
                await self._handle(Message(tag_type, body, message.stream_id, timestamp))
        elif kind in (chunks.COMMAND_AMF0, chunks.COMMAND_AMF3):
            values = amf0.decode_all(_amf0_body(message))
            if values and isinstance(values[0], str):
                await self._on_command(values[0], values[1:], message.stream_id)
        elif kind == chunks.WINDOW_ACK_SIZE and len(message.payload) >= 4:
            self._peer_window = struct.unpack(">I", message.payload[:4])[0]
        elif kind == chunks.USER_CONTROL and len(message.payload) >= 6:
            event, value = struct.unpack(">HI", message.payload[:6])
            if event == control.PING_REQUEST:
                await self._send((control.user_control(control.PING_RESPONSE, value), CSID_CONTROL))
        # Set chunk size and abort are applied by the chunk reader; the rest needs no answer.

    async def _on_data(self, body: bytes, timestamp: int) -> None:
        """``@setDataFrame("onMetaData", {...})`` and friends become FLV script tags."""
        if self._broadcast is None:
            return
        decoder = amf0.Decoder(body)
        name = decoder.read()
        if name == "@clearDataFrame":
            return
        if name == "@setDataFrame":
            body = body[decoder.offset :]  # the tag is what follows: "onMetaData", {...}
            decoder = amf0.Decoder(body)
            name = decoder.read()
        if name == "onMetaData" and not decoder.at_end:
            self._broadcast.note_metadata(decoder.read())
        await self._broadcast.feed(flv.SCRIPT, timestamp, body)

    # ---- commands ----------------------------------------------------------------------------

    async def _on_command(self, name: str, args: list[Any], stream_id: int) -> None:
        transaction = args[0] if args and isinstance(args[0], float) else 0.0
        params = args[1:]
        if name == "connect":
            await self._connect(transaction, params[0] if params else None)
        elif name in ("releaseStream", "FCPublish"):
            await self._send(
                (control.command("_result", transaction, None, amf0.UNDEFINED), CSID_COMMAND)
            )
        elif name == "createStream":
            stream = self._next_stream_id
            self._next_stream_id += 1
            await self._send(
                (control.command("_result", transaction, None, float(stream)), CSID_COMMAND)
            )
        elif name == "publish":
            key = params[1] if len(params) > 1 and isinstance(params[1], str) else ""
            await self._publish(key, stream_id or PUBLISH_STREAM_ID)
        elif name in ("FCUnpublish", "deleteStream", "closeStream"):
            await self._end_publish()
        elif name in ("play", "play2"):
            await self._refuse(
                "NetStream.Play.Failed", "This server only takes publishers.", stream_id
            )

    async def _connect(self, transaction: float, command_object: Any) -> None:
        app_name = ""
        if isinstance(command_object, dict):
            app_name = str(command_object.get("app") or "").split("?")[0].strip("/")
        if app_name != APP_NAME:
            refusal = {
                "level": "error",
                "code": "NetConnection.Connect.Rejected",
                "description": f"Unknown application {app_name!r}: publish to /{APP_NAME}/<key>.",
            }
            await self._send((control.command("_error", transaction, None, refusal), CSID_COMMAND))
            raise _Refused
        encoding = 0.0
        if isinstance(command_object, dict) and isinstance(
            command_object.get("objectEncoding"), float
        ):
            encoding = command_object["objectEncoding"]
        properties = {"fmsVer": "FMS/3,5,7,7009", "capabilities": 31.0, "mode": 1.0}
        info: dict[str, Any] = {
            "level": "status",
            "code": "NetConnection.Connect.Success",
            "description": "Connection succeeded.",
            "objectEncoding": encoding,
        }
        await self._send(
            (control.window_ack_size(WINDOW_SIZE), CSID_CONTROL),
            (control.set_peer_bandwidth(WINDOW_SIZE), CSID_CONTROL),
            (control.set_chunk_size(OUT_CHUNK_SIZE), CSID_CONTROL),
        )
        self._out_chunk_size = OUT_CHUNK_SIZE
        await self._send((control.command("_result", transaction, properties, info), CSID_COMMAND))

    async def _refuse(self, code: str, description: str, stream_id: int) -> None:
        await self._send(
            (control.status("error", code, description, stream_id=stream_id), CSID_STREAM)
        )
        raise _Refused

    async def _publish(self, publish_name: str, stream_id: int) -> None:
        if self._broadcast is not None:
            await self._refuse("NetStream.Publish.BadName", "Already publishing.", stream_id)
        key = publish_name.split("?")[0]
        found = find_by_stream_key(self.app[STORE], key)
        if found is None:
            await self._refuse("NetStream.Publish.BadName", "Unknown stream key.", stream_id)
            return
        project_id, live_id = found
        broadcast = Broadcast(self.app, project_id, live_id)
        if not self.app[PUBLISHERS].claim(live_id, self):
            await self._refuse(
                "NetStream.Publish.BadName", "This live stream already has an encoder.", stream_id
            )
        self._broadcast = broadcast
        await broadcast.begin()
        log.info("RTMP publish on live stream %s from %s", live_id, self.peer)
        await self._send(
            (control.user_control(control.STREAM_BEGIN, stream_id), CSID_CONTROL),
            (
                control.status(
                    "status", "NetStream.Publish.Start", f"{key} is now published.",
                    stream_id=stream_id,
                ),
                CSID_STREAM,
            ),
        )  # fmt: skip

    async def _end_publish(self) -> None:
        broadcast, self._broadcast = self._broadcast, None
        if broadcast is None:
            return
        try:
            await broadcast.finish()
        finally:
            self.app[PUBLISHERS].release(broadcast.live_id, self)


def _amf0_body(message: Message) -> bytes:
    """AMF3-typed commands and data start with a 0 byte, then carry plain AMF0."""
    if message.type_id in (chunks.COMMAND_AMF3, chunks.DATA_AMF3) and message.payload[:1] == b"\0":
        return message.payload[1:]
    return message.payload
