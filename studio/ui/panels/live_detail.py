"""``LiveDetail``: one live stream — header and actions over two columns of cards.

Left: how to send (ingest details, OBS handoff, thumbnail). Right: what viewers get ("am I
live?", preview, recordings). The panel feeds it the stream and the monitor's reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...api.models import LiveStream
from ...services.live_monitor import LiveReport, LiveVerdict
from ...services.obs import ObsHandoff
from ...services.obs_prefs import LivePrefs
from ...services.secrets import SecretStore
from ..widgets.live_badge import LiveBadge
from .live_ingest import IngestCard
from .live_media import RecordingsCard, ThumbnailCard
from .live_obs import ObsCard
from .live_preview import PreviewCard
from .live_status import StatusCard

if TYPE_CHECKING:
    from ...services.context import AppContext

COLUMN_SPACING = 14


class LiveDetail(QScrollArea):
    """Header (name, broadcast badge, Edit / Complete / Delete) and the cards."""

    edit_requested = Signal()
    complete_requested = Signal()
    delete_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        handoff: ObsHandoff,
        secrets: SecretStore,
        prefs: LivePrefs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.stream: LiveStream | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.name = QLabel()
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = LiveBadge()
        self.meta = QLabel()
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_requested)
        self.complete_button = QPushButton("Complete…")
        self.complete_button.setToolTip("End the broadcast: viewers see the end of the stream")
        self.complete_button.clicked.connect(self.complete_requested)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_requested)

        self.ingest = IngestCard(context, prefs)
        self.obs = ObsCard(context, handoff, secrets, prefs, self.ingest.target)
        self.ingest.target_changed.connect(self.obs.target_changed)
        self.thumbnail = ThumbnailCard(context)
        self.status = StatusCard()
        self.preview = PreviewCard()
        self.recordings = RecordingsCard(context)

        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.name)
        title_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        title_row.addWidget(self.edit_button)
        title_row.addWidget(self.complete_button)
        title_row.addWidget(self.delete_button)

        left = QVBoxLayout()
        left.setSpacing(COLUMN_SPACING)
        left.addWidget(self.ingest)
        left.addWidget(self.obs)
        left.addWidget(self.thumbnail)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(COLUMN_SPACING)
        right.addWidget(self.status)
        right.addWidget(self.preview)
        right.addWidget(self.recordings)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(COLUMN_SPACING)
        columns.addLayout(left, 11)
        columns.addLayout(right, 9)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.meta)
        layout.addSpacing(10)
        layout.addLayout(columns, 1)
        self.setWidget(content)

    def set_stream(self, stream: LiveStream) -> None:
        """Show ``stream`` (a newer copy of the same stream keeps the monitor's state)."""
        same = self.stream is not None and self.stream.live_stream_id == stream.live_stream_id
        self.stream = stream
        self.name.setText(stream.name or "Untitled live stream")
        created = stream.created_at.astimezone().strftime("%d %b %Y") if stream.created_at else ""
        parts = ["Public" if stream.public else "Private"]
        if created:
            parts.append(f"created {created}")
        if stream.restreams:
            names = ", ".join(r.name for r in stream.restreams)
            parts.append(f"restreamed to {names}")
        parts.append(stream.live_stream_id)
        self.meta.setText("  ·  ".join(parts))
        self.badge.set_state(*(("Live", "live") if stream.broadcasting else ("Offline", "idle")))
        self.complete_button.setEnabled(stream.broadcasting)
        self.ingest.set_stream(stream)
        self.thumbnail.set_stream(stream)
        self.preview.set_player_url(stream.assets.player or "" if stream.assets else "")
        if not same:
            self.status.clear()
            self.preview.show_waiting("The preview starts when the stream is live.")
            self.recordings.load(stream.live_stream_id)

    def show_report(self, report: LiveReport) -> None:
        """A monitor round: status card, OBS statistics, preview on or off."""
        self.status.show_report(report)
        self.obs.show_status(report.obs, report.obs_error)
        stream = report.live_stream
        hls = stream.assets.hls if stream is not None and stream.assets else None
        if report.verdict in (LiveVerdict.LIVE, LiveVerdict.STALLED) and hls:
            self.preview.play(hls, stream.live_stream_id if stream is not None else "")
        elif report.verdict in (LiveVerdict.WARMING_UP, LiveVerdict.STARTING):
            self.preview.show_waiting("Waiting for the first segments…")
        elif report.verdict is LiveVerdict.RECONNECTING:
            self.preview.show_waiting("Signal lost — waiting for the encoder to come back.")
        else:
            self.preview.show_waiting("The preview starts when the stream is live.")
