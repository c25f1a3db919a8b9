"""The theme list of the Players panel: a thin model, a delegate with colour chips, the pane."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...api.models import PlayerTheme
from ..models.keyed_list_model import KeyedListModel, ObjectRole
from ..widgets.colour_field import qcolor_of
from ..widgets.message_page import MessagePage
from ..widgets.player_preview import DEFAULT_COLOURS

ThemeRole = ObjectRole
ROW_HEIGHT = 58
CHIP = 14
# The colours that say most about a theme, shown as chips under its name.
CHIP_FIELDS = ("track_played", "link", "background_top", "background_text", "track_unplayed")

ModelIndex = QModelIndex | QPersistentModelIndex


def theme_title(theme: PlayerTheme) -> str:
    return theme.name or "Untitled theme"


class PlayerThemeListModel(KeyedListModel[PlayerTheme]):
    """The themes shown, in the server's order; rows are replaced, never mutated."""

    def __init__(self) -> None:
        super().__init__(key=lambda t: t.player_id, title=theme_title)

    @property
    def themes(self) -> list[PlayerTheme]:
        return self.rows

    def set_themes(self, themes: list[PlayerTheme]) -> None:
        self.set_rows(themes)

    def theme_at(self, row: int) -> PlayerTheme | None:
        return self.at(row)


class PlayerThemeDelegate(QStyledItemDelegate):
    """Name on the first line; colour chips and "logo" on the second."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        theme = index.data(ThemeRole)
        if not isinstance(theme, PlayerTheme):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette: QPalette = option.palette
        rect = QRectF(option.rect)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        card = rect.adjusted(6, 3, -6, -3)
        if selected or hovered:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(255 if selected else 40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 6, 6)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        muted_role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.color(text_role))
        name_box = card.adjusted(12, 7, -12, -card.height() / 2)
        title = QFontMetrics(font).elidedText(
            theme_title(theme), Qt.TextElideMode.ElideRight, int(name_box.width())
        )
        painter.drawText(
            name_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )

        x = card.left() + 12
        y = card.top() + card.height() / 2 + 5
        outline = QColor(palette.color(text_role))
        outline.setAlpha(90)
        for name in CHIP_FIELDS:
            colour = qcolor_of(getattr(theme, name) or "", DEFAULT_COLOURS[name])
            chip = QRectF(x, y, CHIP, CHIP)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(40, 36, 60))  # the colours are seen over video: a dark base
            painter.drawEllipse(chip)
            painter.setBrush(colour)
            painter.setPen(QPen(outline, 1))
            painter.drawEllipse(chip)
            x += CHIP + 4
        if theme.assets is not None and theme.assets.logo:
            small = QFont(option.font)
            small.setPointSizeF(small.pointSizeF() * 0.88)
            painter.setFont(small)
            painter.setPen(palette.color(muted_role))
            painter.drawText(
                QRectF(x + 6, y - 2, card.right() - x - 12, CHIP + 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "with logo",
            )
        painter.restore()


class PlayerThemeListPane(QWidget):
    """Heading, "New theme" and the list (or an empty / error message in its place)."""

    new_requested = Signal()
    retry_requested = Signal()

    def __init__(self, model: PlayerThemeListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Player themes")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        self.count_label = QLabel()
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.new_button = QPushButton("New theme")
        self.new_button.setToolTip("Create a theme with the API's default colours")
        self.new_button.clicked.connect(self.new_requested)
        heading = QHBoxLayout()
        heading.setContentsMargins(14, 12, 10, 6)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(title)
        names.addWidget(self.count_label)
        heading.addLayout(names, 1)
        heading.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.view = QListView()
        self.view.setModel(model)
        self.view.setItemDelegate(PlayerThemeDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.message = MessagePage()
        self.message.action_clicked.connect(self._on_message_action)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading)
        layout.addWidget(self.stack, 1)
        self._error = False

    def show_list(self, count: int) -> None:
        """The list, or the invitation to create the first theme when there is none."""
        self._error = False
        self.count_label.setText(f"{count} theme{'s' if count != 1 else ''}")
        if count:
            self.stack.setCurrentWidget(self.view)
            return
        self.message.show_message(
            "No themes yet",
            "A theme sets the player's colours, logo and behaviour for the videos and live "
            "streams that use it.",
            "Create a theme",
        )
        self.stack.setCurrentWidget(self.message)

    def show_error(self, text: str) -> None:
        self._error = True
        self.count_label.setText("")
        self.message.show_message("The themes could not be loaded", text, "Retry")
        self.stack.setCurrentWidget(self.message)

    def _on_message_action(self) -> None:
        if self._error:
            self.retry_requested.emit()
        else:
            self.new_requested.emit()
