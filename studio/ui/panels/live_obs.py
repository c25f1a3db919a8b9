"""``ObsCard``: connect to OBS, hand it this stream, watch its output, give OBS back.

The card drives :class:`~studio.services.obs.ObsHandoff` through the task scope and shows the
OBS part of the monitor's reports (output state, bitrate, congestion, dropped frames). The
obs-websocket password is kept in the OS keyring (SecretStore) once a connection worked.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...services.obs import ObsHandoff, password_account
from ...services.obs_errors import ObsError, ObsStreamingActive
from ...services.obs_prefs import LivePrefs
from ...services.obs_status import ObsStreamStatus
from ...services.secrets import SecretStore
from ..widgets.live_badge import LiveBadge
from ..widgets.live_card import LiveCard

if TYPE_CHECKING:
    from ...services.context import AppContext

Target = Callable[[], tuple[str, str] | None]
ERROR_COLOUR = "#d84315"


def obs_stats(status: ObsStreamStatus | None) -> list[tuple[str, str]]:
    """(label, value) rows describing OBS's output for the card."""
    if status is None:
        return [("Output", "—"), ("Bitrate", "—"), ("Congestion", "—"), ("Dropped frames", "—")]
    if not status.active:
        state = "Stopped"
    elif status.reconnecting:
        state = f"Reconnecting · {status.timecode[:8]}"
    else:
        state = f"Streaming · {status.timecode[:8]}"
    bitrate = f"{status.bitrate_kbps:,.0f} kbit/s" if status.bitrate_kbps is not None else "—"
    congestion = f"{status.congestion * 100:.0f} %" if status.active else "—"
    dropped = (
        f"{status.skipped_frames:,} of {status.total_frames:,} ({status.dropped_ratio * 100:.1f} %)"
        if status.total_frames
        else "—"
    )
    return [
        ("Output", state),
        ("Bitrate", bitrate if status.active else "—"),
        ("Congestion", congestion),
        ("Dropped frames", dropped),
    ]


