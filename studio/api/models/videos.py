"""Video, its status, and the create/update payloads (contract 3.2, 4.1, 4.2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from .base import UNSET, ApiModel, ApiPayload, UnsetType
from .common import Link, Metadata, metadata_dict


class IngestStatus(StrEnum):
    """Known ``ingest.status`` values (the field itself stays a plain str)."""

    UPLOADING = "uploading"
    UPLOADED = "uploaded"
    INGESTING = "ingesting"
    INGESTED = "ingested"


class QualityStatus(StrEnum):
    """Known rendition states."""

    WAITING = "waiting"
    ENCODING = "encoding"
    ENCODED = "encoded"
    FAILED = "failed"


class QualityType(StrEnum):
    """Known rendition kinds."""

    HLS = "hls"
    MP4 = "mp4"


class LanguageOrigin(StrEnum):
    """Who set a video's language."""

    API = "api"
    AUTO = "auto"


class SummaryAttribute(StrEnum):
    """Parts of a generated summary."""

    ABSTRACT = "abstract"
    TAKEAWAYS = "takeaways"


VIDEO_LANGUAGES: tuple[str, ...] = tuple(
    (
        "ar ca cs da de el en es fa fi fr he hi hr hu it ja ko ml nl nn no"
        " pl pt ru sk sl te tr uk ur vi zh"
    ).split()
)
"""Languages accepted for a video's spoken language (``language`` field)."""

VIDEO_SORT_FIELDS: tuple[str, ...] = ("title", "createdAt", "publishedAt", "updatedAt")


class VideoSourceLiveStream(ApiModel):
    """The live stream a recording came from."""

    live_stream_id: str = ""
    links: list[Link] = []


class VideoSource(ApiModel):
    """Where a video's source comes from."""

    uri: str = ""
    type: str | None = None
    live_stream: VideoSourceLiveStream | None = None


class VideoAssets(ApiModel):
    """Playback URLs of a video (tokenised for private videos)."""

    iframe: str | None = None
    player: str | None = None
    hls: str | None = None
    thumbnail: str | None = None
    mp4: str | None = None


class Video(ApiModel):
    """A video object (``GET /videos/{videoId}``)."""

    video_id: str
    title: str = ""
    description: str = ""
    created_at: datetime | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    discarded: bool = False
    discarded_at: datetime | None = None
    deletes_at: datetime | None = None
    language: str | None = None
    language_origin: str | None = None
    tags: list[str] = []
    metadata: list[Metadata] = []
    source: VideoSource | None = None
    assets: VideoAssets | None = None
    player_id: str | None = None
    public: bool = True
    panoramic: bool = False
    mp4_support: bool = True

    @property
    def metadata_map(self) -> dict[str, str]:
        """``metadata`` as a dict."""
        return metadata_dict(self.metadata)

    @property
    def live_stream_id(self) -> str | None:
        """The live stream this video was recorded from, if any."""
        live = self.source.live_stream if self.source else None
        return live.live_stream_id if live and live.live_stream_id else None


class BytesRange(ApiModel):
    """A received byte range; ``to`` is inclusive."""

    from_: int = msgspec.field(default=0, name="from")
    to: int = 0
    total: int | None = None


class ReceivedParts(ApiModel):
    """Part numbers received so far; ``total`` is None until the last part announced it."""

    parts: list[int] = []
    total: int | None = None


class VideoIngest(ApiModel):
    """Upload/ingestion progress of a video's source."""

    status: str = ""
    filesize: int | None = None
    received_bytes: list[BytesRange] = []
    received_parts: ReceivedParts | None = None


class Quality(ApiModel):
    """One rendition (HLS ladder step or the MP4) and its encoding state."""

    type: str = ""
    quality: str = ""
    status: str = ""


class VideoEncodingMetadata(ApiModel):
    """What the encoder learnt about the source; every field may be null."""

    width: int | None = None
    height: int | None = None
    bitrate: float | None = None
    duration: int | None = None
    framerate: float | None = None
    samplerate: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    aspect_ratio: str | None = None


class VideoEncoding(ApiModel):
    """Encoding progress: playable flag, renditions, source metadata."""

    playable: bool = False
    qualities: list[Quality] = []
    metadata: VideoEncodingMetadata | None = None


class VideoStatus(ApiModel):
    """``GET /videos/{videoId}/status``: ingest absent before any upload."""

    ingest: VideoIngest | None = None
    encoding: VideoEncoding | None = None

    @property
    def playable(self) -> bool:
        """True once at least one rendition can be played."""
        return bool(self.encoding and self.encoding.playable)


class VideoClip(ApiPayload):
    """Creation-only clip: timecodes ``hh:mm:ss[.mmm]`` or whole seconds."""

    start_timecode: str | UnsetType = UNSET
    end_timecode: str | UnsetType = UNSET


class VideoWatermark(ApiPayload):
    """Creation-only watermark placement; distances in ``px`` or ``%``."""

    id: str
    top: str | UnsetType = UNSET
    left: str | UnsetType = UNSET
    bottom: str | UnsetType = UNSET
    right: str | UnsetType = UNSET
    width: str | UnsetType = UNSET
    height: str | UnsetType = UNSET
    opacity: str | UnsetType = UNSET


class VideoCreationPayload(ApiPayload):
    """Body of ``POST /videos``; only ``title`` is required."""

    title: str
    description: str | UnsetType = UNSET
    source: str | UnsetType = UNSET
    public: bool | UnsetType = UNSET
    panoramic: bool | UnsetType = UNSET
    mp4_support: bool | UnsetType = UNSET
    player_id: str | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    metadata: list[Metadata] | UnsetType = UNSET
    clip: VideoClip | UnsetType = UNSET
    watermark: VideoWatermark | UnsetType = UNSET
    language: str | UnsetType | None = UNSET
    transcript: bool | UnsetType = UNSET
    transcript_summary: bool | UnsetType = UNSET
    transcript_summary_attributes: list[str] | UnsetType = UNSET


class VideoUpdatePayload(ApiPayload):
    """Body of ``PATCH /videos/{videoId}``: ``player_id=None`` removes the player.

    ``tags`` and ``metadata`` replace the whole list.
    """

    player_id: str | UnsetType | None = UNSET
    title: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    public: bool | UnsetType = UNSET
    panoramic: bool | UnsetType = UNSET
    mp4_support: bool | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    metadata: list[Metadata] | UnsetType = UNSET
    language: str | UnsetType | None = UNSET
    transcript: bool | UnsetType = UNSET
    transcript_summary: bool | UnsetType = UNSET
    transcript_summary_attributes: list[str] | UnsetType = UNSET
