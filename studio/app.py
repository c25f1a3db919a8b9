"""Composition root: arguments, QApplication on a qasync loop, services, the main window.

With no project configured (or ``--demo``) the app runs the offline demo: the embedded
emulator starts on a free loopback port on a background thread while the window appears, and the
demo library is seeded in the background the first time.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .emulator.server import EmulatorServer
    from .services.context import ActiveProject

DEMO_API_KEY = "studio-demo-key"
APP_DIR_NAME = "apivideo-studio"
ENV_PROJECT_ID = "env"
log = logging.getLogger("studio")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="studio", description="api.video Studio")
    p.add_argument("--demo", action="store_true", help="offline demo on the embedded emulator")
    p.add_argument("--base-url", help="API URL for a key given in the environment")
    p.add_argument(
        "--api-key-env", default="APIVIDEO_API_KEY", help="environment variable of an API key"
    )
    p.add_argument("--data-dir", type=Path, help="app data: demo library, upload queue")
    p.add_argument("--config-dir", type=Path, help="settings and the project list")
    p.add_argument("--cache-dir", type=Path, help="thumbnail cache")
    p.add_argument("--smoke", action="store_true", help="open, check the server answers, exit 0")
    p.add_argument(
        "--startup-report",
        action="store_true",
        help="print the time to an interactive window, then quit (benchmarks)",
    )
    p.add_argument("--version", action="version", version=f"studio {__version__}")
    return p.parse_args(argv)


class DemoServer:
    """The embedded emulator of the offline demo, started on a background thread on demand.

    The port is chosen up front so a client can be built at once; the server binds it while the
    window is being shown (starting it costs a few hundred milliseconds of imports).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.server: EmulatorServer | None = None
        self._started: Future[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_in_background(self) -> None:
        if self._started is not None:
            return
        started: Future[str] = Future()
        self._started = started

        def run() -> None:
            try:
                from .emulator.config import EmulatorConfig
                from .emulator.server import EmulatorServer

                config = EmulatorConfig(
                    data_dir=self.folder, api_key=DEMO_API_KEY, port=self.port, rtmp_port=0
                )
                self.server = EmulatorServer(config).start()
            except BaseException as exc:  # reported to whoever awaits the demo
                started.set_exception(exc)
            else:
                started.set_result(self.server.url)

        threading.Thread(target=run, name="demo-start", daemon=True).start()

    @property
    def rtmp_url(self) -> str | None:
        """The demo's RTMP ingest (``rtmp://127.0.0.1:port/s``) once it runs."""
        return self.server.rtmp_url if self.server is not None else None

    async def connect(self) -> tuple[str, str]:
        """Start (once) and wait until the demo server listens; its URL and API key."""
        self.start_in_background()
        assert self._started is not None
        url = await asyncio.wrap_future(self._started)
        return url, DEMO_API_KEY

    def stop(self) -> None:
        if self._started is not None:
            try:
                self._started.result(timeout=30)
            except Exception:
                return  # it never started
        if self.server is not None:
            self.server.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Imported here so `studio --help` stays instant.
    import qasync
    from platformdirs import user_cache_dir, user_data_dir
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .api import PRODUCTION_URL, SANDBOX_URL, ApiVideoClient
    from .services.context import ActiveProject, AppContext
    from .services.projects import DEMO_ID, DEMO_NAME, ProjectManager, SignInError
    from .services.secrets import SecretStore
    from .services.settings import SETTINGS_FILE, Settings, config_dir
    from .services.task_scope import TaskScope
    from .ui.main_window import MainWindow, optional
    from .ui.sidebar import app_icon
    from .ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("api.video Studio")
    app.setOrganizationName(APP_DIR_NAME)
    app.setWindowIcon(app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # Cyclic garbage collection only on this thread: a collection on the emulator's thread
    # could free a Qt object from the wrong thread (see studio/ui/main_thread_gc.py).
    gc_type = optional("studio.ui.main_thread_gc", "MainThreadGc")
    collector = gc_type(app) if gc_type is not None else None

    data_dir = args.data_dir or Path(user_data_dir(APP_DIR_NAME, appauthor=False))
    cache_dir = args.cache_dir or Path(user_cache_dir(APP_DIR_NAME, appauthor=False))
    settings_dir = args.config_dir or config_dir()
    settings = Settings.load(settings_dir / SETTINGS_FILE)
    apply_theme(app, settings.theme)

    demo = DemoServer(data_dir / "demo")
    projects = ProjectManager(SecretStore(), settings_dir / "projects.toml", demo=demo.connect)
    notice = ""
    env_key = os.environ.get(args.api_key_env)
    client: ApiVideoClient | None = None
    active: ActiveProject | None = None
    if env_key and not args.demo:
        base_url = args.base_url or PRODUCTION_URL
        client = ApiVideoClient(env_key, base_url=base_url)
        environment = {PRODUCTION_URL: "production", SANDBOX_URL: "sandbox"}.get(base_url, "custom")
        active = ActiveProject(
            f"Key from ${args.api_key_env}", environment, base_url, ENV_PROJECT_ID
        )
        projects.adopt(ENV_PROJECT_ID, client, active)
        projects.active_id = ENV_PROJECT_ID
    elif projects.active_id != DEMO_ID and not args.demo:
        try:
            # Before the window exists nothing can stall; the keyring read runs on a thread.
            client, active = loop.run_until_complete(projects.connect(projects.active_id))
        except SignInError as exc:
            notice = f"{exc.message} The offline demo is open instead."
            projects.active_id = DEMO_ID
    if client is None or active is None:
        # The emulator starts once the window has painted (see after_show): its imports would
        # otherwise compete with the window's for the interpreter.
        client = ApiVideoClient(DEMO_API_KEY, base_url=demo.url)
        projects.adopt(DEMO_ID, client)
        projects.active_id = DEMO_ID
        active = ActiveProject(DEMO_NAME, "demo", demo.url, DEMO_ID)

    window_ref: list[MainWindow] = []

    def report_error(exc: BaseException) -> None:
        log.error("background task failed", exc_info=exc)
        if window_ref:
            window_ref[0].status.showMessage(f"Something went wrong: {exc}", 8000)

    scope = TaskScope(on_error=report_error)
    context = AppContext(client, active, scope, data_dir, cache_dir, settings)
    context.projects = projects

    def follow_project() -> None:
        # Connected before any panel: panels reading rtmp_url on client_changed see the new one.
        context.rtmp_url = demo.rtmp_url if context.project.environment == "demo" else None

    context.client_changed.connect(follow_project)
    thumbnail_cache = optional("studio.services.thumbnails", "ThumbnailCache")
    if thumbnail_cache is not None:
        context.thumbnails = thumbnail_cache(context)
    upload_queue = optional("studio.services.upload_queue", "UploadQueue")
    if upload_queue is not None:
        context.uploads = upload_queue(context)

    in_demo = active.environment == "demo"
    window = MainWindow(context, ready=not in_demo, demo_folder=demo.folder)
    window_ref.append(window)
    window.show()
    exit_code = 0

    async def after_show() -> None:
        nonlocal exit_code
        if in_demo:
            try:
                await demo.connect()
            except Exception as exc:
                window.status.showMessage(f"The offline demo could not start: {exc}")
                exit_code = 1 if args.smoke else 0
                if args.smoke:
                    print(f"smoke: failed: {exc}", file=sys.stderr)
                    app.quit()
                return
            context.rtmp_url = demo.rtmp_url
            window.set_ready()
        if context.uploads is not None:
            await context.uploads.start()
        if args.smoke:
            exit_code = await _smoke(context)
            app.quit()
            return
        if notice:
            window.status.showMessage(notice, 15000)
        window.seed_demo()
        if not settings.onboarded and active.id != ENV_PROJECT_ID and not projects.has_projects:
            window.open_sign_in(first_run=True)

    if args.startup_report:
        window.first_painted.connect(lambda: _report_startup(app, started))
    else:
        begun: list[bool] = []

        def begin() -> None:
            if not begun:
                begun.append(True)
                scope.start(after_show(), key="startup")

        window.first_painted.connect(begin)
        # A window that is never painted (started minimised) must still get its data.
        QTimer.singleShot(1500, begin)

    async def shutdown() -> None:
        if context.uploads is not None:
            await context.uploads.close()
        await scope.close()
        if context.thumbnails is not None and hasattr(context.thumbnails, "close"):
            await context.thumbnails.close()
        await projects.aclose()

    with loop:
        loop.run_until_complete(_run_until_quit(app))
        loop.run_until_complete(shutdown())
    demo.stop()
    if collector is not None:
        collector.stop()
    return exit_code


async def _smoke(context: Any) -> int:
    """The server answers a list request: 0, else 1 (printed either way)."""
    try:
        await context.client.videos.list(page_size=1).page(1)
    except Exception as exc:  # the smoke check reports any failure as an exit code
        print(f"smoke: failed: {exc}", file=sys.stderr)
        return 1
    print("smoke: ok", flush=True)
    return 0


def _report_startup(app: QApplication, started: float) -> None:
    """Print how long the window took to be on screen and answering, then quit."""
    elapsed = (time.perf_counter() - started) * 1000
    print(f"startup: interactive_ms={elapsed:.0f}", flush=True)
    app.quit()


async def _run_until_quit(app: QApplication) -> None:
    """Wait until the application quits (last window closed or app.quit())."""
    done = asyncio.Event()
    app.aboutToQuit.connect(done.set)
    await done.wait()
