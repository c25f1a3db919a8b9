"""Any image Pillow can open, made into a JPEG a live stream accepts as its thumbnail.

The API takes JPEG, PNG or WebP up to 8 MiB (contract 3.4 L6); converting everything to a
JPEG no larger than 1920 px keeps uploads small and accepts every format Pillow reads (BMP,
TIFF, GIF; the first frame of an animation). CPU work: run it off the loop thread.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1920
MAX_BYTES = 8 * 1024 * 1024
QUALITIES = (90, 80, 70, 60)


class ThumbnailImageError(Exception):
    """The file is not an image Pillow can read; ``message`` says so for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def jpeg_thumbnail(path: Path) -> bytes:
    """JPEG bytes of the image at ``path`` (oriented, flattened, at most MAX_SIDE px)."""
    try:
        with Image.open(path) as opened:
            opened.seek(0)
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ThumbnailImageError(
            f"“{path.name}” cannot be read as an image ({type(exc).__name__})."
        ) from exc
    if image.mode not in ("RGB", "L"):
        # Transparent pixels become white rather than the black JPEG would give them.
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    for quality in QUALITIES:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_BYTES:
            return out.getvalue()
    raise ThumbnailImageError(f"“{path.name}” stays above 8 MiB even compressed.")
