"""``BulkActions``: what to do with several selected videos — retag them all or delete them all."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .tag_editor import TagEditor


class BulkActions(QWidget):
    """Tag add/remove fields, Apply and Delete buttons, a progress bar and the last outcome."""

    apply_tags_requested = Signal(list, list)  # tags to add, tags to remove
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(font)
        hint = QLabel("Changes apply to every selected video.")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.add_tags = TagEditor("Tags to add…")
        self.remove_tags = TagEditor("Tags to remove…")
        self.apply_button = QPushButton("Apply tags")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._apply)
        for editor in (self.add_tags, self.remove_tags):
            editor.changed.connect(self._update_buttons)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Add", self.add_tags)
        form.addRow("Remove", self.remove_tags)

        self.delete_button = QPushButton("Delete videos…")
        self.delete_button.clicked.connect(self.delete_requested)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.headline)
        layout.addWidget(hint)
        layout.addSpacing(10)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addSpacing(18)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(10)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)

    def set_count(self, count: int) -> None:
        self.headline.setText(f"{count:,} videos selected")
        self.delete_button.setText(f"Delete {count:,} videos…")

    def set_busy(self, busy: bool, total: int = 0) -> None:
        """Disable the actions while one runs; the progress bar counts videos."""
        self.apply_button.setEnabled(not busy and self._has_tags())
        self.delete_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(0)
            self.outcome.clear()

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total}")

    def reset_fields(self) -> None:
        self.add_tags.set_tags([])
        self.remove_tags.set_tags([])

    def _has_tags(self) -> bool:
        return bool(self.add_tags.tags() or self.remove_tags.tags())

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self._has_tags() and not self.progress.isVisible())

    def _apply(self) -> None:
        self.apply_tags_requested.emit(self.add_tags.tags(), self.remove_tags.tags())
