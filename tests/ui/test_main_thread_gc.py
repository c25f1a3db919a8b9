"""``MainThreadGc``: young collections on its timer, full ones only while the user is idle (or
when put off too long), start-up objects frozen once."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.main_thread_gc import MainThreadGc

THRESHOLDS = (10, 1, 1)
kept: list[list[int]] = []


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    kept.clear()
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def make_full_due(collector: MainThreadGc) -> None:
    """Counts as after a while of allocating: every generation over its (tiny) threshold."""
    gc.collect(1)
    gc.collect(1)  # two older collections since the last full one
    gc.collect(0)
    gc.collect(0)  # two young ones since the last older one
    kept.extend([i] for i in range(50))  # and new container objects
    assert collector.due() == 2


def key_press(widget: QWidget) -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    )


def test_a_full_collection_waits_while_the_user_is_busy(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    collector = MainThreadGc(
        interval_ms=60_000, idle_s=0.3, thresholds=THRESHOLDS, freeze_start_up=False
    )
    try:
        make_full_due(collector)
        key_press(widget)
        assert not collector.idle()
        collector.tick()
        assert collector.collections[2] == 0 and collector.collections[1] == 1

        make_full_due(collector)
        qtbot.wait(350)  # no input for idle_s
        assert collector.idle()
        collector.tick()
        assert collector.collections[2] == 1
    finally:
        collector.stop()


def test_a_full_collection_put_off_too_long_happens_anyway(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    collector = MainThreadGc(
        interval_ms=60_000,
        idle_s=10.0,
        max_defer_s=0.2,
        thresholds=THRESHOLDS,
        freeze_start_up=False,
    )
    try:
        make_full_due(collector)
        key_press(widget)
        collector.tick()
        assert collector.collections[2] == 0  # put off: the user is busy
        time.sleep(0.25)
        make_full_due(collector)
        key_press(widget)  # still busy, but it has waited max_defer_s
        collector.tick()
        assert collector.collections[2] == 1
    finally:
        collector.stop()


def test_start_up_objects_are_frozen_at_the_first_quiet_moment(qtbot: QtBot) -> None:
    before = gc.get_freeze_count()
    collector = MainThreadGc(interval_ms=60_000, idle_s=0.0)
    try:
        collector.tick()
        frozen = gc.get_freeze_count()
        assert frozen > before + 10_000  # all alive now: modules, classes, the test session
        collector.tick()
        assert gc.get_freeze_count() == frozen  # once only
    finally:
        collector.stop()


def test_collection_runs_on_its_timer(qtbot: QtBot) -> None:
    collector = MainThreadGc(interval_ms=10, thresholds=THRESHOLDS, freeze_start_up=False)
    try:
        kept.extend([i] for i in range(50))
        qtbot.waitUntil(lambda: collector.collections[0] > 0, timeout=2_000)
        assert not gc.isenabled()  # never automatic, so never on another thread
    finally:
        collector.stop()
    assert gc.isenabled()
