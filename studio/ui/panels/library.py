"""``LibraryPanel``: browse, search, filter and sort the videos; edit, retag and delete them.

Layout: a toolbar (search, filters, sort, grid/list toggle) over a thumbnail grid or a detail
list of one ``LibraryModel``, with the detail panel (one video selected) or the bulk actions
(several selected) on the right. Empty, no-match and error states replace the views. Keys:
Delete deletes the selection (after confirmation), Ctrl+F searches, F5 refreshes, Enter opens
the details.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import Video
from ...services.library import BulkResult, LibraryQuery, delete_videos, edit_tags
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..dialogs.unsaved_edits import ask_save_edits
from ..models.library_model import (
    LIST_THUMBNAIL,
    SORT_FIELD_OF_COLUMN,
    Column,
    LibraryModel,
    LoadState,
)
from ..widgets.bulk_actions import BulkActions
from ..widgets.library_toolbar import GRID, LIST, LibraryToolbar
from ..widgets.message_page import MessagePage
from ..widgets.thumbnail_delegate import CELL_WIDTH, ThumbnailDelegate, thumbnail_size_for
from ..widgets.thumbnail_grid import ThumbnailGrid
from .video_detail import VideoDetailPanel

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

NOTICE_MS = 6000
SIDE_MIN_WIDTH = 420
SIDE_WIDTH = 460
MIN_CELL_WIDTH = CELL_WIDTH - 8  # cells grow from here until another column fits
CELL_STEP = 8
LIST_ROW_HEIGHT = 34
COLUMN_WIDTHS = {
    Column.CREATED: 150,
    Column.UPDATED: 150,
    Column.TAGS: 180,
    Column.VISIBILITY: 90,
}
# A header click on a column sorts by it; dates start newest first, titles A to Z.
FIRST_ORDER = {"title": "asc", "createdAt": "desc", "updatedAt": "desc"}


class LibraryPanel(QWidget):
    """The Library page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = LibraryModel(context)
        self.confirm_dialog: ConfirmDialog | None = None  # the open confirmation, if any
        self._reselect: list[str] = []  # video ids to select again once rows reload
        self._holding_selection = False  # putting the selection back on an edited video
        self._select_after_save: list[str] | None = None  # chosen while edits were saving
        self.edits_dialog: QMessageBox | None = None  # "save your changes?", while open
        self._build()
        self._connect()
        self._on_query(self.toolbar.query())

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.toolbar = LibraryToolbar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: a page is on its way
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(3)
        self.busy.setVisible(False)
        self.notice = QLabel()
        self.notice.setVisible(False)
        self.notice.setWordWrap(True)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))

        self.grid = ThumbnailGrid(min_cell_width=MIN_CELL_WIDTH, cell_step=CELL_STEP)
        self.grid.setFrameShape(QFrame.Shape.NoFrame)
        self.grid.verticalScrollBar().setSingleStep(32)
        self.delegate = ThumbnailDelegate(self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.cell_width_changed.connect(self._on_cell_width)
        self.grid.fling_changed.connect(self.model.pause_lazy_loads)
        self.grid.setModel(self.model)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(LIST_ROW_HEIGHT)
        self.table.setIconSize(LIST_THUMBNAIL)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            # Fixed widths: ResizeToContents would measure all 10,000 rows.
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        for view in (self.grid, self.table):
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        self.views = QStackedWidget()
        self.views.addWidget(self.grid)
        self.views.addWidget(self.table)

        self.error_strip = QFrame()
        self.error_strip.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_retry = QPushButton("Retry")
        self.error_retry.clicked.connect(self.model.retry)
        strip = QHBoxLayout(self.error_strip)
        strip.addWidget(self.error_label, 1)
        strip.addWidget(self.error_retry)
        self.error_strip.setVisible(False)

        browse = QWidget()
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 0, 0, 0)
        browse_layout.setSpacing(0)
        browse_layout.addWidget(self.views, 1)
        browse_layout.addWidget(self.error_strip)

        self.message = MessagePage()
        self.message.action_clicked.connect(self._on_message_action)
        self.content = QStackedWidget()
        self.content.addWidget(browse)
        self.browse = browse
        self.content.addWidget(self.message)

        self.detail = VideoDetailPanel(self._context)
        self.bulk = BulkActions()
        self.side = QStackedWidget()
        self.side.addWidget(self.detail)
        self.side.addWidget(self.bulk)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.content)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.side.setMinimumWidth(SIDE_MIN_WIDTH)
        self.splitter.setSizes([1000, SIDE_WIDTH])

        top = QVBoxLayout()
        top.setContentsMargins(12, 10, 12, 6)
        top.setSpacing(6)
        top.addWidget(self.toolbar)
        top.addWidget(self.notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.splitter, 1)

        _bind(self, self.toolbar.focus_search, QKeySequence.StandardKey.Find, "Ctrl+F")
        _bind(self, self.refresh, QKeySequence.StandardKey.Refresh, "F5")
        for view in (self.grid, self.table):
            _bind(view, self.delete_selected, QKeySequence.StandardKey.Delete, "Del")

    def _connect(self) -> None:
        self.toolbar.query_changed.connect(self._on_query)
        self.toolbar.view_mode_changed.connect(self.set_view_mode)
        self.toolbar.refresh_requested.connect(self.refresh)
        self.model.state_changed.connect(self._on_state)
        self.model.total_changed.connect(lambda _t: self._update_count())
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.model.state_changed.connect(self._restore_selection)
        self.model.rowsRemoved.connect(lambda *_: self._update_count())
        self.model.modelReset.connect(self._on_selection)
        for view in (self.grid, self.table):
            view.selectionModel().selectionChanged.connect(self._on_selection)
            view.activated.connect(self.open_details)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.detail.saved.connect(self.model.replace_video)
        self.detail.saved.connect(self._after_save)
        self.detail.delete_requested.connect(lambda vid: self.confirm_delete([vid]))
        self.bulk.apply_tags_requested.connect(self.apply_tags)
        self.bulk.delete_requested.connect(self.delete_selected)
        self._context.client_changed.connect(self.refresh)
        library_changed = getattr(self._context, "library_changed", None)
        if library_changed is not None:
            library_changed.connect(self.refresh)
        ready = getattr(self._context.uploads, "video_ready", None)
        if ready is not None:
            ready.connect(self.show_new_video)

    # ---- views -------------------------------------------------------------------------------

    def _on_cell_width(self, width: int) -> None:
        """The grid's cells changed width: size the cell content and the images to match."""
        self.delegate.cell_width = width
        self.model.grid_thumbnail_size = thumbnail_size_for(width)

    @property
    def view_mode(self) -> str:
        return GRID if self.views.currentWidget() is self.grid else LIST

    def current_view(self) -> QAbstractItemView:
        widget = self.views.currentWidget()
        assert isinstance(widget, QAbstractItemView)
        return widget

    def set_view_mode(self, mode: str) -> None:
        """Switch between the grid and the list, keeping the selection and the current row."""
        target = self.grid if mode == GRID else self.table
        source = self.current_view()
        if target is source:
            return
        rows = self.selected_rows()
        current = source.currentIndex()
        self.views.setCurrentWidget(target)
        self.toolbar.set_view_mode(mode)
        selection = target.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        if current.isValid():
            index = self.model.index(current.row(), 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            target.scrollTo(index)
        target.setFocus()

    def selected_rows(self) -> list[int]:
        """Selected rows of the visible view, in order."""
        selection = self.current_view().selectionModel()
        return sorted({index.row() for index in selection.selectedIndexes()})

    def selected_ids(self) -> list[str]:
        ids = []
        for row in self.selected_rows():
            video = self.model.video(row)
            if video is not None:
                ids.append(video.video_id)
        return ids

    def select_rows(self, rows: list[int]) -> None:
        """Select ``rows`` in the visible view (keyboard and tests)."""
        view = self.current_view()
        selection = view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        if rows:
            selection.setCurrentIndex(
                self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def open_details(self, index: QModelIndex | None = None) -> None:
        """Show the details of the current video and put the cursor in its title."""
        if index is not None and index.isValid() and len(self.selected_rows()) <= 1:
            self.select_rows([index.row()])
        if self.side.currentWidget() is self.detail and self.detail.video is not None:
            sizes = self.splitter.sizes()
            if len(sizes) == 2 and sizes[1] == 0:
                self.splitter.setSizes([max(1, sizes[0] - 420), 420])
            self.detail.title_edit.setFocus()

    # ---- loading and states ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the first page with the current query (F5); the selection stays."""
        self._keep_selection()
        self.model.refresh()

    def _keep_selection(self) -> None:
        # Reselected when the first page arrives, if still listed: a refresh (or a videos-
        # changed signal) must not drop the video being edited in the detail panel.
        self._reselect = self.selected_ids()

    def _restore_selection(self, *_args: object) -> None:
        if not self._reselect or self.model.state == LoadState.LOADING:
            return
        wanted, self._reselect = self._reselect, []
        self._select_ids(wanted)

    def _on_query(self, query: LibraryQuery) -> None:
        header = self.table.horizontalHeader()
        column = next((c for c, f in SORT_FIELD_OF_COLUMN.items() if f == query.sort_by), None)
        if column is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            order = (
                Qt.SortOrder.AscendingOrder
                if query.sort_order == "asc"
                else Qt.SortOrder.DescendingOrder
            )
            header.setSortIndicator(column, order)
        self._keep_selection()
        self.model.set_query(query)

    def _on_header_clicked(self, section: int) -> None:
        field = SORT_FIELD_OF_COLUMN.get(Column(section)) if section < len(Column) else None
        if field is None:
            self._on_query(self.model.query)  # put the indicator back where the sort is
            return
        query = self.model.query
        if query.sort_by == field:
            order = "desc" if query.sort_order == "asc" else "asc"
        else:
            order = FIRST_ORDER[field]
        self.toolbar.set_sort(field, order)

    def _on_state(self, value: str) -> None:
        state = LoadState(value)
        self.busy.setVisible(state == LoadState.LOADING or self.model.loading)
        has_rows = self.model.rowCount() > 0
        self.error_strip.setVisible(state == LoadState.ERROR and has_rows)
        self.error_label.setText(self.model.error_text)
        if state == LoadState.EMPTY:
            self.message.show_message(
                "No videos yet — drop files anywhere to upload",
                "Videos you upload appear here with their thumbnails once processed.",
            )
        elif state == LoadState.NO_MATCH:
            self.message.show_message(
                "No videos match",
                _describe_filters(self.model.query),
                "Clear filters",
            )
        elif state == LoadState.ERROR and not has_rows:
            self.message.show_message(
                "The library could not be loaded", self.model.error_text, "Retry"
            )
        show_message = state in (LoadState.EMPTY, LoadState.NO_MATCH) or (
            state == LoadState.ERROR and not has_rows
        )
        self.content.setCurrentWidget(self.message if show_message else self.browse)
        self._update_count()

    def _on_message_action(self) -> None:
        state = self.model.state
        if state == LoadState.ERROR:
            self.model.retry()
        elif state == LoadState.NO_MATCH:
            self.clear_filters()

    def clear_filters(self) -> None:
        """Empty the search and the filters (the sort order stays)."""
        for field in (self.toolbar.search, self.toolbar.tags_filter, self.toolbar.metadata_filter):
            field.clear()
        self.toolbar.apply()

    def _update_count(self) -> None:
        self.busy.setVisible(self.model.loading)
        if self.model.state in (LoadState.READY, LoadState.EMPTY, LoadState.NO_MATCH):
            self.toolbar.set_count(self.model.total, self.model.rowCount())
        elif self.model.state == LoadState.LOADING:
            self.toolbar.count_label.setText("Loading…")

    def show_notice(self, text: str) -> None:
        """A short message under the toolbar (hidden after a few seconds)."""
        self.notice.setText(text)
        self.notice.setVisible(True)
        self._notice_timer.start(NOTICE_MS)

    # ---- selection ---------------------------------------------------------------------------

    def _on_selection(self, *_args: object) -> None:
        if self._holding_selection:
            return
        rows = self.selected_rows()
        if not rows and self._reselect:
            return  # rows are reloading; the selection comes back with them
        edited = self.detail.video if self.detail.is_dirty else None
        if edited is not None:
            if not rows:
                return  # nothing selected (or the row left the list): the edits stay on screen
            wanted = self.selected_ids()
            if wanted != [edited.video_id]:
                self._hold_selection(edited.video_id)
                self._ask_about_edits(edited, wanted)
                return
        if len(rows) > 1:
            self.bulk.set_count(len(rows))
            self.side.setCurrentWidget(self.bulk)
            return
        self.side.setCurrentWidget(self.detail)
        video = self.model.video(rows[0]) if rows else None
        if video is None:
            self.detail.clear()
        elif self.detail.video is None or self.detail.video.video_id != video.video_id:
            self.detail.show_video(video)

    def _hold_selection(self, video_id: str) -> None:
        """Select the edited video again (or nothing, when its row is gone)."""
        self._holding_selection = True
        try:
            row = self.model.row_of(video_id)
            if row is None:
                self.current_view().selectionModel().clearSelection()
            else:
                self.select_rows([row])
        finally:
            self._holding_selection = False

    def _ask_about_edits(self, edited: Video, wanted: list[str]) -> None:
        """Save, discard or keep the edits of ``edited`` before showing ``wanted``."""
        if self.edits_dialog is not None:
            self.edits_dialog.close()

        def save() -> None:
            # Move on once the server has the edits; a refused save keeps them on screen.
            self._select_after_save = wanted if self.detail.save() else None

        def discard() -> None:
            self.detail.revert()
            self._select_ids(wanted)

        self.edits_dialog = ask_save_edits(
            self, edited.title or "Untitled", save=save, discard=discard
        )
        self.edits_dialog.finished.connect(self._forget_edits_dialog)

    def _forget_edits_dialog(self) -> None:
        self.edits_dialog = None

    def _select_ids(self, ids: list[str]) -> None:
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        self.select_rows(rows)
        if rows:
            self.current_view().scrollTo(self.model.index(rows[0], 0))
        else:
            self._on_selection()

    def _after_save(self, _video: Video) -> None:
        wanted, self._select_after_save = self._select_after_save, None
        if wanted is not None and not self.detail.is_dirty:
            self._select_ids(wanted)

    # ---- deleting ----------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Delete the selected videos after one confirmation (the Delete key)."""
        ids = self.selected_ids()
        if ids:
            self.confirm_delete(ids)

    def confirm_delete(self, ids: list[str]) -> None:
        """Ask once, then delete ``ids``."""
        if len(ids) == 1:
            row = self.model.row_of(ids[0])
            video = self.model.video(row) if row is not None else None
            title = (video.title if video else "") or "this video"
            text = f"Delete “{title}”?"
        else:
            text = f"Delete {len(ids):,} videos?"
        self.confirm_dialog = ask_confirmation(
            self,
            title="Delete videos" if len(ids) > 1 else "Delete video",
            text=text,
            detail="The source, encodings, captions and chapters are removed from api.video. "
            "This cannot be undone.",
            confirm_text="Delete" if len(ids) == 1 else f"Delete {len(ids):,} videos",
        )
        self.confirm_dialog.confirmed.connect(lambda: self._start_delete(list(ids)))
        self.confirm_dialog.finished.connect(self._forget_dialog)

    def _forget_dialog(self) -> None:
        self.confirm_dialog = None

    def _start_delete(self, ids: list[str]) -> None:
        self.bulk.set_busy(True, len(ids))
        self.show_notice(f"Deleting {len(ids):,} video{'s' if len(ids) != 1 else ''}…")
        self._context.scope.start(self._delete(ids), key=f"library-bulk-{id(self)}")

    async def _delete(self, ids: list[str]) -> None:
        try:
            result = await delete_videos(self._context.client, ids, self.bulk.set_progress)
        finally:
            self.bulk.set_busy(False)
        self.model.remove_videos(result.done)
        cache = self._context.thumbnails
        for video_id in result.done:
            if cache is not None:
                cache.invalidate(video_id)
        self._report(result, "Deleted", "deleted")

    # ---- bulk tags ---------------------------------------------------------------------------

    def apply_tags(self, add: list[str], remove: list[str]) -> None:
        """Add and remove tags on every selected video."""
        ids = self.selected_ids()
        if not ids or not (add or remove):
            return
        self.bulk.set_busy(True, len(ids))
        self._context.scope.start(self._retag(ids, add, remove), key=f"library-bulk-{id(self)}")

    async def _retag(self, ids: list[str], add: list[str], remove: list[str]) -> None:
        try:
            result = await edit_tags(
                self._context.client,
                ids,
                add=add,
                remove=remove,
                on_progress=self.bulk.set_progress,
            )
        finally:
            self.bulk.set_busy(False)
        for video in result.updated.values():
            self.model.replace_video(video)
        if not result.failed:
            self.bulk.reset_fields()
        self._report(result, "Updated the tags of", "updated")

    def _report(self, result: BulkResult, done_verb: str, failed_verb: str) -> None:
        count = len(result.done)
        text = f"{done_verb} {count:,} video{'s' if count != 1 else ''}."
        if result.failed:
            first = next(iter(result.failed.values()))
            text += f" {len(result.failed):,} could not be {failed_verb}: {first}"
        self.bulk.outcome.setText(text)
        self.show_notice(text)

    # ---- videos changed elsewhere ------------------------------------------------------------

    def show_new_video(self, video_id: str) -> None:
        """A video became playable (an upload finished): show it, with a fresh thumbnail."""
        if self._context.thumbnails is not None:
            self._context.thumbnails.invalidate(video_id)
        self.model.forget_facts(video_id)
        self._context.scope.start(self._fetch_new(video_id))

    async def _fetch_new(self, video_id: str) -> None:
        try:
            video = await self._context.client.videos.get(video_id)
        except (ApiError, TransportError) as exc:
            log.info("new video %s not shown: %s", video_id, exc)
            return
        if self.model.row_of(video_id) is not None:
            self.model.replace_video(video)
        elif _lists_newest_first(self.model.query, video):
            self.model.prepend_video(video)
        if self.detail.video is not None and self.detail.video.video_id == video_id:
            if not self.detail.is_dirty:
                self.detail.show_video(video)
            self.detail.refresh_status()


def _bind(
    owner: QWidget, slot: Callable[[], None], standard: QKeySequence.StandardKey, key: str
) -> None:
    """Shortcuts on ``owner`` and its children: the platform's keys for ``standard`` plus ``key``.

    Each key is bound once: two shortcuts on one key would be ambiguous and neither would fire.
    """
    keys = {seq.toString(): seq for seq in QKeySequence.keyBindings(standard)}
    keys.setdefault(QKeySequence(key).toString(), QKeySequence(key))
    for sequence in keys.values():
        shortcut = QShortcut(sequence, owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


def _lists_newest_first(query: LibraryQuery, video: Video) -> bool:
    """True when a just-created video belongs at the top of this query's rows."""
    return (
        not query.filtered
        and query.sort_by == "createdAt"
        and query.sort_order == "desc"
        and not video.discarded
    )


def _describe_filters(query: LibraryQuery) -> str:
    parts = []
    if query.title.strip():
        parts.append(f"title contains “{query.title.strip()}”")
    if query.tags:
        parts.append("tagged " + ", ".join(query.tags))
    if query.metadata:
        parts.append(", ".join(f"{k} = {v}" for k, v in query.metadata))
    return "Nothing matches " + "; ".join(parts) + "." if parts else ""
