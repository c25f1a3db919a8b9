"""A loud failure if the PySide6/Python pairing mis-counts references on signal emission.

PySide6 6.12 on CPython 3.11 loses a reference to True/None on every emit and aborts after a few
thousand; on 3.12+ those objects are immortal. This bulk use would crash a bad pairing here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_bulk_signals_and_single_shots(qapp: QCoreApplication) -> None:
    emitter = _Emitter()
    seen: list[object] = []
    emitter.fired.connect(seen.append)
    for i in range(5000):
        emitter.fired.emit(None if i % 2 else True)
    assert len(seen) == 5000
    calls = 0

    def tick() -> None:
        nonlocal calls
        calls += 1

    for _ in range(10_000):
        QTimer.singleShot(0, tick)
    deadline = 0
    while calls < 10_000 and deadline < 1000:
        qapp.processEvents()
        deadline += 1
    assert calls == 10_000
