"""Render ``docs/screenshots/*.png`` from the real widgets, offscreen, on a seeded emulator.

    .venv/bin/python docs/tools/screenshots.py [--out docs/screenshots]

An in-process emulator in a temporary folder gets the demo library (real ffmpeg clips, uploaded
and encoded through the client, plus a few more so the grid is full); the app's widgets then run
on a qasync loop and each picture is grabbed once its data has arrived. The library and upload
pictures come from the panels' own ``docs/tools/screenshots_<panel>.py`` modules (found by name).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Font-database and multimedia chatter from headless Qt says nothing about the pictures.
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.multimedia*=false")
# Never touch the user's keyring while staging pictures.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("STUDIO_EMULATOR_RECORD", None)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from studio.api import ApiVideoClient  # noqa: E402
from studio.emulator.config import EmulatorConfig  # noqa: E402
from studio.emulator.server import EmulatorServer  # noqa: E402
from studio.services.context import ActiveProject, AppContext  # noqa: E402
from studio.services.demo import DemoSeeder  # noqa: E402
from studio.services.demo_samples import SAMPLES, SIZE, SampleVideo  # noqa: E402
from studio.services.projects import DEMO_ID, DEMO_NAME, ProjectManager  # noqa: E402
from studio.services.secrets import SecretStore  # noqa: E402
from studio.services.settings import Settings  # noqa: E402
from studio.services.task_scope import TaskScope  # noqa: E402
from studio.ui.main_window import MainWindow, optional  # noqa: E402
from studio.ui.theme import apply_theme  # noqa: E402

API_KEY = "screenshots-key"
WINDOW = (1360, 860)

# More clips so the grid is full: the demo's six plus these.
EXTRA_SAMPLES: tuple[SampleVideo, ...] = (
    SampleVideo(
        "dusk", "City lights at dusk", "Indigo to magenta, the evening skyline palette.",
        f"gradients=s={SIZE}:c0=0x1b1464:c1=0xd4145a:x0=0:y0=0:x1=640:y1=360:speed=0.02:r=25",
        392, ("timelapse", "city"), {"series": "Landscapes"},
    ),
    SampleVideo(
        "ocean", "Ocean swell", "Deep blue gradient with a low tone.",
        f"gradients=s={SIZE}:c0=0x003973:c1=0x66c2e8:x0=0:y0=360:x1=640:y1=0:speed=0.02:r=25",
        196, ("nature",), {"series": "Landscapes"},
    ),
    SampleVideo(
        "cells", "Cellular automaton 30", "Rule 30 growing line by line.",
        f"cellauto=s={SIZE}:rule=30:r=25", 587, ("generative", "math"),
        {"series": "Generative"},
    ),
    SampleVideo(
        "spectrum", "Colour spectrum", "Every hue, side by side, for grading checks.",
        f"colorspectrum=s={SIZE}:r=25", 880, ("engineering", "reference"),
        {"series": "Studio tools"},
    ),
    SampleVideo(
        "forest", "Forest canopy", "Greens from the morning shoot.",
        f"gradients=s={SIZE}:c0=0x134e5e:c1=0x71b280:x0=0:y0=0:x1=640:y1=360:speed=0.02:r=25",
        294, ("nature", "b-roll"), {"camera": "virtual"},
    ),
    SampleVideo(
        "onboarding", "Customer onboarding", "How new customers get started, in three steps.",
        f"testsrc2=s={SIZE}:r=25,hue=h=140", 740, ("marketing", "tutorial"),
        {"campaign": "onboarding"}, public=False,
    ),
)  # fmt: skip


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot scene did not settle")
        await asyncio.sleep(0.05)


async def seed(client: ApiVideoClient, folder: Path) -> None:
    """The demo library plus the extra clips, all encoded (thumbnails ready)."""
    samples = SAMPLES + tuple(replace(s, themed=False) for s in EXTRA_SAMPLES)
    report = await DemoSeeder(client, folder, samples=samples).seed()
    for note in report.notes:
        print(f"screenshots: {note}", file=sys.stderr)
    videos = await client.videos.list(page_size=100).all()
    deadline = time.monotonic() + 120
    for video in videos:
        while not (await client.videos.status(video.video_id)).playable:
            if time.monotonic() > deadline:
                return  # without ffmpeg nothing becomes playable: take the pictures anyway
            await asyncio.sleep(0.2)


def dimmed_with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window, darkened, with the dialog centred on it and a soft shadow (a modal look)."""
    picture = window.grab()
    front = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 110))
    area = QRect(QPoint(0, 0), front.size() / front.devicePixelRatio())
    area.moveCenter(picture.rect().center())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    for step in range(12, 0, -1):  # a cheap blurred shadow: stacked translucent rounded rects
        painter.setBrush(QColor(0, 0, 0, 6))
        painter.drawRoundedRect(area.adjusted(-step, -step + 6, step, step + 6), 12, 12)
    painter.drawPixmap(area.topLeft(), front)
    painter.end()
    return picture


