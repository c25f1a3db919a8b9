"""Composition root: arguments, QApplication on a qasync loop, services, the main window.

With no API key configured (or ``--demo``) the app starts the embedded emulator on a free
loopback port, so it works with no account and no network.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from . import __version__

DEMO_API_KEY = "studio-demo-key"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="studio", description="api.video Studio")
    p.add_argument("--demo", action="store_true", help="offline demo on the embedded emulator")
    p.add_argument("--base-url", help="api.video URL (production, sandbox or an emulator)")
    p.add_argument(
        "--api-key-env", default="APIVIDEO_API_KEY", help="environment variable of the key"
    )
    p.add_argument("--data-dir", type=Path, help="where the demo library lives")
    p.add_argument("--smoke", action="store_true", help="open, check the server answers, exit 0")
    p.add_argument("--version", action="version", version=f"studio {__version__}")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Imported here so `studio --help` stays instant.
    import qasync
    from PySide6.QtWidgets import QApplication

    from .api import ApiVideoClient
    from .services.task_scope import TaskScope
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("api.video Studio")
    app.setOrganizationName("apivideo-studio")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    emulator = None
    api_key = os.environ.get(args.api_key_env)
    base_url = args.base_url
    if args.demo or not api_key:
        from .emulator.config import EmulatorConfig
        from .emulator.server import EmulatorServer

        data_dir = args.data_dir or Path(user_data_dir("apivideo-studio", appauthor=False)) / "demo"
        emulator = EmulatorServer(EmulatorConfig(data_dir=data_dir, api_key=DEMO_API_KEY)).start()
        api_key, base_url = DEMO_API_KEY, emulator.url
        description = f"Demo (offline) — embedded emulator at {emulator.url}"
    else:
        description = f"Connected to {base_url or 'https://ws.api.video'}"

    client = ApiVideoClient(api_key, base_url=base_url or "https://ws.api.video")
    scope = TaskScope()
    window = MainWindow(client, scope, description=description)
    window.show()
    exit_code = 0

    async def smoke() -> None:
        nonlocal exit_code
        try:
            await client.request_json("GET", "/videos", params={"pageSize": 1})
        except Exception as exc:  # the smoke check reports any failure as an exit code
            print(f"smoke: failed: {exc}", file=sys.stderr)
            exit_code = 1
        else:
            print("smoke: ok", flush=True)
        app.quit()

    if args.smoke:
        scope.start(smoke())
    else:
        window.refresh()

    async def shutdown() -> None:
        await scope.close()
        await client.aclose()

    with loop:
        app.aboutToQuit.connect(lambda: None)
        loop.run_until_complete(_run_until_quit(app))
        loop.run_until_complete(shutdown())
    if emulator is not None:
        emulator.stop()
    return exit_code


async def _run_until_quit(app: object) -> None:
    """Wait until the application quits (last window closed or app.quit())."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    done = asyncio.Event()
    app.aboutToQuit.connect(done.set)
    await done.wait()
