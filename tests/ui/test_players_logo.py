"""Player logos through the Players panel: fitted before upload, accepted by the emulator."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import ApiError, ApiVideoClient
from studio.api.models import PlayerThemeCreationPayload
from studio.emulator.logo import MAX_BYTES, MAX_HEIGHT, MAX_WIDTH
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.panels.players import PlayersPanel
from studio.ui.panels.players_editor import ThemeEditor

from .test_players_panel import clear_players, pixel, wait_saved


@pytest.fixture
def panel(app_context: AppContext, emulator: EmulatorServer, qtbot: Any) -> Iterator[PlayersPanel]:
    clear_players(emulator)
    widget = PlayersPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded)
    yield widget


def oversized_logo(folder: Path) -> Path:
    """A 1600x900 PNG with transparency and noise: far over 200x100 px and 100 KiB."""
    noise = Image.effect_noise((1600, 900), 90).convert("L")
    image = Image.merge("RGBA", (noise, noise.rotate(90, expand=False), noise, noise))
    path = folder / "brand-logo.png"
    image.save(path)
    assert path.stat().st_size > MAX_BYTES
    return path


def open_theme(panel: PlayersPanel, ui_client: ApiVideoClient, run: Any, qtbot: Any) -> str:
    theme = run(ui_client.players.create(PlayerThemeCreationPayload(name="With logo")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    return str(theme.player_id)


def choose(editor: ThemeEditor, path: Path, qtbot: Any) -> None:
    """Pick ``path`` in the logo's file dialog, then wait for the fitting to end."""
    dialog = editor.logo.open_file_dialog()
    assert dialog.isVisible()  # opened with open(): the test goes on while it shows
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: editor.logo.file_dialog is None)
    qtbot.waitUntil(lambda: editor.logo.fitted is not None or editor.logo.message.isVisible())
    qtbot.waitUntil(lambda: not editor.logo.fitting)


def test_oversized_logo_is_fitted_previewed_and_accepted(
    panel: PlayersPanel,
    ui_client: ApiVideoClient,
    emulator: EmulatorServer,
    tmp_path: Path,
    qtbot: Any,
    run: Any,
) -> None:
    player_id = open_theme(panel, ui_client, run, qtbot)
    editor = panel.editor
    source = oversized_logo(tmp_path)

    # The emulator refuses the file as it is (the reason the studio fits it).
    with pytest.raises(ApiError) as refused:
        run(ui_client.players.upload_logo(player_id, source))
    assert refused.value.status == 400

    choose(editor, source, qtbot)
    message = editor.logo.message.text()
    assert editor.logo.message.isVisible()
    assert message.startswith("Resized from 1600x900 to 178x100")
    assert re.search(r"; [\d.]+ MB → \d+ KB$", message), message
    assert editor.logo.thumb.image is not None and editor.logo.thumb.image.width() == 178
    # The preview shows the logo before anything is sent.
    assert editor.preview.look.logo is not None
    assert pixel(editor, "logo").alpha() == 255
    assert editor.is_dirty
    doc = emulator.store.get(emulator.project.id, "player", player_id)
    assert doc is not None and doc.get("_logo") is None  # nothing uploaded yet

    editor.logo.link.setText("https://example.com/brand")
    editor.logo.link.textEdited.emit("https://example.com/brand")
    editor.save()
    wait_saved(editor, qtbot)
    got = run(ui_client.players.get(player_id))
    assert got.assets is not None and got.assets.logo
    assert got.assets.link == "https://example.com/brand"
    delivered = httpx.get(got.assets.logo, timeout=10)
    assert delivered.status_code == 200
    with Image.open(io.BytesIO(delivered.content)) as stored_logo:
        assert stored_logo.format == "PNG"
    assert not editor.is_dirty
    assert editor.logo.current_image() is not None  # still shown after the save
    row = panel.model.row_of(player_id)
    assert row is not None and panel.model.themes[row].assets is not None


def test_link_change_alone_resends_the_logo_then_remove_it(
    panel: PlayersPanel,
    ui_client: ApiVideoClient,
    tmp_path: Path,
    qtbot: Any,
    run: Any,
) -> None:
    player_id = open_theme(panel, ui_client, run, qtbot)
    small = tmp_path / "small.png"
    Image.new("RGBA", (120, 40), (255, 255, 255, 200)).save(small)
    run(ui_client.players.upload_logo(player_id, small, link="https://old.example.com"))
    panel.reload()
    editor = panel.editor
    qtbot.waitUntil(lambda: editor.theme is not None and editor.theme.assets is not None)
    qtbot.waitUntil(lambda: editor.logo.saved_image is not None)  # downloaded for the preview
    assert editor.logo.link.text() == "https://old.example.com"
    assert editor.preview.look.logo is not None

    # A link that is not a web address is refused under the field; nothing is sent.
    editor.logo.link.setText("old.example.com")
    editor.logo.link.textEdited.emit("old.example.com")
    assert editor.logo.link_error.isVisible()
    editor.save()
    assert not editor.saving and editor.status.text().startswith("Not saved: logo link")

    editor.logo.link.setText("https://new.example.com")
    editor.logo.link.textEdited.emit("https://new.example.com")
    editor.save()
    wait_saved(editor, qtbot)
    got = run(ui_client.players.get(player_id))
    assert got.assets is not None and got.assets.link == "https://new.example.com"

    editor.logo.remove_button.click()
    assert editor.preview.look.logo is None and editor.is_dirty
    editor.save()
    wait_saved(editor, qtbot)
    assert run(ui_client.players.get(player_id)).assets is None
    assert not editor.logo.link.isEnabled()  # no logo, no link


def test_unreadable_file_is_refused_with_a_clear_message(
    panel: PlayersPanel, ui_client: ApiVideoClient, tmp_path: Path, qtbot: Any, run: Any
) -> None:
    open_theme(panel, ui_client, run, qtbot)
    editor = panel.editor
    bogus = tmp_path / "notes.png"
    bogus.write_text("this is not an image")
    choose(editor, bogus, qtbot)
    assert "“notes.png” is not an image" in editor.logo.message.text()
    assert editor.logo.fitted is None and not editor.is_dirty
    assert editor.preview.look.logo is None


def test_fitted_logo_respects_the_emulator_limits(tmp_path: Path) -> None:
    """The constants the studio fits to are the ones the emulator enforces."""
    from studio.services.logo_fitting import API_LOGO_LIMITS

    assert (API_LOGO_LIMITS.width, API_LOGO_LIMITS.height) == (MAX_WIDTH, MAX_HEIGHT)
    assert API_LOGO_LIMITS.max_bytes == MAX_BYTES
