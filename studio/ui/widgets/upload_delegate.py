"""``UploadDelegate``: one upload-queue row — state mark, title, status, progress bar, details.

Painted by hand (no widgets per row), fonts measured once. Every colour comes from the palette:
the accent for work in progress and success, ``BrightText`` (the theme's alert colour) for a
failure, the placeholder colour for what waits.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...services.upload_item import FINISHED, UploadPhase
from ..models.upload_queue_model import Role

PAD_X = 14
PAD_Y = 10
MARK = 30  # diameter of the state mark
GAP = 12
BAR_HEIGHT = 6
LINE_GAP = 6

Index = QModelIndex | QPersistentModelIndex


def phase_colour(palette: QPalette, phase: UploadPhase) -> QColor:
    """The colour that tells a phase at a glance."""
    if phase is UploadPhase.FAILED:
        return palette.color(QPalette.ColorRole.BrightText)
    if phase in (UploadPhase.QUEUED, UploadPhase.PAUSED):
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return palette.color(QPalette.ColorRole.Accent)


class UploadDelegate(QStyledItemDelegate):
    """Paints rows of ``UploadQueueModel``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts_for: QFont | None = None
        self._title_font = QFont()
        self._small_font = QFont()
        self._title_metrics = QFontMetrics(self._title_font)
        self._small_metrics = QFontMetrics(self._small_font)

    def _fonts(self, base: QFont) -> None:
        if self._fonts_for == base:
            return
        self._fonts_for = QFont(base)
        self._title_font = QFont(base)
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self._small_font = QFont(base)
        self._small_font.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        self._title_metrics = QFontMetrics(self._title_font)
        self._small_metrics = QFontMetrics(self._small_font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self._fonts(option.font)
        height = (
            2 * PAD_Y
            + self._title_metrics.height()
            + LINE_GAP
            + BAR_HEIGHT
            + LINE_GAP
            + self._small_metrics.height()
        )
        return QSize(420, max(height, MARK + 2 * PAD_Y))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self._fonts(option.font)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        # Qt hands a StrEnum back as its plain string value.
        phase = UploadPhase(index.data(Role.PHASE))
        fraction = float(index.data(Role.FRACTION) or 0.0)
        colour = phase_colour(palette, phase)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = QRectF(rect).adjusted(4, 2, -4, -2)
        if selected or hovered:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(40 if selected else 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(row, 8, 8)
        # A hairline between rows keeps a long queue readable.
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(120)
        painter.setPen(QPen(line, 1))
        painter.drawLine(
            QPointF(rect.left() + PAD_X + MARK + GAP, rect.bottom() + 0.5),
            QPointF(rect.right() - PAD_X, rect.bottom() + 0.5),
        )

        mark = QRectF(rect.left() + PAD_X, rect.center().y() - MARK / 2, MARK, MARK)
        paint_phase_mark(painter, mark, phase, colour)

        left = mark.right() + GAP
        width = rect.right() - PAD_X - left
        top = rect.top() + PAD_Y
        text = palette.color(QPalette.ColorRole.Text)
        status = str(index.data(Role.STATUS) or "")
        painter.setFont(self._small_font)
        status_width = self._small_metrics.horizontalAdvance(status)
        title_box = QRectF(left, top, width - status_width - GAP, self._title_metrics.height())
        painter.setFont(self._title_font)
        painter.setPen(text)
        title = self._title_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            int(title_box.width()),
        )
        painter.drawText(
            title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(self._small_font)
        painter.setPen(colour)
        painter.drawText(
            QRectF(left, top, width, self._title_metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            status,
        )

        bar = QRectF(left, title_box.bottom() + LINE_GAP, width, BAR_HEIGHT)
        fill = QColor(colour)
        if phase in FINISHED:
            fill.setAlpha(120)  # done: the bar steps back, the running ones stand out
        paint_progress(painter, bar, fraction, fill, palette)

        detail_box = QRectF(left, bar.bottom() + LINE_GAP, width, self._small_metrics.height())
        failed = phase is UploadPhase.FAILED
        painter.setPen(colour if failed else palette.color(QPalette.ColorRole.PlaceholderText))
        detail = self._small_metrics.elidedText(
            str(index.data(Role.DETAIL) or ""), Qt.TextElideMode.ElideMiddle, int(width)
        )
        painter.drawText(
            detail_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail
        )
        painter.restore()


def paint_progress(
    painter: QPainter, bar: QRectF, fraction: float, colour: QColor, palette: QPalette
) -> None:
    """A rounded track with the done share filled."""
    radius = bar.height() / 2
    track = QColor(palette.color(QPalette.ColorRole.Mid))
    track.setAlpha(110)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(bar, radius, radius)
    if fraction > 0:
        done = QRectF(
            bar.left(), bar.top(), max(bar.height(), bar.width() * fraction), bar.height()
        )
        painter.setBrush(colour)
        painter.drawRoundedRect(done, radius, radius)


def paint_phase_mark(painter: QPainter, box: QRectF, phase: UploadPhase, colour: QColor) -> None:
    """A tinted disc with a glyph: arrow up, clock, pause bars, exclamation, dots, check."""
    disc = QColor(colour)
    disc.setAlpha(38)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(disc)
    painter.drawEllipse(box)
    c = box.center()
    s = box.width() / 30.0  # glyphs are drawn on a 30-unit grid
    pen = QPen(colour, 2.2 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)

    def p(x: float, y: float) -> QPointF:
        return QPointF(c.x() + x * s, c.y() + y * s)

    if phase is UploadPhase.UPLOADING:
        painter.drawLine(p(0, 7), p(0, -7))
        painter.drawPolyline([p(-5.5, -1.5), p(0, -7), p(5.5, -1.5)])
    elif phase is UploadPhase.QUEUED:
        painter.drawEllipse(p(0, 0), 7.5 * s, 7.5 * s)
        painter.drawPolyline([p(0, -4.5), p(0, 0), p(3.5, 2)])
    elif phase is UploadPhase.PAUSED:
        painter.drawLine(p(-3.5, -6), p(-3.5, 6))
        painter.drawLine(p(3.5, -6), p(3.5, 6))
    elif phase is UploadPhase.FAILED:
        painter.drawLine(p(0, -7), p(0, 2.5))
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(p(0, 7), 1.6 * s, 1.6 * s)
    elif phase is UploadPhase.PROCESSING:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for x in (-6.5, 0.0, 6.5):
            painter.drawEllipse(p(x, 0), 2.0 * s, 2.0 * s)
    else:  # playable
        painter.drawPolyline([p(-6.5, 0.5), p(-2, 5), p(7, -5)])
