"""Render ``resources/studio.svg`` into the icon files each platform's build needs.

    python packaging/make_icons.py OUT_DIR

Writes ``studio-<size>.png`` (Linux hicolor sizes), ``studio.ico`` (Windows) and ``studio.icns``
(macOS) into OUT_DIR. The SVG stays the single source: nothing rendered is committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parents[1] / "resources" / "studio.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows Explorer and the taskbar pick from
ICNS_SIZE = 1024  # Pillow derives the smaller ICNS members from the largest image


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn at ``size`` x ``size`` on a transparent background, as a Pillow image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    # Straight (not premultiplied) RGBA rows, 4 bytes a pixel: no row padding to strip.
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()))


def main(out: Path) -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    out.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        render(renderer, size).save(out / f"studio-{size}.png")
    largest = render(renderer, max(ICO_SIZES))
    largest.save(out / "studio.ico", sizes=[(s, s) for s in ICO_SIZES])
    render(renderer, ICNS_SIZE).save(out / "studio.icns")
    del app


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
