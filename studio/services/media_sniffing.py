"""Which dropped files are videos: the name's extension and the content's magic bytes.

Everything here is blocking (it reads files): call :func:`screen_paths` off the event loop.
Folders are walked recursively; hidden entries inside a walked folder are skipped silently
(``.DS_Store`` and friends are not worth a refusal), while a file dropped explicitly is always
judged and, when refused, listed with the reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

# Extensions of containers api.video ingests (and the usual camera/export variants).
VIDEO_EXTENSIONS: frozenset[str] = frozenset(
    (
        "mp4 m4v mov qt mkv mk3d webm avi divx wmv asf flv f4v ts mts m2ts m2t tsv mpg mpeg "
        "mpe m1v m2v vob ogv ogm 3gp 3g2 mxf dv rm rmvb y4m"
    ).split()
)

# Enough for every signature below (MPEG-TS needs three 188-byte packets, M2TS three of 192).
HEAD_BYTES = 4096

TS_PACKET = 188
M2TS_PACKET = 192

# ISO BMFF brands that hold no video track (or are still images).
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B ", b"mp3 "}
_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis", b"crx "}
# Atoms a QuickTime file written before ``ftyp`` existed may start with.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_ASF_GUID = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
_MXF_KEY = bytes.fromhex("060e2b34020501010d010201")


class MediaKind(StrEnum):
    """What the first bytes of a file say it is."""

    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"
    OTHER = "other"  # recognised, but not media (a PDF, an archive, text)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Sniffed:
    """The kind of content and a human name for its format ("MP4/QuickTime", "PNG image")."""

    kind: MediaKind
    format: str = ""


@dataclass(frozen=True)
class Refusal:
    """A dropped path that will not be uploaded, and why (shown to the user as is)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Candidate:
    """A video file fit for the queue, with its size in bytes."""

    path: Path
    size: int


@dataclass
class Screening:
    """The outcome of screening dropped paths: video files to queue, and refusals."""

    accepted: list[Candidate] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def sniff(head: bytes) -> Sniffed:
    """Recognise a container or a common non-video format from a file's first bytes."""
    for recognise in _RECOGNISERS:
        found = recognise(head)
        if found is not None:
            return found
    return Sniffed(MediaKind.UNKNOWN)


def _iso_bmff(head: bytes) -> Sniffed | None:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return Sniffed(MediaKind.AUDIO, "MPEG-4 audio")
        if brand in _IMAGE_BRANDS:
            return Sniffed(MediaKind.IMAGE, "HEIF/AVIF image")
        return Sniffed(MediaKind.VIDEO, "MP4/QuickTime")
    if head[4:8] in _QUICKTIME_ATOMS:
        return Sniffed(MediaKind.VIDEO, "QuickTime")
    return None


def _ebml(head: bytes) -> Sniffed | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    return Sniffed(MediaKind.VIDEO, "WebM" if b"webm" in head[:64] else "Matroska")


def _riff(head: bytes) -> Sniffed | None:
    if not head.startswith(b"RIFF"):
        return None
    form = head[8:12]
    if form == b"AVI ":
        return Sniffed(MediaKind.VIDEO, "AVI")
    if form == b"WAVE":
        return Sniffed(MediaKind.AUDIO, "WAV audio")
    if form == b"WEBP":
        return Sniffed(MediaKind.IMAGE, "WebP image")
    return Sniffed(MediaKind.OTHER, f"RIFF {form.decode('latin-1').strip()} data")


def _packet_stream(head: bytes, packet: int, offset: int) -> bool:
    # Three sync bytes a packet apart; two when the file is that short.
    positions = [offset + packet * i for i in range(3)]
    present = [p for p in positions if p < len(head)]
    return len(present) >= 2 and all(head[p] == 0x47 for p in present)


def _mpeg(head: bytes) -> Sniffed | None:
    if _packet_stream(head, TS_PACKET, 0):
        return Sniffed(MediaKind.VIDEO, "MPEG-TS")
    if _packet_stream(head, M2TS_PACKET, 4):
        return Sniffed(MediaKind.VIDEO, "MPEG-TS (M2TS)")
    if head.startswith(b"\x00\x00\x01\xba"):
        return Sniffed(MediaKind.VIDEO, "MPEG program stream")
    if head.startswith(b"\x00\x00\x01\xb3"):
        return Sniffed(MediaKind.VIDEO, "MPEG video")
    return None


def _flv(head: bytes) -> Sniffed | None:
    if not head.startswith(b"FLV\x01") or len(head) < 5:
        return None
    has_video = head[4] & 0x01
    if not has_video and head[4] & 0x04:
        return Sniffed(MediaKind.AUDIO, "FLV audio")
    return Sniffed(MediaKind.VIDEO, "FLV")


def _ogg(head: bytes) -> Sniffed | None:
    if not head.startswith(b"OggS"):
        return None
    # The first pages carry each stream's codec header; any video codec makes it a video.
    if any(tag in head for tag in (b"\x80theora", b"OVP80", b"\x80daala", b"BBCD")):
        return Sniffed(MediaKind.VIDEO, "Ogg video")
    return Sniffed(MediaKind.AUDIO, "Ogg audio")


