"""Demo mode in the window: the library is seeded in the background, with progress, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services import demo as demo_module
from studio.services.demo_samples import SAMPLES

from .shell_fixtures import build_shell, close_shell


@pytest.fixture
def no_ffmpeg(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep this UI test fast: media generation is covered by tests/services/test_demo.py."""
    monkeypatch.setattr(demo_module, "ffmpeg_path", lambda: None)


def test_the_window_seeds_the_demo_library_in_the_background(
    qtbot: QtBot, run: Any, emulator: EmulatorServer, tmp_path: Path, no_ffmpeg: None
) -> None:
    shell = build_shell(qtbot, run, emulator, tmp_path, demo_folder=tmp_path / "demo")
    try:
        window = shell.window
        library = window.pages["library"]
        window.seed_demo()
        assert window.seeding
        # Never blocking: the window keeps answering while progress is shown.
        qtbot.waitUntil(lambda: window.status.progress.isVisible(), timeout=5000)
        assert window.status.progress.maximum() == len(SAMPLES) + 2
        assert window.status.progress_label.text()
        qtbot.waitUntil(lambda: not window.seeding, timeout=30_000)
        assert not window.status.progress.isVisible()
        message = window.status.currentMessage()
        assert message.startswith("The demo library is ready.")
        assert "ffmpeg was not found" in message  # said, not hidden

        titles = lambda: {library.model.video(r).title for r in range(library.model.rowCount())}  # noqa: E731
        qtbot.waitUntil(lambda: {s.title for s in SAMPLES} <= titles(), timeout=10_000)
        assert (tmp_path / "demo" / "demo-seeded.json").exists()

        # Seeded once: asking again does nothing.
        window.seed_demo()
        assert not window.seeding
    finally:
        close_shell(shell, run)
