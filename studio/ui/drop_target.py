"""Drop files or folders anywhere on the main window to queue them for upload.

Qt delivers a drag to the widget under the cursor (a list, a text field...), not to the window,
so the drop target watches drag events application-wide and takes those aimed at any widget of
its window that carry local files. Text drags are left alone. While files hover, an overlay says
what a drop will do; a drop shows the Uploads page and hands the paths to the upload queue,
which screens them off the UI thread and reports refusals itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from ..services.context import AppContext
from .notifications import Notifier, install_ready_notifications
from .widgets.drop_overlay import DropOverlay

# A drag moving between child widgets leaves one and enters the next: wait this long before
# hiding the overlay, so it does not flicker.
HIDE_DELAY_MS = 60

_DRAG_EVENTS = {
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.DragLeave,
    QEvent.Type.Drop,
}


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drag carries (remote URLs are ignored)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropTarget(QObject):
    """Makes ``window`` accept file drops; ``dropped(paths)`` after each accepted drop."""

    dropped = Signal(list)  # list[Path]

    def __init__(self, window: QWidget, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.overlay = DropOverlay(window)
        self.notifier: Notifier | None = None
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self.overlay.hide)
        window.setAcceptDrops(True)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _DRAG_EVENTS or not self._is_ours(watched):
            return False
        if event.type() == QEvent.Type.DragLeave:
            self._hide_timer.start()
            return False
        assert isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent)
        paths = local_paths(event.mimeData())
        if not paths:
            return False  # a text drag: the widget under the cursor handles it
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self._hide_timer.stop()
            self.overlay.hide()
            self.drop(paths)
        else:
            self._hide_timer.stop()
            if not self.overlay.isVisible():
                self.overlay.show_over()
        return True

    def _is_ours(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self.window

    def drop(self, paths: list[Path]) -> None:
        """Queue ``paths`` (as a drop does) and bring the Uploads page forward."""
        self.dropped.emit(paths)
        show_section = getattr(self.window, "show_section", None)
        if callable(show_section):
            show_section("uploads")
        queue = self.context.uploads
        if queue is not None:
            self.context.scope.start(queue.add_paths(paths))


def install_drop_target(window: QWidget, context: AppContext) -> DropTarget:
    """Accept drops anywhere on ``window`` for ``context.uploads``.

    This is the window-level hook of the upload feature, so it also installs the "ready to
    play" notifications (they must work even if the Uploads page was never opened).
    """
    target = DropTarget(window, context)
    if context.uploads is not None:
        target.notifier = install_ready_notifications(window, context)
    return target
