"""The Settings panel: values shown, saved as you go, theme applied, projects managed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.secrets import SERVICE
from studio.services.settings import Settings
from studio.ui.panels.settings import SettingsPanel
from studio.ui.theme import is_dark
from tests.conftest import OTHER_KEY

from ..services.keyring_backends import MemoryKeyring, using_keyring
from .shell_fixtures import Shell, shell

__all__ = ["shell"]


@pytest.fixture
def panel(qtbot: QtBot, shell: Shell) -> SettingsPanel:
    shell.window.show_section("settings")
    page = shell.window.stack.currentWidget()
    assert isinstance(page, SettingsPanel)
    return page


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_the_panel_shows_the_current_settings(qtbot: QtBot, shell: Shell) -> None:
    shell.context.settings.chunk_size_mib = 80
    shell.context.settings.parallel_files = 3
    shell.window.show_section("settings")
    panel = shell.window.stack.currentWidget()
    assert isinstance(panel, SettingsPanel)
    assert panel.chunk_size.value() == 80
    assert panel.parallel_files.value() == 3
    assert panel.parts_in_flight.value() == 1
    assert panel.cache_size.value() == 512
    assert panel.theme.currentData() == "system"
    # Ranges are the API's and the app's limits.
    assert (panel.chunk_size.minimum(), panel.chunk_size.maximum()) == (5, 128)
    assert (panel.parts_in_flight.minimum(), panel.parts_in_flight.maximum()) == (1, 4)


def test_changes_are_saved_and_announced(qtbot: QtBot, shell: Shell, panel: SettingsPanel) -> None:
    announced: list[bool] = []
    shell.context.settings_changed.connect(lambda: announced.append(True))
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.chunk_size.setValue(64)
        panel.parts_in_flight.setValue(3)
        panel.parallel_files.setValue(4)
        panel.cache_size.setValue(1024)
    assert announced == [True]  # one write for a burst of edits
    path = shell.context.settings.path
    assert path is not None
    stored = Settings.load(path)
    assert (stored.chunk_size_mib, stored.parts_in_flight, stored.parallel_files) == (64, 3, 4)
    assert stored.cache_size_mib == 1024
    assert panel.status.text() == "Saved."


def test_theme_switches_live_and_persists(
    qtbot: QtBot, shell: Shell, panel: SettingsPanel, qapp: QApplication, restore_theme: None
) -> None:
    sidebar_icon = shell.window.sidebar.list.item(0).icon().pixmap(18, 18).toImage()
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.theme.setCurrentIndex(panel.theme.findData("dark"))
    assert is_dark(qapp.palette())
    assert qapp.style().name().lower() == "fusion"
    # Widgets with palette-based style sheets follow (the sidebar redraws its icons too).
    sidebar = shell.window.sidebar
    assert is_dark(sidebar.palette())
    assert sidebar.list.item(0).icon().pixmap(18, 18).toImage() != sidebar_icon
    assert Settings.load(shell.context.settings.path).theme == "dark"  # type: ignore[arg-type]

    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.theme.setCurrentIndex(panel.theme.findData("light"))
    assert not is_dark(qapp.palette())
    assert not is_dark(sidebar.palette())


def test_projects_can_be_removed_except_the_one_in_use(
    qtbot: QtBot, shell: Shell, panel: SettingsPanel, run: Any, emulator: EmulatorServer
) -> None:
    with using_keyring(MemoryKeyring()) as backend:
        added = run(shell.projects.add("Spare", "custom", OTHER_KEY, emulator.url))
        panel.refresh_projects()
        assert "system keyring" in panel.keyring_status.text()
        assert panel.projects.count() == 1
        assert "Spare" in panel.projects.item(0).text()
        panel.projects.setCurrentRow(0)
        assert panel.remove_project.isEnabled()
        panel.remove_project.click()
        qtbot.waitUntil(lambda: shell.projects.projects == [], timeout=5000)
        assert isinstance(backend, MemoryKeyring)
        assert (SERVICE, added.project.id) not in backend.secrets
        qtbot.waitUntil(lambda: "No saved project" in panel.projects.item(0).text())

        # The project in use cannot be removed.
        in_use = run(shell.projects.add("In use", "custom", OTHER_KEY, emulator.url))
        run(shell.projects.activate(shell.context, in_use.project.id))
        qtbot.waitUntil(lambda: "in use" in panel.projects.item(0).text())
        panel.projects.setCurrentRow(0)
        assert not panel.remove_project.isEnabled()


def test_without_a_keyring_the_panel_says_keys_are_session_only(panel: SettingsPanel) -> None:
    assert "kept for the session only" in panel.keyring_status.text()
