"""``MainWindow``: sidebar navigation, one page per section, and the status bar.

Pages are built the first time they are shown (a fast first paint), except that pages which talk
to the server wait for :meth:`MainWindow.set_ready` while the embedded demo server starts. The
window also runs the app-level flows: first-run sign-in, adding and switching projects, and
seeding the demo library in the background.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..services.projects import DEMO_ID, DEMO_NAME, AddedProject, SignInError
from .dialogs.onboarding import SignInDialog
from .panels.coming import UPCOMING, ComingPanel
from .panels.settings import SettingsPanel
from .sidebar import SECTIONS, Sidebar, app_icon
from .status_bar import ProjectEntry, StatusBar

if TYPE_CHECKING:
    from ..services.context import AppContext

log = logging.getLogger(__name__)

# Pages built only once the server answers (every page but the local ones).
NEEDS_SERVER = ("library", "uploads", "live", "players", "tokens", "analytics", "account")
# Where each section's real page lives; a section whose module is not there yet shows what is
# coming instead (see panels/coming.py).
PANELS: dict[str, tuple[str, str]] = {
    "library": ("studio.ui.panels.library", "LibraryPanel"),
    "uploads": ("studio.ui.panels.uploads", "UploadsPanel"),
    "live": ("studio.ui.panels.live", "LivePanel"),
    "players": ("studio.ui.panels.players", "PlayersPanel"),
    "tokens": ("studio.ui.panels.tokens", "UploadTokensPanel"),
    "analytics": ("studio.ui.panels.analytics", "AnalyticsPanel"),
    "account": ("studio.ui.panels.account", "AccountPanel"),
}
MESSAGE_MS = 8000


def optional(module: str, name: str) -> Any:
    """``module.name`` if that part of the app exists, else None (a broken one is logged)."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            log.exception("cannot import %s", module)
        return None
    except (ImportError, AttributeError):
        log.exception("cannot load %s.%s", module, name)
        return None


