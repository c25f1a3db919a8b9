"""Why talking to OBS did not work, each with one plain sentence for the user.

The causes a person can act on get their own class, so the UI (and the tests) can tell them
apart: OBS not running, its WebSocket server switched off, a wrong password, something else on
the port, OBS refusing a change while it streams.
"""

from __future__ import annotations

SETTINGS_HINT = "OBS → Tools → WebSocket Server Settings"


class ObsError(Exception):
    """Base class; ``message`` is written for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ObsNotRunning(ObsError):
    """Nothing listens on the port and no OBS process runs here (or the host is remote)."""


class ObsWebSocketOff(ObsError):
    """OBS runs on this computer but nothing listens on the port: its server is off."""


class ObsUnreachable(ObsError):
    """The host cannot be resolved or reached (network, firewall, typo)."""


class ObsAuthFailed(ObsError):
    """obs-websocket closed the session at Identify (close code 4009): password wrong or missing."""


class ObsNotWebSocket(ObsError):
    """Something answers on the port but it is not obs-websocket 5 (no Hello)."""


class ObsProtocolError(ObsError):
    """obs-websocket ended the session for another reason (version, kicked...)."""


class ObsConnectionLost(ObsError):
    """The session ended or OBS stopped answering (OBS quit, network dropped)."""


class ObsStreamingActive(ObsError):
    """OBS is streaming: it refuses to change its stream service until the stream stops."""


class ObsRequestFailed(ObsError):
    """A request was answered with a failure status (``code``, ``comment`` from OBS)."""

    def __init__(self, request_type: str, code: int, comment: str | None) -> None:
        detail = f": {comment}" if comment else ""
        super().__init__(f"OBS refused {request_type} (code {code}){detail}")
        self.request_type = request_type
        self.code = code
        self.comment = comment
