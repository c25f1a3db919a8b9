"""A small obs-websocket v5 server for tests: the handshake and the few requests the app uses.

It speaks the real protocol over a real WebSocket on loopback: Hello (op 0, with an
authentication challenge and salt when a password is set), Identify (op 1; a wrong or missing
authentication closes the session with 4009 like OBS), Identified (op 2), Request (op 6) and
RequestResponse (op 7), in MessagePack (``obswebsocket.msgpack``, what simpleobsws asks for) or
JSON. Its stream output is plain state the tests flip (``streaming``, ``bytes_sent``...).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import msgpack
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

OUTPUT_RUNNING = 500
OUTPUT_NOT_RUNNING = 501
UNKNOWN_REQUEST_TYPE = 204


def auth_string(password: str, salt: str, challenge: str) -> str:
    """The Identify ``authentication`` a client must send (protocol: SHA-256 twice, base64)."""
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest())
    return base64.b64encode(hashlib.sha256(secret + challenge.encode()).digest()).decode()


@dataclass
class FakeObs:
    """OBS as seen through its WebSocket server; start with ``async with FakeObs(...) as obs``."""

    password: str | None = None
    greet: bool = True  # False: accept the WebSocket but never send Hello (like obs-websocket 4)
    service_type: str = "rtmp_common"
    service_settings: dict[str, Any] = field(
        default_factory=lambda: {"service": "Twitch", "server": "auto", "key": "live_users_own"}
    )
    streaming: bool = False
    reconnecting: bool = False
    congestion: float = 0.0
    bytes_sent: int = 0
    duration_ms: int = 0
    skipped_frames: int = 0
    total_frames: int = 0
    stop_lag_polls: int = 0  # GetStreamStatus calls that still see the output after StopStream
    requests: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)
    identified_sessions: int = 0
    port: int = 0
    _server: Server | None = None
    _stopping: int = 0

    async def __aenter__(self) -> FakeObs:
        self._server = await serve(
            self._session,
            "127.0.0.1",
            0,
            subprotocols=["obswebsocket.msgpack", "obswebsocket.json"],  # type: ignore[list-item]
        )
        self.port = self._server.sockets[0].getsockname()[1] if self._server.sockets else 0
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def request_types(self) -> list[str]:
        return [name for name, _ in self.requests]

    # ---- protocol -----------------------------------------------------------------------------

    async def _session(self, ws: ServerConnection) -> None:
        binary = ws.subprotocol == "obswebsocket.msgpack"

        async def send(op: int, data: dict[str, Any]) -> None:
            message = {"op": op, "d": data}
            await ws.send(msgpack.packb(message) if binary else json.dumps(message))

        async def receive() -> dict[str, Any]:
            raw = await ws.recv()
            decoded = msgpack.unpackb(raw) if isinstance(raw, bytes) else json.loads(raw)
            assert isinstance(decoded, dict)
            return decoded

        try:
            if not self.greet:
                await ws.wait_closed()
                return
            hello: dict[str, Any] = {"obsWebSocketVersion": "5.5.2", "rpcVersion": 1}
            salt = challenge = ""
            if self.password is not None:
                salt = base64.b64encode(secrets.token_bytes(32)).decode()
                challenge = base64.b64encode(secrets.token_bytes(32)).decode()
                hello["authentication"] = {"challenge": challenge, "salt": salt}
            await send(0, hello)
            identify = await receive()
            if identify.get("op") != 1:
                await ws.close(4007, "Not identified")
                return
            if self.password is not None:
                sent = identify["d"].get("authentication")
                if sent != auth_string(self.password, salt, challenge):
                    await ws.close(4009, "Authentication failed.")
                    return
            self.identified_sessions += 1
            await send(2, {"negotiatedRpcVersion": 1})
            while True:
                message = await receive()
                if message.get("op") != 6:
                    continue
                d = message["d"]
                result = self._handle(d["requestType"], d.get("requestData"))
                await send(
                    7, {"requestType": d["requestType"], "requestId": d["requestId"], **result}
                )
        except ConnectionClosed:
            return

    # ---- requests -----------------------------------------------------------------------------

    def _handle(self, request_type: str, data: dict[str, Any] | None) -> dict[str, Any]:
        self.requests.append((request_type, data))
        handler = getattr(self, f"_r_{request_type}", None)
        if handler is None:
            return _failure(UNKNOWN_REQUEST_TYPE, f"Your request type is not valid: {request_type}")
        result: dict[str, Any] = handler(data or {})
        return result

    def _r_GetStreamStatus(self, _: dict[str, Any]) -> dict[str, Any]:
        if self._stopping:
            self._stopping -= 1
            if not self._stopping:
                self.streaming = False
        return _success(
            {
                "outputActive": self.streaming,
                "outputReconnecting": self.reconnecting,
                "outputTimecode": "00:00:10.000",
                "outputDuration": self.duration_ms,
                "outputCongestion": self.congestion,
                "outputBytes": self.bytes_sent,
                "outputSkippedFrames": self.skipped_frames,
                "outputTotalFrames": self.total_frames,
            }
        )

    def _r_GetStreamServiceSettings(self, _: dict[str, Any]) -> dict[str, Any]:
        return _success(
            {
                "streamServiceType": self.service_type,
                "streamServiceSettings": dict(self.service_settings),
            }
        )

    def _r_SetStreamServiceSettings(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.streaming:
            return _failure(
                OUTPUT_RUNNING, "You cannot change stream services while the stream is active."
            )
        self.service_type = data["streamServiceType"]
        self.service_settings = dict(data["streamServiceSettings"])
        return _success(None)

    def _r_StartStream(self, _: dict[str, Any]) -> dict[str, Any]:
        if self.streaming:
            return _failure(OUTPUT_RUNNING, None)
        self.streaming = True
        return _success(None)

    def _r_StopStream(self, _: dict[str, Any]) -> dict[str, Any]:
        if not self.streaming:
            return _failure(OUTPUT_NOT_RUNNING, None)
        if self.stop_lag_polls:
            self._stopping = self.stop_lag_polls
        else:
            self.streaming = False
        return _success(None)


def _success(data: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"requestStatus": {"result": True, "code": 100}}
    if data is not None:
        out["responseData"] = data
    return out


def _failure(code: int, comment: str | None) -> dict[str, Any]:
    status: dict[str, Any] = {"result": False, "code": code}
    if comment:
        status["comment"] = comment
    return {"requestStatus": status}
