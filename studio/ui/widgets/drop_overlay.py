"""``DropOverlay``: what the window shows while files are dragged over it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget


class DropOverlay(QWidget):
    """A translucent sheet with a dashed frame and a hint, over the whole window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.headline = "Drop to upload"
        self.hint = "Video files and folders of videos"
        window.installEventFilter(self)
        self.hide()

    def show_over(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        sheet = QColor(palette.color(QPalette.ColorRole.Window))
        sheet.setAlpha(215)
        painter.fillRect(self.rect(), sheet)
        accent = palette.color(QPalette.ColorRole.Accent)
        pen = QPen(accent, 2.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        tint = QColor(accent)
        tint.setAlpha(22)
        painter.setBrush(tint)
        frame = QRectF(self.rect()).adjusted(24, 24, -24, -24)
        painter.drawRoundedRect(frame, 16, 16)

        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        centre = frame.center()
        painter.drawText(
            QRectF(frame.left(), centre.y() - 40, frame.width(), 40),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            self.headline,
        )
        painter.setFont(self.font())
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(frame.left(), centre.y() + 6, frame.width(), 30),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            self.hint,
        )
        painter.end()
