"""``ObsHandoff``: point OBS Studio at a live stream, watch its output, give OBS back as it was.

Speaks obs-websocket v5 (built into OBS 28+) through ``simpleobsws``. The handoff:

1. ``connect(host, port, password)``: Hello → Identify (challenge/salt auth) → Identified. The
   failures a person can fix are told apart (:mod:`.obs_errors`): nothing listening and no OBS
   process (OBS not running), nothing listening but OBS runs (WebSocket server off), session
   closed with 4009 at Identify (password wrong or missing), no Hello (not obs-websocket 5).
2. ``hand_off(server, key, start=...)``: refuse while OBS streams (it would refuse
   ``SetStreamServiceSettings`` with OutputRunning anyway), snapshot the user's destination
   (``GetStreamServiceSettings``) unless one is already kept, set ``rtmp_custom`` to our server
   and key, optionally ``StartStream``.
3. ``restore()``: ``StopStream`` if we started it (waiting until the output is really stopped),
   then put the snapshot back.

The snapshot contains the user's own stream key (Twitch, YouTube...), so it is kept in the OS
keyring through :class:`~studio.services.secrets.SecretStore` (never in a file): if the app
quits in the middle, the next session can still restore it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import simpleobsws
import websockets

from .obs_errors import (
    SETTINGS_HINT,
    ObsAuthFailed,
    ObsConnectionLost,
    ObsError,
    ObsNotRunning,
    ObsNotWebSocket,
    ObsProtocolError,
    ObsRequestFailed,
    ObsStreamingActive,
    ObsUnreachable,
    ObsWebSocketOff,
)
from .obs_process import obs_is_running
from .obs_status import BitrateMeter, ObsStreamStatus
from .secrets import SecretStore

log = logging.getLogger(__name__)

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 4455  # obs-websocket 5's default
CUSTOM_SERVICE = "rtmp_custom"

# obs-websocket 5 codes we react to (protocol reference: WebSocketCloseCode, RequestStatus).
CLOSE_AUTHENTICATION_FAILED = 4009
CLOSE_UNSUPPORTED_RPC_VERSION = 4010
CLOSE_SESSION_INVALIDATED = 4011
STATUS_OUTPUT_RUNNING = 500
STATUS_OUTPUT_NOT_RUNNING = 501
EVENTS_NONE = 0  # we poll; no event traffic needed


@dataclass(frozen=True)
class StreamDestination:
    """OBS's stream service: its type (``rtmp_common``, ``rtmp_custom``...) and settings."""

    service_type: str
    settings: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """A short name for the UI, without the stream key."""
        service = self.settings.get("service")
        if self.service_type == "rtmp_common" and service:
            return str(service)
        server = self.settings.get("server")
        if server:
            return str(server)
        return self.service_type or "no destination"

    def to_json(self) -> str:
        return json.dumps({"type": self.service_type, "settings": self.settings})

    @classmethod
    def from_json(cls, text: str) -> StreamDestination | None:
        try:
            data = json.loads(text)
            return cls(str(data["type"]), dict(data["settings"]))
        except (ValueError, KeyError, TypeError):
            return None


def is_local_host(host: str) -> bool:
    """True for this computer (loopback names and addresses, or its own host name)."""
    name = host.strip().strip("[]").lower()
    if name in ("", "localhost", "::1", socket.gethostname().lower()):
        return True
    return name.startswith("127.")


def snapshot_account(host: str, port: int) -> str:
    """Secret-store name under which the user's previous destination is kept."""
    return f"obs-previous-destination@{host}:{port}"


def password_account(host: str, port: int) -> str:
    """Secret-store name of the obs-websocket password of one OBS."""
    return f"obs-websocket@{host}:{port}"


