"""``UploadQueueModel``: one row per upload-queue item, a thin view of the queue's state.

Rows follow the queue's order. The queue batches progress (a few signals a second, whatever the
number of uploads); the model turns each batch into one ``dataChanged`` over the rows involved,
so the UI repaints only what moved.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...services.upload_item import UploadItem, UploadPhase
from ...services.upload_queue import UploadQueue

ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """What the delegate and the panel read from a row."""

    ITEM = Qt.ItemDataRole.UserRole + 1  # the live UploadItem
    ITEM_ID = Qt.ItemDataRole.UserRole + 2
    PHASE = Qt.ItemDataRole.UserRole + 3  # UploadPhase (read back as its str value)
    FRACTION = Qt.ItemDataRole.UserRole + 4  # 0.0 - 1.0
    STATUS = Qt.ItemDataRole.UserRole + 5  # "Uploading 42%", "Failed", ...
    DETAIL = Qt.ItemDataRole.UserRole + 6  # file, sizes, speed and time left, or the reason


def format_size(count: float) -> str:
    """Bytes in the unit people read (``1.4 GB``); decimal units like file managers."""
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            break
        value /= 1000
    if unit == "B":
        return f"{int(value)} B"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def format_speed(bytes_per_second: float | None) -> str:
    return "" if bytes_per_second is None else f"{format_size(bytes_per_second)}/s"


def format_time_left(seconds: float | None) -> str:
    """``12 s left``, ``4 min left``, ``1 h 05 min left``; empty while unknown."""
    if seconds is None:
        return ""
    whole = int(seconds + 0.5)
    if whole < 60:
        return f"{max(1, whole)} s left"
    minutes = (whole + 30) // 60
    if minutes < 60:
        return f"{minutes} min left"
    return f"{minutes // 60} h {minutes % 60:02d} min left"


def status_text(item: UploadItem) -> str:
    if item.phase is UploadPhase.UPLOADING:
        return f"Uploading {int(item.fraction * 100)}%"
    if item.phase is UploadPhase.PAUSED:
        return f"Paused at {int(item.fraction * 100)}%"
    return item.phase.label


def detail_text(item: UploadItem) -> str:
    """The line under the progress bar: what the user wants to know in this phase."""
    if item.phase is UploadPhase.FAILED:
        return item.error or "Failed"
    if item.note:
        return item.note
    name = item.path.name
    total = format_size(item.size)
    if item.phase is UploadPhase.UPLOADING:
        parts = [name, f"{format_size(item.sent)} of {total}"]
        parts += [
            text for text in (format_speed(item.speed), format_time_left(item.seconds_left)) if text
        ]
        return " · ".join(parts)
    if item.phase is UploadPhase.PROCESSING:
        return f"{name} · {total} · api.video is encoding"
    if item.phase is UploadPhase.PLAYABLE:
        return f"{name} · {total} · ready to play"
    if item.phase is UploadPhase.PAUSED:
        return f"{name} · {format_size(item.sent)} of {total}"
    return f"{name} · {total}"


class UploadQueueModel(QAbstractListModel):
    """The queue's items as rows (display role: the title)."""

    def __init__(self, queue: UploadQueue) -> None:
        super().__init__()
        self._queue = queue
        self._ids: list[int] = [item.id for item in queue.items]
        queue.item_added.connect(self._on_added)
        queue.item_removed.connect(self._on_removed)
        queue.item_changed.connect(self._on_changed)
        queue.progress_changed.connect(self._on_progress)

    # ---- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.details.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.path}\n{detail_text(item)}"
        if role == Role.ITEM:
            return item
        if role == Role.ITEM_ID:
            return item.id
        if role == Role.PHASE:
            return item.phase
        if role == Role.FRACTION:
            return item.fraction
        if role == Role.STATUS:
            return status_text(item)
        if role == Role.DETAIL:
            return detail_text(item)
        return None

    # ---- lookups -----------------------------------------------------------------------------

    def item_at(self, row: int) -> UploadItem | None:
        if not 0 <= row < len(self._ids):
            return None
        return self._queue.item(self._ids[row])

    def row_of(self, item_id: int) -> int:
        """The row of ``item_id``, or -1."""
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    # ---- queue signals -----------------------------------------------------------------------

    def _on_added(self, item_id: int) -> None:
        if item_id in self._ids:
            return
        row = len(self._ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.append(item_id)
        self.endInsertRows()

    def _on_removed(self, item_id: int) -> None:
        row = self.row_of(item_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self.endRemoveRows()

    def _on_changed(self, item_id: int) -> None:
        row = self.row_of(item_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _on_progress(self, item_ids: list[int]) -> None:
        rows = [row for row in map(self.row_of, item_ids) if row >= 0]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows)),
                self.index(max(rows)),
                [Role.FRACTION, Role.STATUS, Role.DETAIL],
            )
