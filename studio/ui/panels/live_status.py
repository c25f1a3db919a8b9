"""``StatusCard``: "am I live?" — the monitor's verdict, its countdown and the three witnesses.

The countdown is redrawn every second from the report's deadline, so it moves smoothly between
polls; once overdue it says so instead of going negative.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QWidget

from ...services.live_monitor import Countdown, LiveReport, LiveVerdict
from ..widgets.live_badge import LiveBadge
from ..widgets.live_card import LiveCard

TONE = {
    LiveVerdict.LIVE: "live",
    LiveVerdict.WARMING_UP: "waiting",
    LiveVerdict.STARTING: "waiting",
    LiveVerdict.STALLED: "error",
    LiveVerdict.RECONNECTING: "waiting",
    LiveVerdict.ENDED: "idle",
    LiveVerdict.OFFLINE: "idle",
    LiveVerdict.UNKNOWN: "error",
}
BADGE_TEXT = {
    LiveVerdict.LIVE: "Live",
    LiveVerdict.WARMING_UP: "Warming up",
    LiveVerdict.STARTING: "Connecting",
    LiveVerdict.STALLED: "Stalled",
    LiveVerdict.RECONNECTING: "Reconnecting",
    LiveVerdict.ENDED: "Ended",
    LiveVerdict.OFFLINE: "Offline",
    LiveVerdict.UNKNOWN: "Unknown",
}


def clock(seconds: float) -> str:
    """``m:ss`` of a non-negative duration."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def countdown_text(countdown: Countdown, now: float | None = None) -> str:
    remaining = countdown.remaining(now)
    if remaining >= 0:
        return f"{countdown.label} {clock(remaining)}"
    return f"Taking longer than usual (+{clock(-remaining)})"


def witness_lines(report: LiveReport) -> dict[str, str]:
    """One line per witness: OBS, the API, the playlist."""
    obs = report.obs
    if obs is None:
        obs_line = report.obs_error or "Not connected (optional)"
    elif not obs.active:
        obs_line = "Output stopped"
    elif obs.reconnecting:
        obs_line = "Reconnecting to the server"
    else:
        rate = f" · {obs.bitrate_kbps / 1000:.1f} Mbit/s" if obs.bitrate_kbps else ""
        obs_line = f"Streaming{rate}"
    if report.api_error:
        api_line = report.api_error
    elif report.broadcasting is None:
        api_line = "Not asked yet"
    else:
        api_line = "Broadcasting" if report.broadcasting else "Not broadcasting"
    hls = report.hls
    if hls is None:
        hls_line = "Not checked while offline"
    elif hls.ended:
        hls_line = "Closed (the broadcast ended)"
    elif hls.pending:
        hls_line = "Not available yet"
    elif not hls.reachable:
        hls_line = hls.error or "Unreachable"
    elif hls.newest_segment_age_s is None:
        hls_line = "Reachable, no segment yet"
    else:
        hls_line = f"Reachable · newest segment {hls.newest_segment_age_s:.0f} s old"
    return {"OBS": obs_line, "api.video": api_line, "Playlist": hls_line}


class StatusCard(LiveCard):
    """Verdict badge and headline, detail, countdown bar, witness rows, last check time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Am I live?", "", parent)
        self.badge = LiveBadge("Offline", "idle")
        self.header_actions.addWidget(self.badge)
        self.headline = QLabel("Select a live stream")
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(font)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.countdown_label = QLabel()
        self.countdown_bar = QProgressBar()
        self.countdown_bar.setTextVisible(False)
        self.countdown_bar.setFixedHeight(6)
        self.countdown_bar.setRange(0, 1000)
        countdown_row = QHBoxLayout()
        countdown_row.addWidget(self.countdown_label)
        countdown_row.addWidget(self.countdown_bar, 1)
        self.countdown_box = QWidget()
        self.countdown_box.setLayout(countdown_row)
        countdown_row.setContentsMargins(0, 0, 0, 0)
        self.countdown_box.setVisible(False)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.witnesses: dict[str, QLabel] = {}
        for row, name in enumerate(("OBS", "api.video", "Playlist")):
            label = QLabel(name)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            value = QLabel("—")
            value.setWordWrap(True)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.witnesses[name] = value
        grid.setColumnStretch(1, 1)
        self.checked = QLabel()
        self.checked.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.detail)
        self.body.addWidget(self.countdown_box)
        self.body.addSpacing(2)
        self.body.addLayout(grid)
        self.body.addWidget(self.checked)
        self.report: LiveReport | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._redraw_time)

    def clear(self) -> None:
        self.report = None
        self._tick.stop()
        self.badge.set_state("Offline", "idle")
        self.headline.setText("Checking…")
        self.detail.setText("")
        self.countdown_box.setVisible(False)
        for value in self.witnesses.values():
            value.setText("—")
        self.checked.setText("")

    def show_report(self, report: LiveReport) -> None:
        self.report = report
        self.badge.set_state(BADGE_TEXT[report.verdict], TONE[report.verdict])
        self.headline.setText(report.headline)
        self.detail.setText(report.detail)
        for name, line in witness_lines(report).items():
            self.witnesses[name].setText(line)
        self.countdown_box.setVisible(report.countdown is not None)
        self._redraw_time()
        if not self._tick.isActive():
            self._tick.start()

    def _redraw_time(self) -> None:
        report = self.report
        if report is None:
            return
        now = time.time()
        countdown = report.countdown
        if countdown is not None:
            self.countdown_label.setText(countdown_text(countdown, now))
            left = max(0.0, countdown.remaining(now))
            share = left / countdown.total_s if countdown.total_s else 0.0
            self.countdown_bar.setValue(int(share * 1000))
        ago = max(0, int(now - report.checked_at))
        self.checked.setText("Checked just now" if ago < 2 else f"Checked {ago} s ago")
