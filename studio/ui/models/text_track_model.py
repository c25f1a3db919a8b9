"""``TrackListModel``: the caption or chapter tracks of one video, one row per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from ...services.languages import describe

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TrackRow:
    """One track as the list shows it."""

    language: str  # the BCP-47 tag
    native_name: str  # the API's languageName ("" for chapters, which have none)
    src: str  # the .vtt file's URL
    default: bool = False

    @property
    def english_name(self) -> str:
        return describe(self.language).english

    @property
    def display_name(self) -> str:
        """``French (Canada) — Français (Canada)``, or one name when both are the same."""
        native = self.native_name or describe(self.language).native
        english = self.english_name
        if native and native.casefold() != english.casefold():
            return f"{english} — {native}"
        return english


class TrackListModel(QAbstractTableModel):
    """Rows of :class:`TrackRow`, with a Default column for captions."""

    def __init__(self, *, with_default: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TrackRow] = []
        self._headers = ("Language", "Name", "Default") if with_default else ("Language", "Name")

    @property
    def rows(self) -> list[TrackRow]:
        return list(self._rows)

    def set_rows(self, rows: list[TrackRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (not r.default, r.english_name.casefold()))
        self.endResetModel()

    def row(self, index: int) -> TrackRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_of(self, language: str) -> int | None:
        for index, row in enumerate(self._rows):
            if row.language.casefold() == language.casefold():
                return index
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.language
            if column == 1:
                return row.display_name
            return "★ Default" if row.default else ""
        if role == Qt.ItemDataRole.FontRole and (column == 0 or (column == 2 and row.default)):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and row.default:
            return QGuiApplication.palette().color(QPalette.ColorRole.Link)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.src
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None
