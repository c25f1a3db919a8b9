"""Real media work for the emulator: probe, frame grabs, HLS packaging, MP4, still images.

Everything here is blocking (subprocesses, Pillow) and runs on the app's worker threads.

With ``ffmpeg`` and ``ffprobe`` on PATH (checked with :func:`shutil.which` at each call):
metadata comes from ffprobe; the default thumbnail is a frame at about 1 s (the first frame for
shorter sources); HLS is a ``-c copy`` remux when the source is H.264 (audio re-encoded to AAC if
needed), otherwise a fast low-rung libx264 ``veryfast`` transcode (at most 360 lines) that also
becomes the MP4; the MP4 asset is the source itself when it already is an MP4.

Without them (or with ``STUDIO_EMULATOR_MEDIA_TOOLS=off`` in the environment) the emulator
degrades instead of failing: metadata fields are null, thumbnails are generated placeholders
(Pillow), the MP4 asset serves the uploaded file as it is, and no HLS is ever packaged, so
``assets.hls`` answers 202 forever and the HLS qualities stay ``encoding``.

A file that is not media (random bytes) raises :class:`MediaError`; callers mark the video's
qualities ``failed``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, UnidentifiedImageError

TOOLS_ENV = "STUDIO_EMULATOR_MEDIA_TOOLS"
TIMEOUT_S = 900  # one ffmpeg run; generous for large transcodes
MAX_TRANSCODE_LINES = 360
HLS_SEGMENT_S = 2
# MP4 "major brands" of files a browser plays as MP4 (QuickTime's "qt  " is not one).
MP4_BRANDS = {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash"}
MP4_COMPATIBLE_VIDEO = {"h264", "hevc"}
MP4_COMPATIBLE_AUDIO = {"aac", "mp3"}


class MediaError(Exception):
    """The file could not be read as media, or a media tool failed on it."""


def tools_available() -> bool:
    """True when ffmpeg and ffprobe can be used."""
    if os.environ.get(TOOLS_ENV, "").strip().lower() in ("off", "0", "false", "no"):
        return False
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            args, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MediaError(f"{args[0]} could not run: {exc}") from exc
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise MediaError(f"{Path(args[0]).name} failed: {' | '.join(tail)}")
    return done


def _ffmpeg(*args: str) -> None:
    _run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args])


# ---- probing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a source, in the units of api.video's status metadata."""

    width: int
    height: int
    duration: float  # seconds
    framerate: float | None
    bitrate_kbps: float | None
    video_codec: str
    audio_codec: str | None
    samplerate: int | None
    aspect_ratio: str | None
    format_name: str
    major_brand: str

    @property
    def lines(self) -> int:
        return min(self.width, self.height)

    @property
    def is_mp4(self) -> bool:
        return "mp4" in self.format_name.split(",") and self.major_brand in MP4_BRANDS

    def metadata(self) -> dict[str, Any]:
        """``encoding.metadata`` (contract 3.2 V6): integers as integers, bitrate a float."""
        return {
            "width": self.width,
            "height": self.height,
            "bitrate": round(self.bitrate_kbps, 3) if self.bitrate_kbps is not None else None,
            "duration": round(self.duration),
            "framerate": round(self.framerate) if self.framerate else None,
            "samplerate": self.samplerate,
            "videoCodec": self.video_codec,
            "audioCodec": self.audio_codec,
            "aspectRatio": self.aspect_ratio,
        }


EMPTY_METADATA: dict[str, Any] = {
    "width": None,
    "height": None,
    "bitrate": None,
    "duration": None,
    "framerate": None,
    "samplerate": None,
    "videoCodec": None,
    "audioCodec": None,
    "aspectRatio": None,
}


def _rate(text: str | None) -> float | None:
    try:
        value = float(Fraction(text)) if text else 0.0
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 and math.isfinite(value) else None


def _number(text: Any) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _aspect(width: int, height: int, stream: dict[str, Any]) -> str:
    dar = stream.get("display_aspect_ratio")
    if isinstance(dar, str) and ":" in dar and not dar.startswith("0:"):
        return dar.replace(":", "/")
    divisor = math.gcd(width, height) or 1
    return f"{width // divisor}/{height // divisor}"


def probe(source: Path) -> Probe:
    """Read a source's streams with ffprobe; MediaError when it holds no decodable video."""
    done = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(source),
        ]
    )
    try:
        info = json.loads(done.stdout or b"{}")
    except ValueError as exc:
        raise MediaError("ffprobe output is not JSON") from exc
    streams = info.get("streams") or []
    fmt = info.get("format") or {}
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None or not video.get("width") or not video.get("height"):
        raise MediaError("no video stream")
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    width, height = int(video["width"]), int(video["height"])
    duration = _number(fmt.get("duration")) or _number(video.get("duration")) or 0.0
    bitrate = _number(fmt.get("bit_rate"))
    if bitrate is None and duration and _number(fmt.get("size")):
        bitrate = (_number(fmt.get("size")) or 0.0) * 8 / duration
    samplerate = _number(audio.get("sample_rate")) if audio else None
    return Probe(
        width=width,
        height=height,
        duration=duration,
        framerate=_rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")),
        bitrate_kbps=bitrate / 1000 if bitrate is not None else None,
        video_codec=str(video.get("codec_name") or "unknown"),
        audio_codec=str(audio.get("codec_name")) if audio and audio.get("codec_name") else None,
        samplerate=int(samplerate) if samplerate else None,
        aspect_ratio=_aspect(width, height, video),
        format_name=str(fmt.get("format_name") or ""),
        major_brand=str((fmt.get("tags") or {}).get("major_brand") or ""),
    )


# ---- stills ----------------------------------------------------------------------------------