class ObsCard(LiveCard):
    """Connection form, handoff buttons and output statistics."""

    def __init__(
        self,
        context: AppContext,
        handoff: ObsHandoff,
        secrets: SecretStore,
        prefs: LivePrefs,
        target: Target,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "OBS Studio",
            "Let the studio point OBS at this stream, and put your own OBS settings back when "
            "you are done. Needs OBS 28+ (Tools → WebSocket Server Settings).",
            parent,
        )
        self.context = context
        self.handoff = handoff
        self.secrets = secrets
        self.prefs = prefs
        self._target = target
        self.badge = LiveBadge("Not connected", "idle")
        self.header_actions.addWidget(self.badge)

        self.host = QLineEdit(prefs.obs_host)
        self.host.setPlaceholderText("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(prefs.obs_port)
        self.port.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.port.setFixedWidth(70)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("if OBS asks")
        self.password.setToolTip(
            "The obs-websocket password (OBS → Tools → WebSocket Server Settings). "
            "Once it works it is kept in your system keyring."
        )
        self.connect_button = QPushButton("Connect")
        self.connect_button.clicked.connect(self.toggle_connection)
        connection = QHBoxLayout()
        connection.setSpacing(6)
        connection.addWidget(QLabel("Host"))
        connection.addWidget(self.host, 2)
        connection.addWidget(QLabel("Port"))
        connection.addWidget(self.port)
        connection.addWidget(QLabel("Password"))
        connection.addWidget(self.password, 2)
        connection.addWidget(self.connect_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setVisible(False)
        self.destination = QLabel()
        self.destination.setWordWrap(True)
        self.destination.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.destination.setVisible(False)

        self.start_after = QCheckBox("Start streaming right away")
        self.start_after.setChecked(prefs.start_streaming)
        self.start_after.toggled.connect(self._on_start_after)
        self.send_button = QPushButton("Send to OBS")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.start_button = QPushButton("Start streaming")
        self.start_button.clicked.connect(self.start_stream)
        self.stop_button = QPushButton("Stop streaming")
        self.stop_button.clicked.connect(self.stop_stream)
        self.restore_button = QPushButton("Restore my OBS settings")
        self.restore_button.clicked.connect(self.restore)
        handoff_row = QHBoxLayout()
        handoff_row.setSpacing(6)
        handoff_row.addWidget(self.send_button)
        handoff_row.addWidget(self.start_after)
        handoff_row.addStretch(1)
        stream_row = QHBoxLayout()
        stream_row.setSpacing(6)
        stream_row.addWidget(self.start_button)
        stream_row.addWidget(self.stop_button)
        stream_row.addStretch(1)
        stream_row.addWidget(self.restore_button)

        self.stats = QGridLayout()
        self.stats.setHorizontalSpacing(18)
        self.stats.setVerticalSpacing(4)
        self.stat_values: dict[str, QLabel] = {}
        for i, (label, value) in enumerate(obs_stats(None)):
            name = QLabel(label)
            name.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.stats.addWidget(name, i // 2, (i % 2) * 2)
            self.stats.addWidget(shown, i // 2, (i % 2) * 2 + 1)
            self.stat_values[label] = shown
        self.stats.setColumnStretch(1, 1)
        self.stats.setColumnStretch(3, 1)

        self.body.addLayout(connection)
        self.body.addWidget(self.message)
        self.body.addWidget(self.destination)
        self.body.addLayout(handoff_row)
        self.body.addLayout(stream_row)
        self.body.addSpacing(2)
        self.body.addLayout(self.stats)
        self.last_status: ObsStreamStatus | None = None
        self._refresh_controls()

    # ---- helpers ------------------------------------------------------------------------------

    def _start(self, coro: Coroutine[Any, Any, None], key: str) -> None:
        self.context.scope.start(coro, key=f"live-obs:{id(self)}:{key}")

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setVisible(bool(text))

    def _refresh_controls(self) -> None:
        connected = self.handoff.connected
        for edit in (self.host, self.port, self.password):
            edit.setEnabled(not connected)
        self.connect_button.setText("Disconnect" if connected else "Connect")
        active = bool(self.last_status and self.last_status.active)
        self.send_button.setEnabled(connected and not active and self._target() is not None)
        self.start_button.setEnabled(connected and not active)
        self.stop_button.setEnabled(connected and active)
        snapshot = self.handoff.snapshot
        self.restore_button.setEnabled(connected and snapshot is not None)
        self.restore_button.setToolTip(
            f"Stop streaming if the studio started it, then put back: {snapshot.describe()}"
            if snapshot
            else "Nothing to restore: OBS still has your own settings."
        )
        self.start_after.setEnabled(connected)
        if not connected:
            self.badge.set_state("Not connected", "idle")
            self.destination.setText("")
            self.destination.setVisible(False)
        elif active:
            self.badge.set_state("Streaming", "live")
        else:
            version = self.handoff.obs_version
            self.badge.set_state(f"Connected{' · v' + version if version else ''}", "ok")

    def target_changed(self) -> None:
        self._refresh_controls()

    def _on_start_after(self, checked: bool) -> None:
        self.prefs.start_streaming = checked
        self.prefs.save()

    # ---- connection ---------------------------------------------------------------------------

    def toggle_connection(self) -> None:
        if self.handoff.connected:
            self._start(self._disconnect(), "connection")
        else:
            self._start(self._connect(), "connection")

    async def _connect(self) -> None:
        host = self.host.text().strip() or "localhost"
        port = self.port.value()
        self.prefs.obs_host, self.prefs.obs_port = host, port
        self.prefs.save()
        password = self.password.text()
        account = password_account(host, port)
        if not password:
            password = await self.secrets.load(account) or ""
        self.connect_button.setEnabled(False)
        self.say(f"Connecting to {host}:{port}…")
        try:
            await self.handoff.connect(host, port, password)
        except ObsError as exc:
            self.say(exc.message, error=True)
            return
        finally:
            self.connect_button.setEnabled(True)
        if self.password.text():
            saved = await self.secrets.save(account, self.password.text())
            self.password.clear()
            if not saved.persisted:
                self.say("Connected. The OBS password is kept for this session only.")
            else:
                self.say("Connected. The OBS password is saved in your system keyring.")
        else:
            self.say("")
        await self._show_destination()
        self._refresh_controls()

    async def _disconnect(self) -> None:
        await self.handoff.disconnect()
        self.last_status = None
        self.show_status(None, "")
        self.say("")
        self._refresh_controls()

    async def _show_destination(self) -> None:
        try:
            current = await self.handoff.current_destination()
        except ObsError as exc:
            self.say(exc.message, error=True)
            return
        target = self.handoff.target
        if target is not None and current.settings.get("server") == target[0]:
            text = "OBS streams to this live stream."
        else:
            text = f"OBS currently streams to: {current.describe()}."
        if self.handoff.snapshot is not None:
            text += f" Your own setting ({self.handoff.snapshot.describe()}) is kept for Restore."
        self.destination.setText(text)
        self.destination.setVisible(True)

    # ---- handoff ------------------------------------------------------------------------------

    def send(self) -> None:
        self._start(self._send(), "action")

    async def _send(self) -> None:
        target = self._target()
        if target is None:
            self.say("Choose a live stream and a valid ingest server first.", error=True)
            return
        start = self.start_after.isChecked()
        await self._act(
            lambda: self.handoff.hand_off(*target, start=start),
            "OBS now streams to this live stream." if start else "OBS is set up for this stream.",
        )

    def start_stream(self) -> None:
        self._start(self._act(self.handoff.start_stream, "OBS started streaming."), "action")

    def stop_stream(self) -> None:
        self._start(self._act(self.handoff.stop_stream, "OBS stopped streaming."), "action")

    def restore(self) -> None:
        self._start(self._restore(), "action")

    async def _restore(self) -> None:
        snapshot = self.handoff.snapshot
        name = snapshot.describe() if snapshot else "your settings"
        await self._act(self.handoff.restore, f"OBS is back to {name}.")

    async def _act(self, action: Callable[[], Coroutine[Any, Any, Any]], done: str) -> None:
        for button in (self.send_button, self.start_button, self.stop_button, self.restore_button):
            button.setEnabled(False)
        try:
            await action()
        except ObsStreamingActive as exc:
            self.say(exc.message, error=True)
            self.stop_button.setEnabled(True)  # the offer to stop
            return
        except ObsError as exc:
            self.say(exc.message, error=True)
            self._refresh_controls()
            return
        self.say(done)
        if self.handoff.connected:
            try:
                self.last_status = await self.handoff.stream_status()
            except ObsError:
                self.last_status = None
            await self._show_destination()
        self.show_status(self.last_status, "")

    # ---- status (from the monitor) ------------------------------------------------------------

    def show_status(self, status: ObsStreamStatus | None, error: str) -> None:
        """Show OBS's output from a monitor report (None: not connected or not readable)."""
        self.last_status = status
        for label, value in obs_stats(status):
            self.stat_values[label].setText(value)
        if error:
            self.say(error, error=True)
        self._refresh_controls()
