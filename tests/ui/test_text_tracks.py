"""Captions and chapters of one video against the emulator: upload (VTT, and SRT converted),
list with language names, default caption, delete with confirmation, cue previews, and local
refusals that send nothing and keep the user's choices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.dialogs.confirm import ConfirmDialog
from studio.ui.panels.text_track_section import TrackSection
from studio.ui.panels.text_tracks import TextTracksPanel, open_text_tracks

from .library_fixtures import collect_garbage_on_the_gui_thread, seed_videos
from .tracks_fixtures import RequestLog

__all__ = ["collect_garbage_on_the_gui_thread"]  # fixtures used by name

ENGLISH = """WEBVTT

1
00:00:00.500 --> 00:00:02.000
Hello and welcome.

2
00:00:02.500 --> 00:00:05.000
Today: <i>captions</i>.
"""
FRENCH = """WEBVTT

00:00:00.500 --> 00:00:02.000
Bonjour et bienvenue.
"""
BROKEN = """WEBVTT

00:00:00.500 --> 00:00:02.000
Fine so far.

00:00:03.000 -> 00:00:04.000
Wrong arrow.
"""
SRT = """1
00:00:01,000 --> 00:00:03,000
Hola & <font color="yellow">bienvenidos</font>

2
00:00:04,000 --> 00:00:06,500
Segunda línea
"""
CHAPTERS_VTT = """WEBVTT

00:00:00.000 --> 00:00:30.000
Introduction

