"""Drops on the window: simulated QDragEnter/QDrop events with file and folder URLs, sent to the
window and to child widgets (which Qt would deliver them to), including refused files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
)

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.upload_item import UploadPhase
from studio.services.upload_queue import UploadQueue
from studio.ui.drop_target import DropTarget, install_drop_target
from studio.ui.panels.uploads import UploadsPanel
from tests.services.upload_helpers import sample_video

from .shell_fixtures import build_shell, close_shell
from .uploads_fixtures import idle_uploads

__all__ = ["idle_uploads"]  # fixtures, used by name


class HostWindow(QMainWindow):
    """A main window with two pages, like the app's: a text field page and the Uploads page."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.search = QLineEdit()  # accepts text drops itself
        self.uploads = UploadsPanel(context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.search)
        self.stack.addWidget(self.uploads)
        self.setCentralWidget(self.stack)
        self.shown: list[str] = []

    def show_section(self, key: str) -> None:
        self.shown.append(key)
        if key == "uploads":
            self.stack.setCurrentWidget(self.uploads)


@pytest.fixture
def window(qtbot: Any, idle_uploads: UploadQueue) -> HostWindow:
    host = HostWindow(idle_uploads._context)
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    return host


@pytest.fixture
def target(window: HostWindow, idle_uploads: UploadQueue) -> DropTarget:
    return install_drop_target(window, idle_uploads._context)


@pytest.fixture
def shoot(tmp_path: Path) -> Path:
    """A camera card: videos in nested folders, a still, a sidecar, a hidden file, an empty clip."""
    root = tmp_path / "card"
    (root / "DCIM" / "100CANON").mkdir(parents=True)
    (root / "PRIVATE").mkdir()
    sample_video(root / "DCIM" / "100CANON" / "MVI_0001.MP4", seed=1)
    sample_video(root / "DCIM" / "100CANON" / "MVI_0002.MOV", seed=2)
    sample_video(root / "PRIVATE" / "clip.mp4", seed=3)
    Image.new("RGB", (8, 8), "orange").save(root / "x.png")
    (root / "DCIM" / "100CANON" / "MVI_0001.XMP").write_text("<x:xmpmeta/>")
    (root / "DCIM" / "100CANON" / "MVI_0003.MP4").touch()
    (root / ".Trashes").write_bytes(b"\x00")
    return root


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(widget: Any, mime: QMimeData) -> QDragEnterEvent:
    event = QDragEnterEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event


