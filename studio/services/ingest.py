"""Where an encoder sends a live stream: ingest servers per environment, and RTMP URL checks.

An encoder (OBS, ffmpeg) needs two things: a *server* URL and the live stream's *stream key*;
it publishes to ``{server}/{streamKey}``. api.video (production and sandbox alike) ingests at
``rtmp://broadcast.api.video/s`` and, encrypted, ``rtmps://broadcast.api.video:1936/s``
(contract 3.4). The offline demo's embedded emulator has its own loopback server (the shell puts
it on ``context.rtmp_url``); a self-hosted server needs the URL the user types (kept per project).

Restream destinations are validated here exactly as the API does (contract 3.4 L1), so the
editor can refuse before sending and show the API's own wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

API_VIDEO_RTMP = "rtmp://broadcast.api.video/s"
API_VIDEO_RTMPS = "rtmps://broadcast.api.video:1936/s"
MAX_RESTREAMS = 5

# The API's messages (contract 3.4 L1), shown as they are so the user sees one vocabulary.
NOT_BLANK = "This value should not be blank."
TOO_MANY = f"This collection should contain {MAX_RESTREAMS} elements or less."
MISSING_APP = "Missing app name: [rtmp|rtmps]://[host]/[app name]."
BAD_URL = "RTMP URL should have the following format: [rtmp|rtmps]://[host]/[app name]."


@dataclass(frozen=True)
class IngestServer:
    """One server an encoder can publish to; ``key`` identifies the choice in preferences."""

    key: str  # "rtmps", "rtmp", "emulator" or "custom"
    label: str
    url: str  # "" for a custom server not configured yet
    note: str  # one sentence shown under the choice


def ingest_servers(
    environment: str, *, emulator_url: str | None = None, custom_url: str = ""
) -> list[IngestServer]:
    """The servers that make sense for a project, the recommended one first.

    ``environment`` is the project's ("production", "sandbox", "custom" or "demo").
    """
    servers: list[IngestServer] = []
    if environment in ("production", "sandbox"):
        servers.append(
            IngestServer(
                "rtmps",
                "api.video — RTMPS (encrypted)",
                API_VIDEO_RTMPS,
                "Recommended: the stream key travels encrypted. OBS 28+ supports RTMPS.",
            )
        )
        servers.append(
            IngestServer(
                "rtmp",
                "api.video — RTMP",
                API_VIDEO_RTMP,
                "For encoders without RTMPS support.",
            )
        )
    elif emulator_url:
        servers.append(
            IngestServer(
                "emulator",
                "Local emulator — RTMP",
                emulator_url.rstrip("/"),
                "The offline emulator's own ingest on this computer.",
            )
        )
    servers.append(
        IngestServer(
            "custom",
            "Custom server…",
            custom_url.strip().rstrip("/"),
            "The RTMP(S) ingest of a self-hosted or test server, kept for this project.",
        )
    )
    return servers


def publish_url(server_url: str, stream_key: str) -> str:
    """The single URL some encoders (ffmpeg) want: ``{server}/{streamKey}``."""
    return f"{server_url.rstrip('/')}/{stream_key}"


def rtmp_url_problem(url: str) -> str | None:
    """Why ``url`` is not an RTMP(S) server URL the API accepts, or None when it is."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return BAD_URL
    if parts.scheme.lower() not in ("rtmp", "rtmps") or not parts.hostname:
        return BAD_URL
    if not parts.path.strip("/"):
        return MISSING_APP
    return None


@dataclass(frozen=True)
class RestreamDraft:
    """A restream destination as typed in the editor (may be invalid)."""

    name: str
    server_url: str
    stream_key: str


@dataclass(frozen=True)
class RestreamProblem:
    """One refusal: ``index`` None for the whole list, else the row and its ``field``."""

    index: int | None
    field: str  # "name", "serverUrl", "streamKey", or "" for the list
    message: str

    @property
    def path(self) -> str:
        """The API's name for the field, e.g. ``restreams[0][serverUrl]``."""
        if self.index is None:
            return "restreams"
        return f"restreams[{self.index}][{self.field}]"


def restream_problems(drafts: Sequence[RestreamDraft]) -> list[RestreamProblem]:
    """Every refusal the API would make on these destinations (empty when all are valid)."""
    problems: list[RestreamProblem] = []
    if len(drafts) > MAX_RESTREAMS:
        problems.append(RestreamProblem(None, "", TOO_MANY))
    for i, draft in enumerate(drafts):
        for field, value in (
            ("name", draft.name),
            ("serverUrl", draft.server_url),
            ("streamKey", draft.stream_key),
        ):
            if not value.strip():
                problems.append(RestreamProblem(i, field, NOT_BLANK))
        if draft.server_url.strip():
            problem = rtmp_url_problem(draft.server_url)
            if problem:
                problems.append(RestreamProblem(i, "serverUrl", problem))
    return problems
