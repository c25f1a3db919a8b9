"""The shell as the app builds it, on the test module's emulator: projects, context, window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.projects import DEMO_ID, ProjectManager
from studio.services.secrets import SecretStore
from studio.services.settings import Settings
from studio.services.task_scope import TaskScope
from studio.ui.main_window import MainWindow, optional


@dataclass
class Shell:
    """What a test drives: the window and the services behind it."""

    window: MainWindow
    context: AppContext
    projects: ProjectManager
    config_dir: Path


def build_shell(
    qtbot: QtBot,
    run: Any,
    emulator: EmulatorServer,
    folder: Path,
    *,
    demo_folder: Path | None = None,
    with_uploads: bool = False,
) -> Shell:
    """The module's emulator (default project) plays the offline demo."""

    async def demo() -> tuple[str, str]:
        return emulator.url, emulator.api_key

    config = folder / "config"
    projects = ProjectManager(SecretStore(), config / "projects.toml", demo=demo)
    client, active = run(projects.connect(DEMO_ID))
    context = AppContext(
        client,
        active,
        TaskScope(),
        folder / "data",
        folder / "cache",
        Settings(path=config / "settings.toml"),
    )
    context.projects = projects
    thumbnails = optional("studio.services.thumbnails", "ThumbnailCache")
    if thumbnails is not None:
        context.thumbnails = thumbnails(context)
    queue = optional("studio.services.upload_queue", "UploadQueue") if with_uploads else None
    if queue is not None:
        context.uploads = queue(context)
        run(context.uploads.start())
    window = MainWindow(context, demo_folder=demo_folder)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    return Shell(window, context, projects, config)


def close_shell(shell: Shell, run: Any) -> None:
    context = shell.context
    shell.window.close()
    if context.uploads is not None:
        run(context.uploads.close())
    run(context.scope.close())
    if context.thumbnails is not None:
        run(context.thumbnails.close())
    run(shell.projects.aclose())


@pytest.fixture
def shell(qtbot: QtBot, run: Any, emulator: EmulatorServer, tmp_path: Path) -> Iterator[Shell]:
    built = build_shell(qtbot, run, emulator, tmp_path)
    yield built
    close_shell(built, run)
