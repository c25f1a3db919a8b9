"""The Players panel against the emulator: list, create, edit, round trips, refusals, deletion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QColor

from studio.api import ApiError, ApiVideoClient
from studio.api.models import PlayerThemeCreationPayload
from studio.api.models.players import PLAYER_COLOR_FIELDS, PLAYER_FLAG_FIELDS
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.panels.players import PlayersPanel
from studio.ui.panels.players_editor import ThemeEditor


def clear_players(emulator: EmulatorServer) -> None:
    """The module's emulator is shared: start each test with no theme."""
    for doc in list(emulator.store.list(emulator.project.id, "player")):
        emulator.store.delete(emulator.project.id, "player", doc["playerId"])


def stored(emulator: EmulatorServer, player_id: str) -> dict[str, Any] | None:
    return emulator.store.get(emulator.project.id, "player", player_id)


@pytest.fixture
def panel(app_context: AppContext, emulator: EmulatorServer, qtbot: Any) -> Iterator[PlayersPanel]:
    clear_players(emulator)
    widget = PlayersPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded)
    yield widget


def names(panel: PlayersPanel) -> list[str]:
    return [t.name or "" for t in panel.model.themes]


def type_into(editor: ThemeEditor, field: str, text: str) -> None:
    """Replace a colour field's text the way typing does (textEdited, then editing ends)."""
    line = editor.colour_fields[field].edit
    line.selectAll()
    line.insert(text)  # insert() emits textEdited like the keyboard
    line.editingFinished.emit()


def wait_saved(editor: ThemeEditor, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not editor.saving)
    assert editor.status.text() == "Saved", editor.status.text()


def test_create_edit_delete_checked_with_get(
    panel: PlayersPanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    assert panel.list_pane.stack.currentWidget() is panel.list_pane.message  # empty: invite
    panel.create_theme()
    qtbot.waitUntil(lambda: names(panel) == ["New theme"])
    editor = panel.editor
    theme = editor.theme
    assert theme is not None and panel.right.currentWidget() is editor
    got = run(ui_client.players.get(theme.player_id))
    assert got.name == "New theme" and got.track_played == "rgba(88, 131, 255, .95)"

    # A second one gets a free name.
    panel.create_theme()
    qtbot.waitUntil(lambda: sorted(names(panel)) == ["New theme", "New theme 2"])
    assert panel.select(theme.player_id)
    qtbot.waitUntil(lambda: editor.theme is not None and editor.theme.player_id == theme.player_id)

    editor.name_edit.setText("Brand dark")
    editor.name_edit.textEdited.emit("Brand dark")
    type_into(editor, "link", "#ff6600")
    editor.flag_boxes["force_loop"].setChecked(True)
    assert editor.is_dirty and editor.save_button.isEnabled()
    assert editor.status.text() == "Unsaved changes"
    editor.save_button.click()
    wait_saved(editor, qtbot)
    got = run(ui_client.players.get(theme.player_id))
    assert (got.name, got.link, got.force_loop) == ("Brand dark", "rgba(255, 102, 0, 1)", True)
    assert not editor.is_dirty and not editor.save_button.isEnabled()
    assert "Brand dark" in names(panel)  # the list row follows the save

    # Delete: asks first (open(), the test goes on while it shows); Cancel keeps the theme.
    editor.delete_button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: panel.confirm_dialog is None)
    assert run(ui_client.players.get(theme.player_id)).name == "Brand dark"

    editor.delete_button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: names(panel) == ["New theme 2"])
    with pytest.raises(ApiError) as refused:
        run(ui_client.players.get(theme.player_id))
    assert refused.value.status == 404
    # The remaining theme is shown in the editor.
    assert editor.theme is not None and editor.theme.name == "New theme 2"


