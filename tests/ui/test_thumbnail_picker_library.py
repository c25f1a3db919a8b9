"""From the library: the detail panel opens the thumbnail picker and the captions window, and a
new thumbnail reaches the library's row without a reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.dialogs.thumbnail_picker import ThumbnailPicker
from studio.ui.models.library_model import Role
from studio.ui.panels.library import LibraryPanel
from studio.ui.panels.text_tracks import TextTracksDialog

from .library_fixtures import (
    collect_garbage_on_the_gui_thread,
    library_context,
    seed_videos,
    settled,
)
from .tracks_fixtures import dominant_colour as colour_of
from .tracks_fixtures import image_file, thumbnail_bytes

__all__ = ["collect_garbage_on_the_gui_thread", "library_context"]  # fixtures used by name


@pytest.fixture(scope="module", autouse=True)
def video_ids(emulator: EmulatorServer) -> list[str]:
    return seed_videos(emulator, 3, prefix="Picker ")


@pytest.fixture
def panel(qtbot: QtBot, library_context: AppContext) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(library_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show()
    qtbot.waitUntil(lambda: settled(widget.model), timeout=10_000)
    yield widget


def select(qtbot: QtBot, panel: LibraryPanel, video_id: str) -> int:
    qtbot.waitUntil(lambda: panel.model.row_of(video_id) is not None, timeout=10_000)
    row = panel.model.row_of(video_id)
    assert row is not None
    panel.select_rows([row])
    return row


def test_a_thumbnail_chosen_from_the_detail_panel_reaches_the_library_row(
    qtbot: QtBot,
    panel: LibraryPanel,
    emulator: EmulatorServer,
    video_ids: list[str],
    tmp_path: Path,
) -> None:
    video_id = video_ids[0]
    row = select(qtbot, panel, video_id)
    before = panel.model.video(row)
    assert before is not None

    picker = panel.detail.open_thumbnail_picker()
    assert isinstance(picker, ThumbnailPicker) and picker.isVisible()
    qtbot.waitUntil(lambda: picker.loaded, timeout=10_000)
    picker.upload_image(image_file(tmp_path / "cover.png", "lime", "PNG"))
    qtbot.waitUntil(lambda: not picker.busy, timeout=10_000)
    assert colour_of(thumbnail_bytes(emulator, video_id)) == "green"

    # The row now holds the updated video, and its thumbnail is the new image.
    after = panel.model.video(row)
    assert after is not None and after.updated_at != before.updated_at

    def row_colour() -> str | None:
        pixmap = panel.model.index(row, 0).data(Role.THUMBNAIL)
        if pixmap is None:
            return None
        image = pixmap.toImage()
        c = image.pixelColor(image.width() // 2, image.height() // 2)
        return "green" if c.green() > 150 and c.red() < 90 else "other"

    qtbot.waitUntil(lambda: row_colour() == "green", timeout=10_000)
    assert panel.detail.video is not None and panel.detail.video.updated_at == after.updated_at
    qtbot.mouseClick(picker.close_button, Qt.MouseButton.LeftButton)
    assert not picker.isVisible()


def test_the_detail_panel_opens_captions_and_chapters_of_its_video(
    qtbot: QtBot, panel: LibraryPanel, video_ids: list[str]
) -> None:
    select(qtbot, panel, video_ids[1])
    dialog = panel.detail.open_text_tracks()
    assert isinstance(dialog, TextTracksDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.panel.loading, timeout=10_000)
    assert dialog.panel.captions.video_id == video_ids[1]
    assert dialog.panel.chapters.video_id == video_ids[1]
    assert "Picker" in dialog.windowTitle()
    dialog.reject()
