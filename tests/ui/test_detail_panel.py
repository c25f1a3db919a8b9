"""The detail panel: editing through PATCH, dirty tracking, status, share links."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.api.models import Video, encode_payload
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.panels.library import LibraryPanel
from studio.ui.panels.video_detail import EditableFields

from ..emulator.media_samples import needs_ffmpeg, small_mp4
from .library_fixtures import (
    api_call,
    api_patch,
    library_context,
    seed_videos,
    settled,
)

__all__ = ["library_context"]  # a fixture, used by name


@pytest.fixture(scope="module", autouse=True)
def videos(emulator: EmulatorServer) -> list[str]:
    """Six source-less videos tagged "seed" (newest first in the panel)."""
    return seed_videos(emulator, 6, prefix="Detail ", tags=["seed"])


@pytest.fixture(scope="module")
def player_id(emulator: EmulatorServer) -> str:
    player: dict[str, Any] = api_call(emulator, "POST", "/players", {"name": "House style"})
    return str(player["playerId"])


@pytest.fixture
def panel(qtbot: QtBot, library_context: AppContext) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(library_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show()
    qtbot.waitUntil(lambda: settled(widget.model), timeout=10_000)
    yield widget


def select(qtbot: QtBot, panel: LibraryPanel, video_id: str) -> Video:
    qtbot.waitUntil(lambda: panel.model.row_of(video_id) is not None, timeout=10_000)
    row = panel.model.row_of(video_id)
    assert row is not None
    panel.select_rows([row])
    video = panel.detail.video
    assert video is not None and video.video_id == video_id
    return video


def test_edits_are_tracked_and_saved_with_one_patch(
    qtbot: QtBot,
    panel: LibraryPanel,
    videos: list[str],
    player_id: str,
    ui_client: ApiVideoClient,
    run: Any,
) -> None:
    video_id = videos[0]
    original = select(qtbot, panel, video_id)
    detail = panel.detail
    assert not detail.is_dirty and not detail.save_button.isEnabled()

    detail.title_edit.setText("Something else")
    assert detail.is_dirty and detail.save_button.isEnabled()
    detail.title_edit.setText(original.title)  # back to what was loaded: clean again
    assert not detail.is_dirty and not detail.save_button.isEnabled()

    qtbot.waitUntil(lambda: detail.player_combo.findData(player_id) >= 0, timeout=10_000)
    detail.title_edit.setText("Launch day, final cut")
    detail.description_edit.setPlainText("Edited in the detail panel.")
    detail.tags_edit.input.setText("launch")
    qtbot.keyClick(detail.tags_edit.input, Qt.Key.Key_Return)
    detail.tags_edit.remove_tag("seed")
    detail.metadata_edit.set_pairs([("team", "video"), ("lang", "en")])
    detail.public_check.setChecked(False)
    detail.panoramic_check.setChecked(True)
    detail.mp4_check.setChecked(False)
    detail.player_combo.setCurrentIndex(detail.player_combo.findData(player_id))
    assert detail.tags_edit.tags() == ["launch"]

    detail.save_button.click()
    qtbot.waitUntil(lambda: detail.message.text() == "Saved", timeout=10_000)
    assert not detail.is_dirty

    stored = run(ui_client.videos.get(video_id))
    assert stored.title == "Launch day, final cut"
    assert stored.description == "Edited in the detail panel."
    assert stored.tags == ["launch"]
    assert stored.metadata_map == {"team": "video", "lang": "en"}
    assert (stored.public, stored.panoramic, stored.mp4_support) == (False, True, False)
    assert stored.player_id == player_id
    # The list shows the saved video too.
    row = panel.model.row_of(video_id)
    assert row is not None and panel.model.video(row).title == "Launch day, final cut"

    # Choosing "None" removes the player (sent as an explicit null).
    detail.player_combo.setCurrentIndex(0)
    detail.save_button.click()
    qtbot.waitUntil(lambda: detail.message.text() == "Saved", timeout=10_000)
    assert run(ui_client.videos.get(video_id)).player_id is None


def test_only_changed_fields_are_sent() -> None:
    loaded = EditableFields("A", "", ("x",), (), True, False, True, "pl1")
    edited = EditableFields("B", "", ("x",), (), True, False, True, None)
    body = encode_payload(edited.changes_since(loaded))
    assert body == {"title": "B", "playerId": None}
    assert encode_payload(loaded.changes_since(loaded)) == {}


def test_revert_restores_the_loaded_values(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str], ui_client: ApiVideoClient, run: Any
) -> None:
    video = select(qtbot, panel, videos[1])
    detail = panel.detail
    detail.title_edit.setText("Never saved")
    detail.tags_edit.set_tags(["other"])
    detail.public_check.setChecked(not video.public)
    assert detail.is_dirty
    detail.revert_button.click()
    assert not detail.is_dirty
    assert detail.title_edit.text() == video.title
    assert detail.tags_edit.tags() == list(video.tags)
    assert detail.public_check.isChecked() == video.public
    assert run(ui_client.videos.get(videos[1])).title == video.title


def test_a_refused_save_keeps_the_edits(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str], emulator: EmulatorServer
) -> None:
    doomed: dict[str, Any] = api_call(emulator, "POST", "/players", {"name": "Short-lived"})
    detail = panel.detail
    detail.load_players()
    qtbot.waitUntil(lambda: detail.player_combo.findData(doomed["playerId"]) >= 0, timeout=10_000)
    select(qtbot, panel, videos[2])
    detail.player_combo.setCurrentIndex(detail.player_combo.findData(doomed["playerId"]))
    api_call(emulator, "DELETE", f"/players/{doomed['playerId']}")  # gone before the save
    detail.save_button.click()
    qtbot.waitUntil(lambda: detail.message.text().startswith("Not saved"), timeout=10_000)
    assert detail.is_dirty and detail.save_button.isEnabled()

    detail.title_edit.setText("   ")
    detail.save_button.click()
    assert detail.message.text() == "A video needs a title."


def test_copy_links_of_public_and_private_videos(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str], emulator: EmulatorServer
) -> None:
    clipboard = QGuiApplication.clipboard()
    video = select(qtbot, panel, videos[3])
    assert video.assets is not None and video.public
    for kind, expected in (
        ("player", video.assets.player),
        ("iframe", video.assets.iframe),
        ("hls", video.assets.hls),
        ("mp4", video.assets.mp4),
    ):
        panel.detail.copy_buttons[kind].click()
        assert clipboard.text() == expected
    assert clipboard.text().startswith(emulator.url)
    panel.detail.copy_buttons["iframe"].click()
    assert clipboard.text().startswith("<iframe") and video.video_id in clipboard.text()

    # A private video's link is fetched fresh: a new single-use token, not the listed one.
    api_patch(emulator, videos[4], {"public": False})
    panel.refresh()
    qtbot.waitUntil(lambda: settled(panel.model), timeout=10_000)
    listed = select(qtbot, panel, videos[4])
    assert listed.assets is not None and listed.assets.player and "token=" in listed.assets.player
    clipboard.clear()
    panel.detail.copy_buttons["player"].click()
    qtbot.waitUntil(lambda: "token=" in clipboard.text(), timeout=10_000)
    assert clipboard.text() != listed.assets.player
    assert clipboard.text().startswith(f"{emulator.url}/embed/vod/{videos[4]}?token=")
    assert "single-use" in panel.detail.copy_feedback.text()


def test_status_of_a_video_without_source(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str]
) -> None:
    select(qtbot, panel, videos[5])
    detail = panel.detail
    qtbot.waitUntil(lambda: detail.status_summary.text() != "Checking…", timeout=10_000)
    assert detail.status_summary.text() == "No source uploaded yet"
    assert detail.qualities.count() == 0


@needs_ffmpeg
def test_status_lists_every_quality_once_encoded(
    qtbot: QtBot,
    panel: LibraryPanel,
    ui_client: ApiVideoClient,
    run: Any,
    tmp_path: Path,
) -> None:
    clip = small_mp4(tmp_path / "clip.mp4")
    video = run(ui_client.videos.create("Encoded clip"))
    run(ui_client.uploads.upload(video.video_id, clip), timeout=30)
    panel.refresh()
    select(qtbot, panel, video.video_id)
    detail = panel.detail
    # The panel polls while encoding goes on, until every rendition is done.
    qtbot.waitUntil(
        lambda: (
            detail.status_summary.text().startswith("Playable")
            and "encoding" not in _quality_texts(detail)
            and "waiting" not in _quality_texts(detail)
        ),
        timeout=30_000,
    )
    status = run(ui_client.videos.status(video.video_id))
    assert status.encoding is not None
    shown = _quality_texts(detail)
    for quality in status.encoding.qualities:
        assert f"{quality.type.upper()} {quality.quality}" in shown
    assert "0:02" in detail.status_summary.text()  # the clip's duration


def _quality_texts(detail: Any) -> str:
    texts = []
    for i in range(detail.qualities.count()):
        widget = detail.qualities.itemAt(i).widget()
        if widget is not None:
            texts.append(widget.text())
    return " | ".join(texts)


def answer(qtbot: QtBot, panel: LibraryPanel, choice: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: panel.edits_dialog is not None, timeout=5_000)
    box = panel.edits_dialog
    assert box is not None
    box.button(choice).click()


def test_selecting_another_video_asks_about_unsaved_edits(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str], emulator: EmulatorServer
) -> None:
    first, second = videos[1], videos[2]
    select(qtbot, panel, first)
    panel.detail.description_edit.setPlainText("Half-written notes")

    # Another video is clicked: the edited one stays selected and on screen, and the app asks.
    panel.select_rows([panel.model.row_of(second)])  # type: ignore[list-item]
    assert panel.edits_dialog is not None and panel.edits_dialog.isVisible()
    assert panel.selected_ids() == [first]
    assert panel.detail.video is not None and panel.detail.video.video_id == first
    assert panel.detail.description_edit.toPlainText() == "Half-written notes"

    answer(qtbot, panel, QMessageBox.StandardButton.Cancel)  # keep editing
    assert panel.selected_ids() == [first] and panel.detail.is_dirty

    panel.select_rows([panel.model.row_of(second)])  # type: ignore[list-item]
    answer(qtbot, panel, QMessageBox.StandardButton.Discard)
    assert panel.selected_ids() == [second]
    assert panel.detail.video is not None and panel.detail.video.video_id == second
    assert not panel.detail.is_dirty
    stored = api_call(emulator, "GET", f"/videos/{first}")
    assert stored["description"] != "Half-written notes"


def test_save_from_the_question_saves_then_moves_on(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str], emulator: EmulatorServer
) -> None:
    first, second = videos[3], videos[4]
    select(qtbot, panel, first)
    panel.detail.title_edit.setText("Renamed before moving on")
    panel.select_rows([panel.model.row_of(second)])  # type: ignore[list-item]
    answer(qtbot, panel, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: panel.selected_ids() == [second], timeout=10_000)
    assert panel.detail.video is not None and panel.detail.video.video_id == second
    assert api_call(emulator, "GET", f"/videos/{first}")["title"] == "Renamed before moving on"


def test_a_refused_save_from_the_question_stays_put(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str]
) -> None:
    first, second = videos[5], videos[0]
    select(qtbot, panel, first)
    panel.detail.title_edit.setText("   ")  # a video needs a title: nothing is sent
    panel.select_rows([panel.model.row_of(second)])  # type: ignore[list-item]
    answer(qtbot, panel, QMessageBox.StandardButton.Save)
    qtbot.wait(200)
    assert panel.selected_ids() == [first] and panel.detail.is_dirty
    assert panel.detail.message.text() == "A video needs a title."


def test_clearing_the_selection_keeps_the_edits_on_screen(
    qtbot: QtBot, panel: LibraryPanel, videos: list[str]
) -> None:
    select(qtbot, panel, videos[1])
    panel.detail.title_edit.setText("Still editing")
    panel.select_rows([])
    assert panel.edits_dialog is None
    assert panel.detail.video is not None and panel.detail.title_edit.text() == "Still editing"