class ObsHandoff:
    """One session with one OBS; see the module docstring for the sequence."""

    def __init__(
        self,
        *,
        secrets: SecretStore | None = None,
        is_obs_running: Callable[[], bool] = obs_is_running,
        timeout: float = 5.0,
        stop_timeout: float = 15.0,
    ) -> None:
        self.secrets = secrets
        self.timeout = timeout
        self.stop_timeout = stop_timeout  # OBS may take seconds to stop (stream delay)
        self._is_obs_running = is_obs_running
        self._ws: simpleobsws.WebSocketClient | None = None
        self._meter = BitrateMeter()
        self.host = DEFAULT_HOST
        self.port = DEFAULT_PORT
        self.obs_version: str = ""
        self.snapshot: StreamDestination | None = None  # the user's own destination
        self.target: tuple[str, str] | None = None  # (server, key) we set
        self.started_stream = False  # StartStream came from us: restore() stops it

    # ---- session ------------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        ws = self._ws
        return ws is not None and ws.ws_open and ws.identified

    async def connect(self, host: str, port: int, password: str = "") -> None:
        """Open and identify a session; raises an :class:`ObsError` subclass saying why not."""
        await self.disconnect()
        self.host, self.port = host.strip() or DEFAULT_HOST, int(port)
        where = f"{self.host}:{self.port}"
        bracketed = f"[{self.host}]" if ":" in self.host else self.host
        ws = simpleobsws.WebSocketClient(
            url=f"ws://{bracketed}:{self.port}",
            password=password,
            identification_parameters=simpleobsws.IdentificationParameters(
                eventSubscriptions=EVENTS_NONE
            ),
        )
        try:
            await asyncio.wait_for(ws.connect(), self.timeout)
        except TimeoutError as exc:
            raise ObsUnreachable(
                f"No answer from {where} within {self.timeout:g} s. "
                "Check the address, and that a firewall lets the connection through."
            ) from exc
        except socket.gaierror as exc:
            raise ObsUnreachable(f"The address {self.host!r} cannot be found.") from exc
        except websockets.exceptions.WebSocketException as exc:
            raise ObsNotWebSocket(
                f"Something answers on {where}, but it is not OBS's WebSocket server. "
                f"Check the port in {SETTINGS_HINT} (4455 by default)."
            ) from exc
        except OSError as exc:
            if _refused(exc):
                raise await self._refusal(where) from exc
            raise ObsUnreachable(f"Cannot reach {where}: {exc.strerror or exc}.") from exc
        await self._identify(ws, where, bool(password))
        self._ws = ws
        hello = ws.hello_message or {}
        self.obs_version = str(hello.get("obsWebSocketVersion", ""))
        self._meter.reset()
        if self.secrets is not None and self.snapshot is None:
            stored = await self.secrets.load(snapshot_account(self.host, self.port))
            self.snapshot = StreamDestination.from_json(stored) if stored else None

    async def _refusal(self, where: str) -> ObsError:
        """Nothing listens: OBS closed, or open with its WebSocket server off?"""
        if not is_local_host(self.host):
            return ObsNotRunning(
                f"Nothing answers on {where}: OBS is not running on that computer, or its "
                f"WebSocket server is off ({SETTINGS_HINT})."
            )
        if await asyncio.to_thread(self._is_obs_running):
            return ObsWebSocketOff(
                "OBS is running, but its WebSocket server is off. In "
                f"{SETTINGS_HINT}, tick “Enable WebSocket server” (port {self.port})."
            )
        return ObsNotRunning(
            f"OBS is not running (nothing answers on {where}). Start OBS Studio 28 or newer, "
            "then connect again."
        )

    async def _identify(
        self, ws: simpleobsws.WebSocketClient, where: str, has_password: bool
    ) -> None:
        """Wait for Identified, or for the session to end and say why."""
        identified = asyncio.ensure_future(ws.wait_until_identified(self.timeout))
        receiving = ws.recv_task
        waiting: set[asyncio.Future[Any]] = {identified}
        if receiving is not None:
            waiting.add(receiving)
        done, _ = await asyncio.wait(
            waiting, timeout=self.timeout + 1, return_when=asyncio.FIRST_COMPLETED
        )
        if identified in done and identified.result():
            return
        identified.cancel()
        connection = ws.ws
        code = connection.close_code if connection is not None else None
        reason = connection.close_reason if connection is not None else None
        greeted = ws.hello_message is not None
        await _close_quietly(ws)
        if code == CLOSE_AUTHENTICATION_FAILED:
            if has_password:
                raise ObsAuthFailed(
                    f"OBS refused the password. Copy it again from {SETTINGS_HINT} → "
                    "Show Connect Info."
                )
            raise ObsAuthFailed(
                f"OBS asks for a password. Enter the one shown in {SETTINGS_HINT} → "
                "Show Connect Info."
            )
        if not greeted:
            raise ObsNotWebSocket(
                f"{where} accepted a WebSocket connection but never greeted like obs-websocket 5. "
                "OBS Studio 28 or newer is needed (the old 4.x plugin is not supported)."
            )
        if code == CLOSE_UNSUPPORTED_RPC_VERSION:
            raise ObsProtocolError("This OBS speaks an obs-websocket version we do not support.")
        if code == CLOSE_SESSION_INVALIDATED:
            raise ObsProtocolError("OBS ended the session (kicked from its session list).")
        detail = f"code {code}: {reason}" if reason else f"code {code}"
        raise ObsProtocolError(f"OBS closed the connection while signing in ({detail}).")

    async def disconnect(self) -> None:
        """Close the session (the snapshot is kept: restore works after reconnecting)."""
        ws, self._ws = self._ws, None
        if ws is not None:
            await _close_quietly(ws)

    # ---- requests -----------------------------------------------------------------------------

    async def _call(self, request_type: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        ws = self._ws
        if ws is None or not ws.ws_open or not ws.identified:
            raise ObsConnectionLost("Not connected to OBS. Connect first.")
        call = asyncio.ensure_future(
            ws.call(simpleobsws.Request(request_type, data), timeout=self.timeout)
        )
        watch: set[asyncio.Future[Any]] = {call}
        if ws.recv_task is not None:
            watch.add(ws.recv_task)  # ends when OBS closes the connection: fail at once
        done, _ = await asyncio.wait(watch, return_when=asyncio.FIRST_COMPLETED)
        if call not in done:
            call.cancel()
            await self.disconnect()
            raise ObsConnectionLost("OBS closed the connection (did OBS quit?).")
        try:
            response = call.result()
        except simpleobsws.MessageTimeout as exc:
            raise ObsConnectionLost(
                f"OBS did not answer {request_type} within {self.timeout:g} s."
            ) from exc
        except (websockets.exceptions.ConnectionClosed, simpleobsws.NotIdentifiedError) as exc:
            await self.disconnect()
            raise ObsConnectionLost("The connection to OBS was lost.") from exc
        if not response.ok():
            status = response.requestStatus
            raise ObsRequestFailed(request_type, int(status.code), status.comment)
        return dict(response.responseData or {})

    async def stream_status(self) -> ObsStreamStatus:
        """OBS's stream output now, with the bitrate since the previous call."""
        status = ObsStreamStatus.from_response(await self._call("GetStreamStatus"))
        bitrate = self._meter.measure(status)
        if bitrate is None:
            return status
        return ObsStreamStatus(**{**status.__dict__, "bitrate_kbps": bitrate})

    async def current_destination(self) -> StreamDestination:
        """OBS's stream service settings now."""
        data = await self._call("GetStreamServiceSettings")
        return StreamDestination(
            str(data.get("streamServiceType", "")), dict(data.get("streamServiceSettings") or {})
        )

    async def _set_destination(self, destination: StreamDestination) -> None:
        try:
            await self._call(
                "SetStreamServiceSettings",
                {
                    "streamServiceType": destination.service_type,
                    "streamServiceSettings": destination.settings,
                },
            )
        except ObsRequestFailed as exc:
            if exc.code == STATUS_OUTPUT_RUNNING:
                raise _streaming_refusal() from exc
            raise

    # ---- the handoff --------------------------------------------------------------------------

    async def hand_off(self, server_url: str, stream_key: str, *, start: bool = False) -> None:
        """Point OBS at ``server_url`` + ``stream_key`` (raises ObsStreamingActive if live)."""
        if (await self.stream_status()).active:
            raise _streaming_refusal()
        if self.snapshot is None:
            self.snapshot = await self.current_destination()
            await self._keep_snapshot()
        await self._set_destination(
            StreamDestination(
                CUSTOM_SERVICE, {"server": server_url, "key": stream_key, "use_auth": False}
            )
        )
        self.target = (server_url, stream_key)
        if start:
            await self.start_stream()

    async def start_stream(self) -> None:
        """Start OBS's stream output (to whatever destination it has)."""
        try:
            await self._call("StartStream")
        except ObsRequestFailed as exc:
            if exc.code != STATUS_OUTPUT_RUNNING:
                raise
        self.started_stream = True

    async def stop_stream(self) -> None:
        """Stop OBS's stream output and wait until it has really stopped."""
        try:
            await self._call("StopStream")
        except ObsRequestFailed as exc:
            if exc.code != STATUS_OUTPUT_NOT_RUNNING:
                raise
        self.started_stream = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.stop_timeout
        while (await self.stream_status()).active:
            if loop.time() > deadline:
                raise ObsStreamingActive(
                    "OBS is still stopping its stream. Try again in a few seconds."
                )
            await asyncio.sleep(0.25)

    async def restore(self) -> StreamDestination | None:
        """Stop the stream we started, put the user's destination back; returns it."""
        if self.started_stream:
            await self.stop_stream()
        snapshot = self.snapshot
        if snapshot is None:
            return None
        if (await self.stream_status()).active:
            raise _streaming_refusal()
        await self._set_destination(snapshot)
        self.snapshot = None
        self.target = None
        if self.secrets is not None:
            await self.secrets.delete(snapshot_account(self.host, self.port))
        return snapshot

    async def _keep_snapshot(self) -> None:
        if self.secrets is not None and self.snapshot is not None:
            await self.secrets.save(snapshot_account(self.host, self.port), self.snapshot.to_json())


def _streaming_refusal() -> ObsStreamingActive:
    return ObsStreamingActive(
        "OBS is streaming right now, and it cannot change where it streams while live. "
        "Stop the stream first (in OBS, or with “Stop streaming” here)."
    )


def _refused(exc: OSError) -> bool:
    """A refused connection (asyncio folds the attempts on several addresses into one OSError)."""
    if isinstance(exc, ConnectionRefusedError):
        return True
    return "refused" in str(exc).lower() or "connect call failed" in str(exc).lower()


async def _close_quietly(ws: simpleobsws.WebSocketClient) -> None:
    task = ws.recv_task
    with contextlib.suppress(Exception):
        if task is not None:
            await ws.disconnect()
        elif ws.ws is not None:
            await ws.ws.close()
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ObsError",
    "ObsHandoff",
    "StreamDestination",
    "is_local_host",
    "password_account",
]
