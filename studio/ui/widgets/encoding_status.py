"""``EncodingStatusView``: a video's encoding status — one summary line, then each quality."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ...api.models import VideoStatus
from ...services.library import EncodingState, facts_of
from ..models.library_model import format_duration

QUALITY_MARKS = {"encoded": "●", "encoding": "◐", "waiting": "○", "failed": "✕"}
SUMMARIES = {
    EncodingState.NO_SOURCE: "No source uploaded yet",
    EncodingState.UPLOADING: "Uploading",
    EncodingState.PROCESSING: "Processing",
    EncodingState.PLAYABLE: "Playable",
    EncodingState.FAILED: "Encoding failed",
    EncodingState.UNKNOWN: "Unknown",
}


class EncodingStatusView(QWidget):
    """Shows a ``VideoStatus`` (or "Checking…", or why it is unavailable); ``refresh_requested``
    when the user asks again."""

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("—")
        self.summary.setWordWrap(True)
        self.refresh_button = QToolButton()
        self.refresh_button.setText("Refresh")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.qualities = QGridLayout()
        self.qualities.setHorizontalSpacing(16)
        self.qualities.setVerticalSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.qualities)

    def show_unavailable(self, reason: str) -> None:
        """The status could not be read (the qualities shown, if any, stay)."""
        self.summary.setText(f"Status unavailable: {reason}")

    def show_status(self, status: VideoStatus | None) -> None:
        """Show ``status``; None means it is being asked for."""
        while self.qualities.count():
            item = self.qualities.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if status is None:
            self.summary.setText("Checking…")
            return
        facts = facts_of(status)
        parts = [SUMMARIES[facts.state]]
        meta = status.encoding.metadata if status.encoding else None
        if facts.duration is not None:
            parts.append(format_duration(facts.duration))
        if meta is not None and meta.width and meta.height:
            parts.append(f"{meta.width}×{meta.height}")  # noqa: RUF001 (a times sign)
        if meta is not None and meta.video_codec:
            parts.append(meta.video_codec)
        self.summary.setText(" · ".join(parts))
        qualities = status.encoding.qualities if status.encoding else []
        for row, quality in enumerate(qualities):
            name = QLabel(f"{quality.type.upper()} {quality.quality}")
            mark = QUALITY_MARKS.get(quality.status, "•")
            state = QLabel(f"{mark} {quality.status}")
            if quality.status != "encoded":
                state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.qualities.addWidget(name, row, 0)
            self.qualities.addWidget(state, row, 1)
        self.qualities.setColumnStretch(2, 1)
