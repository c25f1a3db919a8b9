"""``CopyField``: a value with a copy button; a secret one is masked until revealed.

Copying always puts the real value on the clipboard, masked or not: the user can paste a
stream key into OBS without ever showing it on screen (screen sharing, streaming the desktop).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from .live_glyphs import copy_icon, done_icon, hide_icon, reveal_icon

COPIED_MS = 1500


class CopyField(QWidget):
    """Read-only (or editable) line with Copy and, for secrets, Show/Hide."""

    copied = Signal(str)
    edited = Signal(str)  # editing finished (editable fields only)

    def __init__(self, *, secret: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.secret = secret
        self.line = QLineEdit()
        self.line.setReadOnly(True)
        self.line.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.line.setMinimumWidth(160)
        self.line.editingFinished.connect(lambda: self.edited.emit(self.value()))
        self.reveal_button = QToolButton()
        self.reveal_button.setCheckable(True)
        self.reveal_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reveal_button.toggled.connect(self._on_reveal)
        self.reveal_button.setVisible(secret)
        self.copy_button = QToolButton()
        self.copy_button.setIcon(copy_icon())
        self.copy_button.setToolTip("Copy")
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy_button.clicked.connect(self.copy)
        self._restore = QTimer(self)
        self._restore.setSingleShot(True)
        self._restore.setInterval(COPIED_MS)
        self._restore.timeout.connect(self._copy_done)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.copy_button)
        self._on_reveal(False)

    # ---- value --------------------------------------------------------------------------------

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: str) -> None:
        self.line.setText(value)
        self.line.setCursorPosition(0)
        self.copy_button.setEnabled(bool(value))

    def set_editable(self, editable: bool, placeholder: str = "") -> None:
        self.line.setReadOnly(not editable)
        self.line.setPlaceholderText(placeholder)

    # ---- reveal and copy ----------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return not self.secret or self.reveal_button.isChecked()

    def set_revealed(self, revealed: bool) -> None:
        self.reveal_button.setChecked(revealed)

    def _on_reveal(self, revealed: bool) -> None:
        masked = self.secret and not revealed
        self.line.setEchoMode(QLineEdit.EchoMode.Password if masked else QLineEdit.EchoMode.Normal)
        self.reveal_button.setIcon(hide_icon() if revealed else reveal_icon())
        self.reveal_button.setToolTip("Hide" if revealed else "Show")

    def copy(self) -> None:
        """Put the value (never the mask) on the clipboard."""
        value = self.value()
        if not value:
            return
        QGuiApplication.clipboard().setText(value)
        self.copy_button.setIcon(done_icon())
        self.copy_button.setToolTip("Copied")
        self._restore.start()
        self.copied.emit(value)

    def _copy_done(self) -> None:
        self.copy_button.setIcon(copy_icon())
        self.copy_button.setToolTip("Copy")
