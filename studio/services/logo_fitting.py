"""Fit any image Pillow reads into the API's player-logo limits, and say what was changed.

The API takes a JPEG or PNG logo of at most 200x100 px and 100 KiB (contract 3.7 P6, enforced
the same way by the emulator's ``logo.py``), and refuses other extensions. :func:`fit_logo`
keeps an image that already complies byte for byte; otherwise it takes the first frame, turns it
upright, downscales it keeping its aspect ratio, and writes a PNG — fewer colours, then JPEG,
then a smaller size when the bytes are still over the limit. Pillow work blocks: call
:func:`fit_logo_async` from the UI (it runs in a worker thread).
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("PNG", "JPEG")
EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg"}
ORIENTATION_TAG = 0x0112
PALETTE_SIZES = (256, 128, 64, 32, 16)
JPEG_QUALITIES = (92, 85, 75, 65, 50, 35)
SHRINK_STEP = 0.8  # when no encoding fits, try again at 80 % of the size
MAX_SHRINKS = 12


@dataclass(frozen=True)
class LogoLimits:
    """What the server accepts: pixel box and byte size."""

    width: int = 200
    height: int = 100
    max_bytes: int = 100 * 1024


API_LOGO_LIMITS = LogoLimits()


class LogoError(Exception):
    """The image cannot be used as a logo; the message is written for the user."""


@dataclass(frozen=True)
class FittedLogo:
    """The bytes to upload and how they differ from the file the user chose."""

    data: bytes
    image_format: str  # "PNG" or "JPEG"
    filename: str  # with the extension the API expects (it checks extensions)
    size: tuple[int, int]
    source_size: tuple[int, int]
    source_format: str
    source_bytes: int
    changes: tuple[str, ...] = field(default=())

    @property
    def unchanged(self) -> bool:
        """True when the file is uploaded exactly as chosen."""
        return not self.changes

    @property
    def summary(self) -> str:
        """One line for the user, e.g. "Resized from 1200x800 to 150x100; converted WEBP → PNG"."""
        if self.unchanged:
            width, height = self.size
            return (
                f"Already within the limits ({width}x{height} {self.image_format}, "
                f"{human_size(len(self.data))}): uploaded unchanged."
            )
        text = "; ".join(self.changes)
        return text[:1].upper() + text[1:]


def human_size(count: int) -> str:
    """``38 KB``, ``1.2 MB``, ``512 bytes`` (1 KB = 1024 bytes, as the limit is written)."""
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        kib = count / 1024
        return f"{kib:.1f} KB" if kib < 10 else f"{kib:.0f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


async def fit_logo_async(
    path: str | os.PathLike[str], limits: LogoLimits = API_LOGO_LIMITS
) -> FittedLogo:
    """:func:`fit_logo` in a worker thread (keeps the event loop and the UI responsive)."""
    return await asyncio.to_thread(fit_logo, path, limits)


def fit_logo(path: str | os.PathLike[str], limits: LogoLimits = API_LOGO_LIMITS) -> FittedLogo:
    """Read ``path`` and fit it (blocking); raises :class:`LogoError` when it is no image."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LogoError(f"“{source.name}” cannot be read: {reason}.") from exc
    return fit_logo_bytes(data, source.name, limits)


def fit_logo_bytes(data: bytes, name: str, limits: LogoLimits = API_LOGO_LIMITS) -> FittedLogo:
    """Fit an image given as bytes; ``name`` gives the stem of the uploaded file's name."""
    image, source_format, frames, source_size = _open(data, name, limits)
    stem = Path(name).stem or "logo"
    with image:
        if _complies(image, source_format, len(data), limits):
            return FittedLogo(
                data=data,
                image_format=source_format,
                filename=stem + EXTENSIONS[source_format],
                size=source_size,
                source_size=source_size,
                source_format=source_format,
                source_bytes=len(data),
            )
        notes: list[str] = []
        if frames > 1:
            notes.append(f"used the first of {frames} frames")
        upright = _upright(image)
        if upright is not image:
            notes.append("turned upright (EXIF orientation)")
        encoded = _encode_within(_plain_mode(upright), limits)
    changes: list[str] = []
    if encoded.size != source_size:
        (w0, h0), (w1, h1) = source_size, encoded.size
        changes.append(f"resized from {w0}x{h0} to {w1}x{h1}")
    changes += notes
    if encoded.image_format != source_format:
        changes.append(f"converted {source_format} → {encoded.image_format}")
    if encoded.colours:
        changes.append(f"reduced to {encoded.colours} colours")
    if encoded.flattened:
        changes.append("transparency flattened onto white (JPEG has none)")
    changes.append(f"{human_size(len(data))} → {human_size(len(encoded.data))}")
    return FittedLogo(
        data=encoded.data,
        image_format=encoded.image_format,
        filename=stem + EXTENSIONS[encoded.image_format],
        size=encoded.size,
        source_size=source_size,
        source_format=source_format,
        source_bytes=len(data),
        changes=tuple(changes),
    )


# ---- steps -------------------------------------------------------------------------------------


