"""The live stream's thumbnail (upload any image, remove) and its recordings (videos by stream).

Uploads convert the picked image to JPEG off the loop thread first
(:func:`~studio.services.live_thumbnail.jpeg_thumbnail`); recordings are the videos whose source
is this live stream (``GET /videos?liveStreamId=``), newest first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import LiveStream, Video
from ...services.live_thumbnail import ThumbnailImageError, jpeg_thumbnail
from ..widgets.live_card import LiveCard

if TYPE_CHECKING:
    from ...services.context import AppContext

THUMB_SIZE = QSize(224, 126)
RECORDINGS_SHOWN = 20
RECORDINGS_VISIBLE = 5
IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff);;All files (*)"


class ThumbnailCard(LiveCard):
    """The current thumbnail, Upload image… and Remove."""

    stream_updated = Signal(object)  # LiveStream answered by the API

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Thumbnail", "Shown by players before the stream starts.", parent)
        self.context = context
        self.stream: LiveStream | None = None
        self.image = QLabel()
        self.image.setFixedSize(THUMB_SIZE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet(
            "QLabel { background: #111318; color: #aeb2ba; border-radius: 6px; }"
        )
        self.upload_button = QPushButton("Upload image…")
        self.upload_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.upload_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.message, 1)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(self.image)
        row.addLayout(buttons, 1)
        self.body.addLayout(row)
        self.dialog: QFileDialog | None = None
        self.loaded_for = ""  # live stream whose picture is shown

    def set_stream(self, stream: LiveStream | None) -> None:
        self.stream = stream
        enabled = stream is not None
        self.upload_button.setEnabled(enabled)
        self.remove_button.setEnabled(enabled)
        url = stream.assets.thumbnail if stream and stream.assets else None
        # Private streams get a new token (a new URL) in every answer: follow the stream, not
        # the URL, so polling does not refetch the picture each time.
        if url and stream is not None and stream.live_stream_id != self.loaded_for:
            self.loaded_for = stream.live_stream_id
            self._start(self._show_image(url), "image")
        elif not url:
            self.image.clear()
            self.loaded_for = ""

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #d84315;" if error else "")

    def _start(self, coro: Coroutine[Any, Any, None], key: str) -> None:
        # Separate keys: refreshing the picture must never cancel an upload in flight.
        self.context.scope.start(coro, key=f"live-thumb:{id(self)}:{key}")

    async def _show_image(self, url: str) -> None:
        try:
            async with httpx.AsyncClient(timeout=10, follow_redirects=True) as http:
                response = await http.get(url)
        except httpx.HTTPError:
            self.image.setText("No preview")
            return
        image = QImage.fromData(response.content) if response.status_code == 200 else QImage()
        if image.isNull():
            self.image.setText("No thumbnail")
            return
        pixmap = QPixmap.fromImage(image).scaled(
            THUMB_SIZE,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.image.setPixmap(pixmap)

    # ---- actions ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        """A non-blocking file dialog; the chosen file goes to :meth:`upload_file`."""
        dialog = QFileDialog(self, "Choose a thumbnail image")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(IMAGE_FILTER)
        dialog.fileSelected.connect(self.upload_file)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def upload_file(self, path: str) -> None:
        self._start(self._upload(Path(path)), "action")

    async def _upload(self, path: Path) -> None:
        stream = self.stream
        if stream is None:
            return
        self.say(f"Preparing “{path.name}”…")
        try:
            jpeg = await asyncio.to_thread(jpeg_thumbnail, path)
        except ThumbnailImageError as exc:
            self.say(exc.message, error=True)
            return
        self.say("Uploading…")
        try:
            updated = await self.context.client.live_streams.upload_thumbnail(
                stream.live_stream_id, jpeg, filename=f"{path.stem or 'thumbnail'}.jpg"
            )
        except (ApiError, TransportError) as exc:
            self.say(f"Not uploaded: {_why(exc)}", error=True)
            return
        self.say("Thumbnail updated.")
        self._updated(updated, force=True)

    def remove(self) -> None:
        self._start(self._remove(), "action")

    async def _remove(self) -> None:
        stream = self.stream
        if stream is None:
            return
        try:
            updated = await self.context.client.live_streams.delete_thumbnail(stream.live_stream_id)
        except (ApiError, TransportError) as exc:
            self.say(f"Not removed: {_why(exc)}", error=True)
            return
        self.say("Thumbnail removed.")
        self._updated(updated, force=True)

    def _updated(self, stream: LiveStream, *, force: bool) -> None:
        if force:
            self.loaded_for = ""  # same stream, new picture: fetch it again
        self.stream_updated.emit(stream)
        self.set_stream(stream)


class RecordingsCard(LiveCard):
    """Videos recorded from this live stream (a short list, newest first)."""

    open_requested = Signal(object)  # Video

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Recordings", "", parent)
        self.context = context
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(self._on_activated)
        self.empty = QLabel("No recordings yet. Each finished broadcast becomes a video here.")
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setFlat(True)
        self.refresh_button.clicked.connect(self.reload)
        self.header_actions.addWidget(self.refresh_button)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.list)
        self.live_stream_id: str | None = None
        self.videos: list[Video] = []
        self._show([])

    def load(self, live_stream_id: str | None) -> None:
        self.live_stream_id = live_stream_id
        self.reload()

    def reload(self) -> None:
        if self.live_stream_id is None:
            self._show([])
            return
        self.context.scope.start(self._load(self.live_stream_id), key=f"live-rec:{id(self)}")

    async def _load(self, live_stream_id: str) -> None:
        try:
            videos = await self.context.client.videos.list(
                live_stream_id=live_stream_id, sort_by="createdAt", sort_order="desc"
            ).all(limit=RECORDINGS_SHOWN)
        except (ApiError, TransportError) as exc:
            self.empty.setText(f"The recordings could not be loaded: {_why(exc)}")
            self.empty.setVisible(True)
            self.list.setVisible(False)
            return
        if live_stream_id == self.live_stream_id:
            self._show(videos)

    def _show(self, videos: list[Video]) -> None:
        self.videos = videos
        self.list.clear()
        for video in videos:
            when = (
                video.created_at.astimezone().strftime("%d %b %Y, %H:%M")
                if video.created_at
                else ""
            )
            item = QListWidgetItem(f"{video.title or video.video_id}    {when}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, video)
            item.setToolTip(video.video_id)
            self.list.addItem(item)
        self.empty.setText("No recordings yet. Each finished broadcast becomes a video here.")
        self.empty.setVisible(not videos)
        self.list.setVisible(bool(videos))
        # As tall as its rows, up to a few: the card stays compact.
        row = self.list.sizeHintForRow(0) if videos else 0
        self.list.setFixedHeight(min(len(videos), RECORDINGS_VISIBLE) * row + 4)

    def _on_activated(self, item: QListWidgetItem) -> None:
        video = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(video, Video):
            self.open_requested.emit(video)


def _why(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return f"the server cannot be reached ({exc})"
