"""A caption or chapter file made ready for upload: WebVTT checked, SRT converted (Qt-free).

:func:`prepare_track_file` reads the file, decides what it is from its content (a file that
starts with ``WEBVTT`` is WebVTT whatever its name; a ``.srt`` file, or text shaped like SRT, is
converted), and returns the UTF-8 WebVTT bytes to send with the cues for a preview. Anything
that would be refused is a :class:`TrackFileError` with the line and column of the first
problem, so the user can fix the file. Disk and parsing work: call it off the loop thread
(:func:`prepare_track_file_off_loop`).
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .srt import SrtError, convert_srt_bytes
from .webvtt import Cue, VttProblem, WebVttError, check_webvtt, decode_vtt

MAX_TRACK_BYTES = 16 * 1024 * 1024  # far beyond any real subtitle file; refuses wrong picks fast
_SRT_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*[0-9]+\s*\r?\n\s*[0-9]+:[0-9]+:[0-9]+[,.]")


class TrackFileError(ValueError):
    """Why the file cannot be uploaded; ``problem`` locates it inside the file when it can."""

    def __init__(self, message: str, problem: VttProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class PreparedTrack:
    """What will be uploaded, and what the user should know about it."""

    path: Path
    data: bytes  # UTF-8 WebVTT
    cues: tuple[Cue, ...]
    source_format: str  # "WebVTT" or "SRT"
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """e.g. "12 cues, converted from SRT (Windows-1252)"."""
        count = len(self.cues)
        parts = [f"{count:,} cue{'s' if count != 1 else ''}", *self.notes]
        return ", ".join(parts)


def _is_srt(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".srt" or bool(_SRT_START.match(data))


def prepare_track_bytes(path: Path, data: bytes) -> PreparedTrack:
    """:func:`prepare_track_file` for bytes already read (``path`` names them)."""
    if not data.strip():
        raise TrackFileError(f"{path.name} is empty.")
    head = data[:16].removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"WEBVTT") and _is_srt(path, data):
        try:
            converted = convert_srt_bytes(data)
        except SrtError as exc:
            raise TrackFileError(f"{path.name}: {exc.problem}", exc.problem) from None
        notes = [f"converted from SRT ({converted.encoding})"]
        if converted.reordered:
            notes.append("cues put in order of start time")
        return PreparedTrack(
            path, converted.webvtt.encode("utf-8"), converted.cues, "SRT", tuple(notes)
        )
    try:
        text = decode_vtt(data)
    except WebVttError as exc:
        raise TrackFileError(f"{path.name}: {exc.problem}", exc.problem) from None
    check = check_webvtt(text)
    if check.problem is not None:
        raise TrackFileError(f"{path.name}: {check.problem}", check.problem)
    return PreparedTrack(path, data, check.cues, "WebVTT")


def prepare_track_file(path: str | os.PathLike[str]) -> PreparedTrack:
    """Read and check (or convert) a ``.vtt`` or ``.srt`` file; raises :class:`TrackFileError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TRACK_BYTES:
            raise TrackFileError(
                f"{path.name} is {size / 1048576:,.0f} MiB: too large for a caption file."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise TrackFileError(f"{path.name} does not exist.") from None
    except IsADirectoryError:
        raise TrackFileError(f"{path.name} is a folder, not a caption file.") from None
    except OSError as exc:
        raise TrackFileError(f"{path.name} could not be read: {exc.strerror or exc}") from None
    return prepare_track_bytes(path, data)


async def prepare_track_file_off_loop(path: str | os.PathLike[str]) -> PreparedTrack:
    """:func:`prepare_track_file` in a worker thread."""
    return await asyncio.to_thread(prepare_track_file, path)
