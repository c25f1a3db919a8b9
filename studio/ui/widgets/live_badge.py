"""``LiveBadge``: a rounded pill with a coloured dot — "Live", "Offline", "Warming up"...

Tones are semantic: ``live`` red (the broadcast convention), ``waiting`` amber, ``idle`` grey,
``ok`` green. Only the dot is coloured; the text keeps the palette's colour for contrast in
both themes.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

TONES = {
    "live": "#e53935",
    "waiting": "#f0a020",
    "idle": "#8d9199",
    "ok": "#2e9d5b",
    "error": "#d84315",
}
DOT = 8.0
PAD_X = 10.0


def tone_colour(tone: str) -> QColor:
    return QColor(TONES.get(tone, TONES["idle"]))


class LiveBadge(QWidget):
    """Painted pill; :meth:`set_state` changes text and tone."""

    def __init__(self, text: str = "Offline", tone: str = "idle", parent: QWidget | None = None):
        super().__init__(parent)
        self.text = text
        self.tone = tone
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_state(self, text: str, tone: str) -> None:
        if (text, tone) == (self.text, self.tone):
            return
        self.text, self.tone = text, tone
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = PAD_X * 2 + DOT + 6 + metrics.horizontalAdvance(self.text)
        return QSize(int(width) + 1, metrics.height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        colour = tone_colour(self.tone)
        fill = QColor(colour)
        fill.setAlpha(38)
        border = QColor(colour)
        border.setAlpha(110)
        painter.setPen(border)
        painter.setBrush(fill)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        dot_y = rect.center().y() - DOT / 2
        painter.drawEllipse(QRectF(rect.left() + PAD_X, dot_y, DOT, DOT))
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text_rect = rect.adjusted(PAD_X + DOT + 6, 0, -PAD_X + 2, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, self.text)
        painter.end()
