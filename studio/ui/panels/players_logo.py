"""``LogoEditor``: the theme's logo — choose an image (fitted to the API's limits), link, remove.

Choosing a file fits it in a worker thread (:func:`~studio.services.logo_fitting.fit_logo_async`)
and shows the result with a sentence saying what was changed; nothing is uploaded until the
theme is saved (the editor sends the logo with its link). The file dialog opens with ``open()``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...services.logo_fitting import API_LOGO_LIMITS, FittedLogo, LogoError, fit_logo_async
from .players_draft import LogoDraft, link_problem

if TYPE_CHECKING:
    from ...services.context import AppContext

THUMB = QSize(API_LOGO_LIMITS.width + 16, API_LOGO_LIMITS.height + 16)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.ico);;All files (*)"


class LogoThumb(QWidget):
    """The logo at its real size (at most 200x100) on a dark plate, as it sits on a video."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setFixedSize(THUMB)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        plate = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(plate, 8, 8)
        painter.fillPath(path, QColor("#2b2540"))
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawPath(path)
        if self.image is None or self.image.isNull():
            painter.setPen(QColor(255, 255, 255, 150))
            painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, "No logo")
            return
        size = self.image.size().scaled(
            API_LOGO_LIMITS.width, API_LOGO_LIMITS.height, Qt.AspectRatioMode.KeepAspectRatio
        )
        if (
            self.image.width() <= API_LOGO_LIMITS.width
            and self.image.height() <= API_LOGO_LIMITS.height
        ):
            size = self.image.size()  # never enlarge: show the real pixels
        target = QRectF(0, 0, size.width(), size.height())
        target.moveCenter(plate.center())
        painter.drawImage(target, self.image)


class LogoEditor(QWidget):
    """Logo image, link and removal of one theme; ``changed`` fires on every user edit."""

    changed = Signal()  # the user changed the logo or its link
    image_loaded = Signal()  # the saved logo arrived (not an edit)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.saved_image: QImage | None = None  # the theme's logo as downloaded
        self.saved_data: bytes | None = None
        self.fitted: FittedLogo | None = None  # a new image, fitted, waiting for Save
        self.fitted_image: QImage | None = None
        self.removed = False
        self.fitting = False
        self._fit_task: asyncio.Task[None] | None = None
        self.file_dialog: QFileDialog | None = None
        self._has_saved_logo = False
        self._saved_link = ""

        self.thumb = LogoThumb()
        self.choose_button = QPushButton("Choose image…")
        self.choose_button.setToolTip(
            "Any image: it is resized to at most 200x100 px and compressed under 100 KB."
        )
        self.choose_button.clicked.connect(self.open_file_dialog)
        self.remove_button = QPushButton("Remove logo")
        self.remove_button.clicked.connect(self.remove)
        self.link = QLineEdit()
        self.link.setPlaceholderText("https://example.com")
        self.link.setToolTip("Where a click on the logo leads (sent with the logo).")
        self.link.textEdited.connect(self._on_link_edited)
        self.link_error = QLabel()
        self.link_error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.link_error.setWordWrap(True)
        self.link_error.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.setVisible(False)

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.thumb)
        top.addLayout(buttons)
        top.addStretch(1)
        link_row = QGridLayout()
        link_row.setHorizontalSpacing(8)
        link_row.setVerticalSpacing(2)
        link_label = QLabel("Link")
        link_row.addWidget(link_label, 0, 0)
        link_row.addWidget(self.link, 0, 1)
        link_row.addWidget(self.link_error, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(link_row)
        self._update_controls()

    # ---- state -------------------------------------------------------------------------------

    def reset(self, has_logo: bool, link: str) -> None:
        """Show a saved theme's logo state (the image follows with :meth:`set_saved_image`)."""
        if self._fit_task is not None and not self._fit_task.done():
            self._fit_task.cancel()  # an image chosen for the theme shown before: drop it
        self._fit_task = None
        self.fitting = False
        self._has_saved_logo = has_logo
        self._saved_link = link
        self.saved_image = None
        self.saved_data = None
        self.fitted = None
        self.fitted_image = None
        self.removed = False
        self.link.setText(link)
        self.message.setVisible(False)
        self.message.clear()
        self._validate_link()
        self._update_controls()

    def set_saved_image(self, data: bytes | None) -> None:
        """The downloaded logo of the saved theme (None when it could not be fetched)."""
        self.saved_data = data
        image = QImage.fromData(data) if data else None
        self.saved_image = image if image is not None and not image.isNull() else None
        self._update_controls()
        self.image_loaded.emit()

    def current_image(self) -> QImage | None:
        """The logo as the theme will look once saved."""
        if self.fitted_image is not None:
            return self.fitted_image
        if self.removed or not self._has_saved_logo:
            return None
        return self.saved_image

    def has_logo(self) -> bool:
        """True when the theme will have a logo once saved."""
        return self.fitted is not None or (self._has_saved_logo and not self.removed)

    def draft(self) -> LogoDraft:
        return LogoDraft(fitted=self.fitted, remove=self.removed, link=self.link.text().strip())

    def link_problem(self) -> str | None:
        return link_problem(self.link.text()) if self.has_logo() else None

    # ---- actions -----------------------------------------------------------------------------

    def open_file_dialog(self) -> QFileDialog:
        """Ask for an image (``open()``); the chosen file is fitted at once."""
        dialog = QFileDialog(self, "Choose a logo", "", IMAGE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_file)
        dialog.finished.connect(self._forget_dialog)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.file_dialog = None

    def load_file(self, path: str) -> None:
        """Fit the image at ``path`` (in a worker) and make it the pending logo."""
        self.fitting = True
        self._show_message("Fitting the image…", error=False)
        self._update_controls()
        self._fit_task = self._context.scope.start(self._fit(path), key=f"logo-fit-{id(self)}")

    async def _fit(self, path: str) -> None:
        try:
            fitted = await fit_logo_async(path)
        except LogoError as exc:
            self._show_message(str(exc), error=True)
            return
        finally:
            self.fitting = False
            self._update_controls()
        image = QImage.fromData(fitted.data)
        self.fitted = fitted
        self.fitted_image = image
        self.removed = False
        self._show_message(fitted.summary, error=False)
        self._validate_link()
        self._update_controls()
        self.changed.emit()

    def remove(self) -> None:
        """Drop the logo (a new one not yet saved, or the saved one when saving)."""
        self.fitted = None
        self.fitted_image = None
        self.removed = self._has_saved_logo
        self.message.setVisible(False)
        self._validate_link()
        self._update_controls()
        self.changed.emit()

    # ---- internals ---------------------------------------------------------------------------

    def _on_link_edited(self, _text: str) -> None:
        self._validate_link()
        self.changed.emit()

    def _validate_link(self) -> None:
        problem = self.link_problem()
        self.link_error.setText(problem or "")
        self.link_error.setVisible(problem is not None)

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        role = QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        self.message.setForegroundRole(role)
        self.message.setVisible(bool(text))

    def _update_controls(self) -> None:
        self.thumb.set_image(self.current_image())
        with_logo = self.has_logo()
        self.remove_button.setEnabled(with_logo and not self.fitting)
        self.choose_button.setEnabled(not self.fitting)
        self.choose_button.setText("Replace image…" if with_logo else "Choose image…")
        # The link travels with the logo: without one there is nothing to attach it to.
        self.link.setEnabled(with_logo)
        if not with_logo:
            self.link.setPlaceholderText("Add a logo first")
        else:
            self.link.setPlaceholderText("https://example.com")
