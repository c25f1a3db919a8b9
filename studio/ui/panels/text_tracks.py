"""``TextTracksPanel``: the captions and chapters of one video, in two tabs.

Each tab is a :class:`TrackSection` (list by language with names, preview of the cues,
add or replace from a ``.vtt`` or ``.srt`` checked locally first, delete with confirmation;
captions also have a default language). :func:`open_text_tracks` shows the panel in a
non-blocking window for a video's detail view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from .text_track_section import CAPTIONS, CHAPTERS, TrackSection

if TYPE_CHECKING:
    from ...services.context import AppContext

RELEASE_POLL_MS = 250


class TextTracksPanel(QWidget):
    """Captions and chapters of the video given to :meth:`show_video`."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.video_id: str | None = None
        self.heading = QLabel("Captions and chapters")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.subheading = QLabel(
            "WebVTT or SRT files, one per language. Files are checked before they are sent."
        )
        self.subheading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.captions = TrackSection(context, CAPTIONS)
        self.chapters = TrackSection(context, CHAPTERS)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._padded(self.captions), "Captions")
        self.tabs.addTab(self._padded(self.chapters), "Chapters")
        self.captions.tracks_changed.connect(lambda n: self._count(0, "Captions", n))
        self.chapters.tracks_changed.connect(lambda n: self._count(1, "Chapters", n))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(10)
        layout.addWidget(self.tabs, 1)
        context.client_changed.connect(lambda: self.show_video(None))

    @staticmethod
    def _padded(section: TrackSection) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(section)
        return page

    def _count(self, index: int, title: str, count: int) -> None:
        self.tabs.setTabText(index, f"{title} ({count})" if count else title)

    def show_video(self, video_id: str | None, title: str = "") -> None:
        """Show the tracks of ``video_id`` (None clears the panel)."""
        self.video_id = video_id
        self.heading.setText(
            f"Captions and chapters — {title}" if title else "Captions and chapters"
        )
        self.captions.show_video(video_id)
        self.chapters.show_video(video_id)

    @property
    def loading(self) -> bool:
        return self.captions.loading or self.chapters.loading


class TextTracksDialog(QDialog):
    """A window around a :class:`TextTracksPanel`, freed once closed and idle."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = TextTracksPanel(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.resize(1100, 720)

    def done(self, result: int) -> None:
        super().done(result)
        self._release_when_idle()

    def _release_when_idle(self) -> None:
        # An upload or delete in flight still reports to the panel: wait for it to finish.
        if self.panel.captions.working or self.panel.chapters.working:
            QTimer.singleShot(RELEASE_POLL_MS, self._release_when_idle)
        else:
            self.deleteLater()


def open_text_tracks(
    context: AppContext, video_id: str, title: str = "", parent: QWidget | None = None
) -> TextTracksDialog:
    """Show the captions and chapters of a video in a window; returns it at once (``open()``)."""
    dialog = TextTracksDialog(context, parent)
    dialog.setWindowTitle(f"Captions and chapters — {title}" if title else "Captions and chapters")
    dialog.open()
    dialog.panel.show_video(video_id, title)
    return dialog
