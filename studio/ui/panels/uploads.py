"""``UploadsPanel``: the upload queue — add files, watch progress, pause, resume, retry, cancel.

A thin view over ``context.uploads`` (the persisted :class:`UploadQueue`): the list shows every
item with its progress, speed, time left and state; the side form edits the selected item's
title, description, tags and visibility (before or during the upload). Actions apply to every
selected item that allows them. Refused files (not videos, empty...) are listed in a banner.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.context import AppContext
from ...services.media_sniffing import VIDEO_EXTENSIONS, Refusal
from ...services.upload_item import (
    CANCELLABLE,
    FINISHED,
    PAUSABLE,
    UploadItem,
    UploadPhase,
    VideoDetails,
)
from ...services.upload_queue import UploadQueue
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..models.upload_queue_model import (
    UploadQueueModel,
    format_size,
    format_speed,
    format_time_left,
)
from ..widgets.message_page import MessagePage
from ..widgets.refusal_banner import RefusalBanner
from ..widgets.upload_delegate import UploadDelegate
from ..widgets.upload_editor import UploadEditor

VIDEO_FILTER = (
    "Videos (" + " ".join(f"*.{ext}" for ext in sorted(VIDEO_EXTENSIONS)) + ");;All files (*)"
)


class UploadsPanel(QWidget):
    """The Uploads page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.queue: UploadQueue = context.uploads
        self.model = UploadQueueModel(self.queue)
        self.confirm_dialog: ConfirmDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._build()
        self._connect()
        self._update_page()
        self._update_actions()
        self._update_summary()

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel("Uploads")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.add_folder_button = QPushButton("Add folder…")
        self.add_files_button = QPushButton("Add files…")
        self.add_files_button.setDefault(True)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.heading)
        header.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.add_folder_button)
        header.addWidget(self.add_files_button)

        self.banner = RefusalBanner()

        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(UploadDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.pause_button = QPushButton("Pause")
        self.resume_button = QPushButton("Resume")
        self.retry_button = QPushButton("Retry")
        self.cancel_button = QPushButton("Cancel")
        self.clear_button = QPushButton("Clear finished")
        actions = QHBoxLayout()
        actions.setContentsMargins(12, 8, 12, 10)
        for button in (self.pause_button, self.resume_button, self.retry_button):
            actions.addWidget(button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)

        self.queue_page = queue_page = QWidget()
        queue_layout = QVBoxLayout(queue_page)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.setSpacing(0)
        queue_layout.addWidget(self.list, 1)
        queue_layout.addLayout(actions)

        self.empty = MessagePage()
        self.empty.show_message(
            "No uploads yet",
            "Drop video files or whole folders anywhere in this window,\n"
            "or choose them from your disk.",
            "Add files…",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(queue_page)
        self.pages.addWidget(self.empty)

        self.editor = UploadEditor()
        self.editor.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)

        top = QVBoxLayout()
        top.setContentsMargins(16, 12, 16, 8)
        top.setSpacing(8)
        top.addLayout(header)
        top.addWidget(self.banner)
        # Shown while studio-cli (or another app window's process) runs this queue.
        self.queue_notice = QLabel()
        self.queue_notice.setWordWrap(True)
        self.queue_notice.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.queue_notice.setVisible(False)
        top.addWidget(self.queue_notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.cancel_selected),
            (QKeySequence(Qt.Key.Key_Space), self.toggle_pause_selected),
        ):
            QShortcut(keys, self.list, slot, context=Qt.ShortcutContext.WidgetShortcut)

    def _connect(self) -> None:
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.empty.action_clicked.connect(self.choose_files)
        self.pause_button.clicked.connect(self.pause_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.clear_button.clicked.connect(self.queue.clear_finished)
        self.list.selectionModel().selectionChanged.connect(self._on_selection)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.editor.details_saved.connect(self._on_details_saved)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.rowsRemoved.connect(self._on_rows_changed)
        self.queue.item_changed.connect(self._on_item_changed)
        self.queue.progress_changed.connect(lambda _ids: self._update_summary())
        self.queue.refused.connect(self.show_refusals)
        self.queue.in_use_elsewhere.connect(self._on_queue_in_use)
        if self.queue.used_by:
            self._on_queue_in_use(self.queue.used_by)

    def _on_queue_in_use(self, owner: str) -> None:
        self.queue_notice.setText(
            f"The upload queue is being run by {owner}. Its uploads show here, and new files "
            "can be added, once it is done."
            if owner
            else ""
        )
        self.queue_notice.setVisible(bool(owner))
        self.add_files_button.setEnabled(not owner)
        self.add_folder_button.setEnabled(not owner)

    # ---- adding ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Open a file picker (without blocking); the chosen files are queued."""
        dialog = QFileDialog(self, "Add videos to upload")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(VIDEO_FILTER)
        dialog.filesSelected.connect(lambda files: self.add_paths([Path(f) for f in files]))
        self._open_file_dialog(dialog)

    def choose_folder(self) -> None:
        """Pick a folder; every video in it (and below) is queued."""
        dialog = QFileDialog(self, "Add a folder of videos")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self.add_paths([Path(folder)]))
        self._open_file_dialog(dialog)

    def _open_file_dialog(self, dialog: QFileDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def add_paths(self, paths: list[Path]) -> None:
        """Queue ``paths`` (files or folders); refusals appear in the banner."""
        if paths:
            self._context.scope.start(self.queue.add_paths(paths))

    def show_refusals(self, refusals: list[Refusal]) -> None:
        self.banner.show_refusals(refusals)

    # ---- selection and actions ---------------------------------------------------------------

    def selected_items(self) -> list[UploadItem]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [item for item in map(self.model.item_at, rows) if item is not None]

    def select_items(self, item_ids: list[int]) -> None:
        """Select the rows of ``item_ids`` (tests and keyboard users)."""
        selection = QItemSelection()
        for item_id in item_ids:
            row = self.model.row_of(item_id)
            if row >= 0:
                index = self.model.index(row)
                selection.select(index, index)
        flags = self.list.selectionModel().SelectionFlag.ClearAndSelect
        self.list.selectionModel().select(selection, flags)

    def pause_selected(self) -> None:
        for item in self.selected_items():
            self.queue.pause(item.id)
        self._update_actions()

    def resume_selected(self) -> None:
        for item in self.selected_items():
            self.queue.resume(item.id)
        self._update_actions()

    def retry_selected(self) -> None:
        for item in self.selected_items():
            self.queue.retry(item.id)
        self._update_actions()

    def toggle_pause_selected(self) -> None:
        items = self.selected_items()
        if any(item.phase in PAUSABLE for item in items):
            self.pause_selected()
        else:
            self.resume_selected()

    def cancel_selected(self) -> None:
        """Cancel unfinished selected uploads after a confirmation; finished ones just leave."""
        items = self.selected_items()
        unfinished = [item for item in items if item.phase in CANCELLABLE]
        for item in items:
            if item.phase in FINISHED:
                self.queue.remove(item.id)
        if not unfinished:
            return
        if len(unfinished) == 1:
            text = f"Cancel the upload of “{unfinished[0].details.title}”?"
        else:
            text = f"Cancel {len(unfinished)} uploads?"
        ids = [item.id for item in unfinished]
        self.confirm_dialog = ask_confirmation(
            self,
            title="Cancel uploads" if len(ids) > 1 else "Cancel upload",
            text=text,
            detail="What was sent is discarded and the unfinished video is deleted.",
            confirm_text="Cancel upload" if len(ids) == 1 else "Cancel uploads",
        )
        self.confirm_dialog.confirmed.connect(lambda: self._cancel(ids))
        self.confirm_dialog.finished.connect(self._forget_dialog)

    def _cancel(self, item_ids: list[int]) -> None:
        for item_id in item_ids:
            self.queue.cancel(item_id)

    def _forget_dialog(self) -> None:
        self.confirm_dialog = None

    def _context_menu(self, position: QPoint) -> None:
        if not self.list.indexAt(position).isValid():
            return
        menu = QMenu(self)
        for button in (self.pause_button, self.resume_button, self.retry_button):
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
            menu.addAction(action)
        menu.addSeparator()
        cancel = menu.addAction(self.cancel_button.text())
        cancel.setEnabled(self.cancel_button.isEnabled())
        cancel.triggered.connect(self.cancel_selected)
        menu.popup(self.list.viewport().mapToGlobal(position))

    def _on_details_saved(self, item_id: int, details: VideoDetails) -> None:
        self.queue.edit(item_id, details)

    # ---- reacting to the queue ---------------------------------------------------------------

    def _on_rows_inserted(self, _parent: QModelIndex, _first: int, last: int) -> None:
        self._on_rows_changed()
        if not self.list.selectionModel().hasSelection():
            self.list.setCurrentIndex(self.model.index(last))

    def _on_rows_changed(self) -> None:
        self._update_page()
        self._update_actions()
        self._update_summary()
        self._on_selection()

    def _on_item_changed(self, item_id: int) -> None:
        item = self.queue.item(item_id)
        if item is not None:
            self.editor.refresh(item)
        self._update_actions()
        self._update_summary()

    def _on_selection(self, *_args: object) -> None:
        items = self.selected_items()
        if len(items) == 1:
            if self.editor.item_id != items[0].id:
                self.editor.show_item(items[0])
        else:
            self.editor.show_item(None)
            if len(items) > 1:
                self.editor.file_label.setText(f"{len(items)} uploads selected.")
        self._update_actions()

    def _update_page(self) -> None:
        empty = self.model.rowCount() == 0
        self.pages.setCurrentWidget(self.empty if empty else self.queue_page)

    def _update_actions(self) -> None:
        phases = {item.phase for item in self.selected_items()}
        self.pause_button.setEnabled(bool(phases & PAUSABLE))
        self.resume_button.setEnabled(UploadPhase.PAUSED in phases)
        self.retry_button.setEnabled(UploadPhase.FAILED in phases)
        self.cancel_button.setEnabled(bool(phases))
        self.cancel_button.setText(
            "Remove from list" if phases and phases <= FINISHED else "Cancel"
        )
        self.clear_button.setEnabled(
            any(item.phase is UploadPhase.PLAYABLE for item in self.queue.items)
        )

    def _update_summary(self) -> None:
        items = self.queue.items
        counts: dict[UploadPhase, int] = {}
        for item in items:
            counts[item.phase] = counts.get(item.phase, 0) + 1
        parts = [
            f"{counts[phase]} {phase.label.lower()}"
            for phase in (
                UploadPhase.UPLOADING,
                UploadPhase.QUEUED,
                UploadPhase.PAUSED,
                UploadPhase.FAILED,
                UploadPhase.PROCESSING,
                UploadPhase.PLAYABLE,
            )
            if counts.get(phase)
        ]
        uploading = [item for item in items if item.phase is UploadPhase.UPLOADING]
        speeds = [item.speed for item in uploading if item.speed]
        if speeds:
            total_speed = sum(speeds)
            left = sum(
                item.size - item.sent
                for item in items
                if item.phase in (UploadPhase.UPLOADING, UploadPhase.QUEUED)
            )
            parts.append(
                f"{format_speed(total_speed)} · {format_size(left)} to go · "
                f"{format_time_left(left / total_speed)}"
            )
        self.summary.setText("  ·  ".join(parts))
