"""``MetadataEditor``: a video's metadata as an editable key/value table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ROW_HEIGHT = 26


class MetadataEditor(QWidget):
    """Key/value rows with Add and Remove; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Key", "Value"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._fit()

    def pairs(self) -> list[tuple[str, str]]:
        """Rows with a key, in order (a later duplicate key wins, as the API reads them)."""
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            key_item, value_item = self.table.item(row, 0), self.table.item(row, 1)
            key = key_item.text().strip() if key_item else ""
            if key:
                out[key] = value_item.text() if value_item else ""
        return list(out.items())

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace every row."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for key, value in pairs:
            self._append(key, value)
        self.table.blockSignals(False)
        self._fit()
        self.changed.emit()

    def add_row(self) -> None:
        """Append an empty row and start editing its key."""
        self.table.blockSignals(True)
        row = self._append("", "")
        self.table.blockSignals(False)
        self._fit()
        self.table.setCurrentCell(row, 0)
        key = self.table.item(row, 0)
        if key is not None:
            self.table.editItem(key)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self._fit()
            self.changed.emit()

    def _append(self, key: str, value: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(key))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        return row

    def _fit(self) -> None:
        # The table grows with its rows (up to 6) instead of scrolling inside the scroll area.
        rows = min(max(self.table.rowCount(), 1), 6)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + rows * ROW_HEIGHT + 2 * self.table.frameWidth())
