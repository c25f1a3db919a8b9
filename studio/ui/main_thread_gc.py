"""``MainThreadGc``: Python's cyclic garbage collector, run only on the Qt main thread.

The app has background threads (the embedded emulator's loop, executors). If an automatic
collection fires on one of them, it may free a Qt object caught in a reference cycle from the
wrong thread; Qt then keeps a dangling timer and the event loop crashes later. So automatic
collection is switched off and a timer on the main thread collects with the same generational
thresholds the interpreter would use.

Two things keep collections from freezing the window (measured with ``benchmarks/ui.py``: a
full collection with 10,000 videos loaded took 61 ms, a young one 11 ms when collected only
twice a second):

- the timer runs often, so each young collection has little to look at;
- a full collection waits until the user has not touched mouse, wheel or keyboard for
  ``idle_s`` (at most ``max_defer_s``), and the objects alive once start-up is over (modules,
  classes, functions: never garbage) are frozen out of every later collection.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.DragMove,
    }
)


class MainThreadGc(QObject):
    """Collects garbage from a main-thread timer instead of whichever thread allocates."""

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = 50,
        idle_s: float = 1.0,
        max_defer_s: float = 120.0,
        *,
        thresholds: tuple[int, int, int] | None = None,
        freeze_start_up: bool = True,
    ) -> None:
        super().__init__(parent)
        self._thresholds = thresholds or gc.get_threshold()
        self.idle_s = idle_s
        self.max_defer_s = max_defer_s
        self.last_input = time.monotonic()
        self._full_due_since: float | None = None
        self._frozen = not freeze_start_up
        self.collections = [0, 0, 0]  # per generation, for tests and diagnostics
        gc.disable()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def idle(self) -> bool:
        """True when there was no user input for ``idle_s``."""
        return time.monotonic() - self.last_input >= self.idle_s

    def due(self) -> int:
        """The oldest generation whose threshold is exceeded (-1: none), like the interpreter."""
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if counts[gen] > self._thresholds[gen]:
                generation = gen
            else:
                break
        return generation

    def tick(self) -> None:
        """Collect what is due; a full collection only while the user is idle."""
        now = time.monotonic()
        if not self._frozen and self.idle():
            # Once, at the first quiet moment: what start-up left alive stays alive.
            gc.collect()
            gc.freeze()
            self._frozen = True
            self.collections[2] += 1
            return
        generation = self.due()
        if generation == 2:
            if self._full_due_since is None:
                self._full_due_since = now
            if not self.idle() and now - self._full_due_since < self.max_defer_s:
                generation = 1
        if generation < 0:
            return
        gc.collect(generation)
        self.collections[generation] += 1
        if generation == 2:
            self._full_due_since = None

    def stop(self) -> None:
        """Give collection back to the interpreter (at shutdown)."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        gc.enable()
