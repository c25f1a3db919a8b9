"""The shell: navigation, status bar, project switching, start-up flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import tightest_budget
from studio.services.projects import DEMO_ID
from studio.services.toml_file import write_toml
from studio.ui.main_window import PANELS, MainWindow, PendingPage, optional
from studio.ui.panels.coming import UPCOMING, ComingPanel
from studio.ui.panels.settings import SettingsPanel
from studio.ui.sidebar import SECTIONS
from tests.conftest import OTHER_KEY

from ..services.keyring_backends import MemoryKeyring, using_keyring
from .shell_fixtures import Shell, build_shell, close_shell, shell

__all__ = ["shell"]

ROOT = Path(__file__).resolve().parents[2]


def menu_action(window: MainWindow, text: str) -> Any:
    return next(a for a in window.status.project_menu.actions() if a.text().startswith(text))


def test_sidebar_sections_and_ctrl_digit_shortcuts(qtbot: QtBot, shell: Shell) -> None:
    window = shell.window
    labels = [window.sidebar.list.item(i).text() for i in range(window.sidebar.list.count())]
    assert labels == [
        "Library", "Uploads", "Live", "Players", "Upload tokens", "Analytics", "Account",
        "Settings",
    ]  # fmt: skip
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number, (key, _label) in reversed(list(enumerate(SECTIONS, start=1))):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.sidebar.current_key == key
        assert window.stack.currentWidget() is window.pages[key]
    assert type(window.pages["library"]).__name__ == "LibraryPanel"
    assert isinstance(window.pages["settings"], SettingsPanel)


def test_sections_show_their_panel_or_say_what_is_coming(qtbot: QtBot, shell: Shell) -> None:
    for key in UPCOMING:
        shell.window.show_section(key)
        page = shell.window.stack.currentWidget()
        module, name = PANELS[key]
        if optional(module, name) is not None:
            assert type(page).__name__ == name  # the real page, once it exists
            continue
        assert isinstance(page, ComingPanel)
        assert page.upcoming.features
        assert page.findChildren(QPushButton) == []  # no dead buttons
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "Coming in a later version" in texts


def test_status_bar_shows_project_environment_and_headroom(qtbot: QtBot, shell: Shell) -> None:
    status = shell.window.status
    assert "Demo (offline)" in status.project_button.text()
    assert status.environment.text() == "Demo · offline"
    # The library's first request brings the rate-limit headers.
    client = shell.context.client
    qtbot.waitUntil(lambda: client.rate_limit.remaining is not None, timeout=10_000)
    qtbot.waitUntil(lambda: status.rate_limit.text() != "API headroom —")
    assert status.rate_limit.text().startswith("API headroom ")
    shown = tightest_budget(client.rate_limits.values())
    assert shown is not None and f"/{shown.limit} ({shown.category})" in status.rate_limit.text()
    assert "Demo (offline)" in shell.window.windowTitle()


def test_rate_limit_updates_reach_the_ui_a_few_times_a_second(
    qtbot: QtBot, shell: Shell, run: Any
) -> None:
    context = shell.context
    seen: list[int | None] = []
    qtbot.wait(300)  # past the library's first responses
    context.rate_limit_changed.connect(lambda state: seen.append(state.remaining))

    async def burst() -> None:
        for _ in range(30):
            await context.client.videos.list(page_size=1).page(1)

    def tightest() -> int | None:
        budget = tightest_budget(context.client.rate_limits.values())
        return budget.remaining if budget is not None else None

    run(burst(), timeout=30)
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] == tightest())
    qtbot.wait(300)
    assert 1 <= len(seen) < 30  # coalesced...
    assert seen[-1] == tightest()  # ...and the last one always arrives
    assert shell.window.status.rate_limit.text().startswith(f"API headroom {seen[-1]}/")


def test_the_status_bar_shows_the_budget_closest_to_running_out(
    qtbot: QtBot, shell: Shell, run: Any
) -> None:
    context = shell.context
    status = shell.window.status

    def fraction(category: str) -> float:
        budget = context.client.rate_limits.get(category)
        if budget is None or not budget.limit or budget.remaining is None:
            return 1.0
        return budget.remaining / budget.limit

    async def traffic() -> None:
        await context.client.videos.list(page_size=1).page(1)
        # Writes (40 a minute in the sandbox) until they are clearly the tighter budget (the
        # module's earlier tests spent some reads, 100 a minute, in this same window)...
        for n in range(38):
            if fraction("writes") < fraction("reads") - 0.05:
                break
            await context.client.videos.create(f"Budget {n}")
        # ...then a read: reads were the last response, not the tightest budget.
        await context.client.videos.list(page_size=1).page(1)

    run(traffic(), timeout=30)
    writes = context.client.rate_limits["writes"]
    reads = context.client.rate_limits["reads"]
    assert writes.limit and reads.limit and writes.remaining is not None
    assert writes.remaining / writes.limit < (reads.remaining or 0) / reads.limit
    assert context.client.rate_limit.limit == reads.limit  # the last response was a read
    expected = f"API headroom {writes.remaining}/{writes.limit} (writes)"
    qtbot.waitUntil(lambda: status.rate_limit.text() == expected, timeout=5_000)


def test_switching_project_from_the_status_bar_reloads_the_library(
    qtbot: QtBot, shell: Shell, run: Any, emulator: EmulatorServer
) -> None:
    window, context = shell.window, shell.context
    other_title = "Only in the other project"
    demo_title = "Only in the demo project"

    async def seed() -> None:
        await context.client.videos.create(demo_title)
        async with ApiVideoClient(OTHER_KEY, base_url=emulator.url) as other:
            await other.videos.create(other_title)

    run(seed())
    library = window.pages["library"]
    library.refresh()
    titles = lambda: {library.model.video(r).title for r in range(library.model.rowCount())}  # noqa: E731
    qtbot.waitUntil(lambda: demo_title in titles(), timeout=10_000)

    with using_keyring(MemoryKeyring()):
        added = run(shell.projects.add("Other", "custom", OTHER_KEY, emulator.url))
    window.refresh_projects()
    menu_action(window, "Other").trigger()
    qtbot.waitUntil(lambda: context.project.name == "Other", timeout=10_000)
    assert "Other" in window.status.project_button.text()
    assert window.status.environment.text() == "Custom server"
    qtbot.waitUntil(lambda: other_title in titles(), timeout=10_000)
    assert demo_title not in titles()
    assert menu_action(window, "Other").isChecked()

    menu_action(window, "Demo (offline)").trigger()
    qtbot.waitUntil(lambda: context.project.id == DEMO_ID, timeout=10_000)
    qtbot.waitUntil(lambda: demo_title in titles(), timeout=10_000)
    assert shell.projects.active_id == DEMO_ID
    assert added.project.id in {p.id for p in shell.projects.projects}


def test_a_project_whose_key_is_gone_gets_a_warning_not_a_crash(
    qtbot: QtBot, run: Any, emulator: EmulatorServer, tmp_path: Path
) -> None:
    # A project saved in an earlier session whose key never reached a keyring.
    write_toml(
        tmp_path / "config" / "projects.toml",
        {
            "active": DEMO_ID,
            "projects": [
                {"id": "gone1", "name": "Forgotten", "environment": "sandbox",
                 "base_url": emulator.url},
            ],
        },
    )  # fmt: skip
    shell = build_shell(qtbot, run, emulator, tmp_path)
    try:
        menu_action(shell.window, "Forgotten").trigger()
        qtbot.waitUntil(lambda: bool(shell.window.findChildren(QMessageBox)), timeout=10_000)
        box = shell.window.findChildren(QMessageBox)[0]
        assert "not available" in box.text()
        assert box.isVisible()
        assert shell.context.project.id == DEMO_ID  # still where we were
        assert menu_action(shell.window, "Demo (offline)").isChecked()
        box.close()
    finally:
        close_shell(shell, run)


def test_pages_that_need_the_server_wait_for_it(
    qtbot: QtBot, shell: Shell, run: Any, emulator: EmulatorServer, tmp_path: Path
) -> None:
    window = MainWindow(shell.context, ready=False)
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.pages["library"], PendingPage)
    assert "Starting the offline demo" in window.pages["library"].headline.text()
    window.set_ready()
    assert type(window.pages["library"]).__name__ == "LibraryPanel"
    assert window.stack.currentWidget() is window.pages["library"]
    window.close()


def test_the_uploads_page_is_the_upload_queue(
    qtbot: QtBot, run: Any, emulator: EmulatorServer, tmp_path: Path
) -> None:
    shell = build_shell(qtbot, run, emulator, tmp_path, with_uploads=True)
    try:
        shell.window.show_section("uploads")
        page = shell.window.stack.currentWidget()
        assert type(page).__name__ == "UploadsPanel"
    finally:
        close_shell(shell, run)


def _studio(tmp_path: Path, *flags: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "APIVIDEO_API_KEY"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    dirs = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config"),
            "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "studio", *flags, *dirs],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_smoke_flag_starts_the_demo_and_exits_cleanly(tmp_path: Path) -> None:
    result = _studio(tmp_path, "--smoke")
    assert result.returncode == 0, result.stderr
    assert "smoke: ok" in result.stdout
    # The demo library lives in the data dir (the emulator's store).
    assert any((tmp_path / "data" / "demo").iterdir())


def test_a_saved_project_without_its_key_falls_back_to_the_demo(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "config" / "projects.toml",
        {
            "active": "p1",
            "projects": [
                {"id": "p1", "name": "Work", "environment": "production",
                 "base_url": "https://ws.api.video"},
            ],
        },
    )  # fmt: skip
    result = _studio(tmp_path, "--smoke")
    assert result.returncode == 0, result.stderr
    assert "smoke: ok" in result.stdout


def test_startup_report_prints_the_time_to_an_interactive_window(tmp_path: Path) -> None:
    result = _studio(tmp_path, "--startup-report")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("startup: "))
    assert int(line.split("interactive_ms=")[1]) > 0


def test_the_demo_server_is_an_api_video_emulator(tmp_path: Path) -> None:
    from studio.app import DemoServer

    demo = DemoServer(tmp_path / "demo")
    demo.start_in_background()
    try:
        import asyncio

        url, key = asyncio.run(demo.connect())
        assert url == demo.url
        token = httpx.post(f"{url}/auth/api-key", json={"apiKey": key}, timeout=10)
        assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
        # Its RTMP ingest is on too, for the live page's "go live" in the demo.
        assert (demo.rtmp_url or "").startswith("rtmp://127.0.0.1:")
    finally:
        demo.stop()
