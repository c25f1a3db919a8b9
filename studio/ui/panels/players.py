"""``PlayersPanel``: player themes — list, create, edit with a live preview, delete.

Left, the themes (sorted by name); right, the :class:`~studio.ui.panels.players_editor.ThemeEditor`
of the selected one. Leaving a theme with unsaved changes asks first; deleting asks first. Both
questions are ``ConfirmDialog``s opened with ``open()``. Assigning a theme to a video or a live
stream happens in their own detail panels (the Player combo boxes).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ...api import ApiError, TransportError
from ...api.models import PlayerTheme, PlayerThemeCreationPayload
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..widgets.master_detail import master_detail
from ..widgets.message_page import MessagePage
from .players_editor import ThemeEditor
from .players_list import PlayerThemeListModel, PlayerThemeListPane, theme_title

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

LIST_WIDTH = 270
NOTICE_MS = 6000
NEW_NAME = "New theme"


class PlayersPanel(QWidget):
    """The Players page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = PlayerThemeListModel()
        self.loaded = False
        self.confirm_dialog: ConfirmDialog | None = None
        self._restoring = False  # putting the selection back: not the user's choice

        self.list_pane = PlayerThemeListPane(self.model)
        self.editor = ThemeEditor(context)
        self.nothing = MessagePage()
        self.nothing.show_message(
            "Select a theme",
            "Its colours, switches and logo appear here, with a preview of the player.",
        )
        self.right = QStackedWidget()
        self.right.addWidget(self.nothing)
        self.right.addWidget(self.editor)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(20, 8, 20, 0)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))
        self.splitter = master_detail(self, self.list_pane, self.notice, self.right, LIST_WIDTH)

        self.list_pane.new_requested.connect(self.create_theme)
        self.list_pane.retry_requested.connect(self.reload)
        self.list_pane.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.editor.saved.connect(self._on_saved)
        self.editor.delete_requested.connect(self.ask_delete)
        context.client_changed.connect(self._on_client_changed)
        self.reload()

    # ---- messages -----------------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """A short message above the editor (errors stay until the next message)."""
        self.notice.setText(text)
        self.notice.setStyleSheet("color: palette(bright-text);" if error else "")
        self.notice.setVisible(bool(text))
        if error:
            self._notice_timer.stop()
        else:
            self._notice_timer.start(NOTICE_MS)

    def _key(self, name: str) -> str:
        return f"players-panel:{id(self)}:{name}"

    # ---- list ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the themes again (the selection is kept when the theme still exists)."""
        self.context.scope.start(self._load(), key=self._key("list"))

    async def _load(self) -> None:
        try:
            themes = await self.context.client.players.list(sort_by="name", page_size=100).all()
        except (ApiError, TransportError) as exc:
            self.loaded = True
            self.list_pane.show_error(str(exc))
            return
        keep = self.editor.theme.player_id if self.editor.theme is not None else None
        self._restoring = True
        try:
            self.model.set_themes(themes)
        finally:
            self._restoring = False
        self.loaded = True
        self.list_pane.show_list(len(themes))
        kept_row = self.model.row_of(keep) if keep else None
        if kept_row is not None:
            self._select_row(kept_row, restoring=True)
            fresh = self.model.themes[kept_row]
            # Changed elsewhere meanwhile: show the server's version, unless it is being edited.
            if not self.editor.is_dirty and fresh != self.editor.theme:
                self.editor.show_theme(fresh)
        elif themes:
            self._select_row(0)
        else:
            self.editor.clear()
            self.right.setCurrentWidget(self.nothing)

    def _on_client_changed(self) -> None:
        self.editor.clear()
        self.model.set_themes([])
        self.right.setCurrentWidget(self.nothing)
        self.reload()

    def current_theme(self) -> PlayerTheme | None:
        return self.editor.theme

    def select(self, player_id: str) -> bool:
        """Select the theme ``player_id`` as the user would (asks first if edits are unsaved)."""
        row = self.model.row_of(player_id)
        if row is None:
            return False
        self.list_pane.view.setCurrentIndex(self.model.index(row))
        return True

    def _select_row(self, row: int, *, restoring: bool = False) -> None:
        view = self.list_pane.view
        index = self.model.index(row)
        self._restoring = restoring
        try:
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._restoring = False
        if not restoring:
            theme = self.model.theme_at(row)
            if theme is not None and (
                self.editor.theme is None or self.editor.theme.player_id != theme.player_id
            ):
                self._show(theme)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        theme = self.model.theme_at(current.row())
        if theme is None:
            return
        shown = self.editor.theme
        if shown is not None and shown.player_id == theme.player_id:
            return
        if shown is not None and self.editor.is_dirty:
            # Stay on the edited theme until the user says the edits can go.
            back = self.model.row_of(shown.player_id)
            if back is not None:
                self._select_row(back, restoring=True)
            self._ask_discard(shown, theme.player_id)
            return
        self._show(theme)

    def _show(self, theme: PlayerTheme) -> None:
        self.editor.show_theme(theme)
        self.right.setCurrentWidget(self.editor)

    def _ask_discard(self, edited: PlayerTheme, wanted: str) -> None:
        self.confirm_dialog = ask_confirmation(
            self,
            title="Unsaved changes",
            text=f"Discard your changes to “{theme_title(edited)}”?",
            detail="The colours, switches and logo you changed have not been saved.",
            confirm_text="Discard changes",
        )
        self.confirm_dialog.confirmed.connect(lambda: self._discard_and_select(wanted))
        self.confirm_dialog.finished.connect(self._forget_dialog)

    def _discard_and_select(self, player_id: str) -> None:
        self.editor.revert()
        row = self.model.row_of(player_id)
        if row is not None:
            self._select_row(row)

    def _forget_dialog(self) -> None:
        self.confirm_dialog = None

    def _on_saved(self, theme: PlayerTheme) -> None:
        self.model.upsert(theme)

    # ---- create -------------------------------------------------------------------------------

    def create_theme(self) -> None:
        """Create a theme with the API's defaults and a free name, and open it for editing."""
        if self.editor.is_dirty:
            self.say("Save or revert the changes to this theme first.", error=True)
            return
        taken = {t.name or "" for t in self.model.themes}
        name, number = NEW_NAME, 2
        while name in taken:
            name, number = f"{NEW_NAME} {number}", number + 1
        self.list_pane.new_button.setEnabled(False)
        self.context.scope.start(self._create(name), key=self._key("create"))

    async def _create(self, name: str) -> None:
        try:
            theme = await self.context.client.players.create(PlayerThemeCreationPayload(name=name))
        except (ApiError, TransportError) as exc:
            self.say(f"The theme could not be created: {exc}", error=True)
            return
        finally:
            self.list_pane.new_button.setEnabled(True)
        row = self.model.upsert(theme)
        self.list_pane.show_list(len(self.model.themes))
        self._select_row(row)
        self.say(f"Created “{theme_title(theme)}”. Pick its colours, then save.")
        self.editor.name_edit.setFocus()
        self.editor.name_edit.selectAll()

    # ---- delete -------------------------------------------------------------------------------

    def ask_delete(self, player_id: str) -> None:
        """Ask, then delete the theme ``player_id``."""
        row = self.model.row_of(player_id)
        theme = self.model.theme_at(row) if row is not None else None
        if theme is None:
            return
        self.confirm_dialog = ask_confirmation(
            self,
            title="Delete theme",
            text=f"Delete the theme “{theme_title(theme)}”?",
            detail="Videos and live streams that use it will need another theme. "
            "This cannot be undone.",
            confirm_text="Delete theme",
        )
        self.confirm_dialog.confirmed.connect(lambda: self._start_delete(player_id))
        self.confirm_dialog.finished.connect(self._forget_dialog)

    def _start_delete(self, player_id: str) -> None:
        self.context.scope.start(self._delete(player_id), key=self._key(f"delete-{player_id}"))

    async def _delete(self, player_id: str) -> None:
        try:
            await self.context.client.players.delete(player_id)
        except ApiError as exc:
            if exc.status != 404:  # already gone: the list just catches up
                self.say(f"The theme could not be deleted: {exc}", error=True)
                return
        except TransportError as exc:
            self.say(f"The theme could not be deleted: {exc}", error=True)
            return
        row = self.model.row_of(player_id)
        name = theme_title(self.model.themes[row]) if row is not None else "The theme"
        if self.editor.theme is not None and self.editor.theme.player_id == player_id:
            self.editor.clear()
        self.model.remove(player_id)
        self.list_pane.show_list(len(self.model.themes))
        if self.model.themes:
            self._select_row(min(row or 0, len(self.model.themes) - 1))
        else:
            self.right.setCurrentWidget(self.nothing)
        self.say(f"Deleted “{name}”." if row is not None else "Deleted.")
