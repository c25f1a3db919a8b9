"""``TrackSection``: the captions (or the chapters) of one video: list, preview, add, delete.

The file to add is checked before anything is sent: a ``.vtt`` with the WebVTT rules, an
``.srt`` converted to WebVTT first; a problem is shown with its line and column and nothing is
uploaded. The chosen file and language stay put after a refusal or a failed upload, so the
user fixes the file and tries again without starting over. Choosing a track previews its cues
(downloaded from its ``src``); choosing a file previews the cues it would add.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...services.languages import describe
from ...services.track_files import PreparedTrack, TrackFileError, prepare_track_file_off_loop
from ...services.webvtt import check_webvtt
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..models.text_track_model import TrackListModel, TrackRow
from ..widgets.cue_table import CueTable, style_quiet_table
from ..widgets.language_combo import LanguageCombo

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

CARD_STYLE = """
QFrame#trackCard { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QFrame#trackCard QLabel { background: transparent; }
"""


@dataclass(frozen=True)
class TrackKind:
    """What differs between captions and chapters."""

    key: str  # "captions" or "chapters": the client attribute and the URL segment
    title: str  # "Captions"
    singular: str  # "caption track"
    has_default: bool


CAPTIONS = TrackKind("captions", "Captions", "captions", has_default=True)
CHAPTERS = TrackKind("chapters", "Chapters", "chapters", has_default=False)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return str(exc) or type(exc).__name__


def _caption(text: str) -> QLabel:
    label = QLabel(text.upper())
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.82)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("trackCard")
    frame.setStyleSheet(CARD_STYLE)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 14)
    layout.setSpacing(8)
    return frame, layout


class TrackSection(QWidget):
    """List, preview, add/replace, default (captions) and delete for one kind of track."""

    tracks_changed = Signal(int)  # how many tracks the video has now

    def __init__(self, context: AppContext, kind: TrackKind, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.kind = kind
        self.video_id: str | None = None
        self.prepared: PreparedTrack | None = None
        self.file_path: Path | None = None
        self.loading = False  # the track list is being fetched
        self.working = False  # a file is being checked or an upload/change is under way
        self._confirm: ConfirmDialog | None = None
        self._build()
        self._on_selection()

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.tracks_model = TrackListModel(with_default=self.kind.has_default, parent=self)
        self.list = QTableView()
        self.list.setModel(self.tracks_model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        style_quiet_table(self.list)
        self.list.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.selectionModel().selectionChanged.connect(self._on_selection)
        self.empty_label = QLabel(f"No {self.kind.singular} yet. Add a .vtt or .srt file below.")
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setWordWrap(True)

        self.default_button = QPushButton("Make default")
        self.default_button.setToolTip("The player shows this language first")
        self.default_button.clicked.connect(self.make_default)
        self.default_button.setVisible(self.kind.has_default)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.confirm_delete)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.default_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)

        list_card, list_layout = _card()
        list_layout.addWidget(_caption(f"{self.kind.title} of this video"))
        list_layout.addWidget(self.list, 1)
        list_layout.addWidget(self.empty_label)
        list_layout.addLayout(actions)

        self.preview_title = QLabel("Preview")
        self.preview_title.setWordWrap(True)
        font = QFont(self.preview_title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.preview_title.setFont(font)
        self.preview_note = QLabel("Choose a track or a file to see its cues.")
        self.preview_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preview_note.setWordWrap(True)
        self.preview = CueTable()
        preview_card, preview_layout = _card()
        preview_layout.addWidget(_caption("Cues"))
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(12)
        split.addWidget(list_card)
        split.addWidget(preview_card)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 620])

        self.language = LanguageCombo()
        self.language.tag_changed.connect(self._on_form_changed)
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen (.vtt or .srt)")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.upload_button = QPushButton("Upload")
        self.upload_button.clicked.connect(self.upload)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form = QGridLayout()
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(8)
        form.addWidget(QLabel("Language"), 0, 0)
        form.addWidget(self.language, 0, 1)
        form.addWidget(QLabel("File"), 0, 2)
        form.addWidget(self.file_edit, 0, 3)
        form.addWidget(self.choose_button, 0, 4)
        form.addWidget(self.upload_button, 0, 5)
        form.addWidget(self.message, 1, 1, 1, 5)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 3)
        add_card, add_layout = _card()
        add_layout.addWidget(_caption(f"Add or replace {self.kind.title.lower()}"))
        add_layout.addLayout(form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(split, 1)
        layout.addWidget(add_card)
        self._on_form_changed()

    # ---- the track list ----------------------------------------------------------------------

    def show_video(self, video_id: str | None) -> None:
        """Show the tracks of ``video_id`` (None: nothing); the add form is kept."""
        changed = video_id != self.video_id
        self.video_id = video_id
        if changed:
            self.tracks_model.set_rows([])
            self._preview_nothing()
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Fetch the list again (then select ``select``, a language, if given)."""
        if self.video_id is None:
            self.tracks_model.set_rows([])
            self._after_rows()
            return
        self.loading = True
        self._context.scope.start(
            self._load(self.video_id, select), key=f"tracks-{self.kind.key}-{id(self)}"
        )

    async def _load(self, video_id: str, select: str | None) -> None:
        api = getattr(self._context.client, self.kind.key)
        try:
            tracks = await api.list(video_id, page_size=100).all()
        except (ApiError, TransportError) as exc:
            self.loading = False
            self._say(f"The {self.kind.title.lower()} could not be listed: {_reason(exc)}", True)
            return
        if video_id != self.video_id:
            return
        selected = select or self._selected_language()
        rows = [self._row(track) for track in tracks]
        self.tracks_model.set_rows(rows)
        self.loading = False
        self._after_rows()
        if selected is not None:
            self.select_language(selected)

    def _row(self, track: Any) -> TrackRow:
        if self.kind.has_default:
            return TrackRow(track.srclang, track.language_name, track.src, track.default)
        return TrackRow(track.language, "", track.src)

    def _after_rows(self) -> None:
        count = self.tracks_model.rowCount()
        self.empty_label.setVisible(count == 0)
        self.list.setVisible(count > 0)
        self.tracks_changed.emit(count)
        self._on_selection()
        self._on_form_changed()

    def _selected_language(self) -> str | None:
        row = self.selected_row()
        return row.language if row else None

    def selected_row(self) -> TrackRow | None:
        rows = self.list.selectionModel().selectedRows()
        return self.tracks_model.row(rows[0].row()) if rows else None

    def select_language(self, language: str) -> None:
        """Select the track of ``language`` (and preview it)."""
        row = self.tracks_model.row_of(language)
        if row is not None:
            self.list.selectRow(row)

    def _on_selection(self, *_args: QItemSelection) -> None:
        self._on_selection_buttons()
        row = self.selected_row()
        if row is not None:
            self._preview_track(row)

    # ---- previews ----------------------------------------------------------------------------

    def _preview_nothing(self) -> None:
        self.preview_title.setText("Preview")
        self.preview_note.setText("Choose a track or a file to see its cues.")
        self.preview.cue_model.set_cues(())

    def _preview_track(self, row: TrackRow) -> None:
        self.preview_title.setText(f"{row.language} · {row.display_name}")
        self.preview_note.setText("Loading the cues…")
        self.preview.cue_model.set_cues(())
        self._context.scope.start(
            self._fetch_cues(row), key=f"tracks-preview-{self.kind.key}-{id(self)}"
        )

    async def _fetch_cues(self, row: TrackRow) -> None:
        try:
            response = await self._context.client.http.get(row.src, timeout=30)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.preview_note.setText(f"The cues could not be downloaded: {exc}")
            return
        check = check_webvtt(response.content.decode("utf-8", "replace"))
        if self._selected_language() != row.language:
            return  # another track was chosen meanwhile
        self.preview.cue_model.set_cues(check.cues)
        count = len(check.cues)
        note = f"{count:,} cue{'s' if count != 1 else ''}"
        if row.default:
            note += " · the player shows this language first"
        self.preview_note.setText(note)

    def _preview_file(self, prepared: PreparedTrack) -> None:
        self.list.clearSelection()
        self.preview_title.setText(f"File: {prepared.path.name}")
        self.preview_note.setText(prepared.summary()[:1].upper() + prepared.summary()[1:])
        self.preview.cue_model.set_cues(prepared.cues)

    # ---- adding a file -----------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a .vtt or .srt file (non-blocking)."""
        dialog = QFileDialog(self, f"Choose a {self.kind.title.lower()} file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Subtitles (*.vtt *.srt)", "All files (*)"])
        dialog.fileSelected.connect(self.set_file)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def set_file(self, path: str | Path) -> None:
        """Use ``path`` as the file to add: check (or convert) it now and preview its cues."""
        self.file_path = Path(path)
        self.prepared = None
        self.file_edit.setText(str(self.file_path))
        self._start(self._check_file(self.file_path), f"Checking {self.file_path.name}…")

    async def _check_file(self, path: Path) -> PreparedTrack | None:
        try:
            prepared = await prepare_track_file_off_loop(path)
        except TrackFileError as exc:
            if path == self.file_path:
                self._say(str(exc), True)
            return None
        if path != self.file_path:
            return None
        self.prepared = prepared
        self._preview_file(prepared)
        self._say(f"Ready: {prepared.summary()}.")
        return prepared

    def upload(self) -> None:
        """Send the chosen file in the chosen language (checked first if not done yet)."""
        tag = self.language.tag()
        if self.video_id is None or self.working:
            return
        if tag is None:
            self._say("Choose a language first: type a name such as French, or a tag.", True)
            return
        if self.file_path is None:
            self._say("Choose a .vtt or .srt file first.", True)
            return
        self._start(self._upload(self.video_id, tag, self.file_path), "Uploading…")

    async def _upload(self, video_id: str, tag: str, path: Path) -> None:
        prepared = self.prepared if self.prepared and self.prepared.path == path else None
        if prepared is None:
            prepared = await self._check_file(path)
            if prepared is None:
                return  # the problem is on screen; nothing was sent
        api = getattr(self._context.client, self.kind.key)
        replacing = self.tracks_model.row_of(tag) is not None
        try:
            await api.upload(video_id, tag, prepared.data, filename=f"{tag}.vtt")
        except (ApiError, TransportError) as exc:
            self._say(f"{path.name} was not uploaded: {_reason(exc)}", True)
            return
        verb = "Replaced" if replacing else "Added"
        name = describe(tag).english
        self._say(f"{verb} the {name} {self.kind.title.lower()} ({prepared.summary()}).")
        self.file_path, self.prepared = None, None
        self.file_edit.clear()
        self.reload(select=tag)

    # ---- default and delete ------------------------------------------------------------------

    def make_default(self) -> None:
        """Make the selected caption language the one the player shows first."""
        row = self.selected_row()
        if row is None or self.video_id is None or not self.kind.has_default:
            return
        self._start(self._make_default(self.video_id, row), f"Making {row.language} default…")

    async def _make_default(self, video_id: str, row: TrackRow) -> None:
        try:
            await self._context.client.captions.set_default(video_id, row.language, True)
        except (ApiError, TransportError) as exc:
            self._say(f"{row.language} was not made default: {_reason(exc)}", True)
            return
        self._say(f"{row.english_name} is now the default caption language.")
        self.reload(select=row.language)

    def confirm_delete(self) -> None:
        """Ask, then delete the selected track."""
        row = self.selected_row()
        if row is None or self.video_id is None:
            return
        video_id = self.video_id
        self._confirm = ask_confirmation(
            self,
            title=f"Delete {self.kind.title.lower()}",
            text=f"Delete the {row.english_name} {self.kind.title.lower()} ({row.language})?",
            detail="Viewers will no longer see them. You can upload the file again later.",
        )
        self._confirm.confirmed.connect(
            lambda: self._start(self._delete(video_id, row), f"Deleting {row.language}…")
        )

    async def _delete(self, video_id: str, row: TrackRow) -> None:
        api = getattr(self._context.client, self.kind.key)
        try:
            await api.delete(video_id, row.language)
        except (ApiError, TransportError) as exc:
            self._say(f"{row.language} was not deleted: {_reason(exc)}", True)
            return
        self._say(f"Deleted the {row.english_name} {self.kind.title.lower()}.")
        self._preview_nothing()
        self.reload()

    # ---- state -------------------------------------------------------------------------------

    def _start(self, coro: Any, text: str) -> None:
        self._set_working(True)
        self._say(text)
        task = self._context.scope.start(coro, key=f"tracks-work-{self.kind.key}-{id(self)}")
        if task is None:
            self._set_working(False)
        else:
            task.add_done_callback(lambda _t: self._set_working(False))

    def _set_working(self, working: bool) -> None:
        self.working = working
        self._on_selection_buttons()
        self._on_form_changed()

    def _on_selection_buttons(self) -> None:
        row = self.selected_row()
        self.delete_button.setEnabled(row is not None and not self.working)
        self.default_button.setEnabled(row is not None and not row.default and not self.working)

    def _on_form_changed(self, *_args: object) -> None:
        tag = self.language.tag()
        replacing = tag is not None and self.tracks_model.row_of(tag) is not None
        self.upload_button.setText("Replace" if replacing else "Upload")
        self.upload_button.setEnabled(
            not self.working and self.video_id is not None and self.file_path is not None
        )
        self.choose_button.setEnabled(not self.working)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        role = QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        self.message.setForegroundRole(role)
