"""``ThumbnailPicker``: choose the frame people see first, or upload an image instead.

The dialog plays the video's MP4 (or HLS) with QtMultimedia, scrubs with a slider, steps one
frame at a time (← →; Shift for a second; Home, End; Space plays) using the frame rate the
encoder reported, and shows the exact timecode. "Use this frame" sends that timecode to
``PATCH /videos/{id}/thumbnail``; "Upload an image…" takes any image Pillow reads, converts and
fits it off the loop thread, and posts the JPEG to ``POST /videos/{id}/thumbnail``.

Without pictures (no multimedia backend, offscreen tests, a video not processed yet) the picker
still works: the scrubber, the typed timecode and the image upload need no player. After a
change the thumbnail cache forgets the video (views repaint) and ``thumbnail_changed`` carries
the updated video for whoever shows it.

Open it with :func:`open_thumbnail_picker`; it is window-modal and never blocks the loop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QImage, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import Video, VideoStatus
from ...services.frame_timing import FrameClock, parse_timecode
from ...services.image_fitting import (
    ImageFittingError,
    fit_thumbnail_off_loop,
    readable_extensions,
)
from ...services.thumbnails import version_of
from ..widgets.frame_player import FramePlayer
from ..widgets.frame_scrubber import FrameScrubber
from ..widgets.frame_view import FrameView

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

CURRENT = QSize(240, 135)
RELEASE_POLL_MS = 250
NO_PICTURES_HINT = "You can still type a timecode, or upload an image."


def _caption(text: str) -> QLabel:
    label = QLabel(text.upper())
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.82)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


KEYS = (
    ("← →", "previous or next frame"),
    ("Shift ← →", "one second"),
    ("Home  End", "first or last frame"),
    ("Space", "play or pause"),
    ("Enter", "use this frame"),
)


def _keys_grid() -> QGridLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(3)
    for row, (keys, meaning) in enumerate(KEYS):
        key = QLabel(keys)
        font = QFont(key.font())
        font.setWeight(QFont.Weight.DemiBold)
        key.setFont(font)
        text = QLabel(meaning)
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(key, row, 0)
        grid.addWidget(text, row, 1)
    grid.setColumnStretch(1, 1)
    return grid


def _reason(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return str(exc) or type(exc).__name__


class ThumbnailPicker(QDialog):
    """Frame picker and image upload for one video's thumbnail."""

    thumbnail_changed = Signal(object)  # the updated Video

    def __init__(
        self,
        context: AppContext,
        video_id: str,
        parent: QWidget | None = None,
        *,
        play_media: bool = True,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.video_id = video_id
        self.video: Video | None = None
        self.status: VideoStatus | None = None
        self.loaded = False  # the video and its status have arrived (or failed to)
        self._busy = False
        self._framerate: float | None = None
        self.player = FramePlayer(self, enabled=play_media)
        self.setWindowTitle("Choose a thumbnail")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(880, 560)
        self._build()
        self._connect()

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel("Choose a thumbnail")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.subheading = QLabel(
            "Scrub to a frame and use it, or upload an image. ← → step one frame."
        )
        self.subheading.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.view = FrameView()
        self.view.show_message("Loading the video…")
        self.scrubber = FrameScrubber()
        self.timecode_edit = QLineEdit()
        self.timecode_edit.setPlaceholderText("hh:mm:ss.mmm")
        self.timecode_edit.setToolTip(
            "Type a timecode (hh:mm:ss.mmm, mm:ss.mmm, seconds or hh:mm:ss:frame) and press Enter"
        )
        self.timecode_edit.setFixedWidth(150)
        self.timecode_edit.setFont(self.scrubber.timecode_label.font())
        timecode_row = QHBoxLayout()
        timecode_row.setSpacing(8)
        timecode_row.addWidget(QLabel("Go to"))
        timecode_row.addWidget(self.timecode_edit)
        timecode_row.addSpacing(6)
        timecode_row.addWidget(self.scrubber.frame_label)
        timecode_row.addStretch(1)

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.view, 1)
        left.addWidget(self.scrubber)
        left.addLayout(timecode_row)

        self.current = QLabel()
        self.current.setFixedSize(CURRENT)
        self.current.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current.setAutoFillBackground(True)
        self.current.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.current.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.current.setText("No thumbnail yet")
        self.current_note = QLabel()
        self.current_note.setWordWrap(True)
        self.current_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.current_note.setVisible(False)
        self.upload_button = QPushButton("Upload an image…")
        self.upload_button.clicked.connect(self.choose_image)
        upload_note = QLabel(
            "Any image format works: it is converted to JPEG and scaled to fit 1920×1080."  # noqa: RUF001 (a times sign)
        )
        upload_note.setWordWrap(True)
        upload_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        side_box = QFrame()
        side_box.setObjectName("pickerSide")
        side_box.setStyleSheet(
            "QFrame#pickerSide { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; } QFrame#pickerSide QLabel { border: none; }"
        )
        side = QVBoxLayout(side_box)
        side.setContentsMargins(14, 12, 14, 14)
        side.setSpacing(8)
        side.addWidget(_caption("Current thumbnail"))
        side.addWidget(self.current)
        side.addWidget(self.current_note)
        side.addSpacing(10)
        side.addWidget(_caption("Or use your own image"))
        side.addWidget(upload_note)
        side.addWidget(self.upload_button)
        side.addSpacing(10)
        side.addWidget(_caption("Keys"))
        side.addLayout(_keys_grid())
        side_box.setFixedWidth(CURRENT.width() + 30)
        side_box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(left, 1)
        body.addWidget(side_box, 0, Qt.AlignmentFlag.AlignTop)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.use_button = QPushButton("Use this frame")
        self.use_button.clicked.connect(self.use_frame)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.close_button, self.upload_button):
            button.setAutoDefault(False)
        self.use_button.setDefault(True)  # Enter uses the frame (except in the timecode field)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.use_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.view.setFocus()

    def _connect(self) -> None:
        self.scrubber.seek_requested.connect(self._on_seek)
        self.scrubber.play_requested.connect(self._on_play_requested)
        self.timecode_edit.installEventFilter(self)
        self.player.frame_shown.connect(self._on_frame)
        self.player.duration_known.connect(self._on_duration)
        self.player.playing_changed.connect(self._on_playing)
        self.player.position_changed.connect(self._on_playing_position)
        self.player.failed.connect(self._on_player_failed)
        cache = self._context.thumbnails
        if cache is not None:
            cache.thumbnail_ready.connect(self._on_thumbnail_ready)

    # ---- loading -----------------------------------------------------------------------------

    def start(self) -> None:
        """Fetch the video and its encoding facts, then load the media."""
        self._context.scope.start(self._load(), key=f"thumbnail-picker-load-{id(self)}")

    async def _load(self) -> None:
        client = self._context.client
        try:
            video = await client.videos.get(self.video_id)
            status = await client.videos.status(self.video_id)
        except (ApiError, TransportError) as exc:
            self.view.show_message(f"The video could not be loaded: {_reason(exc)}")
            self._say(f"Not loaded: {_reason(exc)}", error=True)
            self.loaded = True
            return
        self.video, self.status = video, status
        self.heading.setText(f"Choose a thumbnail — {video.title or 'Untitled'}")
        meta = status.encoding.metadata if status.encoding else None
        self._framerate = meta.framerate if meta else None
        duration = meta.duration * 1000 if meta and meta.duration else None
        self.scrubber.set_clock(FrameClock.of(self._framerate, duration))
        if meta is not None:
            self.view.set_aspect(meta.width, meta.height)
        self._show_current()
        self._open_media(video, status)
        self.loaded = True

    def _open_media(self, video: Video, status: VideoStatus) -> None:
        assets = video.assets
        url = (assets.mp4 or assets.hls) if assets is not None else None
        if not url or not status.playable:
            self.scrubber.set_can_play(False)
            self.view.show_message(
                "This video has no playable source yet. A timecode chosen now is used once "
                "the video is processed; an uploaded image is used at once."
            )
            return
        if not self.player.load(url):
            self.scrubber.set_can_play(False)
            self.view.show_message(f"{self.player.unavailable} {NO_PICTURES_HINT}")
            return
        self.view.show_message("Loading the video…")
        if not assets or not assets.mp4:
            # HLS seeks land on keyframes: the picture may be a little early, not the timecode.
            self.subheading.setText(
                "Previewing the HLS stream (no MP4 for this video): the picture may show the "
                "nearest keyframe, the timecode sent is exact."
            )

    # ---- player ------------------------------------------------------------------------------

    def _on_seek(self, ms: int) -> None:
        self.timecode_edit.clear()
        self.player.seek(ms)

    def _on_play_requested(self, play: bool) -> None:
        if play:
            self.player.play()
        else:
            self.player.pause()

    def _on_frame(self, image: QImage, start_ms: int) -> None:
        self.view.show_image(image)
        if self.player.playing:
            self.scrubber.set_position(start_ms)

    def _on_duration(self, ms: int) -> None:
        # The player knows the length to the millisecond; the API only in whole seconds.
        self.scrubber.set_clock(FrameClock.of(self._framerate, ms))

    def _on_playing(self, playing: bool) -> None:
        self.scrubber.set_playing(playing)
        if not playing and self.player.last_frame_ms is not None:
            # Paused: name exactly the frame on screen.
            self.scrubber.set_position(self.player.last_frame_ms)

    def _on_playing_position(self, ms: int) -> None:
        if self.player.last_frame_ms is None:
            self.scrubber.set_position(ms)

    def _on_player_failed(self, message: str) -> None:
        self.scrubber.set_can_play(False)
        self.view.show_message(f"{message} {NO_PICTURES_HINT}", keep_image=True)

    # ---- keys and typed timecodes ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        second = max(1, round(self.scrubber.clock.framerate))
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            sign = -1 if key == Qt.Key.Key_Left else 1
            self.scrubber.step(sign * (second if shift else 1))
        elif key == Qt.Key.Key_Home:
            self.scrubber.set_position(0, announce=True)
        elif key == Qt.Key.Key_End and self.scrubber.clock.duration_ms > 0:
            end = self.scrubber.clock.position_of(self.scrubber.clock.last_frame)
            self.scrubber.set_position(end, announce=True)
        elif key == Qt.Key.Key_Space and self.scrubber.play_button.isEnabled():
            self._on_play_requested(not self.player.playing)
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the timecode field jumps there; it must not also press "Use this frame".
        if (
            watched is self.timecode_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.go_to_typed_timecode()
            return True
        return super().eventFilter(watched, event)

    def go_to_typed_timecode(self) -> None:
        """Jump to the timecode typed in the field (or say why it is not one)."""
        text = self.timecode_edit.text()
        ms = parse_timecode(text, self._framerate)
        if ms is None:
            self._say(f'"{text}" is not a timecode: use hh:mm:ss.mmm, for example 00:01:02.500.')
            return
        self.player.pause()
        self.scrubber.set_position(ms, announce=False)
        self.player.seek(self.scrubber.position)
        self.timecode_edit.setText(self.scrubber.timecode)
        self.message.clear()
        self.view.setFocus()

    # ---- picking and uploading ---------------------------------------------------------------

    def use_frame(self) -> None:
        """Make the frame at the current timecode the thumbnail."""
        if self._busy:
            return
        if self.timecode_edit.text().strip() and self.timecode_edit.isModified():
            self.go_to_typed_timecode()
        timecode = self.scrubber.timecode
        self.player.pause()
        self._set_busy(True, f"Using the frame at {timecode}…")
        self._context.scope.start(self._pick(timecode))

    async def _pick(self, timecode: str) -> None:
        try:
            video = await self._context.client.videos.pick_thumbnail(self.video_id, timecode)
        except (ApiError, TransportError) as exc:
            self._set_busy(False)
            self._say(f"The thumbnail was not changed: {_reason(exc)}", error=True)
            return
        self._set_busy(False)
        self._changed(
            video, f"The thumbnail is now the frame at {timecode}.", f"The frame at {timecode}"
        )

    def choose_image(self) -> None:
        """Ask for an image file (non-blocking); the upload starts once one is chosen."""
        patterns = " ".join(f"*{ext}" for ext in readable_extensions())
        dialog = QFileDialog(self, "Upload an image as the thumbnail")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([f"Images ({patterns})", "All files (*)"])
        dialog.fileSelected.connect(self.upload_image)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def upload_image(self, path: str | Path) -> None:
        """Convert ``path`` to a fitted JPEG (off the loop thread) and upload it."""
        if self._busy:
            return
        path = Path(path)
        self._set_busy(True, f"Preparing {path.name}…")
        self._context.scope.start(self._upload(path))

    async def _upload(self, path: Path) -> None:
        try:
            fitted = await fit_thumbnail_off_loop(path)
        except ImageFittingError as exc:
            self._set_busy(False)
            self._say(f"{path.name} was not used: {exc}", error=True)
            return
        self._say(f"Uploading {path.name}…")
        try:
            video = await self._context.client.videos.upload_thumbnail(
                self.video_id, fitted.data, filename=f"{path.stem or 'thumbnail'}.jpg"
            )
        except (ApiError, TransportError) as exc:
            self._set_busy(False)
            self._say(f"The thumbnail was not changed: {_reason(exc)}", error=True)
            return
        self._set_busy(False)
        self._changed(
            video, f"The thumbnail is now {path.name}. {fitted.summary()}", f"From {path.name}"
        )

    def _changed(self, video: Video, text: str, origin: str) -> None:
        self.video = video
        self._say(text)
        self.current_note.setText(f"{origin}, set just now.")
        self.current_note.setVisible(True)
        if self._context.thumbnails is not None:
            self._context.thumbnails.invalidate(video.video_id)  # views repaint and refetch
        self.thumbnail_changed.emit(video)
        self._show_current()

    # ---- the current thumbnail ---------------------------------------------------------------

    def _show_current(self) -> None:
        video, cache = self.video, self._context.thumbnails
        if video is None:
            return
        url = video.assets.thumbnail if video.assets else None
        if cache is None or not url:
            self.current.setText("No thumbnail yet" if not url else "—")
            return
        pixmap = cache.pixmap(
            video.video_id, version_of(video.updated_at), url, CURRENT, self.devicePixelRatioF()
        )
        if pixmap is None:
            self.current.setText("Loading…")
        else:
            self.current.setPixmap(pixmap)

    def _on_thumbnail_ready(self, video_id: str) -> None:
        if video_id == self.video_id:
            self._show_current()

    # ---- state -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a frame pick or an image upload is under way."""
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.use_button.setEnabled(not busy)
        self.upload_button.setEnabled(not busy)
        if text:
            self._say(text)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        role = QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        self.message.setForegroundRole(role)
        self.message.setProperty("error", error)

    def done(self, result: int) -> None:
        self.player.stop()  # no download keeps running behind a closed dialog
        super().done(result)
        self._release_when_idle()

    def _release_when_idle(self) -> None:
        # A pick or upload in flight still reports here (and updates the library): wait for it.
        if self._busy:
            QTimer.singleShot(RELEASE_POLL_MS, self._release_when_idle)
        else:
            self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.player.stop()
        super().closeEvent(event)


def open_thumbnail_picker(
    context: AppContext, video_id: str, parent: QWidget | None = None, *, play_media: bool = True
) -> ThumbnailPicker:
    """Build, ``open()`` and start loading a picker for ``video_id``; returns it at once."""
    picker = ThumbnailPicker(context, video_id, parent, play_media=play_media)
    picker.resize(1040, 640)
    picker.open()
    picker.start()
    return picker
