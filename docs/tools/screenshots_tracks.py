"""Thumbnail picker and captions screenshots, rendered from the real widgets.

Called by ``docs/tools/screenshots.py`` with a context on an emulator holding the seeded demo
library; each function builds its window, waits (on the running qasync loop) for its data and
frames, and saves a PNG. Run this file alone to render just these two pictures:

    .venv/bin/python tools/screenshots_tracks.py [--out docs/screenshots]
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.api.models import Video
from studio.services.context import AppContext
from studio.ui.dialogs.thumbnail_picker import open_thumbnail_picker
from studio.ui.panels.text_tracks import TextTracksPanel

PICKER_SIZE = (1120, 650)
TRACKS_SIZE = (1180, 640)
# A caption file in SRT, as many tools write them: the picture shows it converted and ready.
SRT_SAMPLE = """1
00:00:00,000 --> 00:00:02,000
Aurora sobre o fiorde

2
00:00:02,000 --> 00:00:04,000
Bem-vindo ao api.video Studio.

3
00:00:04,000 --> 00:00:06,000
Este exemplo foi gerado na sua máquina.
"""
SPANISH = b"""WEBVTT

00:00:00.000 --> 00:00:02.000
Aurora sobre el fiordo

00:00:02.000 --> 00:00:04.000
Bienvenido a api.video Studio.

00:00:04.000 --> 00:00:06.000
Este ejemplo se gener\xc3\xb3 en tu equipo.
"""


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the scene did not settle in time")
        await asyncio.sleep(0.03)


async def _showcase_video(context: AppContext, title: str) -> Video:
    """The demo video whose title starts with ``title`` (else the first playable one)."""
    videos = await context.client.videos.list(page_size=100).all()
    for video in videos:
        if video.title.startswith(title):
            return video
    for video in videos:
        if (await context.client.videos.status(video.video_id)).playable:
            return video
    raise RuntimeError("the demo library has no video to show")


async def thumbnail_picker(path: Path, context: AppContext) -> None:
    """The picker on a demo clip, a few seconds in, with its current thumbnail beside it."""
    video = await _showcase_video(context, "Mandelbrot")  # a picture that changes every frame
    picker = open_thumbnail_picker(context, video.video_id)
    picker.resize(*PICKER_SIZE)
    await _until(lambda: picker.loaded)
    if not picker.player.unavailable:
        await _until(lambda: not picker.view.image.isNull())
    # 3.2 s in: far enough into the zoom to differ from the first frame.
    target = picker.scrubber.clock.step(3200, 0)
    picker.scrubber.set_position(target, announce=True)
    await asyncio.sleep(0.6)  # the seek's frame arrives
    picker.view.setFocus()
    if context.thumbnails is not None:
        await _until(lambda: picker.current.pixmap() is not None, timeout=10)
    await asyncio.sleep(0.3)
    picker.grab().save(str(path))
    # Hidden, not closed: closing the only window would quit the app (and the loop) here.
    picker.player.stop()
    picker.hide()
    picker.deleteLater()


async def captions_list(path: Path, context: AppContext) -> None:
    """Captions of a demo video: several languages, one default, cues previewed, a file ready."""
    video = await _showcase_video(context, "Aurora")  # the demo gives it captions and chapters
    captions = context.client.captions
    have = {c.srclang for c in await captions.list(video.video_id).all()}
    if "es" not in have:
        await captions.upload(video.video_id, "es", SPANISH)
    await captions.set_default(video.video_id, "en", True)

    panel = TextTracksPanel(context)
    panel.resize(*TRACKS_SIZE)
    panel.show()
    panel.show_video(video.video_id, video.title)
    section = panel.captions
    await _until(lambda: not panel.loading and section.tracks_model.rowCount() > 0)
    section.select_language("fr")
    await _until(lambda: section.preview.cue_model.rowCount() > 0)
    srt = path.parent / ".portuguese.srt"
    srt.write_text(SRT_SAMPLE, encoding="utf-8")
    try:
        section.language.set_tag("pt-BR")
        section.set_file(srt)
        await _until(lambda: not section.working)
        # The list keeps showing French: select it again after the file preview took over.
        section.select_language("fr")
        await _until(lambda: section.preview.cue_model.rowCount() > 0)
        section.file_edit.setText("~/Subtitles/aurora-pt-BR.srt")  # the picture's path
        await asyncio.sleep(0.3)
        panel.grab().save(str(path))
    finally:
        srt.unlink(missing_ok=True)
    panel.hide()
    panel.deleteLater()


async def _until_playable(client: Any, video_id: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (await client.videos.status(video_id)).playable:
            return
        await asyncio.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    """Seed a private emulator with the demo library and render the two pictures."""
    import argparse
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    os.environ.pop("STUDIO_EMULATOR_RECORD", None)
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))

    import qasync
    from PySide6.QtWidgets import QApplication

    from studio.api import ApiVideoClient
    from studio.emulator.config import EmulatorConfig
    from studio.emulator.server import EmulatorServer
    from studio.services.context import ActiveProject
    from studio.services.demo import DemoSeeder
    from studio.services.settings import Settings
    from studio.services.task_scope import TaskScope
    from studio.services.thumbnails import ThumbnailCache
    from studio.ui.theme import apply_theme

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=root / "docs" / "screenshots")
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def scene(work: Path, emulator: EmulatorServer) -> None:
        client = ApiVideoClient("tracks-key", base_url=emulator.url)
        await DemoSeeder(client, work / "demo").seed()
        for video in await client.videos.list(page_size=100).all():
            await _until_playable(client, video.video_id)
        scope = TaskScope()
        context = AppContext(
            client,
            ActiveProject("Demo", "demo", emulator.url, "demo"),
            scope,
            work / "data",
            work / "cache",
            Settings(path=work / "settings.toml"),
        )
        context.thumbnails = ThumbnailCache(context)
        await thumbnail_picker(out / "thumbnail-picker.png", context)
        await captions_list(out / "captions-list.png", context)
        await scope.close()
        await context.thumbnails.close()
        await client.aclose()

    with tempfile.TemporaryDirectory(prefix="studio-tracks-") as tmp:
        work = Path(tmp)
        config = EmulatorConfig(data_dir=work / "emulator", api_key="tracks-key")
        config.encoding_step_s = 0.1
        emulator = EmulatorServer(config).start()
        try:
            with loop:
                loop.run_until_complete(scene(work, emulator))
        finally:
            emulator.stop()
    print(f"wrote {out / 'thumbnail-picker.png'} and {out / 'captions-list.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
