"""The grid cell as painted: image or placeholder, badges where they belong, two lines of text."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from studio.ui.models.library_model import CellPaint, CellText
from studio.ui.widgets.thumbnail_delegate import MARGIN, ThumbnailDelegate, thumbnail_size_for

CELL = QRect(0, 0, 240, 205)
IMAGE = thumbnail_size_for(CELL.width())


def render(cell: CellPaint, state: QStyle.StateFlag = QStyle.StateFlag.State_Enabled) -> QImage:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    image = QImage(CELL.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(app.palette().base().color())
    painter = QPainter(image)
    ThumbnailDelegate().paint_cell(painter, CELL, app.palette(), app.font(), state, 1.0, cell)
    painter.end()
    return image


def cell(
    *, public: bool = True, thumbnail: QPixmap | None = None, encoding: str = "playable",
    duration: int | None = None,
) -> CellPaint:  # fmt: skip
    text = CellText("A title", "2 Jan 2025, 10:05  ·  tag", public)
    return CellPaint(text, thumbnail, encoding, duration)


def region(image: QImage, rect: QRect) -> list[int]:
    xs = range(rect.left(), rect.right())
    return [image.pixel(x, y) for y in range(rect.top(), rect.bottom()) for x in xs]


def corner(where: str) -> QRect:
    """A 40 x 14 box inside one corner of the image area (where the badges go)."""
    left, top = MARGIN + 8, MARGIN + 8
    right, bottom = MARGIN + IMAGE.width() - 48, MARGIN + IMAGE.height() - 22
    x = left if "left" in where else right
    y = top if "top" in where else bottom
    return QRect(x, y, 40, 14)


def solid(colour: Qt.GlobalColor, size: QSize) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(colour)
    return pixmap


def test_badges_sit_in_their_corners(qtbot: QtBot) -> None:
    plain = render(cell())
    private = render(cell(public=False))
    processing = render(cell(encoding="processing"))
    timed = render(cell(duration=75))
    assert region(private, corner("top left")) != region(plain, corner("top left"))
    assert region(private, corner("top right")) == region(plain, corner("top right"))
    assert region(processing, corner("top right")) != region(plain, corner("top right"))
    assert region(processing, corner("top left")) == region(plain, corner("top left"))
    assert region(timed, corner("bottom right")) != region(plain, corner("bottom right"))
    assert region(timed, corner("top right")) == region(plain, corner("top right"))


def test_the_image_fills_its_area_at_any_size(qtbot: QtBot) -> None:
    centre = (MARGIN + IMAGE.width() // 2, MARGIN + IMAGE.height() // 2)
    exact = render(cell(thumbnail=solid(Qt.GlobalColor.red, IMAGE)))
    assert QColor(exact.pixel(*centre)) == QColor(Qt.GlobalColor.red)
    # Another size (while the exact one decodes) is drawn scaled into the same area.
    other = render(cell(thumbnail=solid(Qt.GlobalColor.blue, QSize(48, 27))))
    assert QColor(other.pixel(*centre)) == QColor(Qt.GlobalColor.blue)
    assert QColor(other.pixel(MARGIN + IMAGE.width() - 3, MARGIN + 3)) == QColor(
        Qt.GlobalColor.blue
    )
    # No image: the placeholder, not the background.
    placeholder = render(cell())
    assert placeholder.pixel(*centre) != placeholder.pixel(2, 2)


def test_title_and_subtitle_are_written_under_the_image(qtbot: QtBot) -> None:
    image = render(cell())
    text_top = MARGIN + IMAGE.height() + 2
    below = QRect(MARGIN, text_top, IMAGE.width(), CELL.height() - text_top - 4)
    assert len(set(region(image, below))) > 4  # glyphs, not a flat background
    empty = render(CellPaint(CellText("", "", True), None, "playable", None))
    assert len(set(region(empty, below))) == 1


def test_selection_is_drawn(qtbot: QtBot) -> None:
    plain = render(cell())
    selected = render(cell(), QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Selected)
    assert plain.pixel(3, CELL.height() // 2) != selected.pixel(3, CELL.height() // 2)
