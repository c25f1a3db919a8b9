"""``ThumbnailDelegate``: one library grid cell — image, badges, title and date.

Painting stays cheap (10,000 rows must scroll smoothly): no layout objects, no network, fonts
and metrics computed once, the image comes ready-scaled from ``QPixmapCache`` through the model
(a miss paints a placeholder and the model queues the load). Colours come from the palette;
badges over the image use the palette's shadow colour, translucent, as video apps do.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...services.library import EncodingState
from ..models.library_model import GRID_THUMBNAIL, CellText, Role, format_duration

MARGIN = 8
RADIUS = 8.0
TEXT_GAP = 7
LINE_GAP = 2

STATE_LABELS = {
    EncodingState.NO_SOURCE.value: "No source",
    EncodingState.UPLOADING.value: "Uploading",
    EncodingState.PROCESSING.value: "Processing",
    EncodingState.FAILED.value: "Failed",
}


CELL_WIDTH = GRID_THUMBNAIL.width() + 2 * MARGIN


def thumbnail_size_for(cell_width: int) -> QSize:
    """The 16:9 image that fills a cell ``cell_width`` wide."""
    width = max(16, cell_width - 2 * MARGIN)
    return QSize(width, round(width * 9 / 16))


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints grid cells of ``LibraryModel`` rows.

    The view sets ``cell_width`` so that its columns fill the width evenly; the image keeps a
    16:9 ratio inside it. A pixmap of another size (shown while the exact one decodes) is drawn
    scaled into the image area.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell_width = CELL_WIDTH
        self._placeholders: dict[tuple[int, int, float, int], QPixmap] = {}
        self._elisions: dict[tuple[str, int, bool], str] = {}
        self._fonts_for: QFont | None = None
        self._title_font = QFont()
        self._meta_font = QFont()
        self._badge_font = QFont()
        self._title_metrics = QFontMetrics(self._title_font)
        self._meta_metrics = QFontMetrics(self._meta_font)
        self._badge_metrics = QFontMetrics(self._badge_font)

    # ---- geometry ----------------------------------------------------------------------------

    def _fonts(self, base: QFont) -> None:
        if self._fonts_for == base:
            return
        self._fonts_for = QFont(base)
        self._title_font = QFont(base)
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self._meta_font = QFont(base)
        self._meta_font.setPointSizeF(max(7.0, base.pointSizeF() * 0.88))
        self._badge_font = QFont(base)
        self._badge_font.setPointSizeF(max(7.0, base.pointSizeF() * 0.8))
        self._badge_font.setWeight(QFont.Weight.DemiBold)
        self._title_metrics = QFontMetrics(self._title_font)
        self._meta_metrics = QFontMetrics(self._meta_font)
        self._badge_metrics = QFontMetrics(self._badge_font)
        self._elisions = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self._fonts(option.font)
        text = self._title_metrics.height() + LINE_GAP + self._meta_metrics.height()
        image = thumbnail_size_for(self.cell_width)
        return QSize(self.cell_width, image.height() + 2 * MARGIN + TEXT_GAP + text)

    # ---- painting ----------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self._fonts(option.font)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRectF(rect).adjusted(2, 2, -2, -2)
        if selected or hovered:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(48 if selected else 20)
            border = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(border if selected else Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(cell, RADIUS + 2, RADIUS + 2)

        size = thumbnail_size_for(min(rect.width(), self.cell_width))
        image = QRectF(rect.x() + MARGIN, rect.y() + MARGIN, size.width(), size.height())
        pixmap = index.data(Role.THUMBNAIL)
        if pixmap is not None and not pixmap.isNull():
            # Rounded corners are baked into the image: a plain (scaled if need be) blit.
            painter.drawPixmap(image, pixmap, QRectF(pixmap.rect()))
        else:
            painter.drawPixmap(image.topLeft(), self._placeholder(size, palette, option))
        cell_text: CellText = index.data(Role.CELL)
        if not cell_text.public:
            self._paint_private_badge(painter, image, palette)
        label = STATE_LABELS.get(index.data(Role.ENCODING) or "")
        if label:
            self._paint_state_badge(painter, image, palette, label)
        duration = format_duration(index.data(Role.DURATION))
        if duration:
            self._paint_duration(painter, image, palette, duration)
        self._paint_text(painter, image, palette, cell_text)
        painter.restore()

    def _placeholder(self, size: QSize, palette: QPalette, option: QStyleOptionViewItem) -> QPixmap:
        """A soft panel with a play mark, drawn once per size and palette."""
        widget = option.widget
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        key = (size.width(), size.height(), dpr, palette.cacheKey())
        found = self._placeholders.get(key)
        if found is not None:
            return found
        pixmap = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        area = QRectF(0, 0, size.width(), size.height())
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = QColor(palette.color(QPalette.ColorRole.Shadow))
        edge.setAlpha(40)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(area.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        mark = QColor(palette.color(QPalette.ColorRole.Mid))
        mark.setAlpha(150)
        painter.setBrush(mark)
        c = area.center()
        r = min(area.width(), area.height()) * 0.16
        painter.drawPolygon(
            [
                QPointF(c.x() - r * 0.6, c.y() - r),
                QPointF(c.x() - r * 0.6, c.y() + r),
                QPointF(c.x() + r * 0.95, c.y()),
            ]
        )
        painter.end()
        if len(self._placeholders) > 8:  # sizes of a window being resized
            self._placeholders.clear()
        self._placeholders[key] = pixmap
        return pixmap

    def _badge_colours(self, palette: QPalette) -> tuple[QColor, QColor]:
        # Text colour as the pill, window colour as its text: dark pills in a light theme,
        # light pills in a dark one, readable over any image.
        back = QColor(palette.color(QPalette.ColorRole.WindowText))
        back.setAlpha(190)
        return back, palette.color(QPalette.ColorRole.Window)

    def _badge_rect(self, text_width: int) -> QRectF:
        height = self._badge_metrics.height() + 4
        return QRectF(0, 0, text_width + 12, height)

    def _paint_badge(
        self, painter: QPainter, box: QRectF, palette: QPalette, text: str, indent: float = 0
    ) -> None:
        back, fore = self._badge_colours(palette)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(back)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(fore)
        painter.setFont(self._badge_font)
        painter.drawText(box.adjusted(indent, 0, 0, 0), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_duration(
        self, painter: QPainter, image: QRectF, palette: QPalette, text: str
    ) -> None:
        box = self._badge_rect(self._badge_metrics.horizontalAdvance(text))
        box.moveBottomRight(image.bottomRight() - QPointF(6, 6))
        self._paint_badge(painter, box, palette, text)

    def _paint_state_badge(
        self, painter: QPainter, image: QRectF, palette: QPalette, text: str
    ) -> None:
        box = self._badge_rect(self._badge_metrics.horizontalAdvance(text))
        box.moveTopRight(image.topRight() + QPointF(-6, 6))
        self._paint_badge(painter, box, palette, text)

    def _paint_private_badge(self, painter: QPainter, image: QRectF, palette: QPalette) -> None:
        text = "Private"
        lock = self._badge_metrics.height() * 0.62
        box = self._badge_rect(self._badge_metrics.horizontalAdvance(text) + int(lock) + 4)
        box.moveTopLeft(image.topLeft() + QPointF(6, 6))
        self._paint_badge(painter, box, palette, text, indent=lock + 4)
        # A padlock drawn with paths: no emoji font needed.
        _, fore = self._badge_colours(palette)
        x = box.left() + 6
        body = QRectF(x, box.center().y() - lock * 0.1, lock, lock * 0.62)
        painter.setBrush(fore)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(body, 1.5, 1.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(fore, max(1.2, lock * 0.14)))
        shackle = QRectF(x + lock * 0.2, body.top() - lock * 0.5, lock * 0.6, lock * 0.8)
        painter.drawArc(shackle, 0, 180 * 16)

    def _paint_text(
        self, painter: QPainter, image: QRectF, palette: QPalette, cell: CellText
    ) -> None:
        width = int(image.width())
        x = int(image.left())
        y = int(image.bottom()) + TEXT_GAP
        painter.setFont(self._title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(x, y, width, self._title_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._elided(cell.title, self._title_metrics, width, title=True),
        )
        y += self._title_metrics.height() + LINE_GAP
        painter.setFont(self._meta_font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRect(x, y, width, self._meta_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._elided(cell.subtitle, self._meta_metrics, width, title=False),
        )

    def _elided(self, text: str, metrics: QFontMetrics, width: int, *, title: bool) -> str:
        key = (text, width, title)
        found = self._elisions.get(key)
        if found is None:
            if len(self._elisions) > 4096:
                self._elisions.clear()
            found = self._elisions[key] = metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, width
            )
        return found
