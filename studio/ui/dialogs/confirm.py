"""``ConfirmDialog``: "are you sure?" for destructive actions, opened with ``open()``.

It never blocks: ``open()`` returns at once and ``confirmed`` fires if the user agrees (the app's
coroutines keep running while it is shown, which ``exec()`` would not guarantee).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class ConfirmDialog(QMessageBox):
    """A window-modal question with one confirming button (Cancel is the default)."""

    confirmed = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        text: str,
        detail: str = "",
        confirm_text: str = "Delete",
        destructive: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        self.setText(text)
        if detail:
            self.setInformativeText(detail)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        role = (
            QMessageBox.ButtonRole.DestructiveRole
            if destructive
            else QMessageBox.ButtonRole.AcceptRole
        )
        self.confirm_button: QPushButton = self.addButton(confirm_text, role)
        self.cancel_button: QPushButton = self.addButton(QMessageBox.StandardButton.Cancel)
        # Enter must not destroy anything by accident.
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._on_clicked)

    def _on_clicked(self, button: object) -> None:
        if button is self.confirm_button:
            self.confirmed.emit()


def ask_confirmation(
    parent: QWidget | None,
    *,
    title: str,
    text: str,
    detail: str = "",
    confirm_text: str = "Delete",
    destructive: bool = True,
) -> ConfirmDialog:
    """Build and ``open()`` a confirmation; connect to ``.confirmed`` on the returned dialog."""
    dialog = ConfirmDialog(
        parent,
        title=title,
        text=text,
        detail=detail,
        confirm_text=confirm_text,
        destructive=destructive,
    )
    dialog.open()
    return dialog
