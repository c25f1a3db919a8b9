"""The Uploads panel on a real queue and emulator: rows and progress, refusals, pause, resume,
cancel with confirmation, retry, editing before and during the upload, the playable notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services import upload_queue
from studio.services.queue_lock import QueueLock
from studio.services.upload_item import UploadPhase
from studio.services.upload_queue import UploadQueue
from studio.ui.models.upload_queue_model import Role
from studio.ui.notifications import IN_APP, install_ready_notifications
from studio.ui.panels.uploads import UploadsPanel
from tests.services.upload_helpers import MIB, sample_video, sha256_of, source_report

from .uploads_fixtures import idle_uploads, uploads

__all__ = ["idle_uploads", "uploads"]  # fixtures, used by name


@pytest.fixture
def slow(emulator: EmulatorServer) -> Iterator[EmulatorServer]:
    """The module's emulator with 150 ms added to every API request (reset afterwards)."""
    emulator.config.faults.latency_ms = 150
    yield emulator
    emulator.config.faults.latency_ms = 0


def make_panel(qtbot: Any, queue: UploadQueue) -> UploadsPanel:
    panel = UploadsPanel(queue._context)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    return panel


def row_data(panel: UploadsPanel, row: int, role: int) -> Any:
    return panel.model.index(row).data(role)


def test_an_added_file_runs_to_playable_in_the_list(
    qtbot: Any, uploads: UploadQueue, emulator: EmulatorServer, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, uploads)
    assert panel.pages.currentWidget() is panel.empty
    movie = sample_video(tmp_path / "Board meeting.mp4", 6 * MIB)

    panel.add_paths([movie])

    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.pages.currentWidget() is panel.queue_page
    assert row_data(panel, 0, 0) == "Board meeting"
    assert panel.editor.title_edit.text() == "Board meeting"  # the new row is current
    qtbot.waitUntil(lambda: row_data(panel, 0, Role.STATUS) == "Playable", timeout=20000)
    assert row_data(panel, 0, Role.FRACTION) == 1.0
    assert "ready to play" in row_data(panel, 0, Role.DETAIL)
    assert "1 playable" in panel.summary.text()
    item = uploads.items[0]
    assert source_report(emulator.url, item.video_id)["sha256"] == sha256_of(movie)
    assert not panel.list.grab().isNull()  # the delegate paints every phase it went through


def test_refused_files_are_listed_in_a_dismissible_banner(
    qtbot: Any, idle_uploads: UploadQueue, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, idle_uploads)
    (tmp_path / "script.txt").write_text("INT. OFFICE - DAY")
    (tmp_path / "empty.mov").touch()
    video = sample_video(tmp_path / "ok.mp4")

    panel.add_paths([tmp_path / "script.txt", tmp_path / "empty.mov", video])

    qtbot.waitUntil(panel.banner.isVisible, timeout=5000)
    assert panel.banner.heading.text() == "2 items were not added"
    assert panel.banner.body.text().splitlines() == [
        "script.txt — not a video (text file)",
        "empty.mov — the file is empty (0 bytes)",
    ]
    assert panel.model.rowCount() == 1
    panel.banner.close_button.click()
    assert not panel.banner.isVisible()


def test_pause_resume_and_the_buttons_follow_the_selection(
    qtbot: Any, uploads: UploadQueue, slow: EmulatorServer, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, uploads)
    movie = sample_video(tmp_path / "pausable.mp4", 16 * MIB)
    panel.add_paths([movie])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    item = uploads.items[0]
    qtbot.waitUntil(lambda: bool(item.state and item.state.parts_done), timeout=10000)
    panel.select_items([item.id])
    assert panel.pause_button.isEnabled() and not panel.resume_button.isEnabled()

    panel.pause_button.click()

    assert item.phase is UploadPhase.PAUSED
    assert row_data(panel, 0, Role.STATUS).startswith("Paused at ")
    assert panel.resume_button.isEnabled() and not panel.pause_button.isEnabled()
    qtbot.wait(500)
    assert item.phase is UploadPhase.PAUSED

    slow.config.faults.latency_ms = 0
    panel.resume_button.click()
    qtbot.waitUntil(lambda: item.phase is UploadPhase.PLAYABLE, timeout=20000)
    report = source_report(slow.url, item.video_id)
    assert report["sha256"] == sha256_of(movie)
    assert set(report["partsReceived"].values()) == {1}


def test_cancel_asks_first_and_only_a_confirmation_cancels(
    qtbot: Any, uploads: UploadQueue, slow: EmulatorServer, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, uploads)
    panel.add_paths([sample_video(tmp_path / "unwanted.mp4", 16 * MIB)])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    item = uploads.items[0]
    qtbot.waitUntil(lambda: item.video_id is not None, timeout=10000)
    panel.select_items([item.id])

    panel.cancel_button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None and "“unwanted”" in dialog.text()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: panel.confirm_dialog is None, timeout=2000)
    assert panel.model.rowCount() == 1 and item.phase is UploadPhase.UPLOADING

    panel.cancel_button.click()
    assert panel.confirm_dialog is not None
    panel.confirm_dialog.confirm_button.click()

    assert panel.model.rowCount() == 0
    assert panel.pages.currentWidget() is panel.empty
    # The half-uploaded video is deleted on api.video.
    qtbot.waitUntil(lambda: item.video_id not in _video_ids(slow), timeout=10000)


