"""Line icons of the Live panel (copy, reveal, hide, done), drawn in the palette's text colour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZE = 16


def _icon(draw: Callable[[QPainter, QColor], None]) -> QIcon:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    colour = palette.color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(SIZE * scale, SIZE * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        pixmap.setDevicePixelRatio(scale)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        draw(painter, colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def copy_icon() -> QIcon:
    """Two overlapping sheets."""

    def draw(p: QPainter, _: QColor) -> None:
        p.drawRoundedRect(QRectF(5.5, 5.5, 8.0, 8.5), 1.5, 1.5)
        p.drawPolyline([QPointF(3.0, 10.5), QPointF(2.5, 10.5), QPointF(2.5, 2.5)])
        p.drawPolyline([QPointF(2.5, 2.5), QPointF(10.5, 2.5), QPointF(10.5, 3.0)])

    return _icon(draw)


def _eye(p: QPainter) -> None:
    path = QPainterPath(QPointF(1.5, 8.0))
    path.quadTo(QPointF(8.0, 1.0), QPointF(14.5, 8.0))
    path.quadTo(QPointF(8.0, 15.0), QPointF(1.5, 8.0))
    p.drawPath(path)
    p.drawEllipse(QPointF(8.0, 8.0), 2.2, 2.2)


def reveal_icon() -> QIcon:
    """An open eye."""
    return _icon(lambda p, _c: _eye(p))


def hide_icon() -> QIcon:
    """A crossed-out eye."""

    def draw(p: QPainter, _: QColor) -> None:
        _eye(p)
        p.drawLine(QPointF(2.5, 13.5), QPointF(13.5, 2.5))

    return _icon(draw)


def done_icon() -> QIcon:
    """A check mark."""

    def draw(p: QPainter, _: QColor) -> None:
        p.setPen(QPen(p.pen().color(), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPolyline([QPointF(3.0, 8.5), QPointF(6.5, 12.0), QPointF(13.0, 4.0)])

    return _icon(draw)
