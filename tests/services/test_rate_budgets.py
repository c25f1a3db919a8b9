"""Which rate-limit budget the app shows: the one closest to running out, among those whose
window still runs."""

from __future__ import annotations

import time

from studio.api import RateLimitState
from studio.api.client import READS, WRITES
from studio.services.context import tightest_budget


def test_the_tightest_running_budget_is_the_one_shown() -> None:
    now = time.monotonic()
    reads = RateLimitState(100, 30, 50.0, now - 1, READS)
    writes = RateLimitState(40, 20, 50.0, now - 1, WRITES)
    assert tightest_budget([reads, writes], now) is reads  # 30 % left against 50 %
    # A window that has reset since its last answer is full again: it is not the tightest.
    stale = RateLimitState(100, 1, 10.0, now - 20, READS)
    assert tightest_budget([stale, writes], now) is writes
    # With every window reset, the latest answer is all there is to show.
    old_writes = RateLimitState(40, 5, 10.0, now - 15, WRITES)
    assert tightest_budget([stale, old_writes], now) is old_writes
    assert tightest_budget([], now) is None
