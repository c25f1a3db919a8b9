"""``UploadEditor``: the title, description, tags and visibility of one queued upload.

Editable before and during the upload (and after: the queue PATCHes what changed). Save sends
the form to the queue; switching to another item with unsaved changes keeps nothing (the form
always shows the item as the queue knows it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.upload_item import UploadItem, VideoDetails
from ..models.upload_queue_model import format_size
from .tag_editor import TagEditor


class UploadEditor(QWidget):
    """Edits one item's ``VideoDetails``; ``details_saved(item_id, details)`` on Save."""

    details_saved = Signal(int, object)  # item id, VideoDetails

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_id: int | None = None
        self._shown = VideoDetails(title="")
        self.heading = QLabel("Video details")
        font = QFont(self.heading.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.hint = QLabel("Changes made now are applied to the video as soon as it exists.")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Title")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText("Description")
        self.description_edit.setFixedHeight(84)
        self.tags_edit = TagEditor()
        self.public_check = QCheckBox("Public — anyone with the link can watch")
        self.file_label = QLabel()
        self.video_label = QLabel()
        for label in (self.file_label, self.video_label):
            label.setWordWrap(True)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Revert")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("", self.public_check)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addSpacing(6)
        layout.addWidget(self.file_label)
        layout.addWidget(self.video_label)
        layout.addStretch(1)

        self.title_edit.textChanged.connect(self._update_buttons)
        self.description_edit.textChanged.connect(self._update_buttons)
        self.tags_edit.changed.connect(self._update_buttons)
        self.public_check.toggled.connect(self._update_buttons)
        self.title_edit.returnPressed.connect(self.save)
        self.show_item(None)

    @property
    def item_id(self) -> int | None:
        return self._item_id

    def details(self) -> VideoDetails:
        """The form's values."""
        return VideoDetails(
            title=self.title_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            tags=self.tags_edit.tags(),
            public=self.public_check.isChecked(),
        )

    def show_item(self, item: UploadItem | None) -> None:
        """Load ``item`` into the form (None: an empty, disabled form)."""
        self._item_id = item.id if item is not None else None
        self._shown = item.details if item is not None else VideoDetails(title="")
        self._fill(self._shown)
        for widget in (self.title_edit, self.description_edit, self.tags_edit, self.public_check):
            widget.setEnabled(item is not None)
        if item is None:
            self.file_label.setText("Select an upload to edit its title, description and tags.")
            self.video_label.clear()
        else:
            self.file_label.setText(f"{item.path}\n{format_size(item.size)}")
            self.video_label.setText(
                f"Video ID: {item.video_id}" if item.video_id else "The video is not created yet."
            )
        self._update_buttons()

    def refresh(self, item: UploadItem) -> None:
        """The item changed in the queue: update the form unless the user is editing it."""
        if item.id != self._item_id:
            return
        if self.details() == self._shown:
            self.show_item(item)
        else:
            self._shown = item.details
            self.video_label.setText(
                f"Video ID: {item.video_id}" if item.video_id else "The video is not created yet."
            )
            self._update_buttons()

    def save(self) -> None:
        if self._item_id is None or not self._dirty():
            return
        details = self.details()
        if not details.title:
            self.title_edit.setFocus()
            return  # api.video requires a title
        self._shown = details
        self.details_saved.emit(self._item_id, details)
        self._update_buttons()

    def _fill(self, details: VideoDetails) -> None:
        self.title_edit.setText(details.title)
        self.description_edit.setPlainText(details.description)
        self.tags_edit.set_tags(details.tags)
        self.public_check.setChecked(details.public)

    def _revert(self) -> None:
        self._fill(self._shown)
        self._update_buttons()

    def _dirty(self) -> bool:
        return self._item_id is not None and self.details() != self._shown

    def _update_buttons(self) -> None:
        dirty = self._dirty()
        self.save_button.setEnabled(dirty and bool(self.title_edit.text().strip()))
        self.revert_button.setEnabled(dirty)
