"""``FramePlayer``: QtMultimedia playback reduced to what a frame picker needs.

A ``QMediaPlayer`` renders into a ``QVideoSink`` (not a ``QVideoWidget``) so every frame arrives
as an image with its presentation time: the picker paints it itself, can grab it for pictures,
and knows exactly which frame is on screen. The player is created on first use, muted, and
never required: when QtMultimedia is missing, has no backend, or cannot play the source,
:attr:`unavailable` says why and the picker carries on without pictures.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)


class FramePlayer(QObject):
    """Loads one URL; seeks, plays and pauses; reports frames, length, state and failures."""

    frame_shown = Signal(QImage, int)  # the frame and its start time in milliseconds
    duration_known = Signal(int)  # milliseconds
    playing_changed = Signal(bool)
    position_changed = Signal(int)  # while playing, milliseconds
    failed = Signal(str)  # why the source cannot be played (a sentence)

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self._player: Any = None  # QMediaPlayer once created
        self._sink: Any = None
        self._audio: Any = None
        self.unavailable = "" if enabled else "Playback is turned off."
        self.source = ""
        self.last_frame_ms: int | None = None

    @property
    def ready(self) -> bool:
        """True when a source is loaded in a working player."""
        return self._player is not None and bool(self.source) and not self.unavailable

    @property
    def playing(self) -> bool:
        if self._player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return bool(self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState)

    def load(self, url: str) -> bool:
        """Open ``url`` paused on its first frame; False (and :attr:`unavailable`) if it cannot."""
        if not self._ensure_player():
            return False
        self.source = url
        self.last_frame_ms = None
        self._player.setSource(QUrl(url))
        self._player.pause()  # decodes and shows the first frame without playing
        return True

    def seek(self, ms: int) -> None:
        if self.ready:
            self._player.setPosition(max(0, int(ms)))

    def play(self) -> None:
        if self.ready:
            self._player.play()

    def pause(self) -> None:
        if self.ready:
            self._player.pause()

    def stop(self) -> None:
        """Release the source (closing the dialog must not leave a download running)."""
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
        self.source = ""

    # ---- internals ---------------------------------------------------------------------------

    def _ensure_player(self) -> bool:
        if self._player is not None:
            return not self.unavailable
        if self.unavailable:
            return False
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink
        except ImportError as exc:  # a Qt build without the multimedia add-on
            log.warning("no QtMultimedia: %s", exc)
            self.unavailable = "Preview unavailable: Qt Multimedia is not installed."
            return False
        player = QMediaPlayer(self)
        if not player.isAvailable():
            self.unavailable = "Preview unavailable: no media backend on this system."
            player.deleteLater()
            return False
        self._audio = QAudioOutput(self)
        self._audio.setMuted(True)  # scrubbing through sound is noise
        player.setAudioOutput(self._audio)
        self._sink = QVideoSink(self)
        self._sink.videoFrameChanged.connect(self._on_frame)
        player.setVideoOutput(self._sink)
        player.durationChanged.connect(self._on_duration)
        player.playbackStateChanged.connect(self._on_state)
        player.positionChanged.connect(self._on_position)
        player.errorOccurred.connect(self._on_error)
        self._player = player
        return True

    def _on_frame(self, frame: Any) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        # Start times are microseconds; round up so the millisecond named is inside the frame.
        start_us = frame.startTime()
        start = math.ceil(start_us / 1000) if start_us is not None and start_us >= 0 else None
        if start is None:
            start = int(self._player.position()) if self._player is not None else 0
        self.last_frame_ms = start
        self.frame_shown.emit(image, start)

    def _on_duration(self, ms: int) -> None:
        if ms > 0:
            self.duration_known.emit(int(ms))

    def _on_state(self, _state: object) -> None:
        self.playing_changed.emit(self.playing)

    def _on_position(self, ms: int) -> None:
        if self.playing:
            self.position_changed.emit(int(ms))

    def _on_error(self, _error: object, message: str) -> None:
        log.info("frame player error: %s", message)
        self.unavailable = f"The video cannot be played here: {message or 'unknown error'}."
        self.failed.emit(self.unavailable)
