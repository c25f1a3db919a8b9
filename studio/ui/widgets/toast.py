"""``Toast``: a short message floating at the bottom right of a window, gone after a while."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

MARGIN = 18
WIDTH = 340
SHOWN_MS = 7000

STYLE = """
QFrame#toast {
    background: palette(base);
    border: 1px solid palette(mid);
    border-left: 3px solid palette(highlight);
    border-radius: 8px;
}
QFrame#toast QToolButton { border: none; padding: 2px 6px; }
"""


class Toast(QFrame):
    """A message box that does not interrupt; it follows the window's bottom-right corner."""

    def __init__(self, window: QWidget, *, shown_ms: int = SHOWN_MS) -> None:
        super().__init__(window)
        self.setObjectName("toast")
        self.setStyleSheet(STYLE)
        self.setFixedWidth(WIDTH)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        close = QToolButton()
        close.setText("\u00d7")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 6, 10)
        layout.addLayout(text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(shown_ms)
        self._timer.timeout.connect(self.hide)
        window.installEventFilter(self)
        self.hide()

    def show_message(self, title: str, message: str) -> None:
        """Show (or replace) the message and restart the countdown."""
        self.title.setText(title)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        height = self.sizeHint().height()
        self.setGeometry(
            parent.width() - WIDTH - MARGIN, parent.height() - height - MARGIN, WIDTH, height
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False
