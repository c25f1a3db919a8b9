"""The Live panel against the emulator: list, filter, create, edit, delete, ingest details."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from studio.api import ApiVideoClient
from studio.api.models import LiveStreamUpdatePayload, PlayerThemeCreationPayload, RestreamPayload
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.ingest import API_VIDEO_RTMP, API_VIDEO_RTMPS, BAD_URL, MISSING_APP, NOT_BLANK
from studio.services.obs_prefs import LivePrefs
from studio.ui.panels.live import LivePanel
from studio.ui.panels.live_editor import LiveStreamEditor

EMULATOR_RTMP = "rtmp://127.0.0.1:19350/s"


def clear_live_streams(emulator: EmulatorServer) -> None:
    """The module's emulator is shared: start each test with no live stream."""
    for doc in list(emulator.store.list(emulator.project.id, "live_stream")):
        emulator.store.delete(emulator.project.id, "live_stream", doc["liveStreamId"])


@pytest.fixture
def panel(
    app_context: AppContext, emulator: EmulatorServer, qtbot: Any, run: Any
) -> Iterator[LivePanel]:
    clear_live_streams(emulator)
    app_context.rtmp_url = EMULATOR_RTMP
    widget = LivePanel(app_context)
    qtbot.addWidget(widget)
    widget.monitor.interval_s = 0.1
    widget.monitor.api_interval_s = 0
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded)
    monitor, handoff = widget.monitor, widget.handoff  # the widget itself is closed by qtbot
    yield widget
    run(monitor.aclose())
    run(handoff.disconnect())


def names(panel: LivePanel) -> list[str]:
    return [s.name for s in panel.model.streams]


def fill_restream(editor: LiveStreamEditor, name: str, url: str, key: str) -> None:
    row = editor.restreams.add_row()
    assert row is not None
    row.name.setText(name)
    row.server_url.setText(url)
    row.stream_key.setText(key)


def test_list_and_filter_by_name(
    panel: LivePanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    for name in ("Morning show", "Evening show", "Podcast"):
        run(ui_client.live_streams.create(name))
    panel.reload()
    qtbot.waitUntil(lambda: len(panel.model.streams) == 3)
    assert panel.detail.stream is not None  # the first row is selected and shown

    panel.list_pane.filter.setText("show")
    qtbot.waitUntil(lambda: sorted(names(panel)) == ["Evening show", "Morning show"])
    panel.list_pane.filter.setText("nothing like this")
    qtbot.waitUntil(lambda: panel.list_pane.stack.currentWidget() is panel.list_pane.message)
    assert "No match" in panel.list_pane.message.headline.text()
    assert panel.right.currentWidget() is panel.nothing


def test_create_with_restream_then_edit(
    panel: LivePanel, emulator: EmulatorServer, qtbot: Any
) -> None:
    assert panel.list_pane.message.isVisible()  # empty project: an invitation to create
    editor = panel.open_create()
    assert editor.isVisible()  # opened with open(): the test goes on while it shows
    editor.name.setText("Town hall")
    editor.public.setChecked(False)
    fill_restream(editor, "YouTube", "rtmps://a.rtmp.youtube.com/live2", "yt-key-1")
    editor.submit()
    qtbot.waitUntil(lambda: names(panel) == ["Town hall"])
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor))  # accepted and closed
    stream = panel.detail.stream
    assert stream is not None and stream.name == "Town hall" and not stream.public
    doc = emulator.store.get(emulator.project.id, "live_stream", stream.live_stream_id)
    assert doc is not None and doc["public"] is False
    assert doc["restreams"] == [
        {
            "name": "YouTube",
            "serverUrl": "rtmps://a.rtmp.youtube.com/live2",
            "streamKey": "yt-key-1",
        }
    ]

    edit = panel.open_edit()
    assert edit is not None and edit.name.text() == "Town hall"
    assert [r.draft().name for r in edit.restreams.rows] == ["YouTube"]
    edit.name.setText("Town hall (March)")
    fill_restream(edit, "Twitch", "rtmp://live.twitch.tv/app", "tw-key")
    edit.submit()
    qtbot.waitUntil(lambda: names(panel) == ["Town hall (March)"])
    doc = emulator.store.get(emulator.project.id, "live_stream", stream.live_stream_id)
    assert doc is not None and [r["name"] for r in doc["restreams"]] == ["YouTube", "Twitch"]
    assert panel.detail.name.text() == "Town hall (March)"

    # Removing every destination replaces the list with an empty one.
    edit = panel.open_edit()
    assert edit is not None
    for row in list(edit.restreams.rows):
        row.remove_button.click()
    edit.submit()

    def restreams() -> object:
        doc = emulator.store.get(emulator.project.id, "live_stream", stream.live_stream_id)
        return doc["restreams"] if doc else None

    qtbot.waitUntil(lambda: restreams() == [])


