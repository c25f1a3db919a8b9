"""``LatestFirstQueue``: lazy per-item work for what the user is looking at right now.

Views ask for thumbnails and status of the rows they paint. While the user flings through the
list, every row painted on the way asks; none of them should cost a request. So requests first
*settle*: they are held until no new request came for ``settle_s`` (or for at most
``max_wait_s`` during a long scroll), and then only those asked for in the last ``settle_s``
— the rows on screen now — go ahead. They run newest first, ``limit`` at a time, and the oldest
are forgotten once more than ``capacity`` wait. A flick through 10,000 rows costs a screenful
of requests, not 10,000.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from typing import Any

log = logging.getLogger(__name__)

Starter = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any] | None"]


class LatestFirstQueue[K: Hashable]:
    """Runs ``work(key)`` for requested keys: settled, newest first, ``limit`` at once.

    ``start`` hands a coroutine to the owner of the app's tasks (``TaskScope.start``); it may
    return None when the scope is closed, in which case nothing runs. With ``settle_s=0``
    requests are queued at once.
    """

    def __init__(
        self,
        work: Callable[[K], Awaitable[None]],
        start: Starter,
        *,
        limit: int = 4,
        capacity: int = 48,
        settle_s: float = 0.0,
        max_wait_s: float = 0.5,
    ) -> None:
        if limit < 1 or capacity < 1:
            raise ValueError("limit and capacity must be positive")
        self._work = work
        self._start = start
        self.limit = limit
        self.capacity = capacity
        self.settle_s = settle_s
        self.max_wait_s = max(max_wait_s, settle_s)
        self._asked: OrderedDict[K, float] = OrderedDict()  # settling: key -> last asked
        self._first_asked = 0.0  # when the oldest settling request came
        self._check: asyncio.TimerHandle | None = None
        self._waiting: OrderedDict[K, None] = OrderedDict()
        self._running: set[K] = set()
        self._workers = 0
        self.dropped = 0  # requests forgotten (scrolled past, or pushed out by newer ones)

    # ---- asking ------------------------------------------------------------------------------

    def request(self, key: K) -> None:
        """Ask for ``key`` (again); a key is never queued twice. Cheap: called from paint."""
        if key in self._running:
            return
        if self.settle_s <= 0:
            self._enqueue([key])
            return
        now = time.monotonic()
        if not self._asked:
            self._first_asked = now
        self._asked[key] = now
        self._asked.move_to_end(key)
        if self._check is None:
            self._schedule(self.settle_s)

    def discard(self, key: K) -> None:
        """Forget a waiting request (a running one finishes)."""
        self._asked.pop(key, None)
        self._waiting.pop(key, None)

    def discard_if(self, unwanted: Callable[[K], bool]) -> int:
        """Forget the waiting requests for which ``unwanted(key)``; returns how many."""
        doomed = [k for k in self._asked if unwanted(k)] + [k for k in self._waiting if unwanted(k)]
        for key in doomed:
            self._asked.pop(key, None)
            self._waiting.pop(key, None)
        self.dropped += len(doomed)
        return len(doomed)

    def clear(self) -> None:
        """Forget every waiting request."""
        self._asked.clear()
        self._waiting.clear()

    def is_pending(self, key: K) -> bool:
        """True while ``key`` settles, waits or runs."""
        return key in self._asked or key in self._waiting or key in self._running

    @property
    def waiting(self) -> int:
        """Requests settling or queued."""
        return len(self._asked) + len(self._waiting)

    @property
    def running(self) -> int:
        return len(self._running)

    # ---- settling ----------------------------------------------------------------------------

    def _schedule(self, delay: float) -> None:
        # One timer per burst (not one per request): re-armed only when it fires too early.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        self._check = loop.call_later(max(0.0, delay), self._settle)

    def _settle(self) -> None:
        self._check = None
        if not self._asked:
            return
        now = time.monotonic()
        last = next(reversed(self._asked.values()))
        quiet_for = now - last
        waited = now - self._first_asked
        if quiet_for < self.settle_s and waited < self.max_wait_s:
            self._schedule(min(self.settle_s - quiet_for, self.max_wait_s - waited))
            return
        # Only what was asked for lately is still on screen; the rest was scrolled past.
        recent = [key for key, at in self._asked.items() if at >= last - self.settle_s]
        self.dropped += len(self._asked) - len(recent)
        self._asked.clear()
        self._enqueue(recent)

    # ---- running -----------------------------------------------------------------------------

    def _enqueue(self, keys: list[K]) -> None:
        for key in keys:
            if key in self._running:
                continue
            self._waiting[key] = None
            self._waiting.move_to_end(key)
        while len(self._waiting) > self.capacity:
            self._waiting.popitem(last=False)
            self.dropped += 1
        while self._waiting and self._workers < min(self.limit, len(self._waiting)):
            self._workers += 1
            task = self._start(self._drain())
            if task is None:
                self._workers -= 1
                return
            # A done callback, not a finally: a task cancelled before its first step never
            # enters the coroutine's body.
            task.add_done_callback(self._worker_done)

    def _worker_done(self, _task: asyncio.Task[Any]) -> None:
        self._workers -= 1

    async def _drain(self) -> None:
        while self._waiting:
            key, _ = self._waiting.popitem(last=True)
            self._running.add(key)
            try:
                await self._work(key)
            except Exception:  # one failed item must not stop the others
                log.exception("lazy work for %r failed", key)
            finally:
                self._running.discard(key)
