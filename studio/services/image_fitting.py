# ruff: noqa: RUF001, RUF003 - sizes are written with the times sign, as the UI shows them.
"""Any image Pillow can read, as a JPEG fitted for a video's thumbnail route.

api.video takes JPEG, PNG or WebP thumbnails of at most 8 MiB. The studio always sends a JPEG:
every format Pillow reads is accepted from the user (PNG, WebP, TIFF, BMP, GIF, AVIF ...),
turned the right way up (EXIF orientation), flattened onto black where it is transparent (the
player's background), scaled down to fit 1920x1080 (or 1080x1920 upright) and compressed until
it is below the size limit. :class:`FittedImage` says what was changed, for the UI to tell.

CPU and disk bound: call :func:`fit_thumbnail` off the loop thread, or await
:func:`fit_thumbnail_off_loop`.
"""

from __future__ import annotations

import asyncio
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDES = (1920, 1080)  # long side, short side
QUALITIES = (90, 84, 76, 68, 60)
BACKGROUND = (0, 0, 0)

ImageSource = str | os.PathLike[str] | bytes


class ImageFittingError(ValueError):
    """The file is not an image that can become a thumbnail; the message says why."""


@dataclass(frozen=True)
class FittedImage:
    """The JPEG to upload and what was done to get it."""

    data: bytes
    width: int
    height: int
    source_format: str  # Pillow's name: "PNG", "WEBP", "JPEG" ...
    source_width: int
    source_height: int
    changes: tuple[str, ...]  # human-readable, e.g. "scaled down from 4000×3000"

    def summary(self) -> str:
        """One sentence for the UI."""
        size = f"{self.width}×{self.height} JPEG, {_kib(len(self.data))}"
        if not self.changes:
            return f"Sent as is: {size}."
        text = "; ".join(self.changes)
        return f"{text[:1].upper()}{text[1:]} ({size})."


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1048576:,.1f} MiB"


def _box(width: int, height: int, sides: tuple[int, int]) -> tuple[int, int]:
    long_side, short_side = sides
    return (long_side, short_side) if width >= height else (short_side, long_side)


def _open(source: ImageSource) -> Image.Image:
    stream: io.BytesIO | Path = (
        io.BytesIO(source) if isinstance(source, bytes) else Path(os.fspath(source))
    )
    try:
        image = Image.open(stream)
        image.load()  # decode now: a truncated or corrupt file fails here, not later
    except FileNotFoundError:
        raise ImageFittingError("The file does not exist.") from None
    except IsADirectoryError:
        raise ImageFittingError("That is a folder, not an image.") from None
    except Image.DecompressionBombError:
        raise ImageFittingError("The image is too large to open safely.") from None
    except UnidentifiedImageError:
        raise ImageFittingError("This file is not an image the studio can read.") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageFittingError(f"The image could not be read: {exc}") from None
    return image


def _flatten(image: Image.Image) -> tuple[Image.Image, bool]:
    """An RGB image; transparent parts painted onto :data:`BACKGROUND` (True if any)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        lowest_alpha = rgba.getchannel("A").getextrema()[0]
        if isinstance(lowest_alpha, (int, float)) and lowest_alpha < 255:  # not all opaque
            flat = Image.new("RGB", rgba.size, BACKGROUND)
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat, True
        return rgba.convert("RGB"), False
    if image.mode == "RGB":
        return image, False
    return image.convert("RGB"), False


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def fit_thumbnail(
    source: ImageSource,
    *,
    max_sides: tuple[int, int] = MAX_SIDES,
    max_bytes: int = MAX_BYTES,
) -> FittedImage:
    """Read ``source`` (a path or bytes) and return the JPEG to upload.

    Raises :class:`ImageFittingError` for anything that is not a readable image.
    """
    image = _open(source)
    source_format = image.format or "unknown"
    source_size = image.size
    changes: list[str] = []
    if getattr(image, "n_frames", 1) > 1:
        changes.append("first frame of the animation used")  # load() decoded frame 0
    turned = ImageOps.exif_transpose(image)
    if turned is not None and turned.size != image.size:
        changes.append("turned upright (EXIF orientation)")
    image = turned if turned is not None else image
    image, flattened = _flatten(image)
    if flattened:
        changes.append("transparency filled with black")
    box = _box(*image.size, max_sides)
    if image.width > box[0] or image.height > box[1]:
        original = image.size
        image = ImageOps.contain(image, box, Image.Resampling.LANCZOS)
        changes.append(f"scaled down from {original[0]}×{original[1]}")
    if source_format != "JPEG":
        changes.insert(0, f"converted from {source_format} to JPEG")
    for quality in QUALITIES:
        data = _encode(image, quality)
        if len(data) <= max_bytes:
            break
    else:
        # Still too big at the lowest quality: halve the pixels until it fits.
        while len(data) > max_bytes and min(image.size) > 16:
            image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
            data = _encode(image, QUALITIES[-1])
        changes.append(f"compressed to fit {_kib(max_bytes)}")
    return FittedImage(
        data=data,
        width=image.width,
        height=image.height,
        source_format=source_format,
        source_width=source_size[0],
        source_height=source_size[1],
        changes=tuple(changes),
    )


async def fit_thumbnail_off_loop(
    source: ImageSource,
    *,
    max_sides: tuple[int, int] = MAX_SIDES,
    max_bytes: int = MAX_BYTES,
) -> FittedImage:
    """:func:`fit_thumbnail` in a worker thread (decoding and scaling block for a while)."""
    return await asyncio.to_thread(fit_thumbnail, source, max_sides=max_sides, max_bytes=max_bytes)


def readable_extensions() -> list[str]:
    """File name extensions of every image format Pillow can open here (``.png``, ...)."""
    Image.init()
    return sorted(ext for ext, fmt in Image.registered_extensions().items() if fmt in Image.OPEN)
