"""Player logo rule (contract 3.7 P6): JPEG or PNG, at most 200x100 px and 100 KiB.

An accepted logo is stored scaled to 30 px high (aspect kept) as a PNG, the size the
emulator's player draws it at. Blocking (Pillow): run in a worker.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from .images import image_format, image_size
from .problems import Problem, upload_problem

ALLOWED_FORMATS = ("JPEG", "PNG")
MAX_BYTES = 100 * 1024
MAX_WIDTH, MAX_HEIGHT = 200, 100
STORED_HEIGHT = 30

EXTENSION_TITLE = "Only ['jpg', 'JPG', 'jpeg', 'JPEG', 'png', 'PNG'] extensions are supported."


def _refuse(slug: str, title: str, detail: str) -> Problem:
    problem = upload_problem(slug, title)
    problem.detail = detail
    return problem


def store_logo(upload: Path, dest: Path) -> tuple[int, int]:
    """Check ``upload`` and write the 30 px high PNG to ``dest``; returns the stored size."""
    if image_format(upload) not in ALLOWED_FORMATS:
        raise upload_problem("uploaded-file-extension-invalid", EXTENSION_TITLE)
    size = upload.stat().st_size
    if size > MAX_BYTES:
        raise _refuse(
            "uploaded-file-too-large",
            "The uploaded file is too large.",
            f"A player logo can weigh at most 100 KiB; this one weighs {size} bytes.",
        )
    width, height = image_size(upload)
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        raise _refuse(
            "uploaded-file-invalid-file",
            "The uploaded file is invalid.",
            f"A player logo can be at most {MAX_WIDTH}x{MAX_HEIGHT} px; "
            f"this one is {width}x{height} px.",
        )
    scaled_width = max(1, round(width * STORED_HEIGHT / height))
    with Image.open(upload) as img:
        img.load()
        scaled = img.convert("RGBA").resize((scaled_width, STORED_HEIGHT), Image.Resampling.LANCZOS)
    dest.parent.mkdir(parents=True, exist_ok=True)
    scaled.save(dest, "PNG")
    return scaled.size
