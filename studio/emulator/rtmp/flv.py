"""FLV, the container ffmpeg reads the ingest from: file header, tags, and codec sniffing.

RTMP audio, video and data messages carry exactly the bodies of FLV tags, so re-muxing is
framing only: an 11-byte tag header before each body and the previous tag's size after it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

AUDIO = 8
VIDEO = 9
SCRIPT = 18

# Codec ids of the first byte of a tag body.
VIDEO_AVC = 7
AUDIO_MP3 = 2
AUDIO_AAC = 10
# Codecs an MPEG-TS HLS rendition can carry as they are (no transcode).
COPYABLE_VIDEO = frozenset({VIDEO_AVC})
COPYABLE_AUDIO = frozenset({AUDIO_AAC, AUDIO_MP3})
_ENHANCED_VIDEO = 0x80  # "enhanced RTMP" tags (HEVC, AV1, VP9) name their codec by FourCC


def file_header(*, audio: bool, video: bool) -> bytes:
    """The FLV signature, flags for the streams present, and the first (zero) tag size."""
    flags = (0x04 if audio else 0) | (0x01 if video else 0)
    return b"FLV\x01" + bytes([flags]) + struct.pack(">II", 9, 0)


def tag(tag_type: int, timestamp: int, body: bytes) -> bytes:
    """One FLV tag followed by its size field."""
    ts = timestamp & 0xFFFFFFFF
    header = (
        bytes([tag_type])
        + len(body).to_bytes(3, "big")
        + (ts & 0xFFFFFF).to_bytes(3, "big")
        + bytes([ts >> 24])
        + b"\x00\x00\x00"
    )
    return header + body + struct.pack(">I", len(header) + len(body))


def video_codec(body: bytes) -> int | str | None:
    """The codec id of a video tag body (a FourCC string for enhanced-RTMP tags)."""
    if not body:
        return None
    if body[0] & _ENHANCED_VIDEO:
        return body[1:5].decode("latin-1") if len(body) >= 5 else None
    return body[0] & 0x0F


def audio_codec(body: bytes) -> int | None:
    """The sound format of an audio tag body."""
    return body[0] >> 4 if body else None


@dataclass(frozen=True)
class Codecs:
    """The codecs of a feed, as far as known (None: that kind of stream is absent)."""

    video: int | str | None
    audio: int | None

    @property
    def copyable(self) -> bool:
        """True when HLS segments can carry the feed without re-encoding it."""
        video_ok = self.video is None or self.video in COPYABLE_VIDEO
        audio_ok = self.audio is None or self.audio in COPYABLE_AUDIO
        return video_ok and audio_ok


def split_aggregate(body: bytes, timestamp: int) -> Iterator[tuple[int, int, bytes]]:
    """``(tag type, timestamp, body)`` of each message inside an RTMP aggregate message.

    Its sub-messages are FLV tags; their timestamps are rebased so that the first one equals
    the aggregate message's own timestamp.
    """
    offset = 0
    first: int | None = None
    while offset + 11 <= len(body):
        kind = body[offset]
        size = int.from_bytes(body[offset + 1 : offset + 4], "big")
        ts = int.from_bytes(body[offset + 4 : offset + 7], "big") | (body[offset + 7] << 24)
        start = offset + 11
        end = start + size
        if end > len(body):
            return
        if first is None:
            first = ts
        yield kind, (timestamp + ts - first) & 0xFFFFFFFF, body[start:end]
        offset = end + 4  # skip the back pointer
