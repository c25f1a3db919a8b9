"""``SessionTimeline``: one playback session's events along its wall-clock time.

The horizontal axis is the time since the player loaded. Stretches of playback (from play or
resume to pause or end) are a band; each event is a marker above it (play, pause, seek, end),
with the video position it happened at in its tooltip. The marks are computed by
:func:`timeline_marks` (plain data, what tests check); the widget only paints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...api.models import PlayerSessionEvent

PLAYING = ("play", "resume")
STOPPING = ("pause", "end")
MARGIN_X = 28
MARKER = 7.0  # half size of a marker, px

LEGEND = (("play", "play"), ("pause", "pause"), ("seek.forward", "seek"), ("end", "end"))
LABELS = {
    "ready": "Ready",
    "play": "Play",
    "pause": "Pause",
    "resume": "Resume",
    "seek.forward": "Seek forward",
    "seek.backward": "Seek back",
    "end": "End",
}


def clock(seconds: float) -> str:
    """``0:07``, ``12:30``, ``1:02:03``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class TimelineMark:
    """One event: its type, when (seconds since load) and what it says."""

    kind: str
    offset_s: float
    text: str


def _describe(event: PlayerSessionEvent) -> str:
    label = LABELS.get(event.type, event.type or "Event")
    if event.type.startswith("seek."):
        if event.from_ is not None and event.to is not None:
            return f"{label}: {clock(event.from_)} → {clock(event.to)}"
        return label
    if event.at is not None:
        return f"{label} at {clock(event.at)}"
    return label


def timeline_marks(
    events: Sequence[PlayerSessionEvent], origin: datetime | None = None
) -> list[TimelineMark]:
    """Marks in time order; ``origin`` (the session's load) defaults to the first event."""
    stamped = [e for e in events if e.emitted_at is not None]
    if not stamped:
        return []
    start = origin or min(e.emitted_at for e in stamped if e.emitted_at is not None)
    marks = [
        TimelineMark(e.type, max(0.0, (e.emitted_at - start).total_seconds()), _describe(e))
        for e in stamped
        if e.emitted_at is not None
    ]
    return sorted(marks, key=lambda m: m.offset_s)


def playing_spans(marks: Sequence[TimelineMark]) -> list[tuple[float, float]]:
    """Stretches of playback: from play/resume to the next pause/end (or the last event)."""
    spans: list[tuple[float, float]] = []
    started: float | None = None
    for mark in marks:
        if mark.kind in PLAYING and started is None:
            started = mark.offset_s
        elif mark.kind in STOPPING and started is not None:
            spans.append((started, mark.offset_s))
            started = None
    if started is not None and marks:
        spans.append((started, max(started, marks[-1].offset_s)))
    return spans


