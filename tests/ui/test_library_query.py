"""Search, tag and metadata filters, sort order, and the empty / no-match / error states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.emulator.config import Faults
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.library import LibraryQuery
from studio.services.settings import Settings
from studio.services.task_scope import TaskScope
from studio.ui.models.library_model import Column, LibraryModel, LoadState
from studio.ui.panels.library import LibraryPanel
from studio.ui.widgets.library_toolbar import SORT_CHOICES

from ..conftest import OTHER_KEY, make_emulator
from .library_fixtures import (
    api_patch,
    library_context,
    seed_videos,
    settled,
    stored_videos,
)

__all__ = ["library_context"]  # a fixture, used by name


@pytest.fixture(scope="module", autouse=True)
def library(emulator: EmulatorServer) -> dict[str, list[str]]:
    """25 videos: 12 "Clip" tagged news, 8 "Talk" tagged news+sport, 5 "Other"; some metadata."""
    ids = {
        "clip": seed_videos(emulator, 12, prefix="Clip ", tags=["news"]),
        "talk": seed_videos(emulator, 8, prefix="Talk ", tags=["news", "sport"]),
        "other": seed_videos(emulator, 5, prefix="Other "),
    }
    for video_id in ids["talk"][:3]:
        api_patch(emulator, video_id, {"metadata": [{"key": "team", "value": "blue"}]})
    api_patch(emulator, ids["clip"][0], {"metadata": [{"key": "team", "value": "red"}]})
    return ids


@pytest.fixture
def panel(qtbot: QtBot, library_context: AppContext) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(library_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: settled(widget.model), timeout=10_000)
    yield widget


def shown_titles(model: LibraryModel) -> list[str]:
    return [model.video(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def titles_where(emulator: EmulatorServer, keep: Any) -> set[str]:
    return {doc["title"] for doc in stored_videos(emulator) if keep(doc)}


def wait_for_query(qtbot: QtBot, model: LibraryModel, check: Any) -> None:
    qtbot.waitUntil(lambda: check(model.query) and settled(model), timeout=10_000)


def test_search_is_debounced_and_matches_the_server(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    emitted: list[LibraryQuery] = []
    panel.toolbar.query_changed.connect(emitted.append)
    qtbot.keyClicks(panel.toolbar.search, "talk")
    # Typing sends nothing yet: the query goes out once the user pauses.
    assert emitted == [] and panel.model.query.title == ""
    wait_for_query(qtbot, panel.model, lambda q: q.title == "talk")
    qtbot.wait(400)
    assert len(emitted) == 1
    expected = titles_where(emulator, lambda d: "talk" in d["title"].casefold())
    assert len(expected) == 8
    assert set(shown_titles(panel.model)) == expected
    assert panel.model.total == 8


def test_a_new_query_supersedes_the_one_in_flight(
    qtbot: QtBot, library_context: AppContext, emulator: EmulatorServer
) -> None:
    model = LibraryModel(library_context)
    model.set_query(LibraryQuery(title="Clip"))
    model.set_query(LibraryQuery(title="Other"))  # before the first answer arrives
    qtbot.waitUntil(lambda: settled(model), timeout=10_000)
    qtbot.wait(200)  # a late answer of the first query would land now
    assert set(shown_titles(model)) == titles_where(emulator, lambda d: "Other" in d["title"])
    assert model.rowCount() == 5


def test_tag_filter_requires_every_tag(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    panel.toolbar.tags_filter.setText("sport, news")
    panel.toolbar.apply()
    wait_for_query(qtbot, panel.model, lambda q: q.tags == ("sport", "news"))
    expected = titles_where(emulator, lambda d: {"sport", "news"} <= set(d.get("tags", [])))
    assert set(shown_titles(panel.model)) == expected and len(expected) == 8

    panel.toolbar.tags_filter.setText("news")
    panel.toolbar.apply()
    wait_for_query(qtbot, panel.model, lambda q: q.tags == ("news",))
    assert set(shown_titles(panel.model)) == titles_where(
        emulator, lambda d: "news" in d.get("tags", [])
    )
    assert panel.model.rowCount() == 20


def test_metadata_filter_matches_key_and_value(
    qtbot: QtBot, panel: LibraryPanel, emulator: EmulatorServer
) -> None:
    panel.toolbar.metadata_filter.setText("team=blue")
    panel.toolbar.apply()
    wait_for_query(qtbot, panel.model, lambda q: q.metadata == (("team", "blue"),))

    def blue(doc: dict[str, Any]) -> bool:
        return {"key": "team", "value": "blue"} in doc.get("metadata", [])

    assert set(shown_titles(panel.model)) == titles_where(emulator, blue)
    assert panel.model.rowCount() == 3

    # Combined with a search, both apply.
    panel.toolbar.search.setText("Talk 1")
    panel.toolbar.apply()
    wait_for_query(qtbot, panel.model, lambda q: q.title == "Talk 1")
    assert shown_titles(panel.model) == ["Talk 1"]


def test_invalid_metadata_filter_is_ignored_not_sent(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.toolbar.metadata_filter.setText("no equals sign")
    assert panel.toolbar.query().metadata == ()
    assert "key=value" in panel.toolbar.metadata_filter.toolTip()


@pytest.mark.parametrize(("label", "sort_by", "order"), SORT_CHOICES)
def test_every_sort_order_is_the_servers(
    qtbot: QtBot,
    panel: LibraryPanel,
    emulator: EmulatorServer,
    label: str,
    sort_by: str,
    order: str,
) -> None:
    panel.toolbar.set_sort(sort_by, order)
    assert panel.toolbar.sort.currentText() == label
    wait_for_query(qtbot, panel.model, lambda q: (q.sort_by, q.sort_order) == (sort_by, order))
    model = panel.model
    videos = [v for row in range(model.rowCount()) if (v := model.video(row)) is not None]
    assert {v.video_id for v in videos} == {d["videoId"] for d in stored_videos(emulator)}
    attribute = {
        "title": "title",
        "createdAt": "created_at",
        "publishedAt": "published_at",
        "updatedAt": "updated_at",
    }[sort_by]
    keys = [getattr(v, attribute) for v in videos]
    if sort_by == "title":
        keys = [k.casefold() for k in keys]
    assert keys == sorted(keys, reverse=(order == "desc"))
    if sort_by == "title":  # titles are unique: the exact order is known
        expected = sorted(
            (d["title"] for d in stored_videos(emulator)),
            key=str.casefold,
            reverse=(order == "desc"),
        )
        assert shown_titles(model) == expected


def test_list_header_click_sorts_by_that_column(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.set_view_mode("list")
    header = panel.table.horizontalHeader()
    header.sectionClicked.emit(Column.TITLE)
    wait_for_query(qtbot, panel.model, lambda q: (q.sort_by, q.sort_order) == ("title", "asc"))
    header.sectionClicked.emit(Column.TITLE)
    wait_for_query(qtbot, panel.model, lambda q: (q.sort_by, q.sort_order) == ("title", "desc"))
    titles = shown_titles(panel.model)
    assert titles == sorted(titles, key=str.casefold, reverse=True)
    assert header.sortIndicatorSection() == Column.TITLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_no_match_state_offers_to_clear_filters(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.toolbar.search.setText("nothing is called this")
    panel.toolbar.apply()
    qtbot.waitUntil(lambda: panel.model.state == LoadState.NO_MATCH, timeout=10_000)
    assert panel.content.currentWidget() is panel.message
    assert panel.message.headline.text() == "No videos match"
    assert "nothing is called this" in panel.message.body.text()
    assert panel.message.action.text() == "Clear filters"
    panel.message.action.click()
    qtbot.waitUntil(lambda: panel.model.state == LoadState.READY, timeout=10_000)
    assert panel.toolbar.search.text() == ""
    assert panel.model.rowCount() == 25
    assert panel.content.currentWidget() is not panel.message


def _context(client: ApiVideoClient, tmp_path: Path, url: str) -> AppContext:
    return AppContext(
        client,
        ActiveProject("Other", "custom", url),
        TaskScope(),
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        settings=Settings(path=None),
    )


def test_empty_library_says_how_to_add_videos(
    qtbot: QtBot, emulator: EmulatorServer, tmp_path: Path, run: Any
) -> None:
    client = ApiVideoClient(OTHER_KEY, base_url=emulator.url)  # a project with no videos
    context = _context(client, tmp_path, emulator.url)
    panel = LibraryPanel(context)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.state == LoadState.EMPTY, timeout=10_000)
    assert panel.content.currentWidget() is panel.message
    assert panel.message.headline.text() == "No videos yet — drop files anywhere to upload"
    assert not panel.message.action.isVisible()
    run(context.scope.close())
    run(client.aclose())


def test_error_state_then_retry(qtbot: QtBot, tmp_path: Path, run: Any) -> None:
    server = make_emulator(tmp_path / "failing", faults=Faults(error_rate=1.0))
    client = ApiVideoClient(server.api_key, base_url=server.url)
    context = _context(client, tmp_path, server.url)
    try:
        seed_videos(server, 3, prefix="Recovered ")
        panel = LibraryPanel(context)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.model.state == LoadState.ERROR, timeout=10_000)
        assert panel.content.currentWidget() is panel.message
        assert panel.message.headline.text() == "The library could not be loaded"
        assert panel.message.body.text() == panel.model.error_text != ""
        assert not panel.model.canFetchMore()  # no retry storm from the views
        server.config.faults.error_rate = 0.0  # the server recovers
        panel.message.action.click()  # "Retry"
        qtbot.waitUntil(lambda: panel.model.state == LoadState.READY, timeout=10_000)
        assert sorted(shown_titles(panel.model)) == ["Recovered 1", "Recovered 2", "Recovered 3"]
    finally:
        run(context.scope.close())
        run(client.aclose())
        server.stop()
