"""``RestreamTable``: up to five restream destinations (name, RTMP server URL, stream key).

Rows are plain line edits; :meth:`RestreamTable.show_problems` marks the offending fields and
lists the API's own messages under the table. A row left completely blank is ignored rather
than refused: it says nothing (an "Add" clicked by mistake).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.models import Restream
from ...services.ingest import MAX_RESTREAMS, RestreamDraft, RestreamProblem

FIELD_LABELS = {"name": "name", "serverUrl": "server URL", "streamKey": "stream key"}
INVALID_STYLE = 'QLineEdit[invalid="true"] { border: 1px solid #d84315; border-radius: 3px; }'


class RestreamRow(QWidget):
    """One destination's three fields and its remove button."""

    remove_requested = Signal(object)  # self

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("YouTube")
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("rtmps://a.rtmp.youtube.com/live2")
        self.stream_key = QLineEdit()
        self.stream_key.setPlaceholderText("Stream key")
        self.stream_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.remove_button = QToolButton()
        self.remove_button.setText("\u00d7")
        self.remove_button.setToolTip("Remove this destination")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.name, 2)
        layout.addWidget(self.server_url, 4)
        layout.addWidget(self.stream_key, 3)
        layout.addWidget(self.remove_button)

    def fields(self) -> dict[str, QLineEdit]:
        return {"name": self.name, "serverUrl": self.server_url, "streamKey": self.stream_key}

    def draft(self) -> RestreamDraft:
        return RestreamDraft(self.name.text(), self.server_url.text(), self.stream_key.text())

    def blank(self) -> bool:
        return not any(edit.text().strip() for edit in self.fields().values())


class RestreamTable(QWidget):
    """The editable list of destinations, with the API's limit of five."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.rows: list[RestreamRow] = []
        header = QGridLayout()
        for column, (text, stretch) in enumerate(
            (("Name", 2), ("Server URL", 4), ("Stream key", 3))
        ):
            label = QLabel(text)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            header.addWidget(label, 0, column)
            header.setColumnStretch(column, stretch)
        header.setColumnMinimumWidth(3, 26)
        self.header = QWidget()
        self.header.setLayout(header)
        header.setContentsMargins(0, 0, 0, 0)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(6)
        self.add_button = QPushButton("Add destination")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.limit_note = QLabel()
        self.limit_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet("color: #d84315;")
        self.problems_label.setVisible(False)
        footer = QHBoxLayout()
        footer.addWidget(self.add_button)
        footer.addWidget(self.limit_note)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addLayout(self.rows_layout)
        layout.addLayout(footer)
        layout.addWidget(self.problems_label)
        self._update_limit()

    # ---- rows ---------------------------------------------------------------------------------

    def set_restreams(self, restreams: Sequence[Restream]) -> None:
        for row in list(self.rows):
            self._remove(row)
        for restream in restreams[:MAX_RESTREAMS]:
            added = self.add_row()
            if added is not None:
                added.name.setText(restream.name)
                added.server_url.setText(restream.server_url)
                added.stream_key.setText(restream.stream_key)
        self.show_problems([])

    def add_row(self) -> RestreamRow | None:
        """A new empty destination (None when five are there already)."""
        if len(self.rows) >= MAX_RESTREAMS:
            return None
        row = RestreamRow()
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self._update_limit()
        row.name.setFocus()
        return row

    def _remove(self, row: RestreamRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self._update_limit()

    def _update_limit(self) -> None:
        full = len(self.rows) >= MAX_RESTREAMS
        self.add_button.setEnabled(not full)
        self.header.setVisible(bool(self.rows))
        if full:
            self.limit_note.setText(f"{MAX_RESTREAMS} destinations at most.")
        elif not self.rows:
            self.limit_note.setText("Send this stream on to other platforms too (up to 5).")
        else:
            self.limit_note.setText("")

    # ---- values and problems ------------------------------------------------------------------

    def filled_rows(self) -> list[RestreamRow]:
        return [row for row in self.rows if not row.blank()]

    def drafts(self) -> list[RestreamDraft]:
        """The destinations to send (blank rows left out)."""
        return [row.draft() for row in self.filled_rows()]

    def show_problems(self, problems: Sequence[RestreamProblem]) -> None:
        """Mark the fields named in ``problems`` and list the messages (empty clears)."""
        rows = self.filled_rows()
        for row in self.rows:
            for field in row.fields().values():
                _mark(field, False, "")
        lines = []
        for problem in problems:
            if problem.index is None:
                lines.append(problem.message)
                continue
            where = f"Destination {problem.index + 1}, {FIELD_LABELS.get(problem.field, '')}"
            lines.append(f"{where}: {problem.message}")
            if problem.index < len(rows):
                edit = rows[problem.index].fields().get(problem.field)
                if edit is not None:
                    _mark(edit, True, problem.message)
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setVisible(bool(lines))

    def invalid_fields(self) -> list[QLineEdit]:
        return [
            edit
            for row in self.rows
            for edit in row.fields().values()
            if edit.property("invalid") is True
        ]


def _mark(edit: QLineEdit, invalid: bool, message: str) -> None:
    edit.setProperty("invalid", invalid)
    edit.setToolTip(message)
    # Re-polish so the [invalid="true"] selector is evaluated again.
    edit.style().unpolish(edit)
    edit.style().polish(edit)