def _temp_beside(dest: Path, suffix: str) -> Path:
    """A unique temporary name next to ``dest``: concurrent requests for the same still (several
    thumbnail GETs of a source-less video at once) must not rename each other's file."""
    return dest.with_name(f"{dest.name}.{uuid.uuid4().hex}.tmp{suffix}")


def grab_frame(source: Path, seconds: float, dest: Path) -> None:
    """Write the frame at ``seconds`` (or, past the end, the first frame) as a JPEG."""
    tmp = _temp_beside(dest, ".jpg")
    for at in (max(0.0, seconds), 0.0):
        tmp.unlink(missing_ok=True)
        try:
            _ffmpeg(
                "-ss",
                f"{at:.3f}",
                "-i",
                str(source),
                "-frames:v",
                "1",
                "-q:v",
                "3",
                "-f",
                "image2",
                "-c:v",
                "mjpeg",
                str(tmp),
            )
        except MediaError:
            if at == 0.0:
                raise
            continue
        if tmp.exists() and tmp.stat().st_size > 0:
            os.replace(tmp, dest)
            return
    tmp.unlink(missing_ok=True)
    raise MediaError("no frame could be decoded")


def placeholder_jpeg(dest: Path, *, width: int = 640, height: int = 360, label: str = "") -> None:
    """A neutral poster (dark gradient with a play triangle) for videos without frames."""
    image = Image.new("RGB", (width, height), (24, 28, 38))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # a soft vertical gradient
        shade = 24 + int(24 * y / max(1, height - 1))
        draw.line([(0, y), (width, y)], fill=(shade, shade + 4, shade + 14))
    cx, cy, r = width // 2, height // 2, min(width, height) // 8
    draw.polygon([(cx - r // 2, cy - r), (cx - r // 2, cy + r), (cx + r, cy)], fill=(235, 238, 245))
    if label:
        draw.text((16, height - 28), label[:80], fill=(200, 204, 214))
    tmp = _temp_beside(dest, ".jpg")
    image.save(tmp, "JPEG", quality=85)
    os.replace(tmp, dest)


IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def image_to_jpeg(source: Path, dest: Path) -> None:
    """Convert an uploaded JPEG/PNG/WebP to a JPEG; ValueError for anything else."""
    try:
        with Image.open(source) as img:
            if img.format not in IMAGE_FORMATS:
                raise ValueError(f"unsupported image format {img.format}")
            img.load()
            rgb = img.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError("not an image") from exc
    tmp = _temp_beside(dest, ".jpg")
    rgb.save(tmp, "JPEG", quality=90)
    os.replace(tmp, dest)


# ---- renditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """One packaged HLS variant: ``<hls dir>/<name>/index.m3u8`` plus its segments."""

    name: str
    width: int
    height: int
    bandwidth: int  # bits per second, for the master playlist

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "width": self.width,
            "height": self.height,
            "bandwidth": self.bandwidth,
        }


def needs_transcode(info: Probe) -> bool:
    """HLS (MPEG-TS) can carry the source's video as is only when it is H.264."""
    return info.video_codec != "h264"


def transcode_low_rung(source: Path, info: Probe, dest: Path) -> Probe:
    """A fast H.264/AAC MP4 of at most 360 lines; returns its probe."""
    tmp = dest.with_name(dest.name + ".tmp.mp4")
    scale = (
        f"scale=-2:'min({MAX_TRANSCODE_LINES},ih)'"
        if info.height <= info.width
        else (f"scale='min({MAX_TRANSCODE_LINES},iw)':-2")
    )
    audio = ["-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k", "-ac", "2"]
    _ffmpeg(
        "-i",
        str(source),
        "-map",
        "0:v:0",
        *audio,
        "-vf",
        scale,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "26",
        "-pix_fmt",
        "yuv420p",
        "-g",
        "48",
        "-movflags",
        "+faststart",
        str(tmp),
    )
    os.replace(tmp, dest)
    return probe(dest)


def remux_mp4(source: Path, info: Probe, dest: Path) -> None:
    """Copy H.264/HEVC video into an MP4 (audio copied if MP4-friendly, else AAC)."""
    tmp = dest.with_name(dest.name + ".tmp.mp4")
    audio_codec = "copy" if info.audio_codec in MP4_COMPATIBLE_AUDIO else "aac"
    _ffmpeg(
        "-i",
        str(source),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-c:v",
        "copy",
        "-c:a",
        audio_codec,
        "-movflags",
        "+faststart",
        str(tmp),
    )
    os.replace(tmp, dest)


def package_hls(source: Path, info: Probe, hls_dir: Path, name: str) -> Rendition:
    """Remux an H.264 source to one HLS variant under ``hls_dir/name`` (published atomically)."""
    staging = hls_dir.with_name(hls_dir.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    variant = staging / name
    variant.mkdir(parents=True)
    audio_codec = "copy" if info.audio_codec == "aac" else "aac"
    _ffmpeg(
        "-i",
        str(source),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-c:v",
        "copy",
        "-c:a",
        audio_codec,
        "-f",
        "hls",
        "-hls_time",
        str(HLS_SEGMENT_S),
        "-hls_playlist_type",
        "vod",
        "-hls_segment_filename",
        str(variant / "segment-%04d.ts"),
        str(variant / "index.m3u8"),
    )
    segments = list(variant.glob("segment-*.ts"))
    if not segments:
        raise MediaError("HLS packaging produced no segment")
    total_bits = sum(p.stat().st_size for p in segments) * 8
    bandwidth = int(total_bits / info.duration * 1.2) if info.duration > 0 else 1_000_000
    shutil.rmtree(hls_dir, ignore_errors=True)
    os.replace(staging, hls_dir)
    return Rendition(name, info.width, info.height, max(bandwidth, 1))
