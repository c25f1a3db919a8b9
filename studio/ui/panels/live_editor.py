"""``LiveStreamEditor``: create or edit a live stream (name, public, player, restreams).

Opened with ``open()`` (never ``exec()``). Save checks locally what the API would refuse
(blank name, restream fields, RTMP URL shape, five destinations at most) and only then emits
``submitted`` with the payload; the panel sends it and calls :meth:`saved` or
:meth:`show_refusal` with the API's answer, which is shown on the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError
from ...api.models import (
    UNSET,
    LiveStream,
    LiveStreamCreationPayload,
    LiveStreamUpdatePayload,
    PlayerTheme,
    RestreamPayload,
)
from ...services.ingest import RestreamProblem, restream_problems
from .live_restreams import INVALID_STYLE, RestreamTable

_FIELD_PATH = re.compile(r"^restreams(?:\[(\d+)\]\[(\w+)\])?$")
DEFAULT_PLAYER = ""  # combo data of "Default player"


class LiveStreamEditor(QDialog):
    """The form; ``stream`` None creates a new live stream."""

    submitted = Signal(object)  # LiveStreamCreationPayload | LiveStreamUpdatePayload

    def __init__(self, stream: LiveStream | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stream = stream
        self.setWindowTitle("Edit live stream" if stream else "New live stream")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(640)

        heading = QLabel(self.windowTitle())
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.name = QLineEdit(stream.name if stream else "")
        self.name.setPlaceholderText("Weekly town hall")
        self.public = QCheckBox("Anyone with the link can watch")
        self.public.setChecked(stream.public if stream else True)
        self.public_note = QLabel(
            "Private streams are played through single-use tokens that the API returns."
        )
        self.public_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.player = QComboBox()
        self.player.addItem("Default player", DEFAULT_PLAYER)
        self._wanted_player = (stream.player_id if stream else None) or DEFAULT_PLAYER
        self.restreams = RestreamTable()
        if stream:
            self.restreams.set_restreams(stream.restreams)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d84315;")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Create" if stream is None else "Save")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Name", self.name)
        form.addRow("Visibility", self.public)
        form.addRow("", self.public_note)
        form.addRow("Player theme", self.player)
        restream_title = QLabel("Restream destinations")
        restream_title.setFont(QFont(self.font().family(), -1, QFont.Weight.DemiBold))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(restream_title)
        layout.addWidget(self.restreams)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # ---- players (loaded by the panel) --------------------------------------------------------

    def set_players(self, players: Sequence[PlayerTheme]) -> None:
        for theme in players:
            self.player.addItem(theme.name or theme.player_id, theme.player_id)
        index = self.player.findData(self._wanted_player)
        if index < 0 and self._wanted_player:
            # The stream uses a theme not in the list (deleted, or beyond the first page).
            self.player.addItem(self._wanted_player, self._wanted_player)
            index = self.player.count() - 1
        self.player.setCurrentIndex(max(index, 0))

    # ---- save ---------------------------------------------------------------------------------

    def local_problems(self) -> list[RestreamProblem]:
        return restream_problems(self.restreams.drafts())

    def submit(self) -> None:
        """Validate; emit ``submitted`` with the payload when nothing is refused."""
        self._set_error("")
        if not self.name.text().strip():
            self._mark_name("Enter a name for the live stream.")
            return
        self._mark_name("")
        problems = self.local_problems()
        self.restreams.show_problems(problems)
        if problems:
            self._set_error("Fix the highlighted destinations: the API would refuse them.")
            return
        self.set_busy(True)
        self.submitted.emit(self.payload())

    def payload(self) -> LiveStreamCreationPayload | LiveStreamUpdatePayload:
        restreams = [
            RestreamPayload(
                name=d.name.strip(),
                server_url=d.server_url.strip(),
                stream_key=d.stream_key.strip(),
            )
            for d in self.restreams.drafts()
        ]
        player = str(self.player.currentData() or DEFAULT_PLAYER)
        if self.stream is None:
            return LiveStreamCreationPayload(
                name=self.name.text().strip(),
                public=self.public.isChecked(),
                player_id=player or UNSET,
                restreams=restreams,
            )
        previous = self.stream.player_id or DEFAULT_PLAYER
        return LiveStreamUpdatePayload(
            name=self.name.text().strip(),
            public=self.public.isChecked(),
            # playerId is a plain string in the API schema: "" detaches the theme.
            player_id=player if player != previous else UNSET,
            restreams=restreams,
        )

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText(
            "Saving…" if busy else ("Create" if self.stream is None else "Save")
        )

    def saved(self) -> None:
        """The API accepted the payload: close."""
        self.set_busy(False)
        self.accept()

    def show_refusal(self, error: Exception) -> None:
        """Show the API's refusal, on the field it names when it names one."""
        self.set_busy(False)
        if not isinstance(error, ApiError):
            self._set_error(f"Not saved: {error}")
            return
        message = error.detail or error.title or error.message
        match = _FIELD_PATH.match(error.name or "")
        if match is not None:
            index = int(match.group(1)) if match.group(1) is not None else None
            problem = RestreamProblem(index, match.group(2) or "", message)
            self.restreams.show_problems([problem])
            self._set_error("The API refused a destination.")
        elif error.name == "name":
            self._mark_name(message)
        else:
            self._set_error(f"Not saved: {error.message}")

    def _mark_name(self, message: str) -> None:
        self.name.setProperty("invalid", bool(message))
        self.name.setToolTip(message)
        self.name.style().unpolish(self.name)
        self.name.style().polish(self.name)
        self._set_error(message)
        if message:
            self.name.setFocus()

    def _set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
