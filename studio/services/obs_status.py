"""OBS's stream output state (``GetStreamStatus``) and the bitrate derived from it.

obs-websocket reports cumulative bytes sent, not a bitrate: :class:`BitrateMeter` turns the
difference between two samples into kbit/s, using OBS's own output duration as the clock (so
polling jitter on our side does not skew it), falling back to our monotonic clock.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ObsStreamStatus:
    """One ``GetStreamStatus`` answer, plus the bitrate since the previous one."""

    active: bool
    reconnecting: bool
    congestion: float  # 0 (fine) .. 1 (the network cannot keep up)
    bytes_sent: int
    duration_ms: int
    skipped_frames: int  # frames OBS dropped because the network could not keep up
    total_frames: int
    timecode: str
    bitrate_kbps: float | None = None  # None until two samples of the same stream exist

    @property
    def dropped_ratio(self) -> float:
        """Share of frames dropped (0 when nothing was sent yet)."""
        return self.skipped_frames / self.total_frames if self.total_frames else 0.0

    @classmethod
    def from_response(cls, data: Mapping[str, Any]) -> ObsStreamStatus:
        """Parse ``responseData``; missing fields read as an idle output."""
        return cls(
            active=bool(data.get("outputActive", False)),
            reconnecting=bool(data.get("outputReconnecting", False)),
            congestion=float(data.get("outputCongestion") or 0.0),
            bytes_sent=int(data.get("outputBytes") or 0),
            duration_ms=int(data.get("outputDuration") or 0),
            skipped_frames=int(data.get("outputSkippedFrames") or 0),
            total_frames=int(data.get("outputTotalFrames") or 0),
            timecode=str(data.get("outputTimecode") or "00:00:00.000"),
        )


class BitrateMeter:
    """Remembers the previous sample and computes the bitrate of the next one."""

    def __init__(self) -> None:
        self._previous: tuple[int, int, float] | None = None  # bytes, duration ms, monotonic

    def reset(self) -> None:
        self._previous = None

    def measure(self, status: ObsStreamStatus, now: float | None = None) -> float | None:
        """kbit/s sent since the previous sample, or None (first sample, or a new stream)."""
        now = time.monotonic() if now is None else now
        if not status.active:
            self._previous = None
            return None
        previous = self._previous
        self._previous = (status.bytes_sent, status.duration_ms, now)
        if previous is None:
            return None
        bytes_before, duration_before, clock_before = previous
        sent = status.bytes_sent - bytes_before
        if sent < 0:
            return None  # counters went back: OBS restarted the output
        elapsed_ms = status.duration_ms - duration_before
        seconds = elapsed_ms / 1000 if elapsed_ms > 0 else now - clock_before
        if seconds <= 0:
            return None
        return sent * 8 / 1000 / seconds
