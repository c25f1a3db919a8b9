"""``KeyedListModel``: a list model of API objects with an id each (live streams, player
themes): rows in the server's order, replaced whole by id, never mutated in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
ObjectRole = Qt.ItemDataRole.UserRole + 1  # the API object of the row


class KeyedListModel[T](QAbstractListModel):
    """Rows of ``T`` keyed by ``key(item)``; ``title(item)`` is the display text."""

    def __init__(self, key: Callable[[T], str], title: Callable[[T], str]) -> None:
        super().__init__()
        self._key = key
        self._title = title
        self.rows: list[T] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._title(item)
        if role == ObjectRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._key(item)
        return None

    def set_rows(self, items: list[T]) -> None:
        """Show ``items`` instead (a reset)."""
        self.beginResetModel()
        self.rows = list(items)
        self.endResetModel()

    def row_of(self, key: str) -> int | None:
        for row, item in enumerate(self.rows):
            if self._key(item) == key:
                return row
        return None

    def at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def upsert(self, item: T, *, first: bool = False) -> int:
        """Replace the row of ``item`` (or add it, first or last); returns its row."""
        row = self.row_of(self._key(item))
        if row is None:
            row = 0 if first else len(self.rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows.insert(row, item)
            self.endInsertRows()
            return row
        self.rows[row] = item
        self.dataChanged.emit(self.index(row), self.index(row))
        return row

    def remove(self, key: str) -> None:
        row = self.row_of(key)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
