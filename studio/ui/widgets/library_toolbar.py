"""``LibraryToolbar``: search, tag and metadata filters, sort order and the grid/list toggle.

Typing is debounced (300 ms by default) so a query goes out when the user pauses, not per key;
the library model cancels a superseded page request when the next query arrives.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from ...services.library import LibraryQuery, parse_metadata_filter, split_tags
from .glyphs import grid_icon, list_icon, refresh_icon, search_icon

DEBOUNCE_MS = 300

# (label, sortBy, sortOrder): every sortable field in both directions.
SORT_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("Newest first", "createdAt", "desc"),
    ("Oldest first", "createdAt", "asc"),
    ("Recently updated", "updatedAt", "desc"),
    ("Least recently updated", "updatedAt", "asc"),
    ("Recently published", "publishedAt", "desc"),
    ("First published", "publishedAt", "asc"),
    ("Title A–Z", "title", "asc"),  # noqa: RUF001 (an en dash, on purpose)
    ("Title Z–A", "title", "desc"),  # noqa: RUF001
)

GRID = "grid"
LIST = "list"


class LibraryToolbar(QWidget):
    """Builds a ``LibraryQuery`` from its fields; emits it when it changes."""

    query_changed = Signal(object)  # LibraryQuery
    view_mode_changed = Signal(str)  # GRID or LIST
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._emitted = LibraryQuery()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.apply)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles")
        self.search.setClearButtonEnabled(True)
        self._search_action = self.search.addAction(
            search_icon(), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.setMinimumWidth(200)
        self.tags_filter = QLineEdit()
        self.tags_filter.setPlaceholderText("Tags (all of: a, b)")
        self.tags_filter.setClearButtonEnabled(True)
        self.metadata_filter = QLineEdit()
        self.metadata_filter.setPlaceholderText("Metadata (key=value)")
        self.metadata_filter.setClearButtonEnabled(True)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._invalid_mark = self.metadata_filter.addAction(
            warning, QLineEdit.ActionPosition.TrailingPosition
        )
        self._invalid_mark.setVisible(False)
        for field in (self.search, self.tags_filter, self.metadata_filter):
            field.textChanged.connect(self._schedule)
            field.returnPressed.connect(self.apply)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.sort = QComboBox()
        for label, field_name, order in SORT_CHOICES:
            self.sort.addItem(label, (field_name, order))
        self.sort.setToolTip("Sort order")
        self.sort.currentIndexChanged.connect(lambda _i: self.apply())

        self.count_label = QLabel()
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.refresh_button = QToolButton()
        self.refresh_button.setIcon(refresh_icon())
        self.refresh_button.setToolTip("Refresh (F5)")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.clicked.connect(self.refresh_requested)

        self.grid_button = QToolButton()
        self.grid_button.setIcon(grid_icon())
        self.grid_button.setToolTip("Thumbnail grid")
        self.list_button = QToolButton()
        self.list_button.setIcon(list_icon())
        self.list_button.setToolTip("Detail list")
        self._views = QButtonGroup(self)
        self._views.setExclusive(True)
        for button in (self.grid_button, self.list_button):
            button.setCheckable(True)
            button.setAutoRaise(True)
            self._views.addButton(button)
        self.grid_button.setChecked(True)
        self.grid_button.toggled.connect(
            lambda on: self.view_mode_changed.emit(GRID if on else LIST)
        )

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.tags_filter, 2)
        layout.addWidget(self.metadata_filter, 2)
        layout.addWidget(self.sort)
        layout.addSpacing(4)
        layout.addWidget(self.count_label)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.grid_button)
        layout.addWidget(self.list_button)

    # ---- query -------------------------------------------------------------------------------

    def query(self) -> LibraryQuery:
        """The query the fields describe now (an invalid metadata filter is left out)."""
        field_name, order = self.sort.currentData()
        return LibraryQuery(
            title=self.search.text().strip(),
            tags=split_tags(self.tags_filter.text()),
            metadata=self._metadata(),
            sort_by=field_name,
            sort_order=order,
        )

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        try:
            pairs = parse_metadata_filter(self.metadata_filter.text())
        except ValueError as exc:
            self.metadata_filter.setToolTip(f"Ignored: {exc}. Write key=value, comma-separated.")
            self._invalid_mark.setVisible(True)
            return ()
        self.metadata_filter.setToolTip("Only videos with these metadata values")
        self._invalid_mark.setVisible(False)
        return pairs

    def apply(self) -> None:
        """Emit the query now if it differs from the last one emitted."""
        self._debounce.stop()
        query = self.query()
        if query != self._emitted:
            self._emitted = query
            self.query_changed.emit(query)

    def set_sort(self, sort_by: str, sort_order: str) -> None:
        """Select a sort order (applied at once)."""
        for i in range(self.sort.count()):
            if self.sort.itemData(i) == (sort_by, sort_order):
                self.sort.setCurrentIndex(i)
                return

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_view_mode(self, mode: str) -> None:
        (self.grid_button if mode == GRID else self.list_button).setChecked(True)

    def set_count(self, total: int, loaded: int) -> None:
        """ "1,234 videos" (and how many are loaded while paging)."""
        noun = "video" if total == 1 else "videos"
        text = f"{total:,} {noun}"
        if loaded < total:
            text += f" · {loaded:,} loaded"
        self.count_label.setText(text)

    def _schedule(self) -> None:
        self._debounce.start()

    def changeEvent(self, event: QEvent) -> None:
        # The icons are drawn in the palette's text colour: redraw them after a theme change.
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_icons()
        super().changeEvent(event)

    def _draw_icons(self) -> None:
        self._search_action.setIcon(search_icon())
        self.refresh_button.setIcon(refresh_icon())
        self.grid_button.setIcon(grid_icon())
        self.list_button.setIcon(list_icon())
