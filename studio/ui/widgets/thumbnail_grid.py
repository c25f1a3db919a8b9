"""``ThumbnailGrid``: an item view of equal cells in rows, laid out by arithmetic.

QListView relays out every item after each insertion, calling into the (Python) model twice per
row: with 10,000 videos, every page of 100 froze the loop for a few hundred milliseconds. Here
cell ``i`` sits at row ``i // columns``, column ``i % columns``; layout, painting, hit testing
and selection only ever touch the rows on screen. Scrolling to the end asks the model for more
(QAbstractItemView's own ``fetchMore`` on the scroll bar), so lazy paging works as before.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QCursor, QMouseEvent, QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
# A fling: more than a screen's height scrolled within FLING_WINDOW_S. It is over when the
# speed drops below that or nothing scrolled for FLING_SETTLE_MS.
FLING_WINDOW_S = 0.2
FLING_SETTLE_MS = 150
Cursor = QAbstractItemView.CursorAction
ScrollHint = QAbstractItemView.ScrollHint


class ThumbnailGrid(QAbstractItemView):
    """Equal cells, as many columns as fit ``min_cell_width``, stretched to fill the width.

    ``cell_width_changed(width)`` fires before the cells take a new width, so that the owner
    can size the delegate's content; the cell height is then the delegate's size hint.
    """

    cell_width_changed = Signal(int)
    #: True while the user flings through the grid (rows fly past faster than images could
    #: load), False once it slows down or stops; the screen is repainted then.
    fling_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        min_cell_width: int = 232,
        cell_step: int = 8,
        margin: int = 4,
    ) -> None:
        super().__init__(parent)
        self.min_cell_width = min_cell_width
        self.cell_step = cell_step
        self.margin = margin
        self.columns = 1
        self.cell = QSize(min_cell_width, min_cell_width)
        self._hover = QPersistentModelIndex()
        self.flinging = False
        self._scrolled: deque[tuple[float, int]] = deque()  # (when, pixels) lately
        self._fling_over = QTimer(self)
        self._fling_over.setSingleShot(True)
        self._fling_over.setInterval(FLING_SETTLE_MS)
        self._fling_over.timeout.connect(self._end_fling)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # ---- model -------------------------------------------------------------------------------

    def setModel(self, model: object) -> None:
        previous = self.model()
        if previous is not None:
            for signal in _layout_signals(previous):
                signal.disconnect(self._model_changed)
        super().setModel(model)  # type: ignore[arg-type]
        if model is not None:
            for signal in _layout_signals(model):
                signal.connect(self._model_changed)
        self._model_changed()

    def _model_changed(self, *_args: object) -> None:
        # Rows came or went: only the scroll range and the screen change (no per-row work).
        self.updateGeometries()
        self.viewport().update()

    # ---- layout ------------------------------------------------------------------------------

    def _count(self) -> int:
        model = self.model()
        return model.rowCount(self.rootIndex()) if model is not None else 0

    def _relayout(self) -> None:
        # Width as if the scroll bar were shown, so that it appearing cannot change the layout.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = max(1, self.width() - 2 * self.frameWidth() - bar - 2 * self.margin)
        columns = max(1, available // self.min_cell_width)
        width = max(self.min_cell_width, available // columns)
        width -= width % self.cell_step  # fewer distinct image sizes while resizing
        if width != self.cell.width() or columns != self.columns:
            self.columns = columns
            self.cell_width_changed.emit(width)
        height = self._cell_height(width)
        self.cell = QSize(width, height)

    def _cell_height(self, width: int) -> int:
        model = self.model()
        if model is None or self._count() == 0:
            return self.cell.height()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        index = model.index(0, 0, self.rootIndex())
        hint = self.itemDelegateForIndex(index).sizeHint(option, index)
        return max(1, hint.height())

    def _rows(self) -> int:
        return -(-self._count() // self.columns)

    def _left(self) -> int:
        used = self.columns * self.cell.width()
        spare = self.viewport().width() - used
        return max(self.margin, spare // 2)

    def updateGeometries(self) -> None:
        self._relayout()
        content = self._rows() * self.cell.height() + 2 * self.margin
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, content - self.viewport().height()))
        bar.setPageStep(self.viewport().height())
        bar.setSingleStep(max(1, self.cell.height() // 4))
        super().updateGeometries()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometries()
        self.viewport().update()

    # ---- geometry of items -------------------------------------------------------------------

    def _rect_of(self, position: int) -> QRect:
        row, column = divmod(position, self.columns)
        return QRect(
            self._left() + column * self.cell.width(),
            self.margin + row * self.cell.height() - self.verticalOffset(),
            self.cell.width(),
            self.cell.height(),
        )

    def visualRect(self, index: Index) -> QRect:
        if not index.isValid() or index.parent() != self.rootIndex() or index.column() != 0:
            return QRect()
        return self._rect_of(index.row())

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        if model is None:
            return QModelIndex()
        x = point.x() - self._left()
        y = point.y() + self.verticalOffset() - self.margin
        if x < 0 or y < 0 or x >= self.columns * self.cell.width():
            return QModelIndex()
        position = (y // self.cell.height()) * self.columns + x // self.cell.width()
        if position >= self._count():
            return QModelIndex()
        return model.index(position, 0, self.rootIndex())

    def _visible_range(self) -> range:
        top = max(0, self.verticalOffset() - self.margin)
        first_row = top // self.cell.height()
        last_row = (top + self.viewport().height()) // self.cell.height()
        first = first_row * self.columns
        return range(first, min(self._count(), (last_row + 1) * self.columns))

    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if not index.isValid():
            return
        rect = self.visualRect(index)
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        if hint == ScrollHint.PositionAtTop:
            bar.setValue(bar.value() + rect.top() - self.margin)
        elif hint == ScrollHint.PositionAtBottom:
            bar.setValue(bar.value() + rect.bottom() - height + self.margin)
        elif hint == ScrollHint.PositionAtCenter:
            bar.setValue(bar.value() + rect.center().y() - height // 2)
        elif rect.top() < 0:
            bar.setValue(bar.value() + rect.top() - self.margin)
        elif rect.bottom() > height:
            bar.setValue(bar.value() + rect.bottom() - height + self.margin)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: Index) -> bool:
        return False

    def moveCursor(self, action: Cursor, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        count = self._count()
        if model is None or count == 0:
            return QModelIndex()
        current = self.currentIndex()
        position = current.row() if current.isValid() else -1
        page = max(1, self.viewport().height() // self.cell.height()) * self.columns
        moves = {
            Cursor.MoveLeft: position - 1,
            Cursor.MovePrevious: position - 1,
            Cursor.MoveRight: position + 1,
            Cursor.MoveNext: position + 1,
            Cursor.MoveUp: position - self.columns,
            Cursor.MoveDown: position + self.columns,
            Cursor.MovePageUp: position - page,
            Cursor.MovePageDown: position + page,
            Cursor.MoveHome: 0,
            Cursor.MoveEnd: count - 1,
        }
        target = moves.get(action, position)
        if position < 0:
            target = 0
        return model.index(max(0, min(count - 1, target)), 0, self.rootIndex())

    # ---- selection ---------------------------------------------------------------------------

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        model = self.model()
        selection_model = self.selectionModel()
        if model is None or selection_model is None:
            return
        area = rect.normalized()
        hits = [p for p in self._visible_range() if self._rect_of(p).intersects(area)]
        if not hits and area.width() <= 1 and area.height() <= 1:
            hit = self.indexAt(area.topLeft())
            hits = [hit.row()] if hit.isValid() else []
        selection = QItemSelection()
        for first, last in _runs(hits):
            selection.select(
                model.index(first, 0, self.rootIndex()), model.index(last, 0, self.rootIndex())
            )
        selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        visible = self._visible_range()
        for selected_range in list(selection):  # type: ignore[call-overload]
            first = max(selected_range.top(), visible.start)
            last = min(selected_range.bottom(), visible.stop - 1)
            for position in range(first, last + 1):
                region += self._rect_of(position)
        return region

    # ---- painting and hover ------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        if model is None:
            return
        visible = self._visible_range()
        if not visible:
            return
        painter = QPainter(self.viewport())
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        selection = self.selectionModel()
        if selection is not None and not selection.hasSelection():
            selection = None
        current = self.currentIndex() if self.hasFocus() else None
        hover = self._hover if self._hover.isValid() else None
        dirty = event.rect()
        base_state = option.state
        root = self.rootIndex()
        # One delegate for the whole grid (no per-row delegates here): looked up once.
        delegate = self.itemDelegateForIndex(model.index(visible.start, 0, root))
        for position in visible:
            rect = self._rect_of(position)
            if not rect.intersects(dirty):
                continue
            index = model.index(position, 0, root)
            state = base_state
            if selection is not None and selection.isSelected(index):
                state |= QStyle.StateFlag.State_Selected
            if hover is not None and index == hover:
                state |= QStyle.StateFlag.State_MouseOver
            if current is not None and index == current:
                state |= QStyle.StateFlag.State_HasFocus
            option.rect = rect
            option.state = state
            delegate.paint(painter, option, index)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.indexAt(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._set_hover(QModelIndex())
        super().leaveEvent(event)  # type: ignore[arg-type]

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, dy)
        self._note_scroll(abs(dy))
        # What is under the pointer changed although the pointer did not move.
        self._set_hover(self.indexAt(self.viewport().mapFromGlobal(QCursor.pos())))

    def _note_scroll(self, pixels: int) -> None:
        now = time.monotonic()
        self._scrolled.append((now, pixels))
        while self._scrolled and now - self._scrolled[0][0] > FLING_WINDOW_S:
            self._scrolled.popleft()
        fast = sum(p for _, p in self._scrolled) > self.viewport().height()
        if fast:
            self._fling_over.start()
            if not self.flinging:
                self.flinging = True
                self.fling_changed.emit(True)
        elif self.flinging:
            self._end_fling()

    def _end_fling(self) -> None:
        self._fling_over.stop()
        self._scrolled.clear()
        if self.flinging:
            self.flinging = False
            self.fling_changed.emit(False)
            self.viewport().update()  # the rows on screen now ask for their images

    def _set_hover(self, index: QModelIndex) -> None:
        if index == self._hover:
            return
        previous = self.visualRect(self._hover) if self._hover.isValid() else None
        self._hover = QPersistentModelIndex(index)
        if previous is not None:
            self.viewport().update(previous)
        if index.isValid():
            self.viewport().update(self.visualRect(index))


def _layout_signals(model: object) -> list[SignalInstance]:
    return [
        model.rowsInserted,  # type: ignore[attr-defined]
        model.rowsRemoved,  # type: ignore[attr-defined]
        model.modelReset,  # type: ignore[attr-defined]
        model.layoutChanged,  # type: ignore[attr-defined]
    ]


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Sorted positions as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for position in sorted(positions):
        if runs and runs[-1][1] == position - 1:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs
