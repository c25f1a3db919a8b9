"""The thumbnail picker against the emulator: frame stepping, the exact timecode sent, the frame
the emulator grabbed, image uploads converted to JPEG, refusals, and the degraded mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from studio.api.models import Video
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.thumbnails import version_of
from studio.ui.dialogs.thumbnail_picker import ThumbnailPicker, open_thumbnail_picker

from ..emulator.media_samples import needs_ffmpeg
from .library_fixtures import collect_garbage_on_the_gui_thread, library_context, seed_videos
from .tracks_fixtures import (
    RequestLog,
    dominant_colour,
    encode_clip,
    encoded_video,
    image_file,
    red_then_blue_mp4,
    thumbnail_bytes,
    video_document,
)

__all__ = ["collect_garbage_on_the_gui_thread", "library_context"]  # fixtures used by name

pytestmark = needs_ffmpeg


@pytest.fixture(scope="module")
def clip_video(emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    clip = red_then_blue_mp4(tmp_path_factory.mktemp("clip") / "red-blue.mp4")
    return encoded_video(emulator, clip, "Red then blue")


def open_picker(
    qtbot: QtBot, context: AppContext, video_id: str, *, play_media: bool = True
) -> ThumbnailPicker:
    picker = open_thumbnail_picker(context, video_id, play_media=play_media)
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: picker.loaded, timeout=10_000)
    return picker


@pytest.fixture
def picker(qtbot: QtBot, library_context: AppContext, clip_video: str) -> Iterator[ThumbnailPicker]:
    yield open_picker(qtbot, library_context, clip_video)  # pytest-qt closes it afterwards


def wait_done(qtbot: QtBot, picker: ThumbnailPicker) -> None:
    qtbot.waitUntil(lambda: not picker.busy, timeout=15_000)


def centre_colour(picker: ThumbnailPicker) -> str:
    image = picker.view.image
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    if colour.red() > 150 and colour.blue() < 90:
        return "red"
    if colour.blue() > 150 and colour.red() < 90:
        return "blue"
    return "other"


def press(qtbot: QtBot, picker: ThumbnailPicker, key: Qt.Key, times: int = 1, **kw: Any) -> None:
    for _ in range(times):
        qtbot.keyClick(picker.view, key, **kw)


# ---- picking a frame -------------------------------------------------------------------------


def test_stepping_frames_and_using_one_sends_its_exact_timecode(
    qtbot: QtBot, picker: ThumbnailPicker, emulator: EmulatorServer, clip_video: str
) -> None:
    assert picker.scrubber.clock.framerate == 25  # from the encoder's metadata
    if picker.player.unavailable:
        pytest.skip(f"no QtMultimedia playback here: {picker.player.unavailable}")
    qtbot.waitUntil(lambda: not picker.view.image.isNull(), timeout=10_000)
    assert centre_colour(picker) == "red"  # the first frame

    press(qtbot, picker, Qt.Key.Key_Right, 50)  # 50 frames at 25 fps: two seconds in
    assert picker.scrubber.timecode == "00:00:02.000"
    assert picker.scrubber.frame_label.text().startswith("Frame 51 of 100")
    qtbot.waitUntil(lambda: centre_colour(picker) == "blue", timeout=5_000)  # what is shown

    before = thumbnail_bytes(emulator, clip_video)
    changed: list[Video] = []
    picker.thumbnail_changed.connect(changed.append)
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, picker)

    assert video_document(emulator, clip_video)["_thumbnailTimecode"] == "00:00:02.000"
    after = thumbnail_bytes(emulator, clip_video)
    assert after != before
    assert dominant_colour(after) == "blue"  # the emulator grabbed the frame that was shown
    assert changed and changed[0].video_id == clip_video
    assert "00:00:02.000" in picker.message.text()

    press(qtbot, picker, Qt.Key.Key_Left, 1)  # the last red frame
    assert picker.scrubber.timecode == "00:00:01.960"
    qtbot.waitUntil(lambda: centre_colour(picker) == "red", timeout=5_000)
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, picker)
    assert video_document(emulator, clip_video)["_thumbnailTimecode"] == "00:00:01.960"
    assert dominant_colour(thumbnail_bytes(emulator, clip_video)) == "red"


def test_keys_slider_and_typed_timecodes_move_the_position(
    qtbot: QtBot, picker: ThumbnailPicker
) -> None:
    scrubber = picker.scrubber
    press(qtbot, picker, Qt.Key.Key_Right, 1, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert scrubber.timecode == "00:00:01.000"  # Shift+→: one second
    press(qtbot, picker, Qt.Key.Key_End)
    assert scrubber.timecode == "00:00:03.960"  # the last frame starts 40 ms before 4 s
    press(qtbot, picker, Qt.Key.Key_Right)
    assert scrubber.timecode == "00:00:03.960"  # never past the end
    press(qtbot, picker, Qt.Key.Key_Home)
    assert scrubber.timecode == "00:00:00.000"
    scrubber.slider.setValue(75)  # what dragging does
    assert scrubber.timecode == "00:00:03.000"

    qtbot.keyClicks(picker.timecode_edit, "00:00:01.234")
    qtbot.keyClick(picker.timecode_edit, Qt.Key.Key_Return)
    assert scrubber.timecode == "00:00:01.234"  # typed: kept to the millisecond
    assert scrubber.slider.value() == 30  # shown as the frame containing it
    assert picker.isVisible()  # Enter jumped; it did not press a button

    picker.timecode_edit.clear()
    qtbot.keyClicks(picker.timecode_edit, "soon")
    qtbot.keyClick(picker.timecode_edit, Qt.Key.Key_Return)
    assert scrubber.timecode == "00:00:01.234"
    assert "not a timecode" in picker.message.text()


def test_playing_moves_the_position_and_pausing_names_the_frame_on_screen(
    qtbot: QtBot, picker: ThumbnailPicker
) -> None:
    if picker.player.unavailable:
        pytest.skip(f"no QtMultimedia playback here: {picker.player.unavailable}")
    qtbot.waitUntil(lambda: not picker.view.image.isNull(), timeout=10_000)
    press(qtbot, picker, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: picker.player.playing, timeout=5_000)
    qtbot.waitUntil(lambda: picker.scrubber.position >= 400, timeout=5_000)
    press(qtbot, picker, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not picker.player.playing, timeout=5_000)
    assert picker.scrubber.play_button.toolTip() == "Play (Space)"
    # Paused on a frame: the timecode is that frame's start (25 fps: a multiple of 40 ms).
    assert picker.scrubber.position == picker.player.last_frame_ms
    assert picker.scrubber.position % 40 == 0 and picker.scrubber.position > 0


def test_without_playback_a_typed_timecode_still_picks_the_frame(
    qtbot: QtBot, library_context: AppContext, emulator: EmulatorServer, clip_video: str
) -> None:
    picker = open_picker(qtbot, library_context, clip_video, play_media=False)
    assert "turned off" in picker.view.message and "type a timecode" in picker.view.message
    assert picker.view.image.isNull()
    assert not picker.scrubber.play_button.isEnabled()
    qtbot.keyClicks(picker.timecode_edit, "3.2")
    qtbot.keyClick(picker.timecode_edit, Qt.Key.Key_Return)
    press(qtbot, picker, Qt.Key.Key_Left)  # stepping works without pictures too
    assert picker.scrubber.timecode == "00:00:03.160"
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, picker)
    assert video_document(emulator, clip_video)["_thumbnailTimecode"] == "00:00:03.160"
    assert dominant_colour(thumbnail_bytes(emulator, clip_video)) == "blue"


def test_a_video_without_mp4_is_previewed_from_its_hls(
    qtbot: QtBot,
    library_context: AppContext,
    emulator: EmulatorServer,
    tmp_path: Path,
    run: Any,
) -> None:
    clip = red_then_blue_mp4(tmp_path / "hls-only.mp4")
    video_id = run(
        encode_clip(library_context.client, clip, "HLS only", mp4_support=False), timeout=60
    )
    picker = open_picker(qtbot, library_context, video_id)
    assert picker.player.source.endswith(".m3u8")
    assert "HLS" in picker.subheading.text()
    if picker.player.unavailable:
        pytest.skip(f"no QtMultimedia playback here: {picker.player.unavailable}")
    qtbot.waitUntil(lambda: not picker.view.image.isNull(), timeout=10_000)
    press(qtbot, picker, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: centre_colour(picker) == "blue", timeout=5_000)
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, picker)
    assert video_document(emulator, video_id)["_thumbnailTimecode"] == "00:00:03.960"


def test_a_video_without_a_source_takes_a_timecode_for_later(
    qtbot: QtBot, library_context: AppContext, emulator: EmulatorServer
) -> None:
    (video_id,) = seed_videos(emulator, 1, prefix="Empty ")
    picker = open_picker(qtbot, library_context, video_id)
    assert "no playable source yet" in picker.view.message
    assert not picker.scrubber.slider.isEnabled()
    qtbot.keyClicks(picker.timecode_edit, "00:00:05.500")
    qtbot.keyClick(picker.timecode_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, picker)
    assert video_document(emulator, video_id)["_thumbnailTimecode"] == "00:00:05.500"
    assert not picker.message.property("error")


# ---- uploading an image ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "suffix", "fill", "colour"),
    [("PNG", "png", "lime", "green"), ("WEBP", "webp", "white", "white")],
)
def test_an_uploaded_image_becomes_the_jpeg_thumbnail(
    qtbot: QtBot,
    library_context: AppContext,
    emulator: EmulatorServer,
    clip_video: str,
    tmp_path: Path,
    fmt: str,
    suffix: str,
    fill: str,
    colour: str,
) -> None:
    picker = open_picker(qtbot, library_context, clip_video, play_media=False)
    requests = RequestLog(library_context.client)
    path = image_file(tmp_path / f"cover.{suffix}", fill, fmt, size=(2560, 1440))
    picker.upload_image(path)
    wait_done(qtbot, picker)
    assert requests.to("POST", "/thumbnail")
    served = thumbnail_bytes(emulator, clip_video)
    assert served[:3] == b"\xff\xd8\xff"  # a JPEG
    assert dominant_colour(served) == colour
    text = picker.message.text()
    assert f"Converted from {fmt} to JPEG" in text
    assert "scaled down from 2560×1440" in text  # noqa: RUF001


def test_an_unreadable_image_is_refused_and_nothing_is_sent(
    qtbot: QtBot,
    library_context: AppContext,
    emulator: EmulatorServer,
    clip_video: str,
    tmp_path: Path,
) -> None:
    picker = open_picker(qtbot, library_context, clip_video, play_media=False)
    before = thumbnail_bytes(emulator, clip_video)
    updated_before = video_document(emulator, clip_video)["updatedAt"]
    requests = RequestLog(library_context.client)
    fake = tmp_path / "holiday.png"
    fake.write_text("not really a picture")
    picker.upload_image(fake)
    wait_done(qtbot, picker)
    assert picker.message.property("error")
    assert "holiday.png was not used" in picker.message.text()
    assert "not an image" in picker.message.text()
    assert requests.sent == []
    assert thumbnail_bytes(emulator, clip_video) == before
    assert video_document(emulator, clip_video)["updatedAt"] == updated_before
    assert picker.use_button.isEnabled() and picker.upload_button.isEnabled()


# ---- the library sees the change -------------------------------------------------------------


def test_the_cached_thumbnail_is_replaced_without_a_restart(
    qtbot: QtBot,
    library_context: AppContext,
    emulator: EmulatorServer,
    clip_video: str,
    tmp_path: Path,
    run: Any,
) -> None:
    cache = library_context.thumbnails
    video = run(library_context.client.videos.get(clip_video))
    size = QSize(160, 90)

    def cached_colour(v: Video) -> str | None:
        assert v.assets is not None
        pixmap = cache.pixmap(v.video_id, version_of(v.updated_at), v.assets.thumbnail, size)
        if pixmap is None:
            return None
        image = pixmap.toImage()
        c = image.pixelColor(image.width() // 2, image.height() // 2)
        return "green" if c.green() > 150 and c.red() < 90 else "not green"

    qtbot.waitUntil(lambda: cached_colour(video) is not None, timeout=10_000)
    assert cached_colour(video) == "not green"

    ready: list[str] = []
    cache.thumbnail_ready.connect(ready.append)
    picker = open_picker(qtbot, library_context, clip_video, play_media=False)
    changed: list[Video] = []
    picker.thumbnail_changed.connect(changed.append)
    picker.upload_image(image_file(tmp_path / "green.png", "lime", "PNG"))
    wait_done(qtbot, picker)
    assert clip_video in ready  # views listening to the cache repaint
    assert changed
    # Both the old row (same updatedAt) and the updated video now get the new image.
    qtbot.waitUntil(lambda: cached_colour(changed[0]) == "green", timeout=10_000)
    qtbot.waitUntil(lambda: cached_colour(video) == "green", timeout=10_000)
    qtbot.waitUntil(
        lambda: picker.current.pixmap() is not None and not picker.current.pixmap().isNull()
    )
