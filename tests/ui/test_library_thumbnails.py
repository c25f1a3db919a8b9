"""Thumbnails over HTTP: one download per image, reuse from disk and memory, invalidation,
a small concurrency limit, and requests only for what the grid paints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QPixmapCache, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.api.models import Video
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.thumbnails import (
    DOWNLOADS_AT_ONCE,
    WAITING_REQUESTS,
    ThumbnailCache,
    version_of,
)
from studio.ui.models.library_model import Role
from studio.ui.panels.library import LibraryPanel

from .library_fixtures import seed_videos, settled

GRID = QSize(224, 126)


class Traffic:
    """Counts the image requests of one ``ThumbnailCache`` (httpx event hooks)."""

    def __init__(self, cache: ThumbnailCache) -> None:
        self.urls: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0
        cache.http.event_hooks = {"request": [self._request], "response": [self._response]}

    async def _request(self, request: httpx.Request) -> None:
        self.urls.append(str(request.url))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)

    async def _response(self, response: httpx.Response) -> None:
        self.in_flight -= 1


@pytest.fixture(scope="module", autouse=True)
def seeded(emulator: EmulatorServer) -> list[str]:
    return seed_videos(emulator, 300, prefix="Thumb ")


@pytest.fixture
def cache(app_context: AppContext, run: Any) -> Iterator[ThumbnailCache]:
    QPixmapCache.clear()
    thumbnails = ThumbnailCache(app_context)
    app_context.thumbnails = thumbnails
    yield thumbnails
    run(thumbnails.close())


def listed(run: Any, client: ApiVideoClient, count: int = 100) -> list[Video]:
    page = run(client.videos.list(sort_by="createdAt", sort_order="asc", page_size=count).page(1))
    return list(page.data)


def ask(cache: ThumbnailCache, video: Video, size: QSize = GRID) -> Any:
    assert video.assets is not None
    return cache.pixmap(video.video_id, version_of(video.updated_at), video.assets.thumbnail, size)


def test_one_download_then_memory_then_disk_even_after_a_restart(
    qtbot: QtBot,
    cache: ThumbnailCache,
    app_context: AppContext,
    ui_client: ApiVideoClient,
    run: Any,
) -> None:
    video = listed(run, ui_client, 1)[0]
    traffic = Traffic(cache)
    ready: list[str] = []
    cache.thumbnail_ready.connect(ready.append)

    assert ask(cache, video) is None  # not in memory: a placeholder is painted meanwhile
    qtbot.waitUntil(lambda: ready == [video.video_id], timeout=10_000)
    pixmap = ask(cache, video)
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (224, 126)
    assert len(traffic.urls) == 1 and traffic.urls[0] == video.assets.thumbnail  # type: ignore[union-attr]
    assert cache.disk.total_bytes > 0

    # Another size: the one in memory stands in while the new one is decoded from disk.
    small = QSize(48, 27)
    assert ask(cache, video, small).size() == QSize(224, 126)
    qtbot.waitUntil(lambda: ask(cache, video, small).size() == small, timeout=10_000)
    assert len(traffic.urls) == 1  # no new request

    # A new session (new cache object, memory cache empty) reads the disk, not the network.
    run(cache.close())
    QPixmapCache.clear()
    restarted = ThumbnailCache(app_context)
    restarted_traffic = Traffic(restarted)
    try:
        assert ask(restarted, video) is None
        qtbot.waitUntil(lambda: ask(restarted, video) is not None, timeout=10_000)
        assert restarted_traffic.urls == []
        assert restarted.downloads == 0
    finally:
        run(restarted.close())


def test_invalidate_forgets_and_the_next_request_downloads_again(
    qtbot: QtBot, cache: ThumbnailCache, ui_client: ApiVideoClient, run: Any
) -> None:
    video = listed(run, ui_client, 1)[0]
    traffic = Traffic(cache)
    ask(cache, video)
    qtbot.waitUntil(lambda: ask(cache, video) is not None, timeout=10_000)
    assert (video.video_id, version_of(video.updated_at)) in cache.disk

    cache.invalidate(video.video_id)
    assert ask(cache, video) is None
    qtbot.waitUntil(lambda: ask(cache, video) is not None, timeout=10_000)
    assert len(traffic.urls) == 2


def test_a_newer_updated_at_is_a_new_image(
    qtbot: QtBot, cache: ThumbnailCache, ui_client: ApiVideoClient, run: Any
) -> None:
    video = listed(run, ui_client, 1)[0]
    traffic = Traffic(cache)
    ask(cache, video)
    qtbot.waitUntil(lambda: ask(cache, video) is not None, timeout=10_000)
    # A thumbnail change bumps updatedAt; the URL stays the same.
    newer = run(ui_client.videos.pick_thumbnail(video.video_id, "00:00:01.00"))
    assert newer.updated_at != video.updated_at
    assert newer.assets is not None and video.assets is not None
    assert ask(cache, newer) is None
    qtbot.waitUntil(lambda: ask(cache, newer) is not None, timeout=10_000)
    assert len(traffic.urls) == 2
    assert (video.video_id, version_of(video.updated_at)) not in cache.disk  # old one dropped


def test_few_downloads_at_once_and_the_newest_requests_first(
    qtbot: QtBot, cache: ThumbnailCache, ui_client: ApiVideoClient, run: Any
) -> None:
    videos = listed(run, ui_client, 100)
    traffic = Traffic(cache)
    for video in videos:  # a fast scroll past 100 rows
        ask(cache, video)
    qtbot.waitUntil(lambda: not cache.busy, timeout=20_000)
    assert traffic.most_in_flight <= DOWNLOADS_AT_ONCE
    # Rows scrolled past long ago were dropped: only the newest requests were served.
    assert len(traffic.urls) <= DOWNLOADS_AT_ONCE + WAITING_REQUESTS < len(videos)
    assert all(ask(cache, v) is not None for v in videos[-WAITING_REQUESTS:])
    assert ask(cache, videos[DOWNLOADS_AT_ONCE + 1]) is None


def test_a_missing_image_is_not_asked_for_again(
    qtbot: QtBot, cache: ThumbnailCache, emulator: EmulatorServer
) -> None:
    traffic = Traffic(cache)
    url = f"{emulator.url}/vod/vi_no_such_video/thumbnail.jpg"
    assert cache.pixmap("vi_no_such_video", "v", url, GRID) is None
    qtbot.waitUntil(lambda: len(traffic.urls) == 1 and not cache.busy, timeout=10_000)
    for _ in range(3):
        assert cache.pixmap("vi_no_such_video", "v", url, GRID) is None
    qtbot.wait(100)
    assert len(traffic.urls) == 1


def test_the_grid_asks_only_for_the_rows_it_paints(
    qtbot: QtBot, cache: ThumbnailCache, app_context: AppContext
) -> None:
    traffic = Traffic(cache)
    panel = LibraryPanel(app_context)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitUntil(lambda: settled(panel.model), timeout=10_000)
    qtbot.waitUntil(lambda: len(traffic.urls) > 0 and not cache.busy, timeout=10_000)
    qtbot.wait(200)
    grid = panel.grid
    visible = {
        row
        for row in range(panel.model.rowCount())
        if grid.visualRect(panel.model.index(row, 0)).intersects(grid.viewport().rect())
    }
    assert 0 < len(visible) < panel.model.rowCount()
    requested = {url.split("/vod/")[1].split("/")[0] for url in traffic.urls}
    visible_ids = {panel.model.video(row).video_id for row in visible}  # type: ignore[union-attr]
    assert requested == visible_ids
    # Every visible cell now paints its image.
    assert all(panel.model.index(r, 0).data(Role.THUMBNAIL) for r in visible)


def test_disk_bound_applies_to_the_live_cache(
    qtbot: QtBot, cache: ThumbnailCache, ui_client: ApiVideoClient, run: Any, tmp_path: Path
) -> None:
    videos = listed(run, ui_client, 12)
    for video in videos[:3]:
        ask(cache, video)
    qtbot.waitUntil(lambda: not cache.busy and len(cache.disk) == 3, timeout=10_000)
    one_image = cache.disk.total_bytes // 3
    cache.disk.max_bytes = one_image * 5 + one_image // 2
    for video in videos[3:]:
        ask(cache, video)
    qtbot.waitUntil(lambda: not cache.busy, timeout=10_000)
    assert cache.disk.total_bytes <= cache.disk.max_bytes
    assert len(cache.disk) == 5


def wheel(grid: Any, degrees: int) -> None:
    """One mouse-wheel notch burst over the grid, delivered as the application delivers input."""
    viewport = grid.viewport()
    at = QPointF(viewport.rect().center())
    event = QWheelEvent(
        at, QPointF(viewport.mapToGlobal(at)), QPoint(0, 0), QPoint(0, -degrees * 8),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def shown_panel(qtbot: QtBot, app_context: AppContext, cache: ThumbnailCache) -> LibraryPanel:
    """The library on screen, its first images loaded."""
    panel = LibraryPanel(app_context)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitUntil(lambda: settled(panel.model), timeout=10_000)
    qtbot.waitUntil(lambda: not cache.busy, timeout=10_000)
    return panel


def test_a_fling_asks_for_nothing_then_the_rows_where_it_stops_load(
    qtbot: QtBot, cache: ThumbnailCache, app_context: AppContext
) -> None:
    panel = shown_panel(qtbot, app_context, cache)
    traffic = Traffic(cache)
    grid = panel.grid
    flings: list[bool] = []
    grid.fling_changed.connect(flings.append)

    # A page per wheel event, a frame apart: rows fly past; none of them asks for an image.
    # (One page alone is a jump, not a fling: from the second one on, it is.)
    for step in range(8):
        wheel(grid, 90)
        QApplication.processEvents()  # paints the frame (no sleeping: a loaded CI is slow)
        assert grid.flinging == (step > 0)
    assert flings == [True]
    assert traffic.urls == [] and not cache.busy

    # It stops: the rows on screen now (and only they) get their images.
    qtbot.waitUntil(lambda: flings == [True, False], timeout=2_000)
    qtbot.waitUntil(lambda: len(traffic.urls) > 0 and not cache.busy, timeout=10_000)
    visible = {
        panel.model.video(row).video_id  # type: ignore[union-attr]
        for row in range(panel.model.rowCount())
        if grid.visualRect(panel.model.index(row, 0)).intersects(grid.viewport().rect())
    }
    requested = {url.split("/vod/")[1].split("/")[0] for url in traffic.urls}
    assert requested == visible


def test_a_slow_scroll_is_no_fling_and_keeps_loading(
    qtbot: QtBot, cache: ThumbnailCache, app_context: AppContext
) -> None:
    panel = shown_panel(qtbot, app_context, cache)
    traffic = Traffic(cache)
    for _ in range(3):
        wheel(panel.grid, 15)  # one notch, the way one reads down a list
        qtbot.wait(120)
        assert not panel.grid.flinging
    qtbot.waitUntil(lambda: len(traffic.urls) > 0 and not cache.busy, timeout=10_000)
