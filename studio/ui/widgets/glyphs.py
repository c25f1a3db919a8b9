"""Small line icons drawn with QPainter in the palette's text colour (no icon theme needed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZE = 16


def _icon(draw: Callable[[QPainter, QColor], None], colour: QColor | None = None) -> QIcon:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    colour = colour or palette.color(QPalette.ColorRole.Text)
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(SIZE * scale, SIZE * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        pixmap.setDevicePixelRatio(scale)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter, colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def grid_icon() -> QIcon:
    """Four rounded squares."""

    def draw(p: QPainter, c: QColor) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        for x in (2.5, 9.0):
            for y in (2.5, 9.0):
                p.drawRoundedRect(QRectF(x, y, 4.5, 4.5), 1.2, 1.2)

    return _icon(draw)


def list_icon() -> QIcon:
    """Three rows, each a dot and a line."""

    def draw(p: QPainter, c: QColor) -> None:
        p.setPen(QPen(c, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (4.0, 8.0, 12.0):
            p.drawPoint(QPointF(3.0, y))
            p.drawLine(QPointF(6.0, y), QPointF(13.5, y))

    return _icon(draw)


def search_icon() -> QIcon:
    """A magnifying glass."""

    def draw(p: QPainter, c: QColor) -> None:
        faded = QColor(c)
        faded.setAlpha(170)
        p.setPen(QPen(faded, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawEllipse(QRectF(2.5, 2.5, 8.0, 8.0))
        p.drawLine(QPointF(9.5, 9.5), QPointF(13.5, 13.5))

    return _icon(draw)


def refresh_icon() -> QIcon:
    """A circular arrow."""

    def draw(p: QPainter, c: QColor) -> None:
        p.setPen(QPen(c, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(QRectF(3.0, 3.0, 10.0, 10.0), 60 * 16, 280 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        p.drawPolygon([QPointF(10.2, 1.2), QPointF(13.8, 4.6), QPointF(9.2, 5.6)])

    return _icon(draw)
