"""``MainThreadGc``: Python's cyclic garbage collector, run only on the Qt main thread.

The app has background threads (the embedded emulator's loop, executors). If an automatic
collection fires on one of them, it may free a Qt object caught in a reference cycle from the
wrong thread; Qt then keeps a dangling timer and the event loop crashes later. So automatic
collection is switched off and a timer on the main thread collects with the same generational
thresholds the interpreter would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGc(QObject):
    """Collects garbage from a main-thread timer instead of whichever thread allocates."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> None:
        """Collect the oldest generation whose threshold is exceeded, like the interpreter."""
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if counts[gen] > self._thresholds[gen]:
                generation = gen
            else:
                break
        if generation >= 0:
            gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to the interpreter (at shutdown)."""
        self._timer.stop()
        gc.enable()
