"""Deleting (one, or many with one confirmation), bulk tag edits, and the panel's keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.panels.library import LibraryPanel

from .library_fixtures import (
    api_call,
    library_context,
    seed_videos,
    settled,
    stored_videos,
)

__all__ = ["library_context"]  # a fixture, used by name


@pytest.fixture
def panel(qtbot: QtBot, library_context: AppContext) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(library_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5_000)
    qtbot.waitUntil(lambda: settled(widget.model), timeout=10_000)
    yield widget


def stored_ids(emulator: EmulatorServer) -> set[str]:
    return {doc["videoId"] for doc in stored_videos(emulator)}


def rows_of(panel: LibraryPanel, ids: list[str]) -> list[int]:
    rows = [panel.model.row_of(v) for v in ids]
    assert None not in rows, "every video should be listed"
    return sorted(r for r in rows if r is not None)


def reload(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.refresh()
    qtbot.waitUntil(lambda: settled(panel.model), timeout=10_000)


def test_delete_key_asks_first_and_cancel_keeps_the_video(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    (video_id,) = seed_videos(emulator, 1, prefix="Keep me ")
    reload(qtbot, panel)
    row = panel.model.row_of(video_id)
    assert row is not None
    panel.select_rows([row])
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Delete)
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Keep me 1" in dialog.text()
    assert dialog.defaultButton() is dialog.cancel_button  # Enter does not delete
    dialog.cancel_button.click()
    qtbot.wait(100)
    assert video_id in stored_ids(emulator)
    assert panel.model.row_of(video_id) is not None


def test_confirmed_delete_removes_the_video(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    (video_id,) = seed_videos(emulator, 1, prefix="Delete me ")
    reload(qtbot, panel)
    panel.select_rows([panel.model.row_of(video_id)])  # type: ignore[list-item]
    total = panel.model.total
    panel.detail.delete_button.click()  # the detail panel's button asks the same way
    dialog = panel.confirm_dialog
    assert dialog is not None
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: panel.model.row_of(video_id) is None, timeout=10_000)
    assert video_id not in stored_ids(emulator)
    assert panel.model.total == total - 1
    assert panel.notice.text() == "Deleted 1 video."
    assert panel.detail.video is None  # the selection went with the row


def test_bulk_delete_with_one_confirmation(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    doomed = seed_videos(emulator, 5, prefix="Bulk ")
    kept = seed_videos(emulator, 2, prefix="Stays ")
    reload(qtbot, panel)
    panel.select_rows(rows_of(panel, doomed))
    assert panel.side.currentWidget() is panel.bulk
    assert panel.bulk.headline.text() == "5 videos selected"
    panel.set_view_mode("list")  # the selection follows to the list
    assert sorted(panel.selected_ids()) == sorted(doomed)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.text() == "Delete 5 videos?"
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: all(panel.model.row_of(v) is None for v in doomed), timeout=10_000)
    remaining = stored_ids(emulator)
    assert not remaining & set(doomed)
    assert set(kept) <= remaining
    assert panel.bulk.progress.value() == 5 or not panel.bulk.progress.isVisible()
    assert panel.bulk.outcome.text() == "Deleted 5 videos."


def test_bulk_tag_edit_adds_and_removes_on_every_selected_video(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    chosen = seed_videos(emulator, 4, prefix="Retag ", tags=["draft", "news"])
    untouched = seed_videos(emulator, 2, prefix="Untouched ", tags=["draft"])
    reload(qtbot, panel)
    panel.select_rows(rows_of(panel, chosen))
    panel.bulk.add_tags.set_tags(["published", "news"])
    panel.bulk.remove_tags.set_tags(["draft"])
    assert panel.bulk.apply_button.isEnabled()
    panel.bulk.apply_button.click()
    qtbot.waitUntil(lambda: "Updated the tags of 4 videos." in panel.notice.text(), timeout=10_000)
    docs = {doc["videoId"]: doc for doc in stored_videos(emulator)}
    for video_id in chosen:
        assert docs[video_id]["tags"] == ["news", "published"]
        row = panel.model.row_of(video_id)
        assert panel.model.video(row).tags == ["news", "published"]  # type: ignore[arg-type,union-attr]
    for video_id in untouched:
        assert docs[video_id]["tags"] == ["draft"]
    assert panel.bulk.add_tags.tags() == []  # cleared after success


def test_keyboard_search_refresh_and_open_details(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.toolbar.search.hasFocus()

    seed_videos(emulator, 1, prefix="Arrived later ")
    before = panel.model.total
    qtbot.keyClick(panel.grid, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: settled(panel.model) and panel.model.total == before + 1, timeout=10_000
    )
    assert panel.model.pages_requested == [1]

    panel.grid.setFocus()
    index = panel.model.index(0, 0)
    panel.grid.setCurrentIndex(index)
    qtbot.keyClick(panel.grid, Qt.Key.Key_Return)
    assert panel.detail.video is not None
    assert panel.detail.video.video_id == panel.model.video(0).video_id  # type: ignore[union-attr]
    assert panel.detail.title_edit.hasFocus()


def test_grid_scrolling_fetches_pages_lazily(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer, run: Any
) -> None:
    seed_videos(emulator, 450, prefix="Scroll ")
    reload(qtbot, panel)
    model = panel.model
    assert model.pages_requested == [1] and model.rowCount() == 100
    total = model.total
    bar = panel.grid.verticalScrollBar()
    for _ in range(100):
        if model.rowCount() >= total:
            break
        bar.setValue(bar.maximum())  # the view asks for more near the end
        qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
        qtbot.wait(20)
    assert model.rowCount() == total
    # One request per page, in order, never two at once.
    assert model.pages_requested == list(range(1, len(model.pages_requested) + 1))
    assert len(model.pages_requested) == -(-total // 100)


def test_a_refresh_keeps_the_selection_and_unsaved_edits(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer, library_context: AppContext
) -> None:
    (video_id,) = seed_videos(emulator, 1, prefix="Being edited ")
    reload(qtbot, panel)
    panel.select_rows([panel.model.row_of(video_id)])  # type: ignore[list-item]
    panel.detail.title_edit.setText("Half-typed new title")
    assert panel.detail.is_dirty

    seed_videos(emulator, 2, prefix="Meanwhile ")  # e.g. an upload finished elsewhere
    library_context.library_changed.emit()
    qtbot.waitUntil(
        lambda: settled(panel.model) and panel.selected_ids() == [video_id], timeout=10_000
    )
    assert panel.detail.video is not None and panel.detail.video.video_id == video_id
    assert panel.detail.title_edit.text() == "Half-typed new title" and panel.detail.is_dirty

    # A query that no longer lists it lets the selection go, but not the edits: they stay on
    # screen, and can still be saved.
    panel.toolbar.search.setText("Meanwhile")
    panel.toolbar.apply()
    qtbot.waitUntil(lambda: settled(panel.model) and panel.model.rowCount() == 2, timeout=10_000)
    assert panel.selected_ids() == []
    assert panel.detail.video is not None and panel.detail.video.video_id == video_id
    assert panel.detail.title_edit.text() == "Half-typed new title"
    panel.detail.save()
    qtbot.waitUntil(lambda: not panel.detail.is_dirty, timeout=10_000)
    assert api_call(emulator, "GET", f"/videos/{video_id}")["title"] == "Half-typed new title"
