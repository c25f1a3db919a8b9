"""``ThemeEditor``: one player theme — name, colours, switches, logo — with a live preview.

Every edit repaints the preview at once (nothing is sent); the footer says whether there are
unsaved changes, and Save sends only what changed: a ``PATCH`` of the changed fields, then the
logo request if the logo or its link changed. Revert puts the saved theme back. A colour that is
not a colour is refused under its field and blocks saving.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import PlayerTheme
from ...api.models.players import PLAYER_COLOR_FIELDS, PLAYER_FLAG_FIELDS
from ...services.colours import ColourError
from ...services.logo_fitting import LogoError, fit_logo_bytes
from ..widgets.colour_field import SWATCH, ColourField, qcolor_of
from ..widgets.player_preview import DEFAULT_COLOURS, PlayerLook, PlayerPreview
from .players_draft import (
    NAME_MAX,
    LogoAction,
    ThemeDraft,
    colour_problems,
    has_logo,
    logo_action,
    saved_link,
    update_payload,
)
from .players_logo import LogoEditor

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

# (heading, [(attribute, label, what it paints)]) — the API's own descriptions (contract 3.7).
COLOUR_GROUPS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Controls",
        (
            ("link", "Controls", "link: every control icon"),
            ("link_hover", "On hover", "linkHover: a control under the mouse"),
            ("link_active", "Play button", "linkActive: the big play button under the mouse"),
            ("text", "Timer", "text: the elapsed / total time"),
        ),
    ),
    (
        "Progress bar",
        (
            ("track_played", "Played", "trackPlayed: the part already played"),
            ("track_unplayed", "Buffered", "trackUnplayed: loaded but not yet played"),
            ("track_background", "Track", "trackBackground: the rest of the bar"),
        ),
    ),
    (
        "Overlays",
        (
            ("background_top", "Top shade", "backgroundTop: behind the title"),
            ("background_bottom", "Bottom shade", "backgroundBottom: behind the controls"),
            ("background_text", "Title", "backgroundText: the video's title"),
        ),
    ),
)

FLAGS: tuple[tuple[str, str, str], ...] = (
    ("enable_controls", "Show the controls", "enableControls"),
    ("hide_title", "Hide the video title", "hideTitle"),
    ("force_autoplay", "Start playing on load (autoplay)", "forceAutoplay"),
    ("force_loop", "Loop the video", "forceLoop"),
    ("enable_api", "Let web pages drive the player (player SDK)", "enableApi"),
)

assert {name for _h, group in COLOUR_GROUPS for name, _l, _d in group} == set(PLAYER_COLOR_FIELDS)
assert {name for name, _l, _a in FLAGS} == set(PLAYER_FLAG_FIELDS)

PREVIEW_WIDTH = 620


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


class ThemeEditor(QWidget):
    """Edits one theme; ``saved`` carries the theme the server returned after a save."""

    saved = Signal(object)  # PlayerTheme
    delete_requested = Signal(str)  # playerId
    dirty_changed = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.theme: PlayerTheme | None = None
        self.saving = False
        self._dirty = False
        self._loading = False  # filling the fields from a theme: not the user's edits
        self._status_kind = ""  # "", "dirty", "saving", "saved" or "error"
        self._last_good: dict[str, QColor] = {}  # per colour field, for the preview
        self._build()

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText("Theme name")
        font = QFont(self.name_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.name_edit.setFont(font)
        # Reads as a heading until hovered or focused, then shows that it can be edited.
        self.name_edit.setStyleSheet(
            "QLineEdit { background: transparent; border: 1px solid transparent;"
            " border-radius: 4px; padding: 1px 4px; }"
            "QLineEdit:hover, QLineEdit:focus { border-color: palette(mid);"
            " background: palette(base); }"
        )
        self.name_edit.textEdited.connect(self._on_edited)
        self.id_label = QLabel()
        self.id_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.id_label.setContentsMargins(5, 0, 0, 0)  # under the name's text, past its padding
        self.delete_button = QPushButton("Delete theme…")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        header = QHBoxLayout()
        header.setSpacing(10)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.name_edit)
        names.addWidget(self.id_label)
        header.addLayout(names, 1)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        self.preview = PlayerPreview()
        self.preview.setFixedWidth(PREVIEW_WIDTH)
        self.preview.setFixedHeight(round(PREVIEW_WIDTH * 9 / 16))
        preview_note = _muted("Preview — updates as you edit; nothing is sent until you save.")

        self.flag_boxes: dict[str, QCheckBox] = {}
        behaviour = QVBoxLayout()
        behaviour.setSpacing(6)
        behaviour.addWidget(_heading("Behaviour"))
        for name, label, api_name in FLAGS:
            box = QCheckBox(label)
            box.setToolTip(api_name)
            box.toggled.connect(self._on_edited)
            self.flag_boxes[name] = box
            behaviour.addWidget(box)

        self.logo = LogoEditor(self._context)
        self.logo.changed.connect(self._on_edited)
        self.logo.image_loaded.connect(self._update_state)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addLayout(behaviour)
        side.addSpacing(10)
        side.addWidget(_heading("Logo"))
        side.addWidget(self.logo)
        side.addStretch(1)

        preview_column = QVBoxLayout()
        preview_column.setSpacing(6)
        preview_column.addWidget(self.preview)
        preview_column.addWidget(preview_note)
        preview_column.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addLayout(preview_column)
        top.addLayout(side, 1)

        self.colour_fields: dict[str, ColourField] = {}
        colours = QGridLayout()
        colours.setHorizontalSpacing(24)
        colours.setVerticalSpacing(6)
        for column, (heading, group) in enumerate(COLOUR_GROUPS):
            colours.addWidget(_heading(heading), 0, column)
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(8)
            form.setHorizontalSpacing(12)
            for name, label, description in group:
                field = ColourField()
                field.edited.connect(self._on_edited)
                field.setToolTip(description)
                self.colour_fields[name] = field
                title = QLabel(label)
                title.setToolTip(description)
                title.setMinimumWidth(84)
                # As tall as the swatch row, centred: the field's hidden error line is below.
                title.setFixedHeight(max(SWATCH.height(), field.edit.sizeHint().height()))
                title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                form.addRow(title, field)
            colours.addLayout(form, 1, column, Qt.AlignmentFlag.AlignTop)
            colours.setColumnStretch(column, 1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(20, 14, 20, 14)
        body_layout.setSpacing(12)
        body_layout.addLayout(header)
        body_layout.addLayout(top)
        body_layout.addSpacing(4)
        body_layout.addWidget(_heading("Colours"))
        body_layout.addWidget(
            _muted("Type rgba(r, g, b, a) or #rrggbb, or click a swatch to pick a colour.")
        )
        body_layout.addLayout(colours)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Put back the saved theme")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        footer_bar = QFrame()
        footer_bar.setFrameShape(QFrame.Shape.NoFrame)
        footer_bar.setAutoFillBackground(True)
        footer_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        footer = QHBoxLayout(footer_bar)
        footer.setContentsMargins(20, 8, 20, 8)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.revert_button)
        footer.addWidget(self.save_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        line.setForegroundRole(QPalette.ColorRole.Mid)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addWidget(line)
        layout.addWidget(footer_bar)
        self._update_state()

    # ---- showing a theme ---------------------------------------------------------------------

    def show_theme(self, theme: PlayerTheme) -> None:
        """Fill the editor with a saved theme (discarding any edits) and fetch its logo."""
        self.theme = theme
        self._fill(theme)
        self._load_logo(theme)

    def _fill(self, theme: PlayerTheme) -> None:
        self._loading = True
        self._last_good.clear()
        try:
            draft = ThemeDraft.of(theme)
            self.name_edit.setText(draft.name)
            self.name_edit.setCursorPosition(0)
            self.id_label.setText(theme.player_id)
            for name, field in self.colour_fields.items():
                field.set_text(draft.colours[name])
            for name, box in self.flag_boxes.items():
                box.setChecked(draft.flags[name])
            self.logo.reset(has_logo(theme), saved_link(theme))
        finally:
            self._loading = False
        self._set_status("")
        self._update_state()

    def _load_logo(self, theme: PlayerTheme) -> None:
        url = theme.assets.logo if theme.assets else None
        if not url:
            return
        self._context.scope.start(self._fetch_logo(theme.player_id, url), key=self._key("logo"))

    async def _fetch_logo(self, player_id: str, url: str) -> None:
        # The logo is a public asset: a plain GET, no API credentials.
        try:
            response = await self._context.client.http.get(url, follow_redirects=True)
        except httpx.HTTPError as exc:
            log.info("logo of %s not fetched: %s", player_id, exc)
            data = None
        else:
            data = response.content if response.status_code == 200 else None
        if self.theme is not None and self.theme.player_id == player_id:
            self.logo.set_saved_image(data)

    def _key(self, name: str) -> str:
        return f"theme-editor:{id(self)}:{name}"

    # ---- the draft ---------------------------------------------------------------------------

    def draft(self) -> ThemeDraft:
        """What the fields hold now."""
        return ThemeDraft(
            name=self.name_edit.text(),
            colours={name: field.text() for name, field in self.colour_fields.items()},
            flags={name: box.isChecked() for name, box in self.flag_boxes.items()},
        )

    @property
    def is_dirty(self) -> bool:
        """True when something differs from the saved theme."""
        return self._dirty

    def _compute_dirty(self) -> bool:
        if self.theme is None:
            return False
        draft = self.draft()
        try:
            changed = update_payload(self.theme, draft) is not None
        except ColourError:
            changed = True  # an invalid colour is an edit (of a valid saved one)
        return changed or logo_action(self.theme, self.logo.draft()) != LogoAction.NONE

    def look(self) -> PlayerLook:
        """What the preview shows for the current fields.

        A field being typed is often not a colour yet: it keeps its last valid colour
        meanwhile, so the preview does not flicker back to the saved one at every keystroke.
        """
        colours = {}
        for name, field in self.colour_fields.items():
            colour = qcolor_of(field.text(), self._last_good.get(name, DEFAULT_COLOURS[name]))
            self._last_good[name] = colour
            colours[name] = colour
        return PlayerLook(
            colours=colours,
            enable_controls=self.flag_boxes["enable_controls"].isChecked(),
            hide_title=self.flag_boxes["hide_title"].isChecked(),
            logo=self.logo.current_image(),
        )

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            if self._status_kind in ("error", "saved"):
                self._set_status("")  # an edit answers the last message
            self._update_state()

    def _update_state(self) -> None:
        self.preview.set_look(self.look())
        dirty = self._compute_dirty()
        has_theme = self.theme is not None
        self.save_button.setEnabled(
            has_theme and dirty and not self.saving and not self.logo.fitting
        )
        self.revert_button.setEnabled(has_theme and dirty and not self.saving)
        self.delete_button.setEnabled(has_theme and not self.saving)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        if self._status_kind in ("", "dirty"):
            self._set_status("Unsaved changes" if dirty else "", kind="dirty")

    def _set_status(self, text: str, *, kind: str = "") -> None:
        self._status_kind = kind if text else ""
        self.status.setText(text)
        error = kind == "error"
        self.status.setForegroundRole(
            QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        )

    # ---- save, revert, delete ----------------------------------------------------------------

    def revert(self) -> None:
        """Put every field back to the saved theme."""
        if self.theme is None:
            return
        saved_data = self.logo.saved_data
        self._fill(self.theme)
        if saved_data is not None:
            self.logo.set_saved_image(saved_data)

    def save(self) -> None:
        """Send the changes; refused (nothing sent) while a colour or the link is invalid."""
        if self.theme is None or self.saving:
            return
        if self.logo.fitting:
            self._set_status(
                "The logo is still being fitted: save again in a moment.", kind="error"
            )
            return
        draft = self.draft()
        problems = colour_problems(draft)
        if problems:
            name, message = next(iter(problems.items()))
            label = _label_of(name)
            count = len(problems)
            more = f" ({count} colours need fixing)" if count > 1 else ""
            self._set_status(f"Not saved: {label} — {message}{more}", kind="error")
            self.colour_fields[name].edit.setFocus()
            return
        link_problem = self.logo.link_problem()
        if link_problem:
            self._set_status(f"Not saved: logo link — {link_problem}", kind="error")
            self.logo.link.setFocus()
            return
        self.saving = True
        self._set_status("Saving…", kind="saving")
        self._update_state()
        self._context.scope.start(self._save(self.theme, draft), key=self._key("save"))

    async def _save(self, saved: PlayerTheme, draft: ThemeDraft) -> None:
        logo = self.logo.draft()
        player_id = saved.player_id
        players = self._context.client.players
        theme = saved
        try:
            payload = update_payload(saved, draft)
            if payload is not None:
                theme = await players.update(player_id, payload)
            action = logo_action(saved, logo)
            if action == LogoAction.DELETE:
                await players.delete_logo(player_id)
                theme = await players.get(player_id)
            elif action == LogoAction.UPLOAD and logo.fitted is not None:
                theme = await players.upload_logo(
                    player_id,
                    logo.fitted.data,
                    link=logo.link or None,
                    filename=logo.fitted.filename,
                )
            elif action == LogoAction.RESEND:
                theme = await self._resend_logo(player_id, logo.link)
        except (ApiError, TransportError, LogoError) as exc:
            self.saving = False
            if theme is not saved:
                self._accept(theme, draft, keep_fields=True)
            self._set_status(f"Not saved: {exc}", kind="error")
            self._update_state()
            return
        self.saving = False
        logo_data = logo.fitted.data if logo.fitted is not None else self.logo.saved_data
        if action == LogoAction.DELETE:
            logo_data = None
        self._accept(theme, draft, keep_fields=False)
        if has_logo(theme) and logo_data is not None:
            self.logo.set_saved_image(logo_data)
        self._set_status("Saved", kind="saved")
        self._update_state()

    async def _resend_logo(self, player_id: str, link: str) -> PlayerTheme:
        """Upload the current logo again with a new link (the API takes them together)."""
        data = self.logo.saved_data
        if data is None:
            raise LogoError("The current logo could not be downloaded to change its link.")
        fitted = await asyncio.to_thread(fit_logo_bytes, data, "logo.png")
        return await self._context.client.players.upload_logo(
            player_id, fitted.data, link=link or None, filename=fitted.filename
        )

    def _accept(self, theme: PlayerTheme, sent: ThemeDraft, *, keep_fields: bool) -> None:
        """``theme`` is what the server now holds (``sent`` was saved).

        With ``keep_fields`` (the logo request failed after the PATCH) the fields stay as they
        are, so what is still unsaved still shows as unsaved. Otherwise the fields show the
        server's spelling of what was sent, except those edited again while saving.
        """
        self.theme = theme
        self.saved.emit(theme)
        if keep_fields:
            return
        self._loading = True
        try:
            self.logo.reset(has_logo(theme), saved_link(theme))
            if self.name_edit.text() == sent.name:
                self.name_edit.setText(theme.name or "")
            for name, field in self.colour_fields.items():
                stored = getattr(theme, name) or ""
                if field.text() == sent.colours[name] and stored:
                    field.set_text(stored)
            self.id_label.setText(theme.player_id)
        finally:
            self._loading = False

    def _on_delete_clicked(self) -> None:
        if self.theme is not None:
            self.delete_requested.emit(self.theme.player_id)

    def clear(self) -> None:
        """Show nothing (no theme selected)."""
        self.theme = None
        self._update_state()


def _label_of(name: str) -> str:
    for _heading_text, group in COLOUR_GROUPS:
        for attribute, label, _description in group:
            if attribute == name:
                return label
    return name
