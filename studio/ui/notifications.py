"""Telling the user an upload is playable: a tray notification, or a toast in the window.

``QSystemTrayIcon`` is used where the platform has a tray that shows messages; elsewhere (and
offscreen) the message appears as a :class:`~studio.ui.widgets.toast.Toast` in the window.
Either way :attr:`Notifier.shown` reports what was shown and where.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from ..services.context import AppContext
from .widgets.toast import Toast

TRAY = "tray"
IN_APP = "in-app"


def tray_usable() -> bool:
    """A system tray that can show balloon messages exists."""
    return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()


class Notifier(QObject):
    """Shows short notifications for a window; ``shown(channel, title, message)`` after each."""

    shown = Signal(str, str, str)

    def __init__(self, window: QWidget, *, use_tray: bool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.use_tray = tray_usable() if use_tray is None else use_tray
        self.tray: QSystemTrayIcon | None = None
        self.toast: Toast | None = None

    def notify(self, title: str, message: str) -> None:
        if self.use_tray:
            tray = self._tray()
            tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 6000)
            self.shown.emit(TRAY, title, message)
            return
        if self.toast is None:
            self.toast = Toast(self.window)
        self.toast.show_message(title, message)
        self.shown.emit(IN_APP, title, message)

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            icon = self.window.windowIcon()
            if icon.isNull():
                icon = QIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("api.video Studio")
            # A click on the message brings the window back.
            self.tray.messageClicked.connect(self._raise_window)
            self.tray.show()
        return self.tray

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()


def install_ready_notifications(
    window: QWidget, context: AppContext, *, use_tray: bool | None = None
) -> Notifier:
    """Notify when an upload of ``context.uploads`` becomes playable; returns the notifier."""
    notifier = Notifier(window, use_tray=use_tray)
    queue = context.uploads

    def ready(video_id: str) -> None:
        item = queue.find_video(video_id)
        title = item.details.title if item is not None else video_id
        notifier.notify(f"“{title}” is ready to play", "Uploaded and encoded by api.video.")

    queue.video_ready.connect(ready)
    return notifier
