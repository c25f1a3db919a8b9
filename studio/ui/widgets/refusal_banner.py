"""``RefusalBanner``: a dismissible message listing dropped files that were not queued, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ...services.media_sniffing import Refusal

SHOWN = 5  # lines listed; the rest are summed up (all of them are in the tooltip)

STYLE = """
QFrame#refusalBanner {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-left: 3px solid palette(bright-text);
    border-radius: 6px;
}
QFrame#refusalBanner QToolButton { border: none; padding: 2px 6px; }
"""


class RefusalBanner(QFrame):
    """Hidden until :meth:`show_refusals`; the close button hides it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusalBanner")
        self.setStyleSheet(STYLE)
        self.refusals: list[Refusal] = []
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QLabel()
        self.more.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.close_button = QToolButton()
        self.close_button.setText("\u00d7")  # a close mark
        self.close_button.setToolTip("Dismiss")
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button.clicked.connect(self.dismiss)

        text = QVBoxLayout()
        text.setSpacing(3)
        text.addWidget(self.heading)
        text.addWidget(self.body)
        text.addWidget(self.more)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_refusals(self, refusals: Sequence[Refusal]) -> None:
        """List ``refusals`` (replacing an earlier list) and show the banner."""
        self.refusals = list(refusals)
        count = len(self.refusals)
        self.heading.setText(
            "1 item was not added" if count == 1 else f"{count} items were not added"
        )
        lines = [f"{r.path.name} — {r.reason}" for r in self.refusals]
        self.body.setText("\n".join(lines[:SHOWN]))
        self.more.setText(
            f"and {count - SHOWN} more (hover to see them all)" if count > SHOWN else ""
        )
        self.more.setVisible(count > SHOWN)
        self.setToolTip("\n".join(f"{r.path} — {r.reason}" for r in self.refusals))
        self.setVisible(True)

    def dismiss(self) -> None:
        self.refusals = []
        self.setVisible(False)
