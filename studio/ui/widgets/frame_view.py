"""``FrameView``: one video frame, letterboxed on black, or a message where there is none."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BACKDROP = QColor("#0d0e11")  # a player's black, a touch lifted so letterboxing stays visible
MESSAGE = QColor("#b9bcc4")


class FrameView(QWidget):
    """Paints the image given to :meth:`show_image` scaled to fit, keeping its shape."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._message = ""
        self._aspect = 16 / 9
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys step frames from here
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def image(self) -> QImage:
        """The frame on show (null when none)."""
        return self._image

    @property
    def message(self) -> str:
        return self._message

    def set_aspect(self, width: int | None, height: int | None) -> None:
        """The video's shape, for the size hint before the first frame arrives."""
        if width and height:
            self._aspect = width / height
            self.updateGeometry()

    def show_image(self, image: QImage) -> None:
        self._image = image
        self._message = ""
        self.update()

    def show_message(self, text: str, *, keep_image: bool = False) -> None:
        """Write ``text`` over the view (over the last frame, dimmed, if ``keep_image``)."""
        if not keep_image:
            self._image = QImage()
        self._message = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, round(640 / self._aspect))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width / self._aspect)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        if not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, size.width(), size.height())
            target.moveCenter(QRectF(self.rect()).center())
            painter.drawImage(target, self._image)
            if self._message:
                painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
        if self._message:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.05)
            painter.setFont(font)
            painter.setPen(MESSAGE)
            area = self.rect().adjusted(32, 24, -32, -24)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self._message)
        if self.hasFocus():  # a quiet ring: the arrow keys act here
            ring = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            ring.setAlpha(140)
            painter.setPen(ring)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
