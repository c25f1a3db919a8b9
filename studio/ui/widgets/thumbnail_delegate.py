"""``ThumbnailDelegate``: one library grid cell — image, badges, title and date.

Painting stays cheap (10,000 rows must scroll smoothly): no layout objects, no network, fonts
and metrics computed once, the image comes ready-scaled from ``QPixmapCache`` through the model
(a miss paints a placeholder and the model queues the load), one ``data()`` call per cell
(``Role.PAINT``), badges and placeholder drawn once per palette and then blitted. Colours come
from the palette.
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
from ..models.library_model import GRID_THUMBNAIL, CellPaint, Role, format_duration

MARGIN = 8
RADIUS = 8.0
BADGE_INSET = 6
BADGE_CACHE = 256  # distinct badge texts kept (durations, mostly)
TEXT_GAP = 7
LINE_GAP = 2
SELECTED = QStyle.StateFlag.State_Selected
HIGHLIGHTED = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver

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
        self._looks: dict[tuple[int, float], CellLook] = {}
        self._image_sizes: dict[int, QSize] = {}
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
        self._looks = {}

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
        cell: CellPaint | None = index.data(Role.PAINT)
        if cell is None:
            return
        widget = option.widget
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        self.paint_cell(painter, option.rect, option.palette, option.font, option.state, dpr, cell)

    def paint_cell(
        self,
        painter: QPainter,
        rect: QRect,
        palette: QPalette,
        font: QFont,
        state: QStyle.StateFlag,
        dpr: float,
        cell: CellPaint,
    ) -> None:
        """Draw one cell. A first paint is a handful of blits and two lines of text: badges,
        placeholder and colours are made once per palette and reused (a fling paints dozens of
        new cells a frame)."""
        self._fonts(font)
        look = self._look(palette, dpr)
        x, y = rect.x(), rect.y()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver):
            self._paint_highlight(
                painter, rect, palette, bool(state & QStyle.StateFlag.State_Selected)
            )

        size = self._image_size(rect.width())
        width, height = size.width(), size.height()
        left, top = x + MARGIN, y + MARGIN
        pixmap = cell.thumbnail
        if pixmap is None or pixmap.isNull():
            painter.drawPixmap(left, top, look.placeholder(size))
        elif round(pixmap.width() / pixmap.devicePixelRatio()) == width:
            painter.drawPixmap(left, top, pixmap)  # rounded corners are baked into the image
        else:  # another size, until the exact one is decoded
            painter.drawPixmap(QRectF(left, top, width, height), pixmap, QRectF(pixmap.rect()))
        if not cell.text.public:
            painter.drawPixmap(left + BADGE_INSET, top + BADGE_INSET, look.private_badge())
        label = STATE_LABELS.get(cell.encoding)
        if label:
            badge = look.badge(label)
            right = left + width - BADGE_INSET - round(badge.width() / dpr)
            painter.drawPixmap(right, top + BADGE_INSET, badge)
        duration = format_duration(cell.duration)
        if duration:
            badge = look.badge(duration)
            badge_w, badge_h = round(badge.width() / dpr), round(badge.height() / dpr)
            painter.drawPixmap(
                left + width - BADGE_INSET - badge_w,
                top + height - BADGE_INSET - badge_h,
                badge,
            )
        line = top + height + TEXT_GAP
        painter.setFont(self._title_font)
        painter.setPen(look.text)
        painter.drawText(
            left,
            line + self._title_metrics.ascent(),
            self._elided(cell.text.title, self._title_metrics, width, title=True),
        )
        line += self._title_metrics.height() + LINE_GAP
        painter.setFont(self._meta_font)
        painter.setPen(look.meta)
        painter.drawText(
            left,
            line + self._meta_metrics.ascent(),
            self._elided(cell.text.subtitle, self._meta_metrics, width, title=False),
        )

    def _image_size(self, cell_width: int) -> QSize:
        width = min(cell_width, self.cell_width)
        found = self._image_sizes.get(width)
        if found is None:
            if len(self._image_sizes) > 16:
                self._image_sizes.clear()
            found = self._image_sizes[width] = thumbnail_size_for(width)
        return found

    def _paint_highlight(
        self, painter: QPainter, rect: QRect, palette: QPalette, selected: bool
    ) -> None:
        fill = QColor(palette.color(QPalette.ColorRole.Highlight))
        fill.setAlpha(48 if selected else 20)
        border = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
        painter.setPen(border if selected else Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect).adjusted(2, 2, -2, -2), RADIUS + 2, RADIUS + 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _look(self, palette: QPalette, dpr: float) -> CellLook:
        key = (palette.cacheKey(), dpr)
        look = self._looks.get(key)
        if look is None:
            if len(self._looks) > 4:  # theme switches
                self._looks.clear()
            look = self._looks[key] = CellLook(palette, dpr, self._badge_font)
        return look

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


class CellLook:
    """Colours and ready-made pixmaps (placeholder, badges) for one palette and pixel ratio.

    Badges are drawn as video apps do: a translucent pill in the text colour with the window
    colour as its text — dark pills in a light theme, light pills in a dark one, readable over
    any image.
    """

    def __init__(self, palette: QPalette, dpr: float, badge_font: QFont) -> None:
        self.palette = QPalette(palette)
        self.dpr = dpr
        self.text = QColor(palette.color(QPalette.ColorRole.Text))
        self.meta = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        self.badge_back = QColor(palette.color(QPalette.ColorRole.WindowText))
        self.badge_back.setAlpha(190)
        self.badge_fore = QColor(palette.color(QPalette.ColorRole.Window))
        self.badge_font = QFont(badge_font)
        self.badge_metrics = QFontMetrics(self.badge_font)
        self._placeholders: dict[tuple[int, int], QPixmap] = {}
        self._badges: dict[str, QPixmap] = {}
        self._private: QPixmap | None = None

    def _canvas(self, width: float, height: float) -> tuple[QPixmap, QPainter]:
        pixmap = QPixmap(round(width * self.dpr), round(height * self.dpr))
        pixmap.setDevicePixelRatio(self.dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return pixmap, painter

    def placeholder(self, size: QSize) -> QPixmap:
        """A soft panel with a play mark."""
        key = (size.width(), size.height())
        found = self._placeholders.get(key)
        if found is not None:
            return found
        area = QRectF(0, 0, size.width(), size.height())
        pixmap, painter = self._canvas(area.width(), area.height())
        edge = QColor(self.palette.color(QPalette.ColorRole.Shadow))
        edge.setAlpha(40)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(self.palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(area.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        mark = QColor(self.palette.color(QPalette.ColorRole.Mid))
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

    def _pill(self, text: str, indent: float = 0.0) -> tuple[QPixmap, QPainter, QRectF]:
        box = QRectF(
            0, 0, self.badge_metrics.horizontalAdvance(text) + indent + 12,
            self.badge_metrics.height() + 4,
        )  # fmt: skip
        pixmap, painter = self._canvas(box.width(), box.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.badge_back)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.badge_fore)
        painter.setFont(self.badge_font)
        painter.drawText(box.adjusted(indent, 0, 0, 0), Qt.AlignmentFlag.AlignCenter, text)
        return pixmap, painter, box

    def badge(self, text: str) -> QPixmap:
        """A pill with ``text`` (a state or a duration)."""
        found = self._badges.get(text)
        if found is None:
            if len(self._badges) >= BADGE_CACHE:
                self._badges.clear()
            found, painter, _ = self._pill(text)
            painter.end()
            self._badges[text] = found
        return found

    def private_badge(self) -> QPixmap:
        """ "Private" with a padlock drawn from paths (no emoji font needed)."""
        if self._private is None:
            lock = self.badge_metrics.height() * 0.62
            pixmap, painter, box = self._pill("Private", indent=lock + 4)
            x = box.left() + 6
            body = QRectF(x, box.center().y() - lock * 0.1, lock, lock * 0.62)
            painter.setBrush(self.badge_fore)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(body, 1.5, 1.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self.badge_fore, max(1.2, lock * 0.14)))
            shackle = QRectF(x + lock * 0.2, body.top() - lock * 0.5, lock * 0.6, lock * 0.8)
            painter.drawArc(shackle, 0, 180 * 16)
            painter.end()
            self._private = pixmap
        return self._private
