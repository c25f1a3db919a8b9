"""``AppContext``: the services every panel shares, built once by the composition root.

Panels receive the context, never globals. Switching project replaces ``client`` and emits
``client_changed`` so panels reload; the task scope, settings and data folders stay. The settings
panel emits ``settings_changed`` after saving, so services pick up new values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..api import ApiVideoClient, RateLimitState
from .settings import Settings
from .task_scope import TaskScope

RATE_LIMIT_UI_INTERVAL_S = 0.25  # at most four rate-limit updates a second reach the UI


@dataclass(frozen=True)
class ActiveProject:
    """What the status bar shows about the project in use."""

    name: str
    environment: str  # "production", "sandbox", "custom" or "demo"
    base_url: str
    id: str = ""  # the saved project's id ("demo" for the demo; "" when not saved)


def tightest_budget(
    states: Iterable[RateLimitState], now: float | None = None
) -> RateLimitState | None:
    """The budget closest to running out among those whose window still runs (a window that
    has reset since its last response is full again); the latest one when none runs."""
    now = time.monotonic() if now is None else now
    known = [s for s in states if s.limit and s.remaining is not None]
    running = [s for s in known if s.retry_after is None or now - s.updated_at < s.retry_after]
    if running:
        return min(running, key=lambda s: (s.remaining or 0) / (s.limit or 1))
    return max(known, key=lambda s: s.updated_at, default=None)


class AppContext(QObject):
    """Client, task scope, settings and per-app folders, with change signals for the UI."""

    client_changed = Signal()
    rate_limit_changed = Signal(object)  # RateLimitState of the tightest budget now
    settings_changed = Signal()  # context.settings was edited and saved
    library_changed = Signal()  # videos were added outside the library panel (demo, uploads)

    def __init__(
        self,
        client: ApiVideoClient,
        project: ActiveProject,
        scope: TaskScope,
        data_dir: Path,
        cache_dir: Path,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.scope = scope
        self.data_dir = data_dir
        self.cache_dir = cache_dir
        # In-memory defaults when none are given (tests); the app passes the loaded file.
        self.settings: Settings = settings if settings is not None else Settings()
        self.client = client
        self.project = project
        # Filled by the composition root once built (they need the context themselves).
        self.thumbnails: Any = None
        self.uploads: Any = None
        self.projects: Any = None  # the shell's ProjectManager (saved projects, sign-in)
        # RTMP ingest base of the embedded emulator (demo project), e.g. rtmp://127.0.0.1:1935/s.
        self.rtmp_url: str | None = None
        self._rate_states: dict[str, RateLimitState] = {}  # per budget (reads, writes, uploads)
        self._rate_emitted = 0.0
        self._rate_pending = False
        self._watch(client)

    def _watch(self, client: ApiVideoClient) -> None:
        client.rate_limit_listeners.append(self._on_rate_limit)

    def _on_rate_limit(self, state: RateLimitState) -> None:
        # Every response calls this (thousands while the library scrolls); the UI only needs
        # a few updates a second: emit at once when quiet, else once at the end of the window.
        self._rate_states[state.category] = state
        now = time.monotonic()
        if now - self._rate_emitted >= RATE_LIMIT_UI_INTERVAL_S:
            self._emit_rate_limit()
        elif not self._rate_pending:
            self._rate_pending = True
            delay = RATE_LIMIT_UI_INTERVAL_S - (now - self._rate_emitted)
            QTimer.singleShot(int(delay * 1000) + 1, self, self._emit_rate_limit)

    def _emit_rate_limit(self) -> None:
        self._rate_pending = False
        self._rate_emitted = time.monotonic()
        tightest = tightest_budget(self._rate_states.values(), self._rate_emitted)
        if tightest is not None:
            self.rate_limit_changed.emit(tightest)

    def switch(self, client: ApiVideoClient, project: ActiveProject) -> ApiVideoClient:
        """Make ``client`` current; returns the previous one for the caller to close."""
        previous = self.client
        if self._on_rate_limit in previous.rate_limit_listeners:
            previous.rate_limit_listeners.remove(self._on_rate_limit)
        self.client = client
        self.project = project
        self._rate_states = {}
        self._watch(client)
        self.client_changed.emit()
        return previous
