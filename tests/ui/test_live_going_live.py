"""Going live from the Live panel: OBS handoff, broadcast state, complete, thumbnail, recordings."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import ApiVideoClient
from studio.api.models import LiveStream
from studio.emulator.live_delivery import PLAYLIST, hls_dir, thumbnail_path
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.live_monitor import LiveVerdict
from studio.services.obs_process import obs_is_running
from studio.ui.panels.live import LivePanel
from tests.services.obs_server import FakeObs

EMULATOR_RTMP = "rtmp://127.0.0.1:19350/s"


@pytest.fixture
def stream(ui_client: ApiVideoClient, emulator: EmulatorServer, run: Any) -> LiveStream:
    for doc in list(emulator.store.list(emulator.project.id, "live_stream")):
        emulator.store.delete(emulator.project.id, "live_stream", doc["liveStreamId"])
    created: LiveStream = run(ui_client.live_streams.create("Launch day"))
    return created


@pytest.fixture
def panel(app_context: AppContext, stream: LiveStream, qtbot: Any, run: Any) -> Iterator[LivePanel]:
    app_context.rtmp_url = EMULATOR_RTMP
    widget = LivePanel(app_context)
    qtbot.addWidget(widget)
    widget.monitor.interval_s = 0.1
    widget.monitor.api_interval_s = 0
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitUntil(lambda: widget.detail.stream is not None)
    monitor, handoff = widget.monitor, widget.handoff  # the widget itself is closed by qtbot
    yield widget
    run(monitor.aclose())
    run(handoff.disconnect())


@pytest.fixture
def fake_obs(run: Any) -> Iterator[FakeObs]:
    """The in-test obs-websocket server, on the app's (qasync) loop."""
    fake = FakeObs(password="let-me-in")
    run(fake.__aenter__())
    yield fake
    run(fake.__aexit__(None, None, None))


def set_broadcasting(emulator: EmulatorServer, live_id: str, on: bool) -> None:
    httpx.post(
        f"{emulator.url}/_emulator/live-streams/{live_id}/broadcasting", json={"broadcasting": on}
    ).raise_for_status()


def test_obs_handoff_from_the_panel(
    panel: LivePanel, stream: LiveStream, fake_obs: FakeObs, qtbot: Any
) -> None:
    card = panel.detail.obs
    card.host.setText("127.0.0.1")
    card.port.setValue(fake_obs.port)

    card.password.setText("not-it")
    card.connect_button.click()
    qtbot.waitUntil(lambda: "refused the password" in card.message.text())
    assert not panel.handoff.connected and card.badge.text == "Not connected"

    card.password.setText("let-me-in")
    card.connect_button.click()
    qtbot.waitUntil(lambda: panel.handoff.connected)
    qtbot.waitUntil(lambda: "Twitch" in card.destination.text())
    assert card.password.text() == ""  # kept by the secret store, not in the widget

    card.start_after.setChecked(True)
    assert card.send_button.isEnabled()
    card.send_button.click()
    qtbot.waitUntil(lambda: fake_obs.streaming)
    assert fake_obs.service_type == "rtmp_custom"
    assert fake_obs.service_settings["server"] == EMULATOR_RTMP
    assert fake_obs.service_settings["key"] == stream.stream_key
    # The monitor shows OBS's output in the card and in "am I live?".
    fake_obs.bytes_sent, fake_obs.duration_ms, fake_obs.total_frames = 10**6, 4000, 240
    qtbot.waitUntil(lambda: card.stat_values["Output"].text().startswith("Streaming"))
    qtbot.waitUntil(lambda: panel.detail.status.witnesses["OBS"].text().startswith("Streaming"))
    qtbot.waitUntil(lambda: card.stat_values["Dropped frames"].text().startswith("0 of 240"))
    assert card.badge.text == "Streaming"

    card.restore_button.click()
    qtbot.waitUntil(lambda: fake_obs.service_type == "rtmp_common")
    assert not fake_obs.streaming and fake_obs.service_settings["key"] == "live_users_own"
    qtbot.waitUntil(lambda: "back to Twitch" in card.message.text())

    card.connect_button.click()  # disconnect
    qtbot.waitUntil(lambda: not panel.handoff.connected)
    # The password was kept (session or keyring): connecting again needs no typing.
    card.connect_button.click()
    qtbot.waitUntil(lambda: panel.handoff.connected)


def test_obs_refusal_while_streaming_offers_to_stop(
    panel: LivePanel, fake_obs: FakeObs, qtbot: Any
) -> None:
    card = panel.detail.obs
    card.host.setText("127.0.0.1")
    card.port.setValue(fake_obs.port)
    card.password.setText("let-me-in")
    card.connect_button.click()
    qtbot.waitUntil(lambda: panel.handoff.connected)
    fake_obs.streaming = True  # streaming somewhere else already
    card.send()  # as if clicked before the monitor noticed
    qtbot.waitUntil(lambda: "streaming right now" in card.message.text())
    assert card.stop_button.isEnabled()
    assert fake_obs.service_type == "rtmp_common"
    card.stop_button.click()
    qtbot.waitUntil(lambda: not fake_obs.streaming)


