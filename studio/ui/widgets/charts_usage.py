"""``UsageBar``: how much of an allowance is used, as one rounded bar (quota, rate limit).

The bar keeps the numbers it draws (``used``, ``total``) for tests. It turns to the palette's
warning colour past ``warn_at`` of the total, so a nearly full quota stands out.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

HEIGHT = 14


class UsageBar(QWidget):
    """A track with the used share filled; empty (track only) until values are set."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        warn_at: float = 0.9,
        fill_role: QPalette.ColorRole = QPalette.ColorRole.Highlight,
    ) -> None:
        super().__init__(parent)
        self.fill_role = fill_role
        self.used: float | None = None
        self.total: float | None = None
        self.warn_at = warn_at
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(HEIGHT)

    def sizeHint(self) -> QSize:
        return QSize(320, HEIGHT)

    def set_values(self, used: float | None, total: float | None) -> None:
        """Show ``used`` of ``total`` (None for either: unknown, the track only)."""
        self.used, self.total = used, total
        share = self.share
        self.setAccessibleDescription("" if share is None else f"{share:.0%} used")
        self.update()

    @property
    def share(self) -> float | None:
        """Used share between 0 and 1 (None when unknown)."""
        if self.used is None or not self.total or self.total <= 0:
            return None
        return max(0.0, min(1.0, self.used / self.total))

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        palette = self.palette()
        rect = QRectF(self.rect())
        radius = rect.height() / 2
        painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(rect, radius, radius)
        share = self.share
        if share is None or share <= 0:
            return
        if share >= self.warn_at:
            colour = palette.color(QPalette.ColorRole.BrightText)
        else:
            colour = palette.color(self.fill_role)
        width = max(rect.height(), rect.width() * share)  # a sliver stays visible as a dot
        painter.setBrush(colour)
        painter.drawRoundedRect(
            QRectF(rect.left(), rect.top(), width, rect.height()), radius, radius
        )
