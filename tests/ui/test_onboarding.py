"""First run and "Add a project…": the key is checked, saved to the keyring, never to files."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.emulator.server import EmulatorServer
from studio.services.projects import DEMO_ID
from studio.services.secrets import SERVICE
from studio.ui.dialogs.onboarding import SignInDialog
from tests.conftest import OTHER_KEY

from ..services.keyring_backends import MemoryKeyring, using_keyring
from .shell_fixtures import Shell, shell

__all__ = ["shell"]


def open_dialog(shell: Shell, *, first_run: bool = True) -> SignInDialog:
    dialog = shell.window.open_sign_in(first_run=first_run)
    assert dialog.isVisible() and dialog.isModal()
    return dialog


def closed(shell: Shell) -> bool:
    """The dialog finished (it is then deleted, so ask the window)."""
    return shell.window.sign_in_dialog is None


def fill(dialog: SignInDialog, *, key: str, url: str = "", environment: str = "custom",
         name: str = "") -> None:  # fmt: skip
    dialog.environment_buttons[environment].setChecked(True)
    dialog.name.setText(name)
    dialog.url.setText(url)
    dialog.key.setText(key)


def files_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_a_good_key_adds_the_project_stores_the_key_and_switches(
    qtbot: QtBot, shell: Shell, emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    with using_keyring(MemoryKeyring()) as backend:
        dialog = open_dialog(shell)
        fill(dialog, key=OTHER_KEY, url=emulator.url, name="Team project")
        QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert not dialog.connect_button.isEnabled()  # busy while the key is checked
        qtbot.waitUntil(lambda: closed(shell), timeout=10_000)

        qtbot.waitUntil(lambda: shell.context.project.name == "Team project", timeout=10_000)
        project = shell.projects.projects[0]
        assert isinstance(backend, MemoryKeyring)
        assert backend.secrets == {(SERVICE, project.id): OTHER_KEY}
        assert shell.context.settings.onboarded
        assert "Team project" in shell.window.status.project_button.text()
        # The key is in the keyring and nowhere in the config folder.
        saved = files_text(shell.config_dir)
        assert "Team project" in saved and "onboarded = true" in saved
        assert OTHER_KEY not in saved
    assert caplog.records and OTHER_KEY not in caplog.text  # nor in any log line


def test_a_wrong_key_gets_a_clear_message_and_saves_nothing(
    qtbot: QtBot, shell: Shell, emulator: EmulatorServer
) -> None:
    dialog = open_dialog(shell)
    fill(dialog, key="definitely-wrong", url=emulator.url, environment="custom")
    dialog.key.setFocus()
    QTest.keyClick(dialog.key, Qt.Key.Key_Return)  # Enter connects
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "This API key was refused" in dialog.message.text()
    assert dialog.isVisible() and dialog.connect_button.isEnabled()
    assert dialog.key.isEnabled()
    assert shell.projects.projects == []
    assert shell.context.project.id == DEMO_ID
    assert not (shell.config_dir / "projects.toml").exists()


def test_an_unreachable_server_gets_a_clear_message(qtbot: QtBot, shell: Shell) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    dialog = open_dialog(shell, first_run=False)
    fill(dialog, key="some-key", url=url)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=15_000)
    assert dialog.message.text().startswith(f"Cannot reach {url}")
    assert dialog.isVisible()
    assert shell.projects.projects == []


def test_custom_url_is_asked_only_for_a_custom_server(qtbot: QtBot, shell: Shell) -> None:
    dialog = open_dialog(shell, first_run=False)
    assert not hasattr(dialog, "demo_button")  # "Add a project" offers no demo
    assert dialog.environment == "sandbox" and not dialog.url.isVisible()
    dialog.environment_buttons["custom"].setChecked(True)
    assert dialog.url.isVisible()
    dialog.url.setText("not a url")
    dialog.key.setText("k")
    dialog.connect_button.click()
    assert "https://" in dialog.message.text()  # refused before any request
    assert dialog.connect_button.isEnabled()


def test_without_a_keyring_the_user_is_told_the_key_is_for_this_session(
    qtbot: QtBot, shell: Shell, emulator: EmulatorServer
) -> None:
    # The tests' default backend is keyring's null backend: nothing can be stored.
    dialog = open_dialog(shell)
    fill(dialog, key=OTHER_KEY, url=emulator.url, name="Session project")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.connect_button.text() == "Continue", timeout=10_000)
    assert "kept for this session only" in dialog.message.text()
    assert dialog.isVisible()  # stays up until the user acknowledges it
    qtbot.waitUntil(lambda: shell.context.project.name == "Session project", timeout=10_000)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: closed(shell))
    assert OTHER_KEY not in files_text(shell.config_dir)


def test_choosing_the_demo_switches_to_it(
    qtbot: QtBot, shell: Shell, emulator: EmulatorServer, run: Any
) -> None:
    with using_keyring(MemoryKeyring()):
        added = run(shell.projects.add("Elsewhere", "custom", OTHER_KEY, emulator.url))
        run(shell.projects.activate(shell.context, added.project.id))
    assert shell.context.project.name == "Elsewhere"
    dialog = open_dialog(shell)
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: shell.context.project.id == DEMO_ID, timeout=10_000)
    assert closed(shell)
    assert shell.context.settings.onboarded


def test_closing_the_dialog_mid_check_abandons_it(
    qtbot: QtBot, shell: Shell, emulator: EmulatorServer
) -> None:
    dialog = open_dialog(shell)
    fill(dialog, key=OTHER_KEY, url=emulator.url, name="Abandoned")
    dialog.connect_button.click()
    dialog.reject()
    qtbot.wait(300)
    assert shell.projects.projects == []
    assert shell.context.project.id == DEMO_ID