def test_a_failure_shows_its_reason_and_retry_recovers(
    qtbot: Any, idle_uploads: UploadQueue, run: Any, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, idle_uploads)
    movie = sample_video(tmp_path / "card" / "clip.mp4", 300_000)
    panel.add_paths([movie])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    item = idle_uploads.items[0]
    moved = movie.rename(tmp_path / "elsewhere.mp4")  # the card is pulled out meanwhile

    run(idle_uploads.start())
    qtbot.waitUntil(lambda: item.phase is UploadPhase.FAILED, timeout=10000)

    assert row_data(panel, 0, Role.STATUS) == "Failed"
    assert row_data(panel, 0, Role.DETAIL) == "The file no longer exists."
    panel.select_items([item.id])
    assert panel.retry_button.isEnabled() and not panel.pause_button.isEnabled()
    moved.rename(movie)
    panel.retry_button.click()
    qtbot.waitUntil(lambda: item.phase is UploadPhase.PLAYABLE, timeout=20000)
    assert not panel.retry_button.isEnabled()


def test_details_edited_in_the_form_reach_the_video(
    qtbot: Any, uploads: UploadQueue, slow: EmulatorServer, ui_client: ApiVideoClient,
    run: Any, tmp_path: Path,
) -> None:  # fmt: skip
    panel = make_panel(qtbot, uploads)
    panel.add_paths([sample_video(tmp_path / "draft.mp4", 16 * MIB)])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    item = uploads.items[0]
    qtbot.waitUntil(lambda: bool(item.state and item.state.parts_done), timeout=10000)
    panel.select_items([item.id])
    assert not panel.editor.save_button.isEnabled()

    panel.editor.title_edit.setText("Final cut")
    panel.editor.description_edit.setPlainText("Approved by the client")
    panel.editor.tags_edit.set_tags(["delivery"])
    panel.editor.public_check.setChecked(False)
    assert panel.editor.save_button.isEnabled()
    panel.editor.save_button.click()

    assert row_data(panel, 0, 0) == "Final cut"
    qtbot.waitUntil(lambda: not item.edits_pending, timeout=10000)
    video = run(ui_client.videos.get(item.video_id))
    assert (video.title, video.description, video.tags, video.public) == (
        "Final cut",
        "Approved by the client",
        ["delivery"],
        False,
    )
    assert item.phase is UploadPhase.UPLOADING  # edited during the upload
    assert not panel.editor.save_button.isEnabled()


def test_playable_raises_a_notification(qtbot: Any, uploads: UploadQueue, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    notifier = install_ready_notifications(window, uploads._context, use_tray=False)
    shown: list[tuple[str, str, str]] = []
    notifier.shown.connect(lambda *args: shown.append(args))

    run_add = uploads._context.scope.start(
        uploads.add_paths([sample_video(tmp_path / "Ready soon.mp4")])
    )
    assert run_add is not None
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)

    assert shown == [
        (IN_APP, "“Ready soon” is ready to play", "Uploaded and encoded by api.video.")
    ]
    assert notifier.toast is not None and notifier.toast.isVisible()
    assert notifier.toast.title.text() == "“Ready soon” is ready to play"
    assert uploads.items[0].phase is UploadPhase.PLAYABLE


def _video_ids(emulator: EmulatorServer) -> set[str]:
    return {
        d["videoId"]
        for d in emulator.store.list(emulator.project.id, "video")
        if not d.get("discarded")
    }


def test_add_files_opens_a_picker_without_blocking(
    qtbot: Any, idle_uploads: UploadQueue, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, idle_uploads)
    first = sample_video(tmp_path / "picked one.mp4", seed=1)
    sample_video(tmp_path / "picked two.mov", seed=2)

    panel.empty.action.click()  # "Add files…" on the empty page

    dialog = panel.file_dialog
    assert dialog is not None and dialog.isVisible()  # open(), not exec(): we got here
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(f'"{first.name}" "picked two.mov"')
    dialog.accept()

    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    assert sorted(i.details.title for i in idle_uploads.items) == ["picked one", "picked two"]
    assert panel.file_dialog is None


def test_the_panel_says_when_another_program_runs_the_queue(
    qtbot: Any, app_context: Any, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_queue, "QUEUE_RETRY_S", 0.1)
    cli = QueueLock(Path(app_context.data_dir), "studio-cli")
    cli.claim()  # e.g. `studio-cli resume` started before the app
    queue = UploadQueue(app_context)
    app_context.uploads = queue
    try:
        panel = make_panel(qtbot, queue)
        run(queue.start())
        qtbot.waitUntil(panel.queue_notice.isVisible, timeout=5000)
        assert "studio-cli" in panel.queue_notice.text()
        assert not panel.add_files_button.isEnabled()
        cli.release()  # it finished: the app takes the queue over
        qtbot.waitUntil(lambda: not panel.queue_notice.isVisible(), timeout=5000)
        assert panel.add_files_button.isEnabled() and queue.used_by == ""
    finally:
        cli.release()
        run(queue.close())