00:00:30.000 --> 00:02:00.000
The details
"""


@pytest.fixture
def video_id(emulator: EmulatorServer) -> str:
    (vid,) = seed_videos(emulator, 1, prefix="Tracks ")
    return vid


@pytest.fixture
def panel(qtbot: QtBot, app_context: AppContext, video_id: str) -> Iterator[TextTracksPanel]:
    widget = TextTracksPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    widget.show_video(video_id, "Tracks test")
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    yield widget


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def idle(qtbot: QtBot, section: TrackSection) -> None:
    qtbot.waitUntil(lambda: not section.working and not section.loading, timeout=10_000)


def add(qtbot: QtBot, section: TrackSection, path: Path, language: str) -> None:
    """What a user does: choose the language and the file, then press Upload."""
    section.language.setEditText(language)
    section.set_file(path)
    idle(qtbot, section)
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)


def languages_shown(section: TrackSection) -> list[str]:
    return [row.language for row in section.tracks_model.rows]


def served(url: str) -> str:
    return httpx.get(url, timeout=10).text


# ---- captions --------------------------------------------------------------------------------


def test_captions_upload_list_default_and_delete(
    qtbot: QtBot,
    panel: TextTracksPanel,
    ui_client: ApiVideoClient,
    video_id: str,
    run: Any,
    tmp_path: Path,
) -> None:
    section = panel.captions
    assert section.empty_label.isVisible() and not section.list.isVisible()

    add(qtbot, section, write(tmp_path, "english.vtt", ENGLISH), "en")
    assert "Added the English captions (2 cues)" in section.message.text()
    add(qtbot, section, write(tmp_path, "french.vtt", FRENCH), "fr-ca")  # typed in lower case
    qtbot.waitUntil(lambda: len(section.tracks_model.rows) == 2, timeout=10_000)

    listed = {c.srclang: c for c in run(ui_client.captions.list(video_id).all())}
    assert set(listed) == {"en", "fr-CA"}
    assert served(listed["en"].src) == ENGLISH  # the bytes of the file, unchanged
    names = {row.language: row.display_name for row in section.tracks_model.rows}
    assert names["fr-CA"] == "French (Canada) — Français (Canada)"
    assert names["en"] == "English"
    assert panel.tabs.tabText(0) == "Captions (2)"

    # The uploaded language is selected and its cues come from the server's copy.
    selected = section.selected_row()
    assert selected is not None and selected.language == "fr-CA"
    qtbot.waitUntil(lambda: section.preview.cue_model.rowCount() == 1, timeout=10_000)
    assert section.preview.cue_model.cues[0].text == "Bonjour et bienvenue."

    section.select_language("en")
    qtbot.waitUntil(lambda: section.preview.cue_model.rowCount() == 2, timeout=10_000)
    preview = section.preview.cue_model
    assert preview.data(preview.index(1, 0)) == "00:00:02.500"
    assert preview.data(preview.index(1, 2)) == "Today: <i>captions</i>."

    # Default: the server records it and the list shows it first.
    section.select_language("fr-CA")
    assert section.default_button.isEnabled()
    qtbot.mouseClick(section.default_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    qtbot.waitUntil(lambda: section.tracks_model.rows[0].default, timeout=10_000)
    assert run(ui_client.captions.get(video_id, "fr-CA")).default
    assert section.tracks_model.rows[0].language == "fr-CA"
    model = section.tracks_model
    assert model.data(model.index(0, 2)) == "★ Default"
    assert not section.default_button.isEnabled()  # already the default

    # Delete asks first; cancelling keeps the track, confirming removes it.
    section.select_language("en")
    section.confirm_delete()
    dialog = section._confirm
    assert isinstance(dialog, ConfirmDialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    assert "en" in {c.srclang for c in run(ui_client.captions.list(video_id).all())}
    section.confirm_delete()
    dialog = section._confirm
    assert isinstance(dialog, ConfirmDialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    qtbot.waitUntil(lambda: languages_shown(section) == ["fr-CA"], timeout=10_000)
    assert [c.srclang for c in run(ui_client.captions.list(video_id).all())] == ["fr-CA"]
    assert panel.tabs.tabText(0) == "Captions (1)"


def test_invalid_vtt_is_refused_locally_with_line_and_column_and_nothing_is_sent(
    qtbot: QtBot,
    panel: TextTracksPanel,
    ui_client: ApiVideoClient,
    video_id: str,
    run: Any,
    tmp_path: Path,
) -> None:
    section = panel.captions
    requests = RequestLog(ui_client)
    broken = write(tmp_path, "broken.vtt", BROKEN)
    section.language.setEditText("de")
    section.set_file(broken)
    idle(qtbot, section)
    text = section.message.text()
    assert text.startswith("broken.vtt: Line 6, column 14:"), text
    assert "-->" in text
    assert section.message.property("error")

    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)  # tries anyway
    idle(qtbot, section)
    assert section.message.text().startswith("broken.vtt: Line 6, column 14:")
    assert requests.to("POST", "/captions/de") == []
    assert run(ui_client.captions.list(video_id).all()) == []
    # Nothing the user chose is lost: fix the file, press Upload again.
    assert section.file_edit.text() == str(broken) and section.language.tag() == "de"
    broken.write_text(BROKEN.replace(" -> ", " --> "))
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    qtbot.waitUntil(lambda: languages_shown(section) == ["de"], timeout=10_000)
    assert len(requests.to("POST", "/captions/de")) == 1


def test_a_language_is_required_and_a_server_refusal_keeps_the_form(
    qtbot: QtBot, panel: TextTracksPanel, tmp_path: Path
) -> None:
    section = panel.captions
    path = write(tmp_path, "english.vtt", ENGLISH)
    section.set_file(path)
    idle(qtbot, section)
    section.language.setEditText("Klingon, please")
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    assert "Choose a language first" in section.message.text()
    # Well formed but unknown to the API: the server's 400 is shown and the form stays.
    section.language.setEditText("qq")
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    assert section.message.property("error")
    assert "english.vtt was not uploaded" in section.message.text()
    assert section.file_edit.text() == str(path)


def test_srt_is_converted_and_accepted_by_the_server(
    qtbot: QtBot,
    panel: TextTracksPanel,
    ui_client: ApiVideoClient,
    video_id: str,
    run: Any,
    tmp_path: Path,
) -> None:
    section = panel.captions
    path = write(tmp_path, "spanish.srt", SRT, encoding="cp1252")
    section.language.setEditText("es")
    section.set_file(path)
    idle(qtbot, section)
    assert "converted from SRT (Windows-1252)" in section.message.text()
    assert section.preview_title.text() == "File: spanish.srt"
    assert section.preview.cue_model.rowCount() == 2
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    qtbot.waitUntil(lambda: languages_shown(section) == ["es"], timeout=10_000)
    caption = run(ui_client.captions.get(video_id, "es"))
    assert caption.language_name == "Español"
    text = served(caption.src)
    assert text.startswith("WEBVTT")
    assert "00:00:04.000 --> 00:00:06.500\nSegunda línea" in text
    assert "Hola &amp; bienvenidos" in text


def test_uploading_a_language_again_replaces_it(
    qtbot: QtBot,
    panel: TextTracksPanel,
    ui_client: ApiVideoClient,
    video_id: str,
    run: Any,
    tmp_path: Path,
) -> None:
    section = panel.captions
    add(qtbot, section, write(tmp_path, "one.vtt", FRENCH), "fr")
    qtbot.waitUntil(lambda: languages_shown(section) == ["fr"], timeout=10_000)
    section.language.setEditText("fr")
    section.set_file(write(tmp_path, "two.vtt", ENGLISH))
    idle(qtbot, section)
    assert section.upload_button.text() == "Replace"
    qtbot.mouseClick(section.upload_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    assert section.message.text().startswith("Replaced the French captions")
    (caption,) = run(ui_client.captions.list(video_id).all())
    assert served(caption.src) == ENGLISH


# ---- chapters --------------------------------------------------------------------------------


def test_chapters_upload_list_preview_and_delete(
    qtbot: QtBot,
    panel: TextTracksPanel,
    ui_client: ApiVideoClient,
    video_id: str,
    run: Any,
    tmp_path: Path,
) -> None:
    section = panel.chapters
    assert not section.default_button.isVisibleTo(section)  # chapters have no default
    assert section.tracks_model.columnCount() == 2

    broken = write(tmp_path, "chapters.vtt", CHAPTERS_VTT.replace("00:00:30.000 --> 00:02", "x"))
    requests = RequestLog(ui_client)
    section.language.setEditText("en")
    section.set_file(broken)
    idle(qtbot, section)
    assert section.message.text().startswith("chapters.vtt: Line 7, column 1:")
    assert requests.to("POST", "/chapters/en") == []

    add(qtbot, section, write(tmp_path, "chapters.vtt", CHAPTERS_VTT), "en")
    add(qtbot, section, write(tmp_path, "kapitel.srt", SRT), "de")
    qtbot.waitUntil(lambda: sorted(languages_shown(section)) == ["de", "en"], timeout=10_000)
    listed = {c.language: c for c in run(ui_client.chapters.list(video_id).all())}
    assert set(listed) == {"en", "de"}
    assert served(listed["en"].src) == CHAPTERS_VTT
    assert served(listed["de"].src).startswith("WEBVTT")
    assert panel.tabs.tabText(1) == "Chapters (2)"

    section.select_language("en")
    qtbot.waitUntil(lambda: section.preview.cue_model.rowCount() == 2, timeout=10_000)
    assert [c.text for c in section.preview.cue_model.cues] == ["Introduction", "The details"]

    section.confirm_delete()
    dialog = section._confirm
    assert isinstance(dialog, ConfirmDialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    idle(qtbot, section)
    qtbot.waitUntil(lambda: languages_shown(section) == ["de"], timeout=10_000)
    assert [c.language for c in run(ui_client.chapters.list(video_id).all())] == ["de"]
    assert run(ui_client.captions.list(video_id).all()) == []  # captions untouched


# ---- the window and the language picker ------------------------------------------------------


def test_the_window_opens_on_a_video_and_is_freed_when_closed(
    qtbot: QtBot, app_context: AppContext, video_id: str
) -> None:
    dialog = open_text_tracks(app_context, video_id, "My clip")
    qtbot.waitUntil(lambda: not dialog.panel.loading, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Captions and chapters — My clip"
    assert dialog.panel.captions.video_id == video_id
    destroyed: list[bool] = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    dialog.reject()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5_000)


def test_the_language_picker_finds_names_and_accepts_typed_tags(
    qtbot: QtBot, panel: TextTracksPanel
) -> None:
    combo = panel.captions.language
    combo.set_tag("pt-BR")
    assert combo.tag() == "pt-BR"
    assert combo.currentText() == "pt-BR — Portuguese (Brazil) — Português (Brasil)"
    combo.setEditText("DE-be")  # not in the list, but a well-formed tag
    assert combo.tag() == "de-BE"
    combo.setEditText("")
    assert combo.tag() is None
    completer = combo.completer()
    assert completer is not None
    completer.setCompletionPrefix("canada")
    found = [
        completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())
    ]
    assert any(text.startswith("fr-CA") for text in found)
    assert any(text.startswith("en-CA") for text in found)
    QApplication.processEvents()