def test_restream_validation_refuses_before_sending(
    panel: LivePanel, emulator: EmulatorServer, qtbot: Any
) -> None:
    editor = panel.open_create()
    editor.name.setText("Refused")
    fill_restream(editor, "Web", "http://example.com/live", "k1")
    fill_restream(editor, "No app", "rtmp://example.com", "k2")
    fill_restream(editor, "No key", "rtmp://example.com/app", "  ")
    editor.restreams.add_row()  # left blank: ignored, not refused
    editor.submit()

    text = editor.restreams.problems_label.text()
    assert f"Destination 1, server URL: {BAD_URL}" in text
    assert f"Destination 2, server URL: {MISSING_APP}" in text
    assert f"Destination 3, stream key: {NOT_BLANK}" in text
    invalid = editor.restreams.invalid_fields()
    rows = editor.restreams.rows
    assert invalid == [rows[0].server_url, rows[1].server_url, rows[2].stream_key]
    assert editor.isVisible() and editor.save_button.isEnabled()
    qtbot.wait(100)
    assert emulator.store.list(emulator.project.id, "live_stream") == []  # nothing was sent

    # Five destinations at most: the sixth cannot even be added.
    while len(editor.restreams.rows) < 5:
        editor.restreams.add_row()
    assert not editor.restreams.add_button.isEnabled()
    assert editor.restreams.add_row() is None

    editor.name.setText("")
    editor.submit()
    assert "Enter a name" in editor.error.text()
    editor.reject()


def test_api_refusal_is_shown_on_the_field(
    panel: LivePanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    stream = run(ui_client.live_streams.create("Checked by the API"))
    panel.reload()
    qtbot.waitUntil(lambda: panel.detail.stream is not None)
    editor = panel.open_edit()
    assert editor is not None
    fill_restream(editor, "Mine", "rtmp://good.example/app", "key")
    # A payload the local check would have stopped, sent anyway: the API's own answer counts.
    payload = LiveStreamUpdatePayload(
        restreams=[
            RestreamPayload(name="Mine", server_url="rtmp://good.example/app", stream_key="k"),
            RestreamPayload(name="Bad", server_url="rtmp://host-only.example", stream_key="k"),
        ]
    )
    fill_restream(editor, "Bad", "rtmp://host-only.example", "k")
    editor.set_busy(True)
    panel.save(editor, payload)
    qtbot.waitUntil(lambda: editor.restreams.problems_label.isVisible())
    assert MISSING_APP in editor.restreams.problems_label.text()
    assert editor.restreams.invalid_fields() == [editor.restreams.rows[1].server_url]
    assert editor.save_button.isEnabled()  # ready for another try
    assert run(ui_client.live_streams.get(stream.live_stream_id)).restreams == []
    editor.reject()


def test_delete_asks_first(
    panel: LivePanel, ui_client: ApiVideoClient, emulator: EmulatorServer, qtbot: Any, run: Any
) -> None:
    keep = run(ui_client.live_streams.create("Keep me"))
    gone = run(ui_client.live_streams.create("Delete me"))
    panel.reload()
    qtbot.waitUntil(lambda: len(panel.model.streams) == 2)
    assert panel.select_stream(gone.live_stream_id)

    dialog = panel.ask_delete()
    assert dialog is not None and dialog.isVisible()  # opened with open(), not exec()
    dialog.cancel_button.click()
    qtbot.wait(100)
    assert emulator.store.get(emulator.project.id, "live_stream", gone.live_stream_id)

    dialog = panel.ask_delete()
    assert dialog is not None
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: names(panel) == ["Keep me"])
    assert emulator.store.get(emulator.project.id, "live_stream", gone.live_stream_id) is None
    assert panel.detail.stream is not None
    assert panel.detail.stream.live_stream_id == keep.live_stream_id


def test_stream_key_is_masked_until_revealed_and_copies(
    panel: LivePanel, ui_client: ApiVideoClient, qtbot: Any, run: Any
) -> None:
    stream = run(ui_client.live_streams.create("Keyed"))
    panel.reload()
    qtbot.waitUntil(lambda: panel.detail.stream is not None)
    key_field = panel.detail.ingest.key
    assert key_field.value() == stream.stream_key
    assert key_field.line.echoMode() == QLineEdit.EchoMode.Password
    assert stream.stream_key not in key_field.line.displayText()

    QGuiApplication.clipboard().clear()
    key_field.copy_button.click()  # copying works without revealing
    assert QGuiApplication.clipboard().text() == stream.stream_key
    assert key_field.line.echoMode() == QLineEdit.EchoMode.Password

    key_field.reveal_button.click()
    assert key_field.revealed
    assert key_field.line.displayText() == stream.stream_key
    key_field.reveal_button.click()
    assert key_field.line.echoMode() == QLineEdit.EchoMode.Password

    # The emulator's ingest is offered for a non-api.video project; its URL copies too.
    ingest = panel.detail.ingest
    assert [s.key for s in ingest.servers] == ["emulator", "custom"]
    assert ingest.server.value() == EMULATOR_RTMP
    ingest.server.copy_button.click()
    assert QGuiApplication.clipboard().text() == EMULATOR_RTMP
    assert ingest.target() == (EMULATOR_RTMP, stream.stream_key)


