"""``ComingPanel``: an honest page for a section that is not built yet.

It says what the section will do and shows nothing that pretends to work (no sample numbers,
no dead buttons).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..sidebar import draw_icon


@dataclass(frozen=True)
class Upcoming:
    """What a future section is for."""

    key: str  # sidebar key (for the icon)
    title: str
    summary: str
    features: tuple[str, ...]


UPCOMING: dict[str, Upcoming] = {
    "live": Upcoming(
        "live",
        "Live streams",
        "Go live from OBS or any RTMP encoder, and keep the recordings in your library.",
        (
            "Create, rename and delete live streams; public or private",
            "RTMP URL and stream key, copied or handed to OBS in one click",
            "Broadcast status, preview and the player and iframe URLs",
            "Restreams to up to five other platforms",
        ),
    ),
    "players": Upcoming(
        "players",
        "Player themes",
        "Shape how your videos look when they are embedded.",
        (
            "Colours of the controls, the progress track and the title bar, with a live preview",
            "Logo and click-through link",
            "Autoplay, loop, hidden title and API access switches",
            "Assign a theme to videos and live streams",
        ),
    ),
    "tokens": Upcoming(
        "tokens",
        "Upload tokens",
        "Let others upload to your project without sharing your API key.",
        (
            "Create tokens with an expiry time, and revoke them",
            "Copy a ready-to-use upload URL",
            "See which videos came in through each token",
        ),
    ),
    "analytics": Upcoming(
        "analytics",
        "Analytics",
        "Understand how your videos are watched.",
        (
            "Plays, impressions, watch time and completion over time",
            "Breakdowns by country, device, browser and operating system",
            "Per-video and per-live-stream views",
        ),
    ),
    "account": Upcoming(
        "account",
        "Account",
        "Your project at a glance.",
        (
            "Plan, quotas and what remains of them",
            "Environments and rate limits of the project in use",
            "Shortcuts to the api.video dashboard",
        ),
    ),
}


class ComingPanel(QWidget):
    """A centred card: icon, title, one sentence, then the list of what is coming."""

    def __init__(self, upcoming: Upcoming, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.upcoming = upcoming
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)

        card = QFrame()
        card.setObjectName("comingCard")
        card.setFixedWidth(540)  # word-wrapped labels need a width to wrap at
        card.setStyleSheet(
            "#comingCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 12px; }"
        )
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)

        self.icon = QLabel()
        layout.addWidget(self.icon)
        self._draw_icon()
        title = QLabel(upcoming.title)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        badge = QLabel("Coming in a later version")
        badge.setObjectName("comingBadge")
        badge.setStyleSheet(
            "#comingBadge { background: palette(highlight); color: palette(highlighted-text);"
            " border-radius: 8px; padding: 2px 10px; }"
        )
        badge.setSizePolicy(
            badge.sizePolicy().horizontalPolicy(), badge.sizePolicy().verticalPolicy()
        )
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignLeft)
        summary = QLabel(upcoming.summary)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        # One label per feature: rich-text lists mis-measure their height when wrapped.
        for feature in upcoming.features:
            row = QHBoxLayout()
            row.setSpacing(8)
            bullet = QLabel("•")
            bullet.setAlignment(Qt.AlignmentFlag.AlignTop)
            text = QLabel(feature)
            text.setWordWrap(True)
            row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            layout.addLayout(row)
        layout.addSpacing(6)
        note = QLabel(
            "Until then, this section is available in the api.video dashboard and through the "
            "API clients."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)

        # Centred by stretches, not an alignment flag: an aligned item loses height-for-width,
        # and the wrapped labels would be cut to one line.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_icon()  # theme switch

    def _draw_icon(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        self.icon.setPixmap(draw_icon(self.upcoming.key, colour, 36))
