"""``LatestFirstQueue``: lazy per-item work for what the user is looking at right now.

Views ask for thumbnails and status of the rows they paint. While the user scrolls, the rows asked
for last are the visible ones, so the queue serves the newest request first, runs a few at a time,
and forgets the oldest requests once too many wait (rows long scrolled past): a flick through
10,000 rows costs a handful of requests, not 10,000.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from typing import Any

log = logging.getLogger(__name__)

Starter = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any] | None"]


class LatestFirstQueue[K: Hashable]:
    """Runs ``work(key)`` for requested keys: newest first, ``limit`` at once, ``capacity`` waiting.

    ``start`` hands a coroutine to the owner of the app's tasks (``TaskScope.start``); it may
    return None when the scope is closed, in which case nothing runs.
    """

    def __init__(
        self,
        work: Callable[[K], Awaitable[None]],
        start: Starter,
        *,
        limit: int = 4,
        capacity: int = 48,
    ) -> None:
        if limit < 1 or capacity < 1:
            raise ValueError("limit and capacity must be positive")
        self._work = work
        self._start = start
        self.limit = limit
        self.capacity = capacity
        self._waiting: OrderedDict[K, None] = OrderedDict()
        self._running: set[K] = set()
        self._workers = 0
        self.dropped = 0  # requests forgotten because newer ones pushed them out

    def request(self, key: K) -> None:
        """Ask for ``key`` (again): it moves to the front; a key is never queued twice."""
        if key in self._running:
            return
        self._waiting[key] = None
        self._waiting.move_to_end(key)
        while len(self._waiting) > self.capacity:
            self._waiting.popitem(last=False)
            self.dropped += 1
        if self._workers < self.limit:
            self._workers += 1
            task = self._start(self._drain())
            if task is None:
                self._workers -= 1
            else:
                # A done callback, not a finally: a task cancelled before its first step never
                # enters the coroutine's body.
                task.add_done_callback(self._worker_done)

    def _worker_done(self, _task: asyncio.Task[Any]) -> None:
        self._workers -= 1

    def discard(self, key: K) -> None:
        """Forget a waiting request (a running one finishes)."""
        self._waiting.pop(key, None)

    def clear(self) -> None:
        """Forget every waiting request."""
        self._waiting.clear()

    def is_pending(self, key: K) -> bool:
        """True while ``key`` waits or runs."""
        return key in self._waiting or key in self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def running(self) -> int:
        return len(self._running)

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
