"""``PreviewCard``: the live HLS played with QtMultimedia while the stream is live.

The player is created only when there is something to play (a machine without a multimedia
backend, or an offscreen test, then never pays for it), muted (a preview must not echo the
presenter's own voice), and stopped as soon as the stream is no longer live. If QtMultimedia
cannot be loaded or has no backend, the card says so instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ..widgets.live_card import LiveCard
from ..widgets.live_copy_field import CopyField

log = logging.getLogger(__name__)
ASPECT = 9 / 16
MIN_HEIGHT = 160


class _Placeholder(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setForegroundRole(QPalette.ColorRole.BrightText)
        self.setStyleSheet("QLabel { background: #111318; color: #aeb2ba; border-radius: 6px; }")


class PreviewCard(LiveCard):
    """Video area (placeholder until live) and the player link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Preview", "", parent)
        self.placeholder = _Placeholder()
        self.placeholder.setText("The preview starts when the stream is live.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.setFixedHeight(MIN_HEIGHT)
        self.player_link = CopyField()
        self.player_link.setToolTip("The embeddable player of this live stream")
        self.body.addWidget(self.stack)
        self.body.addWidget(self.player_link)
        self.player: Any = None  # QMediaPlayer, once needed
        self.video: Any = None  # QVideoWidget
        self.audio: Any = None
        self.source = ""
        self.playing = ""  # live stream id of the source
        self.unavailable = ""  # why no preview can play here, once known

    def heightForWidth(self, width: int) -> int:
        return int(width * ASPECT) + 80

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Keep the video area 16:9: its height follows the card's width (never the reverse).
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        width = event.size().width() - sides
        height = max(MIN_HEIGHT, round(width * ASPECT))
        if self.stack.height() != height:
            self.stack.setFixedHeight(height)

    def set_player_url(self, url: str) -> None:
        self.player_link.set_value(url)

    def show_waiting(self, text: str) -> None:
        """Stop any playback and show ``text`` instead."""
        self.stop()
        self.placeholder.setText(self.unavailable or text)
        self.stack.setCurrentWidget(self.placeholder)

    def play(self, hls_url: str, stream_id: str) -> None:
        """Play ``hls_url`` (no-op while ``stream_id`` already plays).

        Compared by stream, not URL: a private stream's URL carries a new token in every API
        answer, and restarting the player on each poll would make the preview stutter.
        """
        if stream_id == self.playing and self.source and self.player is not None:
            return
        if not self._ensure_player():
            self.show_waiting(self.unavailable)
            return
        self.source = hls_url
        self.playing = stream_id
        self.player.setSource(QUrl(hls_url))
        self.player.play()
        self.stack.setCurrentWidget(self.video)

    def stop(self) -> None:
        if self.player is not None and self.source:
            self.player.stop()
            self.player.setSource(QUrl())
        self.source = ""
        self.playing = ""

    def _ensure_player(self) -> bool:
        if self.player is not None:
            return True
        if self.unavailable:
            return False
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
            from PySide6.QtMultimediaWidgets import QVideoWidget
        except ImportError as exc:  # Addons missing, or a broken multimedia install
            log.warning("no QtMultimedia: %s", exc)
            self.unavailable = "Preview unavailable: Qt Multimedia is not installed."
            return False
        player = QMediaPlayer(self)
        if not player.isAvailable():
            self.unavailable = "Preview unavailable: no media backend on this system."
            player.deleteLater()
            return False
        self.audio = QAudioOutput(self)
        self.audio.setMuted(True)
        player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setStyleSheet("background: #000;")
        player.setVideoOutput(self.video)
        player.errorOccurred.connect(self._on_error)
        self.stack.addWidget(self.video)
        self.player = player
        return True

    def _on_error(self, _error: object, message: str) -> None:
        log.info("preview error: %s", message)
        self.stop()
        self.placeholder.setText(f"The preview cannot play: {message or 'unknown error'}")
        self.stack.setCurrentWidget(self.placeholder)
