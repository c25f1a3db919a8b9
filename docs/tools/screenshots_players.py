"""Players screenshot: the theme editor with its live preview and a freshly fitted logo.

Called by ``docs/tools/screenshots.py`` with a context on a seeded emulator: a few themes are added
(through the client, as a user would have made them), the brand theme is opened, and a large
WEBP logo is chosen so the picture shows what fitting changed — all before saving, as the
preview follows the edits.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QSize

from studio.api.models import PlayerTheme, PlayerThemeCreationPayload
from studio.services.context import AppContext
from studio.ui.panels.players import PlayersPanel

SIZE = QSize(1360, 860)

THEMES: tuple[PlayerThemeCreationPayload, ...] = (
    PlayerThemeCreationPayload(
        name="Acme brand",
        text="rgba(255, 255, 255, .9)",
        link="rgba(255, 255, 255, 1)",
        link_hover="rgba(255, 179, 71, 1)",
        link_active="rgba(255, 138, 92, 1)",
        track_played="rgba(232, 84, 42, .95)",
        track_unplayed="rgba(255, 255, 255, .4)",
        track_background="rgba(255, 255, 255, .18)",
        background_top="rgba(14, 16, 36, .8)",
        background_bottom="rgba(14, 16, 36, .85)",
        background_text="rgba(255, 255, 255, 1)",
    ),
    PlayerThemeCreationPayload(
        name="Conference 2025",
        link="rgba(0, 229, 255, 1)",
        link_hover="rgba(255, 255, 255, 1)",
        track_played="rgba(0, 229, 255, .95)",
        background_top="rgba(0, 20, 40, .7)",
        background_bottom="rgba(0, 20, 40, .7)",
        force_autoplay=True,
    ),
    PlayerThemeCreationPayload(
        name="Kids channel",
        link="rgba(255, 221, 0, 1)",
        track_played="rgba(124, 214, 52, .95)",
        background_top="rgba(90, 30, 150, .6)",
        background_bottom="rgba(90, 30, 150, .6)",
        force_loop=True,
    ),
    PlayerThemeCreationPayload(
        name="Minimal (no title)",
        track_played="rgba(255, 255, 255, .9)",
        background_top="rgba(0, 0, 0, 0)",
        background_bottom="rgba(0, 0, 0, .35)",
        hide_title=True,
    ),
)


async def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the players panel did not settle in time")
        await asyncio.sleep(0.03)


def _draw_logo(path: Path) -> None:
    """A 1200x560 wordmark on transparency, saved as WEBP: too big and the wrong format."""
    image = Image.new("RGBA", (1200, 560), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 80, 440, 480), fill=(232, 84, 42, 255))
    draw.polygon([(190, 170), (190, 390), (360, 280)], fill=(255, 255, 255, 255))
    font = ImageFont.load_default(size=300)
    draw.text((480, 110), "acme", font=font, fill=(255, 255, 255, 255))
    image.save(path, "WEBP", quality=92)


async def _ensure_themes(context: AppContext) -> PlayerTheme:
    existing = {t.name: t for t in await context.client.players.list(page_size=100).all()}
    brand = None
    for payload in THEMES:
        theme = existing.get(payload.name) if isinstance(payload.name, str) else None
        if theme is None:
            theme = await context.client.players.create(payload)
        if brand is None:
            brand = theme
    assert brand is not None
    return brand


async def theme_editor(path: Path, context: AppContext) -> None:
    """The brand theme open in the editor, a large WEBP logo just fitted, preview updated."""
    brand = await _ensure_themes(context)
    panel = PlayersPanel(context)
    panel.resize(SIZE)
    panel.show()
    await _until(lambda: panel.loaded)
    panel.select(brand.player_id)
    await _until(lambda: panel.editor.theme is not None)
    editor = panel.editor
    with tempfile.TemporaryDirectory(prefix="studio-logo-") as folder:
        logo = Path(folder) / "acme-wordmark.webp"
        await asyncio.to_thread(_draw_logo, logo)
        editor.logo.load_file(str(logo))
        await _until(lambda: editor.logo.fitted is not None)
    editor.logo.link.setText("https://acme.example.com")
    editor.logo.link.textEdited.emit("https://acme.example.com")
    await asyncio.sleep(0.3)  # the loop paints meanwhile (never processEvents in here)
    panel.grab().save(str(path))
    panel.hide()
    panel.deleteLater()