def drop(widget: Any, mime: QMimeData) -> QDropEvent:
    """Enter, then drop (Qt delivers a drop only to a drag that entered first)."""
    drag_enter(widget, mime)
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_a_folder_and_files_dropped_on_the_window_are_queued_and_refusals_shown(
    qtbot: Any, window: HostWindow, target: DropTarget, idle_uploads: UploadQueue, shoot: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    loose = sample_video(tmp_path / "Loose take.webm.mp4", seed=4)
    notes = tmp_path / "notes.txt"
    notes.write_text("call sheet")
    mime = file_mime(shoot, loose, notes)
    dropped: list[list[Path]] = []
    target.dropped.connect(dropped.append)

    enter = drag_enter(window, mime)
    assert enter.isAccepted() and target.overlay.isVisible()
    event = drop(window, mime)  # (entering again on the way does no harm)

    assert event.isAccepted() and not target.overlay.isVisible()
    assert dropped == [[shoot, loose, notes]]
    assert window.shown == ["uploads"]
    assert window.stack.currentWidget() is window.uploads
    qtbot.waitUntil(lambda: len(idle_uploads.items) == 4, timeout=5000)
    assert [i.path for i in idle_uploads.items] == [
        shoot / "DCIM" / "100CANON" / "MVI_0001.MP4",
        shoot / "DCIM" / "100CANON" / "MVI_0002.MOV",
        shoot / "PRIVATE" / "clip.mp4",
        loose,
    ]
    assert [i.details.title for i in idle_uploads.items][-1] == "Loose take.webm"
    banner = window.uploads.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert sorted((r.path.name, r.reason) for r in banner.refusals) == [
        ("MVI_0001.XMP", "not a video (text file)"),
        ("MVI_0003.MP4", "the file is empty (0 bytes)"),
        ("notes.txt", "not a video (text file)"),
        ("x.png", "not a video (PNG image)"),
    ]
    assert window.uploads.model.rowCount() == 4


def test_a_drop_on_a_child_widget_is_taken_by_the_window(
    qtbot: Any, window: HostWindow, target: DropTarget, idle_uploads: UploadQueue, tmp_path: Path
) -> None:
    clip = sample_video(tmp_path / "dropped on search.mp4")
    mime = file_mime(clip)

    assert drag_enter(window.search, mime).isAccepted()
    assert drop(window.search, mime).isAccepted()

    qtbot.waitUntil(lambda: len(idle_uploads.items) == 1, timeout=5000)
    assert window.search.text() == ""  # the text field did not paste the file's URL


def test_the_same_file_dropped_twice_is_refused_the_second_time(
    qtbot: Any, window: HostWindow, target: DropTarget, idle_uploads: UploadQueue, tmp_path: Path
) -> None:
    clip = sample_video(tmp_path / "twice.mp4")
    drop(window, file_mime(clip))
    qtbot.waitUntil(lambda: len(idle_uploads.items) == 1, timeout=5000)

    drop(window, file_mime(clip))

    banner = window.uploads.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert [(r.path, r.reason) for r in banner.refusals] == [(clip, "already in the queue")]
    assert len(idle_uploads.items) == 1


def test_text_drags_and_remote_urls_are_left_alone(
    qtbot: Any, window: HostWindow, target: DropTarget, idle_uploads: UploadQueue
) -> None:
    text = QMimeData()
    text.setText("a search term")
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.com/video.mp4")])

    enter = drag_enter(window.search, text)
    assert enter.isAccepted()  # accepted by the line edit itself, not by the drop target
    assert not target.overlay.isVisible()
    assert not drag_enter(window, remote).isAccepted()
    drop(window, remote)
    qtbot.wait(200)
    assert idle_uploads.items == [] and window.shown == []


def test_the_overlay_hides_when_the_drag_leaves(
    qtbot: Any, window: HostWindow, target: DropTarget, tmp_path: Path
) -> None:
    drag_enter(window, file_mime(tmp_path))
    assert target.overlay.isVisible()
    assert target.overlay.geometry() == window.rect()

    QApplication.sendEvent(window, QDragLeaveEvent())

    qtbot.waitUntil(lambda: not target.overlay.isVisible(), timeout=2000)


def test_a_drop_on_the_app_window_uploads_and_notifies(
    qtbot: Any, run: Any, emulator: EmulatorServer, tmp_path: Path
) -> None:
    shell = build_shell(qtbot, run, emulator, tmp_path / "shell", with_uploads=True)
    try:
        window, queue = shell.window, shell.context.uploads
        target = window.findChild(DropTarget)
        assert target is not None and target.notifier is not None
        shown: list[tuple[str, ...]] = []
        target.notifier.shown.connect(lambda *args: shown.append(args))
        clip = sample_video(tmp_path / "From the desktop.mp4")
        # Qt delivers a drag to the widget under the cursor: the library grid's viewport.
        library = window.page("library")
        grid = getattr(library, "grid", None)
        under_cursor = grid.viewport() if isinstance(grid, QAbstractItemView) else library

        drop(under_cursor, file_mime(clip))

        qtbot.waitUntil(lambda: window.sidebar.current_key == "uploads", timeout=5000)
        qtbot.waitUntil(lambda: len(queue.items) == 1, timeout=5000)
        qtbot.waitUntil(lambda: bool(shown), timeout=30000)
        assert shown[0][1:] == (
            "“From the desktop” is ready to play",
            "Uploaded and encoded by api.video.",
        )
        assert queue.items[0].phase is UploadPhase.PLAYABLE
    finally:
        close_shell(shell, run)
