"""``TagEditor``: tags as removable chips plus an input (Enter or comma adds, Backspace removes)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ...services.library import split_tags
from .flow_layout import FlowLayout

CHIP_STYLE = """
QFrame#tagChip {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 11px;
}
QFrame#tagChip QToolButton { border: none; padding: 0px; }
"""


class TagChip(QFrame):
    """One tag with a remove button."""

    remove_requested = Signal(str)

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("tagChip")
        self.setStyleSheet(CHIP_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 2, 4, 2)
        layout.setSpacing(2)
        self.label = QLabel(tag)
        self.remove_button = QToolButton()
        self.remove_button.setText("\u00d7")  # multiplication sign: a close mark
        self.remove_button.setToolTip(f"Remove the tag “{tag}”")
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.tag))
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)


class TagEditor(QWidget):
    """Edits a list of tags; ``changed`` fires on every edit (typed text included)."""

    changed = Signal()

    def __init__(self, placeholder: str = "Add a tag…", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self._chips: list[TagChip] = []
        self._flow = FlowLayout(self, spacing=5)
        self.input = QLineEdit()
        self.input.setPlaceholderText(placeholder)
        self.input.setFrame(False)
        self.input.setMinimumWidth(110)
        self.input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.input.returnPressed.connect(self.commit_input)
        self.input.textEdited.connect(self._on_text_edited)
        self.input.installEventFilter(self)
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.input.setCompleter(completer)
        self._flow.addWidget(self.input)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    # ---- values ------------------------------------------------------------------------------

    def tags(self) -> list[str]:
        """The chips plus whatever is typed and not yet committed."""
        out = list(self._tags)
        for tag in split_tags(self.input.text()):
            if tag not in out:
                out.append(tag)
        return out

    def set_tags(self, tags: list[str]) -> None:
        """Replace every tag (and clear the input)."""
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        self._tags = []
        self.input.clear()
        for tag in tags:
            self._add(tag)
        self.changed.emit()

    def set_suggestions(self, tags: list[str]) -> None:
        """Tags offered by the completer (for example every tag of the project)."""
        self._completions.setStringList(sorted(set(tags), key=str.casefold))

    def commit_input(self) -> None:
        """Turn the typed text into chips."""
        text = self.input.text()
        if not text.strip():
            return
        self.input.clear()
        for tag in split_tags(text):
            self._add(tag)
        self.changed.emit()

    def remove_tag(self, tag: str) -> None:
        if tag not in self._tags:
            return
        index = self._tags.index(tag)
        self._tags.pop(index)
        chip = self._chips.pop(index)
        self._flow.removeWidget(chip)
        chip.deleteLater()
        self.updateGeometry()
        self.changed.emit()

    def _add(self, tag: str) -> None:
        if tag in self._tags:
            return
        chip = TagChip(tag)
        chip.remove_requested.connect(self.remove_tag)
        self._tags.append(tag)
        self._chips.append(chip)
        self._flow.insertWidget(len(self._chips) - 1, chip)
        self.updateGeometry()

    # ---- keyboard ----------------------------------------------------------------------------

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            head, _, rest = text.rpartition(",")
            self.input.setText(rest.lstrip())
            for tag in split_tags(head):
                self._add(tag)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.input.text()
            and self._tags
        ):
            self.remove_tag(self._tags[-1])
            return True
        if watched is self.input and event.type() == QEvent.Type.FocusOut:
            self.commit_input()
        return super().eventFilter(watched, event)
