"""``FrameScrubber``: play/pause, frame steps, a slider of frames, and the exact timecode.

The scrubber owns the picked position (whole milliseconds). The slider counts frames, so its
own arrow keys already step one frame and Page Up/Down one second; moving it, stepping or
:meth:`set_position` with ``announce`` emits ``seek_requested`` for the player to follow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from ...services.frame_timing import FrameClock, format_timecode

ICON = 16


def _icon(draw: Callable[[QPainter], None]) -> QIcon:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    colour = palette.color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(ICON * scale, ICON * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        draw(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _triangle(p: QPainter, left: float, right: float) -> None:
    p.drawPolygon([QPointF(left, 3.0), QPointF(right, 8.0), QPointF(left, 13.0)])


def play_icon() -> QIcon:
    return _icon(lambda p: _triangle(p, 4.5, 13.0))


def pause_icon() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRoundedRect(QRectF(4.0, 3.0, 3.0, 10.0), 0.8, 0.8)
        p.drawRoundedRect(QRectF(9.0, 3.0, 3.0, 10.0), 0.8, 0.8)

    return _icon(draw)


def step_back_icon() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRect(QRectF(3.0, 3.0, 2.0, 10.0))
        _triangle(p, 13.0, 6.0)

    return _icon(draw)


def step_forward_icon() -> QIcon:
    def draw(p: QPainter) -> None:
        _triangle(p, 3.0, 10.0)
        p.drawRect(QRectF(11.0, 3.0, 2.0, 10.0))

    return _icon(draw)


class FrameScrubber(QWidget):
    """Transport buttons, a frame slider and the timecode of the current position."""

    seek_requested = Signal(int)  # milliseconds
    play_requested = Signal(bool)  # True: play, False: pause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = FrameClock()
        self._position = 0
        self._playing = False
        self._play_icon, self._pause_icon = play_icon(), pause_icon()

        self.play_button = self._button(self._play_icon, "Play (Space)")
        self.play_button.clicked.connect(lambda: self.play_requested.emit(not self._playing))
        self.back_button = self._button(step_back_icon(), "Previous frame (←)")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button = self._button(step_forward_icon(), "Next frame (→)")
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setSingleStep(1)
        self.slider.valueChanged.connect(self._on_slider)
        self.slider.setToolTip("Drag to scrub; ← and → step one frame")
        self.timecode_label = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.1)
        mono.setWeight(QFont.Weight.DemiBold)
        self.timecode_label.setFont(mono)
        self.timecode_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.frame_label = QLabel()
        self.frame_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for button in (self.play_button, self.back_button, self.forward_button):
            layout.addWidget(button)
        layout.addSpacing(6)
        layout.addWidget(self.slider, 1)
        layout.addSpacing(8)
        layout.addWidget(self.timecode_label)
        self.set_clock(self._clock)

    def _button(self, icon: QIcon, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the frame view
        return button

    # ---- state -------------------------------------------------------------------------------

    @property
    def clock(self) -> FrameClock:
        return self._clock

    @property
    def position(self) -> int:
        """The picked position in milliseconds."""
        return self._position

    @property
    def timecode(self) -> str:
        """The picked position as the thumbnail route wants it."""
        return format_timecode(self._position)

    def set_clock(self, clock: FrameClock) -> None:
        """Use ``clock`` (frame rate and length); the slider spans every frame."""
        self._clock = clock
        self.slider.blockSignals(True)
        self.slider.setRange(0, clock.last_frame)
        self.slider.setPageStep(max(1, round(clock.framerate)))  # Page Up/Down: one second
        self.slider.blockSignals(False)
        self.slider.setEnabled(clock.duration_ms > 0)
        self.set_position(self._position)

    def set_position(self, ms: int, *, announce: bool = False) -> None:
        """Show ``ms`` (kept within the video); emit ``seek_requested`` if ``announce``."""
        self._position = self._clock.clamp(ms)
        self.slider.blockSignals(True)
        self.slider.setValue(self._clock.frame_at(self._position))
        self.slider.blockSignals(False)
        self._show()
        if announce:
            self.seek_requested.emit(self._position)

    def step(self, frames: int) -> None:
        """Move ``frames`` frames forward (or back, when negative)."""
        self.set_position(self._clock.step(self._position, frames), announce=True)

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")

    def set_can_play(self, can_play: bool) -> None:
        self.play_button.setEnabled(can_play)
        if not can_play:
            self.set_playing(False)

    def _on_slider(self, frame: int) -> None:
        self.set_position(self._clock.position_of(frame), announce=True)

    def _show(self) -> None:
        self.timecode_label.setText(format_timecode(self._position))
        rate = f"{self._clock.framerate:.3f}".rstrip("0").rstrip(".")
        frame = self._clock.frame_at(self._position) + 1
        if self._clock.duration_ms > 0:
            self.frame_label.setText(
                f"Frame {frame:,} of {self._clock.last_frame + 1:,} · {rate} fps"
            )
        else:
            self.frame_label.setText(f"Frame {frame:,} · {rate} fps")
