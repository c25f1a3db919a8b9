"""Byte progress of an upload, reported at a pace a progress bar can use."""

from __future__ import annotations

import time
from collections.abc import Callable

# (bytes sent so far, total bytes or None while a progressive upload's size is unknown)
ProgressCallback = Callable[[int, int | None], None]

# At most this many reports per second while bytes flow (start and end are always reported).
DEFAULT_INTERVAL_S = 0.1


class ProgressMeter:
    """Sums the bytes of parts in flight and parts landed; throttles the callback.

    A part that fails and is retried starts again from zero, so progress may step back: the
    bar then shows what the server may really have, not what was once attempted.
    """

    def __init__(
        self,
        callback: ProgressCallback | None,
        total: int | None,
        *,
        already_sent: int = 0,
        interval: float = DEFAULT_INTERVAL_S,
    ) -> None:
        self.callback = callback
        self.total = total
        self.interval = interval
        self._landed = already_sent
        self._in_flight: dict[int, int] = {}
        self._last_report = float("-inf")
        self._last_value: int | None = None

    @property
    def sent(self) -> int:
        return self._landed + sum(self._in_flight.values())

    def start_part(self, part: int) -> None:
        """A new attempt of ``part`` begins (its earlier bytes no longer count)."""
        self._in_flight[part] = 0

    def add(self, part: int, count: int) -> None:
        self._in_flight[part] = self._in_flight.get(part, 0) + count
        self.report()

    def part_failed(self, part: int) -> None:
        self._in_flight.pop(part, None)
        self.report(force=True)

    def part_landed(self, part: int, size: int) -> None:
        self._in_flight.pop(part, None)
        self._landed += size
        self.report()

    def report(self, *, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        value = self.sent
        if value == self._last_value or (not force and now - self._last_report < self.interval):
            return
        self._last_report = now
        self._last_value = value
        self.callback(value, self.total)
