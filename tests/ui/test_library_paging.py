"""Lazy paging of the library model through 10,000 emulator videos."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.models.library_model import LibraryModel, LoadState

from .library_fixtures import library_context, seed_videos

__all__ = ["library_context"]  # a fixture, used by name

TOTAL = 10_000


def test_pages_arrive_one_at_a_time_on_demand(
    qtbot: QtBot, emulator: EmulatorServer, app_context: AppContext, run: Any
) -> None:
    seeded = seed_videos(emulator, TOTAL, prefix="Clip ")
    model = LibraryModel(app_context)
    assert model.rowCount() == 0 and model.state == LoadState.IDLE

    model.refresh()
    qtbot.waitUntil(lambda: model.state == LoadState.READY, timeout=10_000)
    assert model.rowCount() == model.page_size == 100
    assert model.total == TOTAL
    assert model.pages_requested == [1]
    # Nothing more is fetched until a view asks.
    qtbot.wait(200)
    assert model.rowCount() == 100 and model.pages_requested == [1]

    while model.canFetchMore():
        before = len(model.pages_requested)
        model.fetchMore()
        model.fetchMore()  # a second call while the page is in flight must not double it
        assert len(model.pages_requested) == before + 1
        assert not model.canFetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
        assert model.rowCount() == min(TOTAL, len(model.pages_requested) * 100)

    assert model.rowCount() == TOTAL
    assert model.pages_requested == list(range(1, TOTAL // 100 + 1))
    # Default sort is newest first: the reverse of the seeding order, every video once.
    assert model.video_ids() == list(reversed(seeded))
