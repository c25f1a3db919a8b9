"""Library screenshots: the thumbnail grid and the detail panel, rendered from the real widgets.

Called by ``docs/tools/screenshots.py`` with a context on an emulator that holds a seeded library;
each function builds the panel, waits (on the running qasync loop) until the page, thumbnails
and status have arrived, and saves a PNG.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize

from studio.services.context import AppContext
from studio.ui.models.library_model import LoadState
from studio.ui.panels.library import LibraryPanel

GRID_SIZE = QSize(1360, 820)
DETAIL_SIZE = QSize(1360, 980)


async def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the library did not settle in time")
        await asyncio.sleep(0.03)


async def _settled_panel(context: AppContext, size: QSize) -> LibraryPanel:
    panel = LibraryPanel(context)
    panel.resize(size)
    panel.show()
    await _until(lambda: panel.model.state != LoadState.LOADING)
    await _until(lambda: not panel.model.loading)
    return panel


async def _quiet(panel: LibraryPanel, context: AppContext) -> None:
    """Wait until painted rows have their thumbnails and badges (and the detail its status)."""
    thumbnails = context.thumbnails

    def idle() -> bool:
        return not panel.model.status_pending and not (thumbnails and thumbnails.busy)

    for _ in range(3):  # painting asks for more; let a few rounds of requests finish
        panel.current_view().viewport().update()
        await asyncio.sleep(0.15)  # the loop paints meanwhile (never processEvents in here)
        await _until(idle)
    await asyncio.sleep(0.2)


async def library_grid(path: Path, context: AppContext) -> None:
    """The grid of a seeded library with one video selected and its details beside it."""
    panel = await _settled_panel(context, GRID_SIZE)
    if panel.model.rowCount():
        panel.select_rows([0])
    await _quiet(panel, context)
    panel.grab().save(str(path))
    panel.hide()
    panel.deleteLater()


async def detail_panel(path: Path, context: AppContext) -> None:
    """The detail panel of a processed video, next to the list view."""
    panel = await _settled_panel(context, DETAIL_SIZE)
    panel.set_view_mode("list")
    row = _richest_row(panel)
    if row is not None:
        panel.select_rows([row])
    await _quiet(panel, context)
    await _until(lambda: panel.detail.status_summary.text() != "Checking…")
    await asyncio.sleep(0.2)
    panel.grab().save(str(path))
    panel.hide()
    panel.deleteLater()


def _richest_row(panel: LibraryPanel) -> int | None:
    """The row whose video shows the most fields (tags, metadata, player)."""
    best, best_score = None, -1
    for row in range(min(panel.model.rowCount(), 50)):
        video = panel.model.video(row)
        if video is None:
            continue
        score = len(video.tags) + 2 * len(video.metadata) + 3 * bool(video.player_id)
        score += 2 * bool(video.description)
        if score > best_score:
            best, best_score = row, score
    return best
