"""``MediaPicker``: choose the video or live stream whose analytics to show, by searching.

Videos are searched by title and live streams by name on the server (a short pause after typing
starts the search, and a newer search replaces an older one); the 50 newest matches are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from .analytics_sessions import error_text

if TYPE_CHECKING:
    from ...services.context import AppContext

VIDEO = "video"
LIVE_STREAM = "live-stream"
SEARCH_DELAY_MS = 250
LISTED = 50

STYLE = """
QPushButton#kindButton { padding: 4px 10px; border: 1px solid palette(mid); }
QPushButton#kindButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QPushButton#kindButton[first="true"] {
    border-top-left-radius: 6px; border-bottom-left-radius: 6px;
}
QPushButton#kindButton[first="false"] {
    border-top-right-radius: 6px; border-bottom-right-radius: 6px; border-left: none;
}
QListWidget#mediaList { border: none; background: transparent; }
QListWidget#mediaList::item { padding: 6px 8px; border-radius: 6px; margin: 1px 0; }
QListWidget#mediaList::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
}
"""


@dataclass(frozen=True)
class MediaRef:
    """A video or live stream: what the analytics are about."""

    kind: str  # VIDEO or LIVE_STREAM
    id: str
    title: str
    created_at: datetime | None = None

    @property
    def noun(self) -> str:
        return "video" if self.kind == VIDEO else "live stream"


class MediaPicker(QFrame):
    """Kind switch, search field and the matching media; ``chosen`` carries a :class:`MediaRef`."""

    chosen = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("mediaPicker")
        self.setStyleSheet(STYLE)
        self.kind = VIDEO
        self.results: list[MediaRef] = []
        self.loading = False

        self.video_button = QPushButton("Videos")
        self.live_button = QPushButton("Live streams")
        self.kinds = QButtonGroup(self)
        for first, (button, kind) in zip(
            (True, False),
            ((self.video_button, VIDEO), (self.live_button, LIVE_STREAM)),
            strict=True,
        ):
            button.setObjectName("kindButton")
            button.setProperty("first", "true" if first else "false")
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.kinds.addButton(button)
            button.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
        self.video_button.setChecked(True)
        kinds = QHBoxLayout()
        kinds.setSpacing(0)
        kinds.addWidget(self.video_button, 1)
        kinds.addWidget(self.live_button, 1)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Search videos by title")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())

        self.list = QListWidget()
        self.list.setObjectName("mediaList")
        self.list.setUniformItemSizes(True)
        self.list.currentItemChanged.connect(self._on_current)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(kinds)
        layout.addWidget(self.search)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        context.client_changed.connect(self.reload)
        self.reload()

    # ---- searching ----------------------------------------------------------------------------

    def set_kind(self, kind: str) -> None:
        """List videos or live streams."""
        self.kind = kind
        (self.video_button if kind == VIDEO else self.live_button).setChecked(True)
        self.search.setPlaceholderText(
            "Search videos by title" if kind == VIDEO else "Search live streams by name"
        )
        self.reload()

    def reload(self) -> None:
        """Search again with the current kind and text."""
        self._timer.stop()
        self.loading = True
        self._context.scope.start(
            self._search(self.kind, self.search.text().strip()), key=f"analytics-media-{id(self)}"
        )

    async def _search(self, kind: str, text: str) -> None:
        client = self._context.client
        try:
            if kind == VIDEO:
                videos = await client.videos.list(
                    title=text or None, sort_by="createdAt", sort_order="desc", page_size=LISTED
                ).page(1)
                found = [MediaRef(VIDEO, v.video_id, v.title, v.created_at) for v in videos.data]
            else:
                streams = await client.live_streams.list(
                    name=text or None, sort_by="createdAt", sort_order="desc", page_size=LISTED
                ).page(1)
                found = [
                    MediaRef(LIVE_STREAM, s.live_stream_id, s.name, s.created_at)
                    for s in streams.data
                ]
        except (ApiError, TransportError) as exc:
            self.loading = False
            self._show_note(f"The list could not be loaded. {error_text(exc)}")
            return
        self.loading = False
        self._fill(found, text)

    def _fill(self, found: list[MediaRef], text: str) -> None:
        current = self.current()
        self.results = found
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for media in found:
            item = QListWidgetItem(media.title or "(untitled)")
            item.setData(Qt.ItemDataRole.UserRole, media)
            item.setToolTip(media.id)
            self.list.addItem(item)
            if current is not None and media.id == current.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(blocked)
        if not found:
            noun = "videos" if self.kind == VIDEO else "live streams"
            self._show_note(f"No {noun} match “{text}”." if text else f"No {noun} yet.")
        else:
            self._show_note("")

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # ---- choosing -----------------------------------------------------------------------------

    def current(self) -> MediaRef | None:
        item = self.list.currentItem()
        media = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return media if isinstance(media, MediaRef) else None

    def choose(self, media_id: str) -> bool:
        """Select a listed media by id (emits ``chosen``); False when it is not listed."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            media = item.data(Qt.ItemDataRole.UserRole)
            if isinstance(media, MediaRef) and media.id == media_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        media = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(media, MediaRef):
            self.chosen.emit(media)
