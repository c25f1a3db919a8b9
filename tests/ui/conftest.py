"""UI test fixtures: a qasync loop driven by Qt's event processing, and a way to await on it.

The app runs every coroutine on a qasync loop. In a (synchronous) pytest-qt test the loop is
installed as *already running*: its callbacks are Qt timers, so they run whenever Qt processes
events — inside ``qtbot.waitUntil(...)``, ``qtbot.wait(...)`` or :func:`run`. Tests stay sync
(``qtbot.waitSignal`` inside an async test would hang, and pytest-asyncio's own loop would not be
the app's loop).

    def test_x(qtbot, qloop, run):
        video = run(client.videos.get(vid))              # await a coroutine on the loop
        panel.reload(); qtbot.waitUntil(lambda: ...)     # tasks started by widgets progress too
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.settings import Settings
from studio.services.task_scope import TaskScope

RunCoroutine = Callable[..., Any]


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop installed (and marked running) for this test; torn down cleanly after."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        _drain(qapp, loop)
        # Not loop.stop(): it calls QApplication.exit(), after which QTest.qWait (qtbot.waitUntil)
        # returns at once in every later test. Mark the loop stopped the way stop() does.
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)


def _drain(app: QApplication, loop: asyncio.AbstractEventLoop, timeout: float = 10.0) -> None:
    """Cancel the tasks a test left behind and let them unwind (so nothing leaks to the next)."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + timeout
    while any(not t.done() for t in pending) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


@pytest.fixture
def run(qtbot: Any, qloop: asyncio.AbstractEventLoop) -> RunCoroutine:
    """``run(coro, timeout=10)``: run a coroutine on the qasync loop and return its result."""

    def runner(coro: Coroutine[Any, Any, Any], timeout: float = 10.0) -> Any:
        task = qloop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    return runner


@pytest.fixture
def ui_client(
    emulator: EmulatorServer, qloop: asyncio.AbstractEventLoop, run: RunCoroutine
) -> Iterator[ApiVideoClient]:
    """A client of the module's emulator, created on (and closed through) the qasync loop."""
    client = ApiVideoClient(emulator.api_key, base_url=emulator.url)
    yield client
    run(client.aclose())


@pytest.fixture
def app_context(
    ui_client: ApiVideoClient, tmp_path: Path, run: RunCoroutine, emulator: EmulatorServer
) -> Iterator[AppContext]:
    """An ``AppContext`` on the module's emulator with in-temp-dir settings, data and cache."""
    scope = TaskScope()
    context = AppContext(
        ui_client,
        ActiveProject("Test project", "custom", emulator.url),
        scope,
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        settings=Settings(path=tmp_path / "config" / "settings.toml"),
    )
    yield context
    run(scope.close())