class PendingPage(QWidget):
    """Stands in for a page while it cannot be built yet (server starting, or not built)."""

    def __init__(self, headline: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.headline = QLabel(headline)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.body = QLabel(body)
        self.body.setWordWrap(True)
        self.body.setEnabled(False)
        for label in (self.headline, self.body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(3)


class MainWindow(QMainWindow):
    """The app's one window."""

    section_shown = Signal(str)
    first_painted = Signal()  # the window is on screen (start-up work waits for this)

    def __init__(
        self,
        context: AppContext,
        *,
        ready: bool = True,
        demo_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.demo_folder = demo_folder
        self.ready = ready
        self.pages: dict[str, QWidget] = {}
        self.sign_in_dialog: SignInDialog | None = None
        self.seeding = False
        self.setWindowTitle("api.video Studio")
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        self._painted = False
        self._build()
        self._menus()
        self.sidebar.installEventFilter(self)
        context.client_changed.connect(self._on_client_changed)
        context.rate_limit_changed.connect(self.status.set_rate_limit)
        self.refresh_projects()
        self.show_section("library")
        install_drop = optional("studio.ui.drop_target", "install_drop_target")
        if install_drop is not None and context.uploads is not None:
            install_drop(self, context)

    # ---- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = Sidebar()
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.sidebar.section_changed.connect(self.show_section)
        self.status.project_chosen.connect(self.switch_project)
        self.status.add_project_requested.connect(self.open_add_project)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.add_files_action = file_menu.addAction("Add &files to upload…")
        self.add_files_action.setShortcut(QKeySequence.StandardKey.Open)
        self.add_files_action.triggered.connect(self.add_files)
        file_menu.addAction("Add a &project…").triggered.connect(self.open_add_project)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)

        view_menu = self.menuBar().addMenu("&Go")
        self.section_actions: dict[str, QAction] = {}
        for number, (key, label) in enumerate(SECTIONS, start=1):
            action = view_menu.addAction(label)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            # Window-wide: the shortcut works whichever page has the focus.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, k=key: self.sidebar.select(k))
            self.section_actions[key] = action

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&About api.video Studio").triggered.connect(self._about)

    # ---- pages --------------------------------------------------------------------------------

    def show_section(self, key: str) -> None:
        """Show section ``key`` (building its page the first time)."""
        if self.sidebar.current_key != key:
            self.sidebar.select(key)  # comes back here through section_changed
            return
        self.stack.setCurrentWidget(self.page(key))
        self.section_shown.emit(key)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built if needed (tests and the screenshot script use it)."""
        page = self.pages.get(key)
        if page is None or (isinstance(page, PendingPage) and self.ready):
            page = self._make_page(key)
            old = self.pages.get(key)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def _make_page(self, key: str) -> QWidget:
        if key == "settings":
            panel = SettingsPanel(self.context)
            panel.add_project_requested.connect(self.open_add_project)
            return panel
        if key in NEEDS_SERVER and not self.ready:
            return PendingPage(
                "Starting the offline demo…", "The local api.video server is starting up."
            )
        if key == "uploads" and self.context.uploads is None:
            return PendingPage("Uploads are not available", "The upload queue did not start.")
        factory: Callable[[AppContext], QWidget] | None = optional(*PANELS[key])
        if factory is not None:
            return factory(self.context)
        if key in UPCOMING:
            return ComingPanel(UPCOMING[key])
        label = dict(SECTIONS)[key]
        return PendingPage(f"{label} is not built yet", "This page arrives in a later version.")

    def set_ready(self) -> None:
        """The server answers: build the pages that were waiting for it."""
        if self.ready:
            return
        self.ready = True
        for key in NEEDS_SERVER:
            if isinstance(self.pages.get(key), PendingPage):
                self.page(key)
        self.show_section(self.sidebar.current_key)

    # ---- project ------------------------------------------------------------------------------

    def refresh_projects(self) -> None:
        """Show the project in use and rebuild the project menu."""
        project = self.context.project
        self.setWindowTitle(f"{project.name} — api.video Studio")
        self.status.set_project(project)
        manager = self.context.projects
        if manager is None:
            entry = ProjectEntry("current", project.name, project.environment)
            self.status.set_projects([entry], "current")
            return
        entries = [ProjectEntry(DEMO_ID, DEMO_NAME, "demo")]
        entries += [ProjectEntry(p.id, p.name, p.environment) for p in manager.projects]
        if manager.active_id not in {e.id for e in entries}:  # a key from the environment
            entries.insert(0, ProjectEntry(manager.active_id, project.name, project.environment))
        self.status.set_projects(entries, manager.active_id)

    def _on_client_changed(self) -> None:
        self.refresh_projects()
        settings = self.pages.get("settings")
        if isinstance(settings, SettingsPanel):
            settings.refresh_projects()

    def switch_project(self, project_id: str) -> None:
        """Make ``project_id`` current (pages reload through ``client_changed``)."""
        manager = self.context.projects
        if manager is None or project_id == manager.active_id:
            return
        self.context.scope.start(self._switch(project_id), key="switch-project")

    async def _switch(self, project_id: str) -> None:
        manager = self.context.projects
        self.status.showMessage("Switching project…")
        try:
            active = await manager.activate(self.context, project_id)
        except SignInError as exc:
            self.status.clearMessage()
            self.refresh_projects()  # put the menu's check mark back
            self._warn("Cannot open this project", exc.message)
            return
        self.status.showMessage(f"Now working in “{active.name}”.", MESSAGE_MS)
        if project_id == DEMO_ID:
            self.seed_demo()

    def open_add_project(self) -> None:
        if self.context.projects is None:
            return
        self.open_sign_in(first_run=False)

    def open_sign_in(self, *, first_run: bool) -> SignInDialog:
        """Open the sign-in dialog (window-modal, with ``open()``: the loop keeps running)."""
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        dialog = SignInDialog(self.context, first_run=first_run, parent=self)
        dialog.demo_chosen.connect(self._demo_chosen)
        dialog.project_added.connect(self._project_added)
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: SignInDialog) -> None:
        if self.sign_in_dialog is dialog:
            self.sign_in_dialog = None
        dialog.deleteLater()

    def _demo_chosen(self) -> None:
        self._mark_onboarded()
        self.switch_project(DEMO_ID)

    def _project_added(self, added: AddedProject) -> None:
        self._mark_onboarded()
        self.refresh_projects()
        self.switch_project(added.project.id)
        if not added.key.persisted:
            self.status.showMessage(added.key.notice, MESSAGE_MS * 2)

    def _mark_onboarded(self) -> None:
        settings = self.context.settings
        if not settings.onboarded:
            settings.onboarded = True
            try:
                settings.save()
            except OSError as exc:
                log.warning("cannot save the settings: %s", exc)

    # ---- demo ---------------------------------------------------------------------------------

    def seed_demo(self) -> None:
        """Fill the demo library in the background (once; a marker makes re-runs no-ops)."""
        if self.demo_folder is None or self.seeding or self.context.project.environment != "demo":
            return
        from ..services.demo import DemoSeeder  # only the demo needs it (faster start-up)

        seeder = DemoSeeder(
            self.context.client,
            self.demo_folder,
            on_progress=self._seed_progress,
            on_video=lambda _vid: self.context.library_changed.emit(),
        )
        if seeder.seeded:
            return
        self.seeding = True
        self.context.scope.start(self._seed(seeder), key="demo-seed")

    def _seed_progress(self, progress: Any) -> None:
        self.status.show_progress(progress.done, progress.total, progress.message)

    async def _seed(self, seeder: Any) -> None:
        try:
            report = await seeder.seed()
        except Exception as exc:  # the demo stays usable; the next start tries again
            log.warning("demo seeding failed: %s", exc)
            self.status.showMessage(f"The demo library could not be prepared: {exc}", MESSAGE_MS)
            return
        finally:
            self.seeding = False
            self.status.hide_progress()
        text = "The demo library is ready."
        if report.notes:
            text += " " + " ".join(report.notes)
        self.status.showMessage(text, MESSAGE_MS * 2)

    # ---- actions ------------------------------------------------------------------------------

    def add_files(self) -> None:
        """File → Add files…: the upload panel's file picker."""
        self.sidebar.select("uploads")
        picker = getattr(self.pages.get("uploads"), "choose_files", None)
        if callable(picker):
            picker()

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _about(self) -> None:
        from .. import __version__

        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            "About api.video Studio",
            f"<b>api.video Studio</b> {__version__}<br>A desktop studio for api.video, "
            "with a local api.video emulator for offline work.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setIconPixmap(app_icon().pixmap(48, 48))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The sidebar is always on screen: its first paint is the window's first paint.
        if watched is self.sidebar and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.sidebar.removeEventFilter(self)
            # Queued: handlers run on the next loop turn, after this paint has reached the screen.
            QTimer.singleShot(0, self, self.first_painted.emit)  # dropped if the window is gone
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        super().closeEvent(event)
