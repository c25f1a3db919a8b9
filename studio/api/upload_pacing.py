"""When to retry a failed part and when to send the next one.

Two independent ideas: :class:`RetryPolicy` (capped exponential backoff with full jitter; which
failures are worth another attempt) and :class:`UploadPacer` (spread parts over the rate-limit
window instead of running into 429s, contract 1.6).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx

from .client import RateLimitState
from .errors import ApiError, TransportError


def is_retryable(error: BaseException) -> bool:
    """Network failures, 5xx and 429 may succeed later; other 4xx never will."""
    if isinstance(error, TransportError):
        return True
    return isinstance(error, ApiError) and (error.status >= 500 or error.status == 429)


def is_already_sent(error: BaseException) -> bool:
    """The server says it already has this part (a previous attempt landed after all)."""
    return (
        isinstance(error, ApiError)
        and error.status == 400
        # api.video's slug is ``video-content-range-part-already-sent``.
        and (error.slug or "").endswith("part-already-sent")
    )


@dataclass
class RetryPolicy:
    """Capped exponential backoff with full jitter; ``attempts`` counts the first try too."""

    attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1.")

    def delay(self, failures: int, error: BaseException | None = None) -> float:
        """Seconds to wait after the ``failures``-th failed attempt (1-based)."""
        if isinstance(error, ApiError) and error.status == 429:
            retry_after = error.retry_after
            if retry_after is not None:
                # The server said when the window reopens; a little jitter keeps parallel parts
                # from all arriving in the same millisecond.
                return retry_after + self.rng.uniform(0, min(1.0, self.base_delay))
        ceiling = min(self.max_delay, self.base_delay * (2 ** (failures - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


# Start spreading parts once fewer than this share of the window's budget is left.
LOW_WATER_SHARE = 0.25


class UploadPacer:
    """Keeps upload requests within ``X-RateLimit-Remaining`` for the current window.

    It only looks at rate-limit headers of upload answers (api.video counts uploads apart from
    reads and writes), fed through :meth:`observe`. Share one pacer between concurrent uploads
    of a project: the budget is per project.
    """

    def __init__(self, *, enabled: bool = True) -> None:
        # Off only for servers known to have no limit (a self-hosted one that sends the headers).
        self.enabled = enabled
        self.state = RateLimitState()
        self.in_flight = 0
        self._last_start = 0.0
        self._lock = asyncio.Lock()

    def observe(self, headers: httpx.Headers | dict[str, str]) -> None:
        self.state.update(headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers))

    def delay(self, now: float) -> float:
        """Seconds to wait before starting another part at ``now`` (monotonic)."""
        if not self.enabled:
            return 0.0
        return pace_delay(self.state, now, self.in_flight, self._last_start)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait until a request may start, and count it as in flight until the block exits."""
        async with self._lock:  # one waiter at a time, so waiters start in order
            # Time-based (the window resets), so a sleep loop rather than an event.
            while (wait := self.delay(time.monotonic())) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            self._last_start = time.monotonic()
            self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1


def pace_delay(state: RateLimitState, now: float, in_flight: int, last_start: float) -> float:
    """The pacing rule, as a pure function of the last rate-limit headers.

    - no headers yet, or the window has reset since: no wait;
    - budget (remaining minus requests still unanswered) used up: wait for the window to reset;
    - budget below a quarter of the limit: one request per ``window_left / budget`` seconds;
    - otherwise: no wait.
    """
    if state.remaining is None or state.retry_after is None:
        return 0.0
    window_left = state.retry_after - (now - state.updated_at)
    if window_left <= 0:
        return 0.0
    budget = state.remaining - in_flight
    if budget <= 0:
        return window_left
    limit = state.limit or 0
    if budget >= max(1.0, limit * LOW_WATER_SHARE):
        return 0.0
    interval = window_left / budget
    return max(0.0, last_start + interval - now)