def test_every_colour_and_switch_round_trips(
    panel: PlayersPanel,
    app_context: AppContext,
    ui_client: ApiVideoClient,
    emulator: EmulatorServer,
    qtbot: Any,
    run: Any,
) -> None:
    created = run(ui_client.players.create(PlayerThemeCreationPayload(name="Round trip")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    editor = panel.editor
    # Distinct values for every field: some typed as hex, some with API-style alphas.
    typed, expected = {}, {}
    for number, field in enumerate(PLAYER_COLOR_FIELDS):
        red, green, blue = 20 * number + 5, 255 - 17 * number, (37 * number) % 256
        if number % 2:
            typed[field] = f"#{red:02x}{green:02x}{blue:02x}"
            expected[field] = f"rgba({red}, {green}, {blue}, 1)"
        else:
            alpha = (".95", ".5", ".35", "0", ".07")[number // 2]
            typed[field] = f"rgba({red},{green},{blue},{alpha})"
            expected[field] = f"rgba({red}, {green}, {blue}, {alpha})"
    for field, text in typed.items():
        type_into(editor, field, text)
        assert editor.colour_fields[field].text() == expected[field]  # normalised on leaving
    flipped = {}
    for field in PLAYER_FLAG_FIELDS:
        box = editor.flag_boxes[field]
        flipped[field] = not box.isChecked()
        box.setChecked(flipped[field])
    editor.save()
    wait_saved(editor, qtbot)

    got = run(ui_client.players.get(created.player_id))
    for field in PLAYER_COLOR_FIELDS:
        assert getattr(got, field) == expected[field], field
    for field in PLAYER_FLAG_FIELDS:
        assert getattr(got, field) is flipped[field], field

    # A fresh panel shows exactly what was stored, with nothing to save.
    again = PlayersPanel(app_context)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.editor.theme is not None)
    for field in PLAYER_COLOR_FIELDS:
        assert again.editor.colour_fields[field].text() == expected[field]
    for field in PLAYER_FLAG_FIELDS:
        assert again.editor.flag_boxes[field].isChecked() is flipped[field]
    assert not again.editor.is_dirty and not again.editor.save_button.isEnabled()


def test_invalid_colour_is_refused_inline_and_nothing_is_saved(
    panel: PlayersPanel, ui_client: ApiVideoClient, emulator: EmulatorServer, qtbot: Any, run: Any
) -> None:
    created = run(ui_client.players.create(PlayerThemeCreationPayload(name="Strict")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    editor = panel.editor
    before = stored(emulator, created.player_id)
    field = editor.colour_fields["track_played"]

    type_into(editor, "track_played", "rgba(300, 0, 0, 1)")
    assert field.error.isVisible()
    assert "between 0 and 255" in field.error.text() and "300" in field.error.text()
    type_into(editor, "text", "blueish")
    assert "is not a colour" in editor.colour_fields["text"].error.text()
    assert editor.colour_fields["text"].text() == "blueish"  # not rewritten: the user fixes it

    editor.save_button.click()
    assert not editor.saving  # refused before any request
    assert editor.status.text().startswith("Not saved: Timer — “blueish” is not a colour")
    assert "2 colours need fixing" in editor.status.text()
    qtbot.wait(100)
    assert stored(emulator, created.player_id) == before

    type_into(editor, "track_played", "rgba(200, 0, 0, .8)")
    type_into(editor, "text", "#00ff00")
    assert not field.error.isVisible()
    editor.save()
    wait_saved(editor, qtbot)
    got = run(ui_client.players.get(created.player_id))
    assert (got.track_played, got.text) == ("rgba(200, 0, 0, .8)", "rgba(0, 255, 0, 1)")


def pixel(editor: ThemeEditor, element: str) -> QColor:
    image = editor.preview.grab().toImage()
    point = editor.preview.probe_points()[element]
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * dpr), round(point.y() * dpr))


def same_rgb(colour: QColor, rgb: tuple[int, int, int], tolerance: int = 2) -> bool:
    channels = (colour.red(), colour.green(), colour.blue())
    return all(abs(a - b) <= tolerance for a, b in zip(channels, rgb, strict=True))


def test_preview_repaints_with_the_edited_colours_before_saving(
    panel: PlayersPanel, ui_client: ApiVideoClient, emulator: EmulatorServer, qtbot: Any, run: Any
) -> None:
    created = run(ui_client.players.create(PlayerThemeCreationPayload(name="Preview")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    editor = panel.editor
    before = stored(emulator, created.player_id)
    played = pixel(editor, "track_played")
    assert not same_rgb(played, (12, 200, 40))

    type_into(editor, "track_played", "rgba(12, 200, 40, 1)")
    assert same_rgb(pixel(editor, "track_played"), (12, 200, 40))
    type_into(editor, "link_active", "#ff00aa")  # the big play button, hovered
    assert same_rgb(pixel(editor, "link_active"), (255, 0, 170))
    type_into(editor, "track_background", "rgba(0, 0, 255, 1)")
    assert same_rgb(pixel(editor, "track_background"), (0, 0, 255))

    # While an entry is not a colour (being typed), the last valid one stays on screen.
    type_into(editor, "track_played", "rgba(12, 200")
    assert same_rgb(pixel(editor, "track_played"), (12, 200, 40))
    type_into(editor, "track_played", "rgba(12, 200, 40, 1)")

    # Hiding the controls hides the track.
    editor.flag_boxes["enable_controls"].setChecked(False)
    assert not same_rgb(pixel(editor, "track_played"), (12, 200, 40))
    assert stored(emulator, created.player_id) == before  # all of it before any save


def test_revert_restores_the_saved_theme(
    panel: PlayersPanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    run(ui_client.players.create(PlayerThemeCreationPayload(name="Stable", link="#123456")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    editor = panel.editor
    assert not editor.revert_button.isEnabled()
    type_into(editor, "link", "rgba(1, 2, 3, .5)")
    editor.flag_boxes["hide_title"].setChecked(True)
    editor.name_edit.setText("Changed")
    editor.name_edit.textEdited.emit("Changed")
    assert editor.is_dirty and editor.revert_button.isEnabled()
    editor.revert_button.click()
    assert editor.colour_fields["link"].text() == "#123456"  # the server's spelling, untouched
    assert not editor.flag_boxes["hide_title"].isChecked()
    assert editor.name_edit.text() == "Stable"
    assert not editor.is_dirty and editor.status.text() == ""

    # Typing the same colour another way is no change.
    type_into(editor, "link", "rgba(18, 52, 86, 1)")
    assert not editor.is_dirty


def test_leaving_a_theme_with_unsaved_changes_asks_first(
    panel: PlayersPanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    first = run(ui_client.players.create(PlayerThemeCreationPayload(name="A first")))
    second = run(ui_client.players.create(PlayerThemeCreationPayload(name="B second")))
    panel.reload()
    qtbot.waitUntil(lambda: len(panel.model.themes) == 2 and panel.editor.theme is not None)
    editor = panel.editor
    assert editor.theme is not None and editor.theme.player_id == first.player_id
    type_into(editor, "text", "#abcdef")

    panel.select(second.player_id)
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert editor.theme.player_id == first.player_id  # still on the edited theme
    assert panel.list_pane.view.currentIndex().row() == 0
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: panel.confirm_dialog is None)
    assert editor.is_dirty and editor.colour_fields["text"].text() == "rgba(171, 205, 239, 1)"

    panel.select(second.player_id)
    dialog = panel.confirm_dialog
    assert dialog is not None
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: editor.theme is not None and editor.theme.player_id == second.player_id)
    assert not editor.is_dirty
    assert panel.list_pane.view.currentIndex().row() == 1
    assert run(ui_client.players.get(first.player_id)).text == "rgba(255, 255, 255, 1)"


def test_colour_picker_sets_the_colour_with_its_alpha(
    panel: PlayersPanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    run(ui_client.players.create(PlayerThemeCreationPayload(name="Picked")))
    panel.reload()
    qtbot.waitUntil(lambda: panel.editor.theme is not None)
    editor = panel.editor
    field = editor.colour_fields["background_top"]
    dialog = field.open_picker()
    assert dialog.isVisible()  # opened with open(): not blocking
    assert dialog.currentColor().alpha() == round(0.7 * 255)  # starts from the field's colour
    dialog.setCurrentColor(QColor(10, 20, 30, 242))
    dialog.accept()
    qtbot.waitUntil(lambda: field.picker is None)
    assert field.text() == "rgba(10, 20, 30, .95)"
    assert editor.is_dirty
    editor.save()
    wait_saved(editor, qtbot)
    theme = editor.theme
    assert theme is not None
    assert run(ui_client.players.get(theme.player_id)).background_top == "rgba(10, 20, 30, .95)"
    assert not shiboken6.isValid(dialog)  # WA_DeleteOnClose: no dialog left behind
