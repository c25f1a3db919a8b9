"""The ffmpeg subprocess that turns an FLV feed (on its stdin) into live HLS and a recording.

H.264 with AAC/MP3 is copied into short MPEG-TS segments (cut at the encoder's key frames);
anything else is transcoded fast to H.264/AAC with a key frame every second. The playlist is
``live.m3u8`` with bare segment names in the HLS folder (what live_delivery serves); ffmpeg
writes the playlist through a temporary file and renames it, and ``temp_file`` does the same
for segments, so a reader never sees a half-written file. When stdin closes, ffmpeg flushes
the last segment and appends ``#EXT-X-ENDLIST``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from pathlib import Path
from typing import IO

from ..live_delivery import PLAYLIST  # the name the delivery routes serve
from .flv import Codecs

log = logging.getLogger(__name__)

SEGMENT_SECONDS = 1  # target; with copied video a segment lasts at least one GOP
PLAYLIST_SEGMENTS = 6
CLOSE_TIMEOUT_S = 10.0


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def _codec_args(codecs: Codecs) -> list[str]:
    if codecs.copyable:
        return ["-c", "copy"]
    return [
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
        "-c:a", "aac", "-b:a", "128k",
    ]  # fmt: skip


def recording_suffix(codecs: Codecs) -> str:
    """MPEG-TS (survives an abrupt end) when the feed is H.264/AAC, else Matroska (any codec)."""
    return ".ts" if codecs.copyable else ".mkv"


def command(ffmpeg: str, hls_dir: Path, codecs: Codecs, recording: Path | None) -> list[str]:
    """The ffmpeg command line for one broadcast."""
    args = [
        ffmpeg, "-hide_banner", "-nostats", "-loglevel", "warning",
        # Start as soon as both streams are known instead of analysing 5 s of the feed.
        "-probesize", "262144", "-analyzeduration", "2000000",
        "-f", "flv", "-i", "pipe:0",
        "-map", "0:v?", "-map", "0:a?", *_codec_args(codecs),
        "-f", "hls",
        "-hls_time", str(SEGMENT_SECONDS),
        "-hls_list_size", str(PLAYLIST_SEGMENTS),
        "-hls_flags", "delete_segments+temp_file+independent_segments",
        "-hls_segment_type", "mpegts",
        "-hls_segment_filename", str(hls_dir / "segment-%05d.ts"),
        str(hls_dir / PLAYLIST),
    ]  # fmt: skip
    if recording is not None:
        muxer = "mpegts" if recording.suffix == ".ts" else "matroska"
        args += ["-map", "0:v?", "-map", "0:a?", "-c", "copy", "-f", muxer, str(recording)]
    return args


class HlsBridge:
    """One ffmpeg process fed through :meth:`write`, ended with :meth:`close`."""

    def __init__(
        self, hls_dir: Path, codecs: Codecs, *, recording: Path | None, log_path: Path
    ) -> None:
        self.hls_dir = hls_dir
        self.codecs = codecs
        self.recording = recording
        self.log_path = log_path
        self._proc: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None
        self.failed = False  # ffmpeg went away while the feed was still coming

    async def start(self) -> None:
        """Launch ffmpeg (raises OSError when it cannot be started)."""
        ffmpeg = ffmpeg_path()
        if ffmpeg is None:
            raise OSError("ffmpeg is not on PATH")
        self._log = await asyncio.to_thread(self.log_path.open, "ab")
        self._proc = await asyncio.create_subprocess_exec(
            *command(ffmpeg, self.hls_dir, self.codecs, self.recording),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self._log,
        )

    async def write(self, data: bytes) -> bool:
        """Feed bytes; waits while ffmpeg is behind (the encoder is then slowed by TCP).

        Returns False once ffmpeg is gone.
        """
        proc = self._proc
        if proc is None or proc.stdin is None or self.failed:
            return False
        try:
            proc.stdin.write(data)
            await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            self.failed = True
            log.warning("ffmpeg stopped reading the live feed (see %s)", self.log_path)
            return False
        return True

    async def close(self, timeout: float = CLOSE_TIMEOUT_S) -> int | None:
        """End the feed and wait for ffmpeg to finish its files (killed after ``timeout``)."""
        proc = self._proc
        if proc is None:
            return None
        if proc.stdin is not None and not proc.stdin.is_closing():
            proc.stdin.close()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                await proc.stdin.wait_closed()
        try:
            code = await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            proc.kill()
            code = await proc.wait()
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
        return code

    def kill(self) -> None:
        """Stop ffmpeg at once (emulator shutdown)."""
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