async def sign_in(out: Path, context: AppContext) -> None:
    """The first-run dialog over the main window (library of the demo behind it)."""
    window = MainWindow(context)
    window.resize(*WINDOW)
    window.show()
    library = window.pages["library"]
    model = getattr(library, "model", None)
    if model is not None:
        await until(lambda: model.rowCount() > 0 and not model.loading)
        await asyncio.sleep(1.0)  # thumbnails
    dialog = window.open_sign_in(first_run=True)
    dialog.adjustSize()
    await asyncio.sleep(0.3)
    dimmed_with_dialog(window, dialog).save(str(out / "sign-in.png"))

    # And what a wrong key looks like.
    dialog.close()
    dialog = window.open_sign_in(first_run=False)
    dialog.environment_buttons["custom"].setChecked(True)
    dialog.name.setText("Staging")
    dialog.url.setText(context.client.base_url)
    dialog.key.setText("not-the-right-key")
    dialog.start_connect()
    await until(lambda: dialog.message.isVisible(), timeout=15)
    dialog.adjustSize()
    await asyncio.sleep(0.2)
    dimmed_with_dialog(window, dialog).save(str(out / "sign-in-error.png"))
    dialog.close()
    window.grab().save(str(out / "window.png"))
    window.close()
    window.deleteLater()


Shot = Callable[[Path, AppContext], Awaitable[None]]
# Pictures taken first: they show the demo library before other scenes add to it.
FIRST = ("screenshots_library", "screenshots_uploads")


def panel_shots() -> list[tuple[str, Shot]]:
    """Every ``async def name(path, context)`` of ``docs/tools/screenshots_*.py``, as ``name.png``.

    Each panel's helper owns its module; a new module or function is picked up without
    editing this script (``library_grid`` writes ``library-grid.png``).
    """
    names = sorted(p.stem for p in (ROOT / "docs" / "tools").glob("screenshots_*.py"))
    names.sort(key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n))
    found: list[tuple[str, Shot]] = []
    for name in names:
        try:
            module = importlib.import_module(f"docs.tools.{name}")
        except Exception as exc:  # one helper's broken module must not stop the others
            print(f"screenshots: skipping {name}: {exc}", file=sys.stderr)
            continue
        for attr, function in inspect.getmembers(module, inspect.iscoroutinefunction):
            if attr.startswith("_") or function.__module__ != module.__name__:
                continue
            if list(inspect.signature(function).parameters) == ["path", "context"]:
                found.append((attr.replace("_", "-") + ".png", function))
    return found


async def scenario(out: Path, work: Path, emulator: EmulatorServer) -> list[str]:
    client = ApiVideoClient(API_KEY, base_url=emulator.url)
    await seed(client, work / "demo")

    async def demo() -> tuple[str, str]:
        return emulator.url, API_KEY

    projects = ProjectManager(SecretStore(), work / "config" / "projects.toml", demo=demo)
    projects.adopt(DEMO_ID, client)
    scope = TaskScope()
    context = AppContext(
        client,
        ActiveProject(DEMO_NAME, "demo", emulator.url, DEMO_ID),
        scope,
        work / "data",
        work / "cache",
        Settings(path=work / "config" / "settings.toml"),
    )
    context.projects = projects
    context.rtmp_url = emulator.rtmp_url  # the demo's ingest, as in the app
    thumbnails = optional("studio.services.thumbnails", "ThumbnailCache")
    if thumbnails is not None:
        context.thumbnails = thumbnails(context)

    made = []
    await sign_in(out, context)
    made += ["sign-in.png", "sign-in-error.png", "window.png"]
    for filename, shot in panel_shots():
        try:
            await shot(out / filename, context)
        except Exception as exc:  # report and go on with the other pictures
            print(f"screenshots: {filename} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        made.append(filename)
    await scope.close()
    if context.thumbnails is not None:
        await context.thumbnails.close()
    await projects.aclose()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("api.video Studio")
    app.setQuitOnLastWindowClosed(False)  # each picture's window closes; the run goes on
    # As in the app: cyclic garbage collection on the UI thread only.
    gc_type = optional("studio.ui.main_thread_gc", "MainThreadGc")
    collector = gc_type(app) if gc_type is not None else None
    apply_theme(app, "light")  # the same look on every machine
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="studio-screens-") as tmp:
        work = Path(tmp)
        # RTMP on: the Live picture shows a stream really going live (ffmpeg publishing).
        config = EmulatorConfig(
            data_dir=work / "emulator", api_key=API_KEY, encoding_step_s=0.1, rtmp_port=0
        )
        emulator = EmulatorServer(config).start()
        try:
            with loop:
                made = loop.run_until_complete(scenario(out, work, emulator))
            if collector is not None:
                collector.stop()
        finally:
            emulator.stop()
    for name in made:
        print(f"screenshots: wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
