"""Still images with Pillow: sniff the real format, re-encode, draw placeholders.

Uploaded images are judged by their bytes, never by file name or part Content-Type (clients
send names without extensions, contract 1.12). Functions here block: run them in a worker.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, UnidentifiedImageError


def image_format(path: Path) -> str | None:
    """Pillow's name of the image format (``JPEG``, ``PNG``, ``WEBP``...), None if not an image."""
    try:
        with Image.open(path) as img:
            img.verify()
            return img.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def image_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as img:
        return img.size


def save_as_jpeg(src: Path, dest: Path, *, quality: int = 88) -> None:
    """Re-encode any image Pillow reads as a baseline RGB JPEG (flattening transparency)."""
    with Image.open(src) as img:
        img.load()
        if img.mode in ("RGBA", "LA", "P"):
            rgba = img.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (0, 0, 0))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            out = flat
        else:
            out = img.convert("RGB")
    dest.parent.mkdir(parents=True, exist_ok=True)
    out.save(dest, "JPEG", quality=quality)


def placeholder_jpeg(label: str, size: tuple[int, int] = (640, 360)) -> bytes:
    """A dark frame with a short centred label, for media that has no picture yet."""
    img = Image.new("RGB", size, (24, 26, 33))
    draw = ImageDraw.Draw(img)
    left, top, right, bottom = draw.textbbox((0, 0), label)
    x = (size[0] - (right - left)) // 2
    y = (size[1] - (bottom - top)) // 2
    draw.text((x, y), label, fill=(200, 204, 214))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()
