"""The live stream list of the Live panel: a thin model, a two-line delegate, the filter pane."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...api.models import LiveStream
from ..models.keyed_list_model import KeyedListModel, ObjectRole
from ..widgets.live_badge import tone_colour
from ..widgets.message_page import MessagePage

StreamRole = ObjectRole
FILTER_DELAY_MS = 300
ROW_HEIGHT = 54

ModelIndex = QModelIndex | QPersistentModelIndex


class LiveStreamListModel(KeyedListModel[LiveStream]):
    """The live streams shown, in the server's order; rows are replaced, never mutated."""

    def __init__(self) -> None:
        super().__init__(
            key=lambda s: s.live_stream_id, title=lambda s: s.name or "Untitled live stream"
        )

    @property
    def streams(self) -> list[LiveStream]:
        return self.rows

    def set_streams(self, streams: list[LiveStream]) -> None:
        self.set_rows(streams)

    def stream_at(self, row: int) -> LiveStream | None:
        return self.at(row)


class LiveStreamDelegate(QStyledItemDelegate):
    """Name on the first line; a status dot, "Live"/"Offline" and privacy on the second."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        stream = index.data(StreamRole)
        if not isinstance(stream, LiveStream):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        card = rect.adjusted(6, 3, -6, -3)
        if selected or hovered:
            fill = palette.color(QPalette.ColorRole.Highlight)
            fill.setAlpha(48 if selected else 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 6, 6)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        name_metrics = QFontMetrics(name_font)
        left = card.left() + 12
        width = card.width() - 24
        painter.setFont(name_font)
        painter.setPen(text_colour)
        name = name_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(left, card.top() + 7, width, name_metrics.height()), 0, name)
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.92)
        painter.setFont(small)
        metrics = QFontMetrics(small)
        y = card.bottom() - 7 - metrics.height()
        dot = tone_colour("live" if stream.broadcasting else "idle")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot)
        painter.drawEllipse(left, y + (metrics.height() - 7) // 2, 7, 7)
        status = "Live" if stream.broadcasting else "Offline"
        details = [status, "Public" if stream.public else "Private"]
        if stream.restreams:
            count = len(stream.restreams)
            details.append(f"{count} restream{'s' if count > 1 else ''}")
        painter.setPen(muted)
        painter.drawText(
            QRect(left + 13, y, width - 13, metrics.height()), 0, "  ·  ".join(details)
        )
        painter.restore()


class LiveListPane(QWidget):
    """Title, New button, name filter and the list (or an empty / error message)."""

    filter_changed = Signal(str)  # after a short pause in typing
    new_requested = Signal()
    retry_requested = Signal()

    def __init__(self, model: LiveStreamListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        title = QLabel("Live streams")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Create a live stream")
        self.new_button.clicked.connect(self.new_requested)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(lambda: self.filter_changed.emit(self.filter_text()))
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())

        self.view = QListView()
        self.view.setModel(model)
        self.view.setItemDelegate(LiveStreamDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.message = MessagePage()
        self.message.action_clicked.connect(self._on_message_action)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)

        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 6, 8)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.stack, 1)
        self._action = ""

    def filter_text(self) -> str:
        return self.filter.text().strip()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.view)

    def show_empty(self, filtered: bool) -> None:
        if filtered:
            self._show("No match", f"No live stream name contains “{self.filter_text()}”.", "")
        else:
            self._show(
                "No live streams yet",
                "Create one to get a stream key for OBS or any RTMP encoder.",
                "Create a live stream",
            )

    def show_error(self, message: str) -> None:
        self._show("The live streams could not be loaded", message, "Retry")

    def _show(self, headline: str, body: str, action: str) -> None:
        self._action = action
        self.message.show_message(headline, body, action)
        self.stack.setCurrentWidget(self.message)

    def _on_message_action(self) -> None:
        if self._action == "Retry":
            self.retry_requested.emit()
        else:
            self.new_requested.emit()