def test_obs_absent_is_said_plainly(panel: LivePanel, qtbot: Any) -> None:
    if obs_is_running():
        pytest.skip("a real OBS runs on this machine")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    card = panel.detail.obs
    card.host.setText("127.0.0.1")
    card.port.setValue(port)
    card.connect_button.click()
    qtbot.waitUntil(lambda: "OBS is not running" in card.message.text())
    assert not card.send_button.isEnabled()


def test_broadcast_indicator_and_complete(
    panel: LivePanel, stream: LiveStream, emulator: EmulatorServer, qtbot: Any
) -> None:
    detail = panel.detail
    assert detail.badge.text == "Offline" and not detail.complete_button.isEnabled()
    set_broadcasting(emulator, stream.live_stream_id, True)
    qtbot.waitUntil(lambda: detail.badge.text == "Live")
    qtbot.waitUntil(lambda: panel.model.streams[0].broadcasting)
    qtbot.waitUntil(lambda: detail.status.report is not None)
    assert detail.status.report is not None
    assert detail.status.report.verdict is LiveVerdict.WARMING_UP
    assert detail.status.countdown_label.text().startswith("Playback expected in 0:")
    assert detail.complete_button.isEnabled()

    dialog = panel.ask_complete()
    assert dialog is not None and dialog.isVisible()
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: detail.badge.text == "Offline")
    doc = emulator.store.get(emulator.project.id, "live_stream", stream.live_stream_id)
    assert doc is not None and doc["broadcasting"] is False
    qtbot.waitUntil(
        lambda: (
            detail.status.report is not None and detail.status.report.verdict is LiveVerdict.ENDED
        )
    )


def test_preview_plays_when_live_without_crashing(
    panel: LivePanel, stream: LiveStream, emulator: EmulatorServer, qtbot: Any
) -> None:
    folder = hls_dir(emulator.store, emulator.project.id, stream.live_stream_id)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    (folder / PLAYLIST).write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXT-X-PROGRAM-DATE-TIME:{stamp}\n#EXTINF:2.0,\nseg0.ts\n"
    )
    set_broadcasting(emulator, stream.live_stream_id, True)
    preview = panel.detail.preview
    qtbot.waitUntil(lambda: preview.source != "" or bool(preview.unavailable))
    if preview.source:
        assert stream.live_stream_id in preview.source
    set_broadcasting(emulator, stream.live_stream_id, False)
    qtbot.waitUntil(lambda: preview.source == "")
    assert preview.stack.currentWidget() is preview.placeholder


def test_thumbnail_upload_any_image_then_remove(
    panel: LivePanel, stream: LiveStream, emulator: EmulatorServer, qtbot: Any, tmp_path: Path
) -> None:
    card = panel.detail.thumbnail
    bmp = tmp_path / "cover.bmp"  # not a format the API takes: converted to JPEG first
    Image.new("RGB", (640, 360), (30, 120, 200)).save(bmp)
    stored = thumbnail_path(emulator.store, emulator.project.id, stream.live_stream_id)
    card.upload_file(str(bmp))
    qtbot.waitUntil(lambda: card.message.text() == "Thumbnail updated.")
    with Image.open(stored) as saved:
        assert saved.format == "JPEG" and saved.size == (640, 360)

    junk = tmp_path / "notes.png"
    junk.write_text("not an image")
    card.upload_file(str(junk))
    qtbot.waitUntil(lambda: "cannot be read as an image" in card.message.text())

    card.remove_button.click()
    qtbot.waitUntil(lambda: card.message.text() == "Thumbnail removed.")
    assert not stored.exists()


def test_recordings_are_the_videos_of_the_stream(
    panel: LivePanel,
    stream: LiveStream,
    ui_client: ApiVideoClient,
    emulator: EmulatorServer,
    qtbot: Any,
    run: Any,
) -> None:
    recorded = run(ui_client.videos.create("Launch day — recording"))
    run(ui_client.videos.create("Unrelated video"))
    doc = emulator.store.get(emulator.project.id, "video", recorded.video_id)
    assert doc is not None
    doc["source"] = {**(doc.get("source") or {}), "type": "upload"}
    doc["source"]["liveStream"] = {
        "liveStreamId": stream.live_stream_id,
        "links": [{"rel": "self", "uri": f"/live-streams/{stream.live_stream_id}"}],
    }
    emulator.store.put(emulator.project.id, "video", recorded.video_id, doc)
    card = panel.detail.recordings
    card.refresh_button.click()
    qtbot.waitUntil(lambda: len(card.videos) == 1)
    assert card.videos[0].video_id == recorded.video_id
    assert card.list.item(0).text().startswith("Launch day — recording")
    assert card.empty.isHidden()
