"""``ask_save_edits``: "Save your changes to …?" — Save, Discard or Cancel, without blocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def ask_save_edits(
    parent: QWidget, title: str, *, save: Callable[[], None], discard: Callable[[], None]
) -> QMessageBox:
    """Open (window-modal, non-blocking) the question about unsaved edits of ``title``;
    ``save`` or ``discard`` runs on the answer, Cancel (and Escape) does nothing."""
    box = QMessageBox(parent)
    box.setWindowTitle("Unsaved changes")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(f"Save your changes to “{title}”?")
    box.setInformativeText("Another video was selected; these edits have not been saved yet.")
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: QAbstractButton) -> None:
        choice = box.standardButton(button)
        if choice == Button.Save:
            save()
        elif choice == Button.Discard:
            discard()

    box.buttonClicked.connect(answered)
    box.open()
    return box
