"""``ColourField``: a swatch that opens a colour picker, a text field, and an inline error.

The text is the truth (the API stores CSS strings): the field accepts ``rgba(r, g, b, a)`` and
``#rrggbb`` (see :mod:`studio.services.colours`), shows why anything else is refused right under
it, and rewrites a valid entry in the API's ``rgba(r, g, b, .95)`` form when editing ends. The
picker is a ``QColorDialog`` opened with ``open()`` (never ``exec()``), alpha included.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services.colours import ColourError, Rgba, format_colour, parse_colour

SWATCH = QSize(34, 26)
CHECKER = 6  # px per square of the transparency checkerboard


def to_qcolor(colour: Rgba) -> QColor:
    """The Qt colour of an API colour."""
    return QColor(colour.red, colour.green, colour.blue, colour.alpha_byte)


def from_qcolor(colour: QColor) -> Rgba:
    """The API colour of a Qt colour (alpha rounded to two decimals, as the API writes it)."""
    return Rgba(colour.red(), colour.green(), colour.blue(), round(colour.alphaF(), 2))


def qcolor_of(text: str, fallback: QColor) -> QColor:
    """``text`` as a QColor, or ``fallback`` when it is no colour."""
    try:
        return to_qcolor(parse_colour(text))
    except ColourError:
        return fallback


class ColourSwatch(QToolButton):
    """A button painted with a colour over a checkerboard (so transparency shows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour: QColor | None = None
        self.setFixedSize(SWATCH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Pick a colour")

    def set_colour(self, colour: QColor | None) -> None:
        """Show ``colour``; None draws the "no valid colour" mark."""
        self._colour = colour
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        painter.save()
        clip = area.adjusted(1, 1, -1, -1)
        painter.setClipRect(clip)
        light, dark = QColor(255, 255, 255), QColor(204, 204, 204)
        for row in range(int(clip.height()) // CHECKER + 1):
            for column in range(int(clip.width()) // CHECKER + 1):
                square = QRectF(
                    clip.left() + column * CHECKER, clip.top() + row * CHECKER, CHECKER, CHECKER
                )
                painter.fillRect(square, light if (row + column) % 2 == 0 else dark)
        if self._colour is not None:
            painter.fillRect(clip, self._colour)
        else:  # a red slash: nothing valid to show
            painter.setPen(QPen(palette.color(QPalette.ColorRole.BrightText), 2))
            painter.drawLine(clip.bottomLeft(), clip.topRight())
        painter.restore()
        border = palette.color(
            QPalette.ColorRole.Highlight if self.hasFocus() else QPalette.ColorRole.Mid
        )
        if self.underMouse():
            border = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(border, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(area, 4, 4)


class ColourField(QWidget):
    """One theme colour: swatch + text + inline error; ``edited`` fires on every user change."""

    edited = Signal(str)  # the field's text, valid or not (the preview follows valid ones)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker: QColorDialog | None = None  # the open colour dialog, if any
        self.swatch = ColourSwatch()
        self.swatch.clicked.connect(self.open_picker)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("rgba(255, 255, 255, 1) or #ffffff")
        self.edit.setClearButtonEnabled(False)
        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.editingFinished.connect(self.normalise)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.error.setVisible(False)
        font = self.error.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.error.setFont(font)
        self.error.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.swatch)
        row.addWidget(self.edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)

    # ---- value -------------------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Show ``text`` as it is (a value from the server); no ``edited`` signal."""
        self.edit.setText(text)
        self._validate()

    def colour(self) -> Rgba | None:
        """The parsed colour, or None while the text is not a colour."""
        try:
            return parse_colour(self.edit.text())
        except ColourError:
            return None

    def error_text(self) -> str | None:
        """Why the text is refused, or None when it is a colour."""
        try:
            parse_colour(self.edit.text())
        except ColourError as exc:
            return str(exc)
        return None

    def is_valid(self) -> bool:
        return self.error_text() is None

    def set_colour(self, colour: Rgba) -> None:
        """Set the colour as the user would (the text in the API's form; ``edited`` fires)."""
        self.edit.setText(format_colour(colour))
        self._changed()

    def normalise(self) -> None:
        """Rewrite a valid entry the way the API writes colours (``#5883ff`` → ``rgba(...)``)."""
        colour = self.colour()
        if colour is None:
            return
        text = format_colour(colour)
        if text != self.edit.text():
            self.edit.setText(text)
            self._changed()

    # ---- picker ------------------------------------------------------------------------------

    def open_picker(self) -> QColorDialog:
        """Open the colour dialog (``open()``: the app keeps running); returns it."""
        if self.picker is not None:
            self.picker.raise_()
            return self.picker
        dialog = QColorDialog(self)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)
        # Qt's own dialog: the same everywhere, and it always offers the alpha channel.
        dialog.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog, True)
        dialog.setWindowTitle("Pick a colour")
        colour = self.colour()
        if colour is not None:
            dialog.setCurrentColor(to_qcolor(colour))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.colorSelected.connect(lambda chosen: self.set_colour(from_qcolor(chosen)))
        dialog.finished.connect(self._forget_picker)
        self.picker = dialog
        dialog.open()
        return dialog

    def _forget_picker(self) -> None:
        self.picker = None

    # ---- internals ---------------------------------------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        self._changed()

    def _changed(self) -> None:
        self._validate()
        self.edited.emit(self.edit.text())

    def _validate(self) -> None:
        problem = self.error_text()
        colour = self.colour()
        self.swatch.set_colour(to_qcolor(colour) if colour is not None else None)
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None)
        # A red frame on the text too, from the palette so it reads in light and dark themes.
        if problem is None:
            self.edit.setStyleSheet("")
        else:
            self.edit.setStyleSheet("QLineEdit { border: 1px solid palette(bright-text); }")
