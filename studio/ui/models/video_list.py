"""``VideoListModel``: a flat list model of videos (title, id) for the first window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt


class VideoListModel(QAbstractListModel):
    """Rows are video dicts as the API returns them; display role is the title."""

    VideoIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.get("title") or row.get("videoId")
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("videoId")
        if role == self.VideoIdRole:
            return row.get("videoId")
        return None

    def set_videos(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
