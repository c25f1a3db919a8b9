"""``VideoDetailPanel``: one video's editable fields, encoding status, share links and delete.

Edits are compared with what was loaded (dirty tracking): Save sends only the changed fields in
one PATCH, Revert restores the loaded values. The encoding status is polled while the video is
still being processed. Share links come from the video's ``assets``; a private video's links
carry a single-use token, so they are fetched fresh at the moment of copying.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import Metadata, PlayerTheme, Video, VideoStatus, VideoUpdatePayload
from ...services.library import EncodingState, facts_of
from ...services.thumbnails import version_of
from ..dialogs.thumbnail_picker import ThumbnailPicker, open_thumbnail_picker
from ..models.library_model import format_date
from ..widgets.encoding_status import EncodingStatusView
from ..widgets.metadata_editor import MetadataEditor
from ..widgets.tag_editor import TagEditor
from .text_tracks import TextTracksDialog, open_text_tracks

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

PREVIEW = QSize(352, 198)
PREVIEW_RADIUS = 10.0
STATUS_POLL_MS = 3000
PLAYERS_FRESH_S = 30.0

ASSET_LABELS = {
    "player": "player link",
    "iframe": "embed code",
    "hls": "HLS URL",
    "mp4": "MP4 URL",
}


@dataclass(frozen=True)
class EditableFields:
    """The fields the panel edits, comparable for dirty tracking."""

    title: str
    description: str
    tags: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]
    public: bool
    panoramic: bool
    mp4_support: bool
    player_id: str | None

    @classmethod
    def of(cls, video: Video) -> EditableFields:
        return cls(
            title=video.title,
            description=video.description,
            tags=tuple(video.tags),
            metadata=tuple((m.key, m.value) for m in video.metadata),
            public=video.public,
            panoramic=video.panoramic,
            mp4_support=video.mp4_support,
            player_id=video.player_id,
        )

    def changes_since(self, original: EditableFields) -> VideoUpdatePayload:
        """A PATCH body with only the fields that differ (a removed player is sent as null)."""
        payload = VideoUpdatePayload()
        if self.title != original.title:
            payload.title = self.title
        if self.description != original.description:
            payload.description = self.description
        if self.tags != original.tags:
            payload.tags = list(self.tags)
        if self.metadata != original.metadata:
            payload.metadata = [Metadata(key=k, value=v) for k, v in self.metadata]
        if self.public != original.public:
            payload.public = self.public
        if self.panoramic != original.panoramic:
            payload.panoramic = self.panoramic
        if self.mp4_support != original.mp4_support:
            payload.mp4_support = self.mp4_support
        if self.player_id != original.player_id:
            payload.player_id = self.player_id
        return payload


def _section_label(text: str) -> QLabel:
    label = QLabel(text.upper())
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.82)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class VideoDetailPanel(QWidget):
    """Shows and edits the video given to :meth:`show_video`."""

    saved = Signal(object)  # the updated Video
    delete_requested = Signal(str)  # video id (the library confirms and deletes)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._video: Video | None = None
        self._original: EditableFields | None = None
        self._status: VideoStatus | None = None
        self._players: list[PlayerTheme] = []
        self._players_loaded_at = 0.0
        self._loading_fields = False
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self.refresh_status)
        self._build()
        if context.thumbnails is not None:
            context.thumbnails.thumbnail_ready.connect(self._on_thumbnail_ready)
        context.client_changed.connect(self.load_players)
        self.load_players()
        self.clear()

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(8)

        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.headline = QLabel()
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        self.video_id_label = QLabel()
        self.video_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.video_id_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.dates_label = QLabel()
        self.dates_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.dates_label.setWordWrap(True)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(4)
        layout.addWidget(self.headline)
        layout.addWidget(self.video_id_label)
        layout.addWidget(self.dates_label)

        layout.addSpacing(8)
        layout.addWidget(_section_label("Details"))
        layout.addLayout(self._build_form())
        layout.addLayout(self._build_save_row())

        layout.addSpacing(10)
        layout.addWidget(_section_label("Encoding"))
        layout.addWidget(self._build_status())

        layout.addSpacing(10)
        layout.addWidget(_section_label("Thumbnail and text tracks"))
        layout.addLayout(self._build_media_tools())

        layout.addSpacing(10)
        layout.addWidget(_section_label("Share"))
        layout.addLayout(self._build_share())

        layout.addSpacing(14)
        self.delete_button = QPushButton("Delete video…")
        self.delete_button.clicked.connect(self.request_delete)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty_label = QLabel("Select a video to see its details.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        outer.addWidget(self.empty_label)
        self._scroll = scroll

        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)

    def _build_form(self) -> QFormLayout:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Title")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText("Description")
        self.description_edit.setFixedHeight(72)
        self.description_edit.setTabChangesFocus(True)
        self.tags_edit = TagEditor()
        self.metadata_edit = MetadataEditor()
        self.player_combo = QComboBox()
        self.player_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.public_check = QCheckBox("Public")
        self.public_check.setToolTip("Private videos play only through single-use token links")
        self.panoramic_check = QCheckBox("Panoramic (360°)")
        self.mp4_check = QCheckBox("MP4 download")
        self.mp4_check.setToolTip("Offer an MP4 file besides HLS streaming")
        switches = QGridLayout()
        switches.setHorizontalSpacing(14)
        switches.addWidget(self.public_check, 0, 0)
        switches.addWidget(self.mp4_check, 0, 1)
        switches.addWidget(self.panoramic_check, 1, 0, 1, 2)
        switches.setColumnStretch(2, 1)

        for signal in (self.title_edit.textChanged, self.description_edit.textChanged):
            signal.connect(self._on_edited)
        self.tags_edit.changed.connect(self._on_edited)
        self.metadata_edit.changed.connect(self._on_edited)
        self.player_combo.currentIndexChanged.connect(self._on_edited)
        for box in (self.public_check, self.panoramic_check, self.mp4_check):
            box.toggled.connect(self._on_edited)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Metadata", self.metadata_edit)
        form.addRow("Player", self.player_combo)
        form.addRow("", switches)
        return form

    def _build_save_row(self) -> QHBoxLayout:
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.revert)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        return row

    def _build_status(self) -> QWidget:
        self.status_view = EncodingStatusView()
        self.status_view.refresh_requested.connect(self.refresh_status)
        # The parts tests and shortcuts reach for.
        self.status_summary = self.status_view.summary
        self.qualities = self.status_view.qualities
        self.refresh_status_button = self.status_view.refresh_button
        return self.status_view

    def _build_share(self) -> QGridLayout:
        self.copy_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, (kind, label) in enumerate(ASSET_LABELS.items()):
            button = QPushButton(f"Copy {label}")
            button.clicked.connect(lambda _=False, k=kind: self.copy_asset(k))
            self.copy_buttons[kind] = button
            grid.addWidget(button, i // 2, i % 2)
        self.copy_feedback = QLabel()
        self.copy_feedback.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(self.copy_feedback, 2, 0, 1, 2)
        return grid

    # ---- showing a video ---------------------------------------------------------------------

    @property
    def video(self) -> Video | None:
        return self._video

    @property
    def is_dirty(self) -> bool:
        """True when the fields differ from the loaded video."""
        return self._original is not None and self.current_fields() != self._original

    def clear(self) -> None:
        """Show the "nothing selected" hint."""
        self._video = None
        self._original = None
        self._status = None
        self._poll.stop()
        self._scroll.setVisible(False)
        self.empty_label.setVisible(True)

    def show_video(self, video: Video) -> None:
        """Load ``video`` into the panel (edits of a previous video are dropped: the library
        asks first)."""
        same = self._video is not None and self._video.video_id == video.video_id
        self._video = video
        self._scroll.setVisible(True)
        self.empty_label.setVisible(False)
        self._load_fields(video)
        self._show_header(video)
        self.message.clear()
        self.copy_feedback.clear()
        if not same:
            self._status = None
            self._show_status(None)
            self.refresh_status()
            if time.monotonic() - self._players_loaded_at > PLAYERS_FRESH_S:
                self.load_players()  # themes may have been added elsewhere meanwhile

    def _load_fields(self, video: Video) -> None:
        self._loading_fields = True
        try:
            self.title_edit.setText(video.title)
            self.description_edit.setPlainText(video.description)
            self.tags_edit.set_tags(list(video.tags))
            self.metadata_edit.set_pairs([(m.key, m.value) for m in video.metadata])
            self.public_check.setChecked(video.public)
            self.panoramic_check.setChecked(video.panoramic)
            self.mp4_check.setChecked(video.mp4_support)
            self._fill_players(video.player_id)
        finally:
            self._loading_fields = False
        self._original = EditableFields.of(video)
        self._on_edited()

    def _show_header(self, video: Video) -> None:
        self.headline.setText(video.title or "Untitled")
        self.video_id_label.setText(video.video_id)
        dates = [f"Created {format_date(video.created_at)}"]
        if video.updated_at and video.updated_at != video.created_at:
            dates.append(f"updated {format_date(video.updated_at)}")
        if video.published_at:
            dates.append(f"published {format_date(video.published_at)}")
        self.dates_label.setText(" · ".join(dates))
        assets = video.assets
        for kind, button in self.copy_buttons.items():
            button.setEnabled(bool(assets and getattr(assets, kind)))
        self._show_preview()

    def _show_preview(self) -> None:
        video = self._video
        cache = self._context.thumbnails
        pixmap = None
        if video is not None and cache is not None:
            url = video.assets.thumbnail if video.assets else None
            dpr = self.devicePixelRatioF()
            version = version_of(video.updated_at)
            pixmap = cache.pixmap(video.video_id, version, url, PREVIEW, dpr, PREVIEW_RADIUS)
        self.preview.setAutoFillBackground(pixmap is None)  # the image has rounded corners
        if pixmap is None:
            # setText also drops the previous video's image.
            self.preview.setText("Loading preview…" if video and video.assets else "No preview")
        else:
            if pixmap.deviceIndependentSize().toSize() != PREVIEW:
                # Another size while the preview's own decodes: scale this one meanwhile.
                pixmap = pixmap.scaled(
                    PREVIEW,
                    Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.preview.setText("")
            self.preview.setPixmap(pixmap)

    def _on_thumbnail_ready(self, video_id: str) -> None:
        if self._video is not None and self._video.video_id == video_id:
            self._show_preview()

    # ---- editing -----------------------------------------------------------------------------

    def current_fields(self) -> EditableFields:
        """What the widgets hold now."""
        return EditableFields(
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            tags=tuple(self.tags_edit.tags()),
            metadata=tuple(self.metadata_edit.pairs()),
            public=self.public_check.isChecked(),
            panoramic=self.panoramic_check.isChecked(),
            mp4_support=self.mp4_check.isChecked(),
            player_id=self.player_combo.currentData(),
        )

    def _on_edited(self, *_args: object) -> None:
        if self._loading_fields:
            return
        dirty = self.is_dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.message.setText("Unsaved changes")
        elif self.message.text() == "Unsaved changes":
            self.message.clear()

    def revert(self) -> None:
        """Put back the loaded values."""
        if self._video is not None:
            self._load_fields(self._video)
            self.message.clear()

    def save(self) -> bool:
        """Send the changed fields in one PATCH (nothing is sent when nothing changed); False
        when nothing was sent."""
        if self._video is None or self._original is None or not self.is_dirty:
            return False
        self.tags_edit.commit_input()
        payload = self.current_fields().changes_since(self._original)
        if not self.title_edit.text().strip():
            self.message.setText("A video needs a title.")
            return False
        self.save_button.setEnabled(False)
        self.message.setText("Saving…")
        video_id = self._video.video_id
        self._context.scope.start(self._save(video_id, payload), key=f"video-save-{id(self)}")
        return True

    async def _save(self, video_id: str, payload: VideoUpdatePayload) -> None:
        try:
            updated = await self._context.client.videos.update(video_id, payload)
        except (ApiError, TransportError) as exc:
            self.message.setText(f"Not saved: {_reason(exc)}")
            self.save_button.setEnabled(self.is_dirty)
            return
        if self._video is not None and self._video.video_id == video_id:
            self._video = updated
            self._load_fields(updated)
            self._show_header(updated)
            self.message.setText("Saved")
        self.saved.emit(updated)

    # ---- players -----------------------------------------------------------------------------

    def load_players(self) -> None:
        """(Re)load the player themes offered in the Player list."""
        self._context.scope.start(self._load_players(), key=f"video-players-{id(self)}")

    async def _load_players(self) -> None:
        try:
            players = await self._context.client.players.list(page_size=100).all()
        except (ApiError, TransportError) as exc:
            log.info("players not loaded: %s", exc)
            return
        self._players = players
        self._players_loaded_at = time.monotonic()
        current = self.player_combo.currentData()
        was_dirty = self.is_dirty
        self._loading_fields = True
        try:
            self._fill_players(current)
        finally:
            self._loading_fields = False
        if not was_dirty:
            self._on_edited()

    def _fill_players(self, selected: str | None) -> None:
        combo = self.player_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("None", None)
        known = set()
        for player in self._players:
            combo.addItem(player.name or player.player_id, player.player_id)
            known.add(player.player_id)
        if selected and selected not in known:
            combo.addItem(f"Player {selected}", selected)
        index = combo.findData(selected) if selected else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    # ---- status ------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Ask for the encoding status of the shown video."""
        if self._video is None:
            return
        self._poll.stop()
        video_id = self._video.video_id
        self._context.scope.start(self._load_status(video_id), key=f"video-status-{id(self)}")

    async def _load_status(self, video_id: str) -> None:
        try:
            status = await self._context.client.videos.status(video_id)
        except (ApiError, TransportError) as exc:
            if self._video is not None and self._video.video_id == video_id:
                self.status_view.show_unavailable(_reason(exc))
            return
        if self._video is None or self._video.video_id != video_id:
            return
        self._status = status
        self._show_status(status)
        state = facts_of(status).state
        if state in (EncodingState.UPLOADING, EncodingState.PROCESSING) or (
            status.encoding
            and any(q.status in ("waiting", "encoding") for q in status.encoding.qualities)
        ):
            self._poll.start()

    def _show_status(self, status: VideoStatus | None) -> None:
        self.status_view.show_status(status)

    # ---- share and delete --------------------------------------------------------------------

    def copy_asset(self, kind: str) -> None:
        """Copy the player link, embed code, HLS or MP4 URL to the clipboard.

        A private video's links hold a single-use token: ask for a fresh one instead of handing
        out a token a thumbnail request may already have used.
        """
        video = self._video
        if video is None:
            return
        if video.public:
            self._put_on_clipboard(video, kind)
        else:
            self.copy_feedback.setText("Getting a fresh private link…")
            self._context.scope.start(self._copy_fresh(video.video_id, kind))

    async def _copy_fresh(self, video_id: str, kind: str) -> None:
        try:
            video = await self._context.client.videos.get(video_id)
        except (ApiError, TransportError) as exc:
            self.copy_feedback.setText(f"Not copied: {_reason(exc)}")
            return
        self._put_on_clipboard(video, kind)

    def _put_on_clipboard(self, video: Video, kind: str) -> None:
        value = getattr(video.assets, kind, None) if video.assets else None
        if not value:
            self.copy_feedback.setText(f"This video has no {ASSET_LABELS[kind]}.")
            return
        QGuiApplication.clipboard().setText(value)
        suffix = " (private, single-use)" if not video.public else ""
        self.copy_feedback.setText(f"Copied the {ASSET_LABELS[kind]}{suffix}.")

    def request_delete(self) -> None:
        if self._video is not None:
            self.delete_requested.emit(self._video.video_id)

    # ---- thumbnail picker and text tracks (issue 4) ------------------------------------------

    def _build_media_tools(self) -> QHBoxLayout:
        self.thumbnail_button = QPushButton("Choose thumbnail…")
        self.thumbnail_button.setToolTip("Pick a frame of the video, or upload an image")
        self.thumbnail_button.clicked.connect(self.open_thumbnail_picker)
        self.tracks_button = QPushButton("Captions and chapters…")
        self.tracks_button.clicked.connect(self.open_text_tracks)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.thumbnail_button)
        row.addWidget(self.tracks_button)
        row.addStretch(1)
        return row

    def open_thumbnail_picker(self) -> ThumbnailPicker | None:
        """Open the thumbnail picker of the shown video (non-blocking)."""
        if self._video is None:
            return None
        picker = open_thumbnail_picker(self._context, self._video.video_id, self)
        picker.thumbnail_changed.connect(self._on_thumbnail_changed)
        return picker

    def _on_thumbnail_changed(self, video: Video) -> None:
        # Only updatedAt and the image changed: keep any edits in progress, refresh the header.
        if self._video is not None and self._video.video_id == video.video_id:
            self._video = video
            self._show_header(video)
        self.saved.emit(video)  # the library shows the row with its new thumbnail

    def open_text_tracks(self) -> TextTracksDialog | None:
        """Open the captions and chapters of the shown video (non-blocking)."""
        if self._video is None:
            return None
        return open_text_tracks(
            self._context, self._video.video_id, self._video.title or "Untitled", self
        )


def _reason(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return str(exc) or type(exc).__name__
