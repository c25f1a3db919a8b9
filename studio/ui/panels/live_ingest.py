"""``IngestCard``: the server URL and stream key an encoder needs, each with a copy button.

The server list depends on the project (api.video's RTMPS/RTMP, the demo emulator's own, or a
custom URL kept per project in :class:`~studio.services.obs_prefs.LivePrefs`); the key comes
from the selected live stream and stays masked until revealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...api.models import LiveStream
from ...services.ingest import IngestServer, ingest_servers, publish_url, rtmp_url_problem
from ...services.obs_prefs import LivePrefs, project_key
from ..widgets.live_card import LiveCard
from ..widgets.live_copy_field import CopyField

if TYPE_CHECKING:
    from ...services.context import AppContext


class IngestCard(LiveCard):
    """Server choice, server URL, stream key; ``target_changed`` when either changes."""

    target_changed = Signal()

    def __init__(
        self, context: AppContext, prefs: LivePrefs, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Stream from OBS",
            "In OBS: Settings → Stream → Service “Custom…”, then paste the server and the "
            "stream key — or let the studio set them with “Send to OBS” below.",
            parent,
        )
        self.context = context
        self.prefs = prefs
        self.stream: LiveStream | None = None
        self.servers: list[IngestServer] = []
        self._built_for: tuple[str, str, str | None] | None = None
        self.choice = QComboBox()
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        small = self.note.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.note.setFont(small)
        self.server = CopyField()
        self.server.edited.connect(self._on_custom_edited)
        self.key = CopyField(secret=True)
        self.url_problem = QLabel()
        self.url_problem.setWordWrap(True)
        self.url_problem.setStyleSheet("color: #d84315;")
        self.url_problem.setVisible(False)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow("Ingest", _stacked(self.choice, self.note))
        form.addRow("Server", _stacked(self.server, self.url_problem))
        form.addRow("Stream key", self.key)
        self.body.addLayout(form)
        self.reload_servers()

    # ---- servers ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the choices if the project or the demo's ingest changed since."""
        if self._built_for != self._situation():
            self.reload_servers()

    def _situation(self) -> tuple[str, str, str | None]:
        return (project_key(self.context), self.context.project.environment, self.context.rtmp_url)

    def reload_servers(self) -> None:
        """Rebuild the choices for the current project (after a project switch)."""
        self._built_for = self._situation()
        saved = self.prefs.ingest(project_key(self.context))
        self.servers = ingest_servers(
            self.context.project.environment,
            emulator_url=self.context.rtmp_url,
            custom_url=saved.custom_url,
        )
        self.choice.blockSignals(True)
        self.choice.clear()
        for server in self.servers:
            self.choice.addItem(server.label, server.key)
        index = self.choice.findData(saved.choice) if saved.choice else 0
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self.choice.setEnabled(len(self.servers) > 1)
        self._on_choice(self.choice.currentIndex())

    def current_server(self) -> IngestServer | None:
        index = self.choice.currentIndex()
        return self.servers[index] if 0 <= index < len(self.servers) else None

    def select_server(self, key: str) -> None:
        index = self.choice.findData(key)
        if index >= 0:
            self.choice.setCurrentIndex(index)

    def _on_choice(self, index: int) -> None:
        server = self.current_server()
        if server is None:
            return
        custom = server.key == "custom"
        self.note.setText(server.note)
        self.server.set_editable(custom, "rtmp://your-server.example/app")
        self.server.set_value(server.url)
        saved = self.prefs.ingest(project_key(self.context))
        if saved.choice != server.key and index >= 0:
            saved.choice = server.key
            self.prefs.save()
        self._check_url()
        self.target_changed.emit()

    def _on_custom_edited(self, value: str) -> None:
        server = self.current_server()
        if server is None or server.key != "custom":
            return
        url = value.strip().rstrip("/")
        saved = self.prefs.ingest(project_key(self.context))
        if url != saved.custom_url:
            saved.custom_url = url
            self.prefs.save()
            index = self.servers.index(server)
            self.servers[index] = IngestServer(server.key, server.label, url, server.note)
        self._check_url()
        self.target_changed.emit()

    def _check_url(self) -> None:
        url = self.server.value().strip()
        problem = rtmp_url_problem(url) if url else "Enter the RTMP(S) ingest URL of your server."
        self.url_problem.setText(problem or "")
        self.url_problem.setVisible(bool(problem))

    # ---- stream -------------------------------------------------------------------------------

    def set_stream(self, stream: LiveStream | None) -> None:
        changed = (stream.stream_key if stream else None) != (
            self.stream.stream_key if self.stream else None
        )
        self.stream = stream
        self.key.set_value(stream.stream_key if stream else "")
        if changed:
            self.key.set_revealed(False)  # a new key starts hidden again
            self.target_changed.emit()

    def target(self) -> tuple[str, str] | None:
        """(server URL, stream key) when both are usable, else None."""
        url = self.server.value().strip().rstrip("/")
        if self.stream is None or not self.stream.stream_key or rtmp_url_problem(url):
            return None
        return url, self.stream.stream_key

    def publish_url(self) -> str | None:
        target = self.target()
        return publish_url(*target) if target else None


def _stacked(field: QWidget, under: QLabel) -> QWidget:
    """``field`` with a small line of text under it (hidden lines take no room)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    layout.addWidget(field)
    layout.addWidget(under)
    return box
