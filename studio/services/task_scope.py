"""``TaskScope``: the owner of every coroutine a widget starts.

Widgets stay synchronous and hand coroutines here. The scope keeps a strong reference to each task
(asyncio keeps only weak ones), replaces a superseded task of the same key (a new search cancels
the old one), reports failures instead of losing them, and cancels and awaits everything on quit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]


class TaskScope:
    """A set of running tasks with one lifetime."""

    def __init__(self, on_error: ErrorHandler | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._keyed: dict[str, asyncio.Task[Any]] = {}
        self._on_error = on_error
        self._closed = False

    def start(
        self, coro: Coroutine[Any, Any, Any], *, key: str | None = None
    ) -> asyncio.Task[Any] | None:
        """Run ``coro`` on the loop; with ``key``, cancel the previous task of that key first."""
        if self._closed:
            coro.close()
            return None
        if key is not None:
            previous = self._keyed.pop(key, None)
            if previous is not None and not previous.done():
                previous.cancel()
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        if key is not None:
            self._keyed[key] = task
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        for key, value in list(self._keyed.items()):
            if value is task:
                del self._keyed[key]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            if self._on_error is not None:
                self._on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def close(self) -> None:
        """Cancel every task and wait for them to finish."""
        self._closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
