"""“Upload with this token…” on the Upload tokens panel: shown once the queue takes tokens, it
queues the chosen files as delegated uploads that land on the emulator through the token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.upload_item import UploadPhase
from studio.services.upload_queue import UploadQueue
from studio.ui.panels.tokens import UploadTokensPanel
from tests.services.upload_helpers import sample_video, sha256_of, source_report

from .uploads_fixtures import idle_uploads, uploads

__all__ = ["idle_uploads", "uploads"]  # fixtures, used by name


@pytest.fixture
def panel(qtbot: QtBot, app_context: AppContext, uploads: UploadQueue) -> UploadTokensPanel:
    widget = UploadTokensPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    return widget


def select_new_token(qtbot: QtBot, panel: UploadTokensPanel) -> str:
    before = {t.token for t in panel.model.tokens}
    panel.create_button.click()
    qtbot.waitUntil(
        lambda: (t := panel.selected_token()) is not None and t.token not in before,
        timeout=10_000,
    )
    token = panel.selected_token()
    assert token is not None
    return token.token


def test_the_action_is_shown_and_enabled_for_a_selected_token(
    qtbot: QtBot, panel: UploadTokensPanel
) -> None:
    assert panel.upload_button.isVisible()
    assert not panel.upload_button.isEnabled()  # no token selected yet
    select_new_token(qtbot, panel)
    assert panel.upload_button.isEnabled()


def test_the_action_opens_a_file_dialog_for_the_selected_token(
    qtbot: QtBot, panel: UploadTokensPanel
) -> None:
    select_new_token(qtbot, panel)
    panel.upload_button.click()
    dialog = panel.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.fileMode() is QFileDialog.FileMode.ExistingFiles
    dialog.reject()
    qtbot.waitUntil(lambda: panel.file_dialog is None, timeout=5_000)


def test_chosen_files_upload_through_the_token(
    qtbot: QtBot,
    panel: UploadTokensPanel,
    uploads: UploadQueue,
    emulator: EmulatorServer,
    tmp_path: Path,
    run: Any,
) -> None:
    token = select_new_token(qtbot, panel)
    movie = sample_video(tmp_path / "Harbour.mp4", 300_000, seed=3)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")

    # What the dialog's filesSelected hands over.
    panel.upload_files([str(movie), str(notes)], token)

    qtbot.waitUntil(lambda: len(uploads.items) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "added to the upload queue" in panel.notice.text(), timeout=5_000)
    assert panel.notice.text().startswith("1 file added")
    assert "notes.txt" in panel.notice.text()
    (item,) = uploads.items
    assert item.token == token
    qtbot.waitUntil(lambda: item.phase is UploadPhase.PLAYABLE, timeout=30_000)
    assert item.video_id is not None
    found = emulator.store.find("video", item.video_id)
    assert found is not None and found[1]["_upload"]["token"] == token
    assert found[1]["title"] == movie.name
    assert source_report(emulator.url, item.video_id)["sha256"] == sha256_of(movie)
