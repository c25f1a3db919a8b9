"""``CueTable``: a read-only table of WebVTT cues (start, end, text) for previews."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from ...services.webvtt import Cue, format_vtt_time

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("Start", "End", "Text")


class CueTableModel(QAbstractTableModel):
    """The cues given to :meth:`set_cues`, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cues: tuple[Cue, ...] = ()
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    @property
    def cues(self) -> tuple[Cue, ...]:
        return self._cues

    def set_cues(self, cues: tuple[Cue, ...] | list[Cue]) -> None:
        self.beginResetModel()
        self._cues = tuple(cues)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cues)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cue = self._cues[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return format_vtt_time(cue.start_ms)
            if column == 1:
                return format_vtt_time(cue.end_ms)
            return " / ".join(line for line in cue.text.split("\n") if line) or "(no text)"
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return cue.text or None
        if role == Qt.ItemDataRole.FontRole and column < 2:
            return self._mono
        return None


TABLE_STYLE = """
QTableView { border: none; background: palette(base); }
QTableView::item { padding: 0 8px; border: none; }
QHeaderView::section {
    background: palette(base);
    color: palette(placeholder-text);
    border: none;
    border-bottom: 1px solid palette(mid);
    padding: 4px 8px;
    font-weight: 600;
}
"""


def style_quiet_table(view: QTableView) -> None:
    """A borderless table with a light header, for tables inside cards."""
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setStyleSheet(TABLE_STYLE)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )


class CueTable(QTableView):
    """A compact, read-only view of a :class:`CueTableModel`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cue_model = CueTableModel(self)
        self.setModel(self.cue_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        style_quiet_table(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
