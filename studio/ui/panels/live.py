"""``LivePanel``: live streams — list and filter, create, edit, delete, complete, go live.

Left, the list (filtered by name on the server); right, the selected stream
(:class:`~studio.ui.panels.live_detail.LiveDetail`). One :class:`ObsHandoff` serves the panel
and one :class:`LiveMonitor` follows the selected stream while the panel is visible (polling a
hidden page would spend the API's rate limit for nothing). Dialogs open with ``open()``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ...api import ApiError, TransportError
from ...api.models import LiveStream, LiveStreamCreationPayload, LiveStreamUpdatePayload
from ...services.live_monitor import LiveMonitor, LiveReport
from ...services.obs import ObsHandoff
from ...services.obs_prefs import LivePrefs
from ...services.secrets import SecretStore
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..widgets.master_detail import master_detail
from ..widgets.message_page import MessagePage
from .live_detail import LiveDetail
from .live_editor import LiveStreamEditor
from .live_list import LiveListPane, LiveStreamListModel

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

LIST_LIMIT = 500  # live streams are few; more than this and the filter is the way
NOTICE_MS = 6000
LIST_WIDTH = 290
# The selected stream is polled by the monitor; the others' "Live" dots by a slower list poll.
LIST_POLL_MS = 20_000


class LivePanel(QWidget):
    """The Live page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.prefs = LivePrefs.for_context(context)
        projects_secrets = getattr(context.projects, "secrets", None)
        self.secrets: SecretStore = (
            projects_secrets if isinstance(projects_secrets, SecretStore) else SecretStore()
        )
        self.handoff = ObsHandoff(secrets=self.secrets)
        self.monitor = LiveMonitor(context, self.handoff)
        self.model = LiveStreamListModel()
        self.editor: LiveStreamEditor | None = None
        self.confirm_dialog: ConfirmDialog | None = None
        self.loaded = False
        self._select_after_load: str | None = None

        self.list_pane = LiveListPane(self.model)
        self.detail = LiveDetail(context, self.handoff, self.secrets, self.prefs)
        self.nothing = MessagePage()
        self.nothing.show_message(
            "Select a live stream",
            "Its stream key, the OBS handoff and its live status appear here.",
        )
        self.right = QStackedWidget()
        self.right.addWidget(self.nothing)
        self.right.addWidget(self.detail)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setContentsMargins(18, 8, 18, 0)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))
        self._list_poll = QTimer(self)
        self._list_poll.setInterval(LIST_POLL_MS)
        self._list_poll.timeout.connect(self.refresh_states)
        self.splitter = master_detail(self, self.list_pane, self.notice, self.right, LIST_WIDTH)

        self.list_pane.filter_changed.connect(lambda _text: self.reload())
        self.list_pane.new_requested.connect(self.open_create)
        self.list_pane.retry_requested.connect(self.reload)
        self.list_pane.view.selectionModel().currentChanged.connect(
            lambda current, _previous: self._on_selected(current.row())
        )
        self.detail.edit_requested.connect(self.open_edit)
        self.detail.delete_requested.connect(self.ask_delete)
        self.detail.complete_requested.connect(self.ask_complete)
        self.detail.thumbnail.stream_updated.connect(self._on_stream_changed)
        self.monitor.stream_changed.connect(self._on_stream_changed)
        self.monitor.report_changed.connect(self._on_report)
        context.client_changed.connect(self._on_client_changed)
        self.reload()

    # ---- lifecycle ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The demo's RTMP ingest starts with the embedded emulator, maybe after this panel.
        self.detail.ingest.refresh()
        self._list_poll.start()
        stream = self.current_stream()
        if stream is not None and self.monitor.live_stream_id is None:
            self.monitor.watch(stream.live_stream_id)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._list_poll.stop()
        self.monitor.watch(None)
        self.detail.preview.stop()

    def _on_client_changed(self) -> None:
        self.monitor.watch(None)
        self.detail.ingest.reload_servers()
        self.model.set_streams([])
        self.right.setCurrentWidget(self.nothing)
        self.reload()

    def say(self, text: str, *, error: bool = False) -> None:
        """A short message above the details (errors stay until the next message)."""
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #d84315;" if error else "")
        self.notice.setVisible(bool(text))
        if error:
            self._notice_timer.stop()
        else:
            self._notice_timer.start(NOTICE_MS)

    # ---- list ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the list again (with the current name filter)."""
        self.context.scope.start(self._load(self.list_pane.filter_text()), key=self._key("list"))

    def _key(self, name: str) -> str:
        return f"live-panel:{id(self)}:{name}"

    async def _load(self, name: str) -> None:
        try:
            streams = await self.context.client.live_streams.list(
                name=name or None, sort_by="createdAt", sort_order="desc"
            ).all(limit=LIST_LIMIT)
        except (ApiError, TransportError) as exc:
            self.list_pane.show_error(_why(exc))
            return
        current = self.current_stream()
        selected = self._select_after_load or (current.live_stream_id if current else None)
        self._select_after_load = None
        self.model.set_streams(streams)
        self.loaded = True
        if not streams:
            self.list_pane.show_empty(filtered=bool(name))
            self._show_nothing()
            return
        self.list_pane.show_list()
        row = self.model.row_of(selected) if selected else None
        self.select_row(row if row is not None else 0)

    def refresh_states(self) -> None:
        """Update the rows in place (broadcasting dots, names); a changed set reloads."""
        if self.loaded:
            self.context.scope.start(self._refresh_states(), key=self._key("states"))

    async def _refresh_states(self) -> None:
        name = self.list_pane.filter_text()
        try:
            streams = await self.context.client.live_streams.list(
                name=name or None, sort_by="createdAt", sort_order="desc"
            ).all(limit=LIST_LIMIT)
        except (ApiError, TransportError) as exc:
            log.info("live streams not refreshed: %s", exc)
            return
        if [s.live_stream_id for s in streams] != [s.live_stream_id for s in self.model.streams]:
            self.reload()  # added or deleted elsewhere
            return
        for stream in streams:
            self._on_stream_changed(stream)

    def current_stream(self) -> LiveStream | None:
        index = self.list_pane.view.currentIndex()
        return self.model.stream_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row)
        if not index.isValid():
            self._show_nothing()
            return
        self.list_pane.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._on_selected(row)

    def select_stream(self, live_stream_id: str) -> bool:
        row = self.model.row_of(live_stream_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def _on_selected(self, row: int) -> None:
        stream = self.model.stream_at(row)
        if stream is None:
            self._show_nothing()
            return
        shown = self.detail.stream
        changed = shown is None or shown.live_stream_id != stream.live_stream_id
        self.detail.set_stream(stream)
        if changed and self.isVisible():
            self.monitor.watch(stream.live_stream_id)
        self.right.setCurrentWidget(self.detail)

    def _show_nothing(self) -> None:
        self.monitor.watch(None)
        self.detail.preview.stop()
        self.detail.stream = None
        self.right.setCurrentWidget(self.nothing)

    def _on_stream_changed(self, stream: LiveStream) -> None:
        """A fresher copy of a stream (poll, edit, thumbnail): update the row and the details."""
        if self.model.row_of(stream.live_stream_id) is not None:
            self.model.upsert(stream)
        if self.detail.stream is not None and (
            self.detail.stream.live_stream_id == stream.live_stream_id
        ):
            self.detail.set_stream(stream)

    def _on_report(self, report: LiveReport) -> None:
        current = self.detail.stream
        if current is not None and current.live_stream_id == self.monitor.live_stream_id:
            self.detail.show_report(report)

    # ---- create and edit ----------------------------------------------------------------------

    def open_create(self) -> LiveStreamEditor:
        return self._open_editor(None)

    def open_edit(self) -> LiveStreamEditor | None:
        stream = self.detail.stream
        return self._open_editor(stream) if stream is not None else None

    def _open_editor(self, stream: LiveStream | None) -> LiveStreamEditor:
        editor = LiveStreamEditor(stream, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.submitted.connect(lambda payload: self.save(editor, payload))
        self.editor = editor
        editor.open()
        self.context.scope.start(self._load_players(editor), key=self._key("players"))
        return editor

    async def _load_players(self, editor: LiveStreamEditor) -> None:
        try:
            players = await self.context.client.players.list().all(limit=100)
        except (ApiError, TransportError) as exc:
            log.info("player themes not loaded: %s", exc)
            players = []
        if editor is self.editor and shiboken6.isValid(editor):
            editor.set_players(players)

    def save(
        self,
        editor: LiveStreamEditor,
        payload: LiveStreamCreationPayload | LiveStreamUpdatePayload,
    ) -> None:
        """Send the editor's payload (create or update); the editor shows any refusal."""
        self.context.scope.start(self._save(editor, payload), key=self._key("save"))

    async def _save(
        self,
        editor: LiveStreamEditor,
        payload: LiveStreamCreationPayload | LiveStreamUpdatePayload,
    ) -> None:
        api = self.context.client.live_streams
        try:
            if isinstance(payload, LiveStreamCreationPayload):
                stream = await api.create(payload)
            else:
                assert editor.stream is not None
                stream = await api.update(editor.stream.live_stream_id, payload)
        except (ApiError, TransportError) as exc:
            if shiboken6.isValid(editor):  # the user may have closed it meanwhile
                editor.show_refusal(exc)
            else:
                self.say(f"Not saved: {_why(exc)}", error=True)
            return
        if shiboken6.isValid(editor):
            editor.saved()
        if self.editor is editor:
            self.editor = None
        if isinstance(payload, LiveStreamCreationPayload):
            self.say(f"Live stream “{stream.name}” created.")
            if self.list_pane.filter_text():
                self._select_after_load = stream.live_stream_id
                self.list_pane.filter.clear()  # the new stream may not match the filter
                self.reload()
                return
            self.model.upsert(stream, first=True)
            self.list_pane.show_list()
            self.select_stream(stream.live_stream_id)
        else:
            self.say("Changes saved.")
            self._on_stream_changed(stream)
            self.monitor.refresh_soon()

    # ---- delete and complete ------------------------------------------------------------------

    def ask_delete(self) -> ConfirmDialog | None:
        stream = self.detail.stream
        if stream is None:
            return None
        detail = "Its stream key stops working at once."
        if stream.broadcasting:
            detail = "It is broadcasting right now: viewers lose it at once. " + detail
        dialog = ask_confirmation(
            self,
            title="Delete live stream",
            text=f"Delete “{stream.name or stream.live_stream_id}”?",
            detail=detail + " Its recordings stay in the library.",
        )
        dialog.confirmed.connect(lambda: self.delete(stream.live_stream_id))
        self.confirm_dialog = dialog
        return dialog

    def delete(self, live_stream_id: str) -> None:
        self.context.scope.start(self._delete(live_stream_id), key=self._key("delete"))

    async def _delete(self, live_stream_id: str) -> None:
        try:
            await self.context.client.live_streams.delete(live_stream_id)
        except (ApiError, TransportError) as exc:
            self.say(f"Not deleted: {_why(exc)}", error=True)
            return
        row = self.model.row_of(live_stream_id)
        self.model.remove(live_stream_id)
        self.say("Live stream deleted.")
        if self.model.rowCount() == 0:
            self.list_pane.show_empty(filtered=bool(self.list_pane.filter_text()))
            self._show_nothing()
        else:
            self.select_row(min(row or 0, self.model.rowCount() - 1))

    def ask_complete(self) -> ConfirmDialog | None:
        stream = self.detail.stream
        if stream is None:
            return None
        dialog = ask_confirmation(
            self,
            title="Complete the broadcast",
            text=f"End the broadcast of “{stream.name or stream.live_stream_id}”?",
            detail="Viewers see the end of the stream, the recording is finalised and the "
            "encoder is disconnected within about a minute. The stream key stays valid.",
            confirm_text="Complete",
            destructive=False,
        )
        dialog.confirmed.connect(lambda: self.complete(stream.live_stream_id))
        self.confirm_dialog = dialog
        return dialog

    def complete(self, live_stream_id: str) -> None:
        self.context.scope.start(self._complete(live_stream_id), key=self._key("complete"))

    async def _complete(self, live_stream_id: str) -> None:
        try:
            await self.context.client.live_streams.complete(live_stream_id)
        except (ApiError, TransportError) as exc:
            self.say(f"Not completed: {_why(exc)}", error=True)
            return
        self.say("The broadcast is ending; the recording will appear among the videos.")
        if live_stream_id == self.monitor.live_stream_id:
            self.monitor.completed()


def _why(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return f"the server cannot be reached ({exc})"
