"""A smoothed transfer speed and the time left, from (bytes so far, time) samples."""

from __future__ import annotations

import math

# Seconds over which the speed is averaged: long enough to hide the saw-tooth of parts being
# streamed and answered, short enough to follow a real change of bandwidth.
TIME_CONSTANT_S = 3.0


class TransferRate:
    """Exponentially weighted bytes per second, robust to progress stepping back.

    Feed it the cumulative byte count with :meth:`sample`. A count lower than the previous one
    (a part failed and is sent again) moves the baseline without counting negative speed.
    """

    def __init__(self, time_constant: float = TIME_CONSTANT_S) -> None:
        self.time_constant = time_constant
        self._last_bytes: int | None = None
        self._last_time = 0.0
        self._rate: float | None = None

    def reset(self) -> None:
        """Forget everything (the transfer stopped; the next sample starts afresh)."""
        self._last_bytes = None
        self._rate = None

    def sample(self, sent: int, now: float) -> None:
        """Record that ``sent`` bytes had been sent at ``now`` (monotonic seconds)."""
        if self._last_bytes is None or sent < self._last_bytes:
            self._last_bytes, self._last_time = sent, now
            return
        elapsed = now - self._last_time
        if elapsed <= 0:
            return
        instant = (sent - self._last_bytes) / elapsed
        if self._rate is None:
            self._rate = instant
        else:
            weight = 1.0 - math.exp(-elapsed / self.time_constant)
            self._rate += weight * (instant - self._rate)
        self._last_bytes, self._last_time = sent, now

    @property
    def bytes_per_second(self) -> float | None:
        """The smoothed speed, or None before two samples."""
        return self._rate

    def seconds_left(self, remaining: int) -> float | None:
        """Estimated seconds to send ``remaining`` bytes, or None while the speed is unknown."""
        if self._rate is None or self._rate <= 0:
            return None
        return remaining / self._rate