def test_ingest_servers_for_api_video_and_custom(
    ui_client: ApiVideoClient, qtbot: Any, run: Any, tmp_path: Any, emulator: EmulatorServer
) -> None:
    from studio.services.task_scope import TaskScope

    clear_live_streams(emulator)
    run(ui_client.live_streams.create("Production-like"))
    scope = TaskScope()
    context = AppContext(
        ui_client,
        ActiveProject("Prod", "production", emulator.url),
        scope,
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
    )
    panel = LivePanel(context)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.detail.stream is not None)
    ingest = panel.detail.ingest
    assert [s.url for s in ingest.servers[:2]] == [API_VIDEO_RTMPS, API_VIDEO_RTMP]
    assert ingest.server.value() == API_VIDEO_RTMPS  # encrypted by default
    ingest.select_server("rtmp")
    assert ingest.server.value() == API_VIDEO_RTMP

    ingest.select_server("custom")
    assert not ingest.server.line.isReadOnly()
    assert ingest.target() is None and not ingest.url_problem.isHidden()
    ingest.server.line.setText("rtmp://ingest.example.com")
    ingest.server.line.editingFinished.emit()
    assert ingest.url_problem.text() == MISSING_APP
    ingest.server.line.setText("rtmp://ingest.example.com/live/")
    ingest.server.line.editingFinished.emit()
    assert ingest.url_problem.isHidden()
    target = ingest.target()
    assert target is not None and target[0] == "rtmp://ingest.example.com/live"

    # The choice and the custom URL are remembered for this project.
    prefs = LivePrefs.load(tmp_path / "data" / "live.toml")
    saved = next(iter(prefs.projects.values()))
    assert (saved.choice, saved.custom_url) == ("custom", "rtmp://ingest.example.com/live")
    run(scope.close())
    run(panel.monitor.aclose())


def test_player_theme_is_assigned_and_detached(
    panel: LivePanel, ui_client: ApiVideoClient, emulator: EmulatorServer, qtbot: Any, run: Any
) -> None:
    theme = run(ui_client.players.create(PlayerThemeCreationPayload(name="Brand orange")))
    stream = run(ui_client.live_streams.create("Themed"))
    panel.reload()
    qtbot.waitUntil(lambda: panel.detail.stream is not None)

    def stored_player() -> object:
        doc = emulator.store.get(emulator.project.id, "live_stream", stream.live_stream_id)
        return doc.get("playerId") if doc else "missing"

    def shown_player() -> str | None:
        return panel.detail.stream.player_id if panel.detail.stream else None

    edit = panel.open_edit()
    assert edit is not None
    qtbot.waitUntil(lambda: edit.player.findData(theme.player_id) >= 0)  # loaded off-thread
    edit.player.setCurrentIndex(edit.player.findData(theme.player_id))
    edit.submit()
    qtbot.waitUntil(lambda: stored_player() == theme.player_id)
    qtbot.waitUntil(lambda: shown_player() == theme.player_id)  # the answer reached the panel

    edit = panel.open_edit()
    assert edit is not None
    qtbot.waitUntil(lambda: edit.player.currentData() == theme.player_id)  # shows the current one
    edit.player.setCurrentIndex(0)  # "Default player"
    edit.submit()
    qtbot.waitUntil(lambda: stored_player() is None)


def test_list_dots_follow_other_streams(
    panel: LivePanel, ui_client: ApiVideoClient, emulator: EmulatorServer, qtbot: Any, run: Any
) -> None:
    first = run(ui_client.live_streams.create("Shown"))
    other = run(ui_client.live_streams.create("Elsewhere"))
    panel.reload()
    qtbot.waitUntil(lambda: len(panel.model.streams) == 2)
    assert panel.select_stream(first.live_stream_id)
    httpx.post(
        f"{emulator.url}/_emulator/live-streams/{other.live_stream_id}/broadcasting",
        json={"broadcasting": True},
    ).raise_for_status()
    panel.refresh_states()  # what the slow list poll does
    row = panel.model.row_of(other.live_stream_id)
    assert row is not None
    qtbot.waitUntil(lambda: panel.model.streams[row].broadcasting)
    assert panel.detail.stream is not None
    assert panel.detail.stream.live_stream_id == first.live_stream_id  # selection kept