class SessionTimeline(QWidget):
    """Paints :attr:`marks` and :attr:`spans` of the session set with :meth:`set_events`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[TimelineMark] = []
        self.spans: list[tuple[float, float]] = []
        self.length_s = 0.0
        self.message = "Select a session to see its events."
        self.setMinimumHeight(96)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(600, 104)

    def set_events(
        self, events: Sequence[PlayerSessionEvent], origin: datetime | None = None
    ) -> None:
        """Show these events (``origin``: when the session loaded)."""
        self.marks = timeline_marks(events, origin)
        self.spans = playing_spans(self.marks)
        self.length_s = max((m.offset_s for m in self.marks), default=0.0)
        self.message = "" if self.marks else "No player events in this session."
        self.update()

    def set_message(self, text: str) -> None:
        """Nothing to draw: show ``text`` instead (loading, error, no selection)."""
        self.marks, self.spans, self.length_s = [], [], 0.0
        self.message = text
        self.update()

    # ---- geometry -----------------------------------------------------------------------------

    def _scale(self) -> float:
        return max(self.length_s, 1.0)

    def _x(self, offset_s: float) -> float:
        width = max(1.0, self.width() - 2 * MARGIN_X)
        return MARGIN_X + width * offset_s / self._scale()

    def _band_y(self) -> float:
        return self.height() * 0.58

    def mark_at(self, point: QPointF) -> TimelineMark | None:
        """The marker nearest ``point`` within a few pixels."""
        best: tuple[float, TimelineMark] | None = None
        for index, mark in enumerate(self.marks):
            centre = QPointF(self._x(mark.offset_s), self._marker_y(index))
            distance = (centre - point).manhattanLength()
            if distance <= MARKER * 2.2 and (best is None or distance < best[0]):
                best = (distance, mark)
        return best[1] if best else None

    def _marker_y(self, index: int) -> float:
        # Markers close together alternate between two rows so they stay readable.
        lifted = index % 2 == 1 and self._crowded(index)
        return self._band_y() - 22 - (14 if lifted else 0)

    def _crowded(self, index: int) -> bool:
        here = self._x(self.marks[index].offset_s)
        return abs(here - self._x(self.marks[index - 1].offset_s)) < MARKER * 2.5

    # ---- painting -----------------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        if not self.marks:
            painter.setPen(quiet)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        band = self._band_y()
        # The track, then the stretches of playback on it.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
        track = QRectF(MARGIN_X, band - 3, self.width() - 2 * MARGIN_X, 6)
        painter.drawRoundedRect(track, 3, 3)
        painter.setBrush(accent)
        for start, end in self.spans:
            left, right = self._x(start), max(self._x(end), self._x(start) + 4)
            painter.drawRoundedRect(QRectF(left, band - 4, right - left, 8), 4, 4)
        self._paint_axis(painter, band, quiet)
        for index, mark in enumerate(self.marks):
            x, y = self._x(mark.offset_s), self._marker_y(index)
            painter.setPen(QPen(QColor(quiet), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, y + MARKER), QPointF(x, band - 4))
            self._paint_marker(painter, mark.kind, QPointF(x, y), accent, text)
        self._paint_legend(painter, accent, text)

    def _paint_axis(self, painter: QPainter, band: float, colour: QColor) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(colour)
        ticks = 5
        for step in range(ticks + 1):
            offset = self._scale() * step / ticks
            x = self._x(offset)
            box = QRectF(x - 40, band + 10, 80, 16)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, clock(offset))

    def _paint_legend(self, painter: QPainter, accent: QColor, text: QColor) -> None:
        """What the markers mean, at the top right."""
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        x = self.width() - MARGIN_X
        y = 10.0
        for kind, label in reversed(LEGEND):
            width = metrics.horizontalAdvance(label)
            x -= width
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(x, y - 8, width + 2, 16), Qt.AlignmentFlag.AlignVCenter, label)
            x -= 12
            self._paint_marker(painter, kind, QPointF(x, y), accent, text, size=4.5)
            x -= 18

    def _paint_marker(
        self,
        painter: QPainter,
        kind: str,
        centre: QPointF,
        accent: QColor,
        text: QColor,
        *,
        size: float = MARKER,
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        x, y = centre.x(), centre.y()
        if kind in PLAYING:
            path = QPainterPath()
            path.moveTo(x - size * 0.7, y - size)
            path.lineTo(x + size, y)
            path.lineTo(x - size * 0.7, y + size)
            path.closeSubpath()
            painter.setBrush(accent)
            painter.drawPath(path)
        elif kind == "pause":
            painter.setBrush(text)
            painter.drawRoundedRect(QRectF(x - size * 0.8, y - size, size * 0.6, size * 2), 1, 1)
            painter.drawRoundedRect(QRectF(x + size * 0.2, y - size, size * 0.6, size * 2), 1, 1)
        elif kind.startswith("seek."):
            forward = kind == "seek.forward"
            painter.setBrush(self.palette().color(QPalette.ColorRole.Link))
            for shift in (-size * 0.5, size * 0.5):
                path = QPainterPath()
                tip = x + shift + (size * 0.5 if forward else -size * 0.5)
                back = x + shift + (-size * 0.5 if forward else size * 0.5)
                path.moveTo(back, y - size * 0.8)
                path.lineTo(tip, y)
                path.lineTo(back, y + size * 0.8)
                path.closeSubpath()
                painter.drawPath(path)
        elif kind == "end":
            painter.setBrush(text)
            painter.drawRoundedRect(
                QRectF(x - size * 0.8, y - size * 0.8, size * 1.6, size * 1.6), 2, 2
            )
        else:  # ready and anything new: a ring
            painter.setPen(QPen(text, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, size * 0.75, size * 0.75)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            mark = self.mark_at(QPointF(event.pos()))
            if mark is not None:
                QToolTip.showText(
                    event.globalPos(), f"{mark.text} ({clock(mark.offset_s)} after loading)", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