def _open(
    data: bytes, name: str, limits: LogoLimits
) -> tuple[Image.Image, str, int, tuple[int, int]]:
    """The decoded first frame, the file's format, its frame count and its size in pixels."""
    try:
        image = Image.open(io.BytesIO(data))
        size = image.size
        frames = int(getattr(image, "n_frames", 1) or 1)
        image.seek(0)
        if image.format == "JPEG" and (size[0] > limits.width or size[1] > limits.height):
            # Let the JPEG decoder skip detail the logo cannot keep anyway (a 24 MP photo
            # decodes many times faster at 1/8 scale); twice the box, either way up, stays sharp.
            edge = 2 * max(limits.width, limits.height)
            image.draft("RGB", (edge, edge))
        image.load()
    except Image.DecompressionBombError as exc:
        raise LogoError(f"“{name}” has too many pixels to be opened safely.") from exc
    except UnidentifiedImageError as exc:
        raise LogoError(
            f"“{name}” is not an image the studio can read. "
            "Choose a PNG, JPEG, WEBP, GIF, BMP or TIFF file."
        ) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        # Truncated or corrupt data: Pillow found a header but could not decode the pixels.
        raise LogoError(f"“{name}” is damaged and cannot be decoded ({exc}).") from exc
    return image, (image.format or "unknown").upper(), frames, size


def _complies(image: Image.Image, image_format: str, byte_count: int, limits: LogoLimits) -> bool:
    """True when the file can go as it is: right format, box, weight and orientation."""
    return (
        image_format in ACCEPTED_FORMATS
        and image.width <= limits.width
        and image.height <= limits.height
        and byte_count <= limits.max_bytes
        and image.getexif().get(ORIENTATION_TAG, 1) == 1
        and getattr(image, "n_frames", 1) == 1
    )


def _upright(image: Image.Image) -> Image.Image:
    """The image rotated as its EXIF orientation says (the same object when already upright)."""
    if image.getexif().get(ORIENTATION_TAG, 1) == 1:
        return image
    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return "transparency" in image.info


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is not fully opaque (an unused alpha costs bytes)."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        if _band_range(rgba.getchannel("A"))[0] < 255:
            return rgba
        return rgba.convert("RGB")
    if image.mode.startswith("I;16"):
        # 16-bit greys: scale to 8 bits (a plain convert would clip everything bright to white).
        image = image.convert("I").point(lambda v: v * (255 / 65535)).convert("L")
    elif image.mode in ("I", "F"):
        low, high = _band_range(image)
        span = (high - low) or 1.0
        image = image.point(lambda v: (v - low) * (255 / span)).convert("L")
    return image.convert("RGB")


def _band_range(band: Image.Image) -> tuple[float, float]:
    """Lowest and highest value of a one-band image."""
    low, high = band.getextrema()
    assert isinstance(low, (int, float)) and isinstance(high, (int, float))
    return float(low), float(high)


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    image_format: str
    size: tuple[int, int]
    colours: int = 0  # palette size when the colours were reduced
    flattened: bool = False


def _box_size(width: int, height: int, box_width: int, box_height: int) -> tuple[int, int]:
    """The largest size within the box with the same aspect ratio (never upscaled)."""
    scale = min(1.0, box_width / width, box_height / height)
    return (
        max(1, min(box_width, round(width * scale))),
        max(1, min(box_height, round(height * scale))),
    )


def _encode_within(picture: Image.Image, limits: LogoLimits) -> _Encoded:
    """Downscale into the box, then the first encoding under the byte limit."""
    box_width, box_height = limits.width, limits.height
    for _attempt in range(MAX_SHRINKS):
        size = _box_size(picture.width, picture.height, box_width, box_height)
        scaled = picture if size == picture.size else picture.resize(size, Image.Resampling.LANCZOS)
        for encoded in _encodings(scaled):
            if len(encoded.data) <= limits.max_bytes:
                return encoded
        # Nothing fits at this size (only with very small byte limits): shrink and retry.
        box_width = max(1, int(size[0] * SHRINK_STEP))
        box_height = max(1, int(size[1] * SHRINK_STEP))
    raise LogoError(f"The image cannot be made smaller than {human_size(limits.max_bytes)}.")


def _encodings(image: Image.Image) -> Iterator[_Encoded]:
    """Candidates from best to smallest that keep what matters most for this image.

    PNG first (lossless). Then a transparent logo keeps its transparency with fewer colours
    before falling back to JPEG; an opaque one (a photo, most often) goes to JPEG first, which
    degrades far more gracefully than a small palette.
    """
    yield _Encoded(_save(image, "PNG", optimize=True), "PNG", image.size)
    if image.mode == "RGBA":
        yield from _palette_encodings(image)
        yield from _jpeg_encodings(image)
    else:
        yield from _jpeg_encodings(image)
        yield from _palette_encodings(image)


def _palette_encodings(image: Image.Image) -> Iterator[_Encoded]:
    method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
    for colours in PALETTE_SIZES:
        reduced = image.quantize(colors=colours, method=method)
        yield _Encoded(_save(reduced, "PNG", optimize=True), "PNG", image.size, colours)


def _jpeg_encodings(image: Image.Image) -> Iterator[_Encoded]:
    flattened = image.mode == "RGBA"
    opaque = image
    if flattened:
        opaque = Image.new("RGB", image.size, (255, 255, 255))
        opaque.paste(image, mask=image.getchannel("A"))
    for quality in JPEG_QUALITIES:
        data = _save(opaque, "JPEG", quality=quality, optimize=True)
        yield _Encoded(data, "JPEG", image.size, flattened=flattened)


def _save(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()