def _other_containers(head: bytes) -> Sniffed | None:
    if head.startswith(_ASF_GUID):
        return Sniffed(MediaKind.VIDEO, "ASF/WMV")
    if head.startswith(b".RMF"):
        return Sniffed(MediaKind.VIDEO, "RealMedia")
    if head.startswith(_MXF_KEY):
        return Sniffed(MediaKind.VIDEO, "MXF")
    if head.startswith(b"YUV4MPEG2"):
        return Sniffed(MediaKind.VIDEO, "YUV4MPEG2")
    if head.startswith(b"\x1f\x07\x00") and len(head) > 3 and head[3] & 0x3F == 0x3F:
        return Sniffed(MediaKind.VIDEO, "DV")
    return None


_SIGNATURES: tuple[tuple[bytes, MediaKind, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", MediaKind.IMAGE, "PNG image"),
    (b"\xff\xd8\xff", MediaKind.IMAGE, "JPEG image"),
    (b"GIF87a", MediaKind.IMAGE, "GIF image"),
    (b"GIF89a", MediaKind.IMAGE, "GIF image"),
    (b"BM", MediaKind.IMAGE, "BMP image"),
    (b"II*\x00", MediaKind.IMAGE, "TIFF image"),
    (b"MM\x00*", MediaKind.IMAGE, "TIFF image"),
    (b"ID3", MediaKind.AUDIO, "MP3 audio"),
    (b"fLaC", MediaKind.AUDIO, "FLAC audio"),
    (b"%PDF", MediaKind.OTHER, "PDF document"),
    (b"PK\x03\x04", MediaKind.OTHER, "ZIP archive"),
    (b"\x1f\x8b", MediaKind.OTHER, "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", MediaKind.OTHER, "7-Zip archive"),
    (b"Rar!", MediaKind.OTHER, "RAR archive"),
    (b"\x7fELF", MediaKind.OTHER, "program"),
    (b"MZ", MediaKind.OTHER, "program"),
)


def _signatures(head: bytes) -> Sniffed | None:
    for magic, kind, name in _SIGNATURES:
        if head.startswith(magic):
            return Sniffed(kind, name)
    # MPEG audio frame sync (an MP3 without ID3 tag): 11 set bits, layer bits not 00.
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return Sniffed(MediaKind.AUDIO, "MPEG audio")
    return None


def _text(head: bytes) -> Sniffed | None:
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the head is still text.
        if exc.start < len(head) - 3:
            return None
    return Sniffed(MediaKind.OTHER, "text file")


# Order matters: containers first, then loose signatures (``BM``, ``MZ``, frame sync), text last.
_RECOGNISERS = (_iso_bmff, _ebml, _riff, _mpeg, _flv, _ogg, _other_containers, _signatures, _text)


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of ``path`` (blocking)."""
    with open(path, "rb") as source:
        return source.read(size)


def screen_file(path: Path) -> Candidate | Refusal:
    """Judge one file (blocking): a candidate for the queue, or a refusal with the reason."""
    reason = _refusal_reason(path)
    if isinstance(reason, int):
        return Candidate(path, reason)
    return Refusal(path, reason)


def _refusal_reason(path: Path) -> str | int:
    """Why ``path`` cannot be uploaded as a video, or its size when it can."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size == 0:
        return "the file is empty (0 bytes)"
    try:
        head = read_head(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    found = sniff(head)
    extension = path.suffix.lower().lstrip(".")
    if found.kind is MediaKind.VIDEO:
        return info.st_size  # the content decides: a video with an odd name is still a video
    if found.kind is MediaKind.AUDIO:
        return f"not a video: audio only ({found.format})"
    if found.kind in (MediaKind.IMAGE, MediaKind.OTHER):
        return f"not a video ({found.format})"
    if extension in VIDEO_EXTENSIONS:
        return f"named .{extension}, but the content is not a video format Studio recognises"
    shown = f".{extension}" if extension else "no extension"
    return f"not a video file ({shown}, unrecognised content)"


def _walk(folder: Path) -> Iterable[Path]:
    """Files under ``folder``, recursively, in name order; hidden entries skipped.

    Symbolic links to folders are not followed (no loops); links to files are.
    """
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def screen_paths(paths: Iterable[Path | str]) -> Screening:
    """Split dropped files and folders into video files and refusals (blocking).

    Each file appears once even when dropped twice or both alone and inside a dropped folder.
    """
    screening = Screening()
    seen: set[Path] = set()

    def judge(path: Path) -> None:
        key = path.absolute()
        if key in seen:
            return
        seen.add(key)
        verdict = screen_file(key)
        if isinstance(verdict, Candidate):
            screening.accepted.append(verdict)
        else:
            screening.refused.append(verdict)

    for item in paths:
        path = Path(item)
        if path.is_dir():
            before = len(screening.accepted) + len(screening.refused)
            for file in _walk(path):
                judge(file)
            if len(screening.accepted) + len(screening.refused) == before:
                screening.refused.append(Refusal(path.absolute(), "the folder holds no files"))
        else:
            judge(path)
    return screening
