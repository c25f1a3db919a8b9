"""``LiveCard``: a titled, rounded section of the Live panel (ingest, OBS, status...)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

STYLE = """
QFrame#liveCard {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 8px;
}
QFrame#liveCard QLabel { background: transparent; }
"""


class LiveCard(QFrame):
    """A title (and optional subtitle) over ``body``; ``header_actions`` sit right of the title."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveCard")
        self.setStyleSheet(STYLE)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.title.setFont(font)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setWordWrap(True)
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.subtitle.setVisible(bool(subtitle))
        self.header_actions = QHBoxLayout()
        self.header_actions.setSpacing(6)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addLayout(self.header_actions)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.subtitle)
        layout.addSpacing(2)
        layout.addLayout(self.body)
