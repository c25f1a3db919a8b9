"""Live streams, their restream destinations and payloads (contract 3.4)."""

from __future__ import annotations

from datetime import datetime

from .base import UNSET, ApiModel, ApiPayload, UnsetType

LIVE_STREAM_SORT_FIELDS: tuple[str, ...] = ("name", "createdAt", "updatedAt")
MAX_RESTREAMS = 5


class Restream(ApiModel):
    """A restream destination (RTMP/RTMPS server URL plus its stream key)."""

    name: str = ""
    server_url: str = ""
    stream_key: str = ""


class LiveStreamAssets(ApiModel):
    """Playback URLs of a live stream."""

    hls: str | None = None
    iframe: str | None = None
    player: str | None = None
    thumbnail: str | None = None


class LiveStream(ApiModel):
    """A live stream object."""

    live_stream_id: str
    name: str = ""
    stream_key: str = ""
    public: bool = True
    player_id: str | None = None
    broadcasting: bool = False
    restreams: list[Restream] = []
    assets: LiveStreamAssets | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    record: bool | None = None  # legacy (removed 2023-09)


class RestreamPayload(ApiPayload):
    """A restream destination in a create/update body; all three fields are required."""

    name: str
    server_url: str
    stream_key: str


class LiveStreamCreationPayload(ApiPayload):
    """Body of ``POST /live-streams``; only ``name`` is required."""

    name: str
    public: bool | UnsetType = UNSET
    player_id: str | UnsetType = UNSET
    restreams: list[RestreamPayload] | UnsetType = UNSET


class LiveStreamUpdatePayload(ApiPayload):
    """Body of ``PATCH /live-streams/{id}``; ``restreams`` replaces the whole list."""

    name: str | UnsetType = UNSET
    public: bool | UnsetType = UNSET
    player_id: str | UnsetType | None = UNSET
    restreams: list[RestreamPayload] | UnsetType = UNSET
