"""``SettingsPanel``: edit the preferences (saved as you go) and the saved projects."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services.projects import DEMO_ID
from ...services.settings import LIMITS, THEMES
from ..status_bar import ENVIRONMENT_LABELS
from ..theme import apply_theme

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # coalesce spin-box clicks into one write
THEME_LABELS = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


class SettingsPanel(QWidget):
    """Uploads, appearance, cache and projects; every change is saved within half a second."""

    add_project_requested = Signal()
    saved = Signal()  # the settings file was written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._build()
        self.load_values()
        self.refresh_projects()

    # ---- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(18)

        title = QLabel("Settings")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)

        uploads, form = _section(
            "Uploads",
            "Bigger parts mean fewer requests; smaller ones re-send less after an interruption.",
        )
        self.chunk_size = _spin("chunk_size_mib", " MiB")
        self.parts_in_flight = _spin("parts_in_flight")
        self.parallel_files = _spin("parallel_files")
        form.addRow(_label("Part size"), self.chunk_size)
        form.addRow(_label("Parts in flight per file"), self.parts_in_flight)
        form.addRow(_label("Files uploaded in parallel"), self.parallel_files)
        column.addWidget(uploads)

        appearance, form = _section("Appearance", "")
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(THEME_LABELS[theme], theme)
        self.theme.setMinimumWidth(220)
        form.addRow(_label("Theme"), self.theme)
        column.addWidget(appearance)

        cache, form = _section(
            "Cache", "Thumbnails are kept on disk so the library opens fast, up to this size."
        )
        self.cache_size = _spin("cache_size_mib", " MiB", step=64)
        form.addRow(_label("Thumbnail cache"), self.cache_size)
        column.addWidget(cache)

        projects, form = _section("Projects", "")
        self.keyring_status = QLabel()
        self.keyring_status.setWordWrap(True)
        form.addRow(self.keyring_status)
        self.projects = QListWidget()
        self.projects.setMinimumWidth(560)
        self.projects.currentRowChanged.connect(self._update_project_buttons)
        form.addRow(self.projects)
        buttons = QHBoxLayout()
        self.add_project = QPushButton("Add a project…")
        self.add_project.clicked.connect(self.add_project_requested.emit)
        self.remove_project = QPushButton("Remove")
        self.remove_project.clicked.connect(self.remove_selected_project)
        buttons.addWidget(self.add_project)
        buttons.addWidget(self.remove_project)
        buttons.addStretch(1)
        form.addRow(buttons)
        column.addWidget(projects)

        self.status = QLabel()
        self.status.setEnabled(False)
        column.addWidget(self.status)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        for spin in (self.chunk_size, self.parts_in_flight, self.parallel_files, self.cache_size):
            spin.valueChanged.connect(self._changed)
        self.theme.currentIndexChanged.connect(self._theme_changed)

    # ---- values -------------------------------------------------------------------------------

    def load_values(self) -> None:
        """Show ``context.settings`` (without saving anything back)."""
        settings = self._context.settings
        widgets = (self.chunk_size, self.parts_in_flight, self.parallel_files, self.cache_size)
        for widget in (*widgets, self.theme):
            widget.blockSignals(True)
        self.chunk_size.setValue(settings.chunk_size_mib)
        self.parts_in_flight.setValue(settings.parts_in_flight)
        self.parallel_files.setValue(settings.parallel_files)
        self.cache_size.setValue(settings.cache_size_mib)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        for widget in (*widgets, self.theme):
            widget.blockSignals(False)

    def _changed(self) -> None:
        settings = self._context.settings
        settings.chunk_size_mib = self.chunk_size.value()
        settings.parts_in_flight = self.parts_in_flight.value()
        settings.parallel_files = self.parallel_files.value()
        settings.cache_size_mib = self.cache_size.value()
        settings.theme = str(self.theme.currentData())
        self.status.setText("Saving…")
        self._save_timer.start()

    def _theme_changed(self) -> None:
        self._changed()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self._context.settings.theme)

    def save_now(self) -> None:
        """Write the settings (off the UI thread) and tell the services."""
        self._save_timer.stop()
        self._context.scope.start(self._save(), key="settings-save")

    async def _save(self) -> None:
        try:
            await asyncio.to_thread(self._context.settings.save)
        except OSError as exc:
            self.status.setText(f"The settings could not be saved: {exc}")
            return
        self.status.setText("Saved.")
        self._context.settings_changed.emit()
        self.saved.emit()

    # ---- projects -----------------------------------------------------------------------------

    def refresh_projects(self) -> None:
        """List the saved projects and say where their keys are kept."""
        manager = self._context.projects
        self.projects.clear()
        if manager is None:
            self.keyring_status.setText("Projects are managed from the status bar.")
            self._update_project_buttons()
            return
        problem = manager.secrets.backend_problem()
        self.keyring_status.setText(
            "API keys are stored in your system keyring."
            if problem is None
            else f"API keys cannot be saved: {problem}. They are kept for the session only."
        )
        for project in manager.projects:
            where = ENVIRONMENT_LABELS.get(project.environment, project.environment)
            item = QListWidgetItem(f"{project.name} — {where} ({project.base_url})")
            item.setData(Qt.ItemDataRole.UserRole, project.id)
            if project.id == manager.active_id:
                item.setText(item.text() + "  · in use")
            self.projects.addItem(item)
        if not manager.projects:
            item = QListWidgetItem("No saved project yet: the app runs the offline demo.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.projects.addItem(item)
        rows = min(5, max(1, self.projects.count()))
        self.projects.setFixedHeight(rows * self.projects.sizeHintForRow(0) + 8)
        self._update_project_buttons()

    def _selected_project(self) -> str | None:
        item = self.projects.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def _update_project_buttons(self, *_args: object) -> None:
        manager = self._context.projects
        selected = self._selected_project()
        self.add_project.setEnabled(manager is not None)
        self.remove_project.setEnabled(
            manager is not None and selected is not None and selected != manager.active_id
        )
        self.remove_project.setToolTip(
            "Switch to another project to remove this one."
            if manager is not None and selected == manager.active_id
            else "Forget this project and delete its key from the keyring."
        )

    def remove_selected_project(self) -> None:
        project_id = self._selected_project()
        if project_id is None or project_id == DEMO_ID:
            return
        self._context.scope.start(self._remove(project_id), key="settings-remove-project")

    async def _remove(self, project_id: str) -> None:
        manager = self._context.projects
        try:
            await manager.remove(project_id)
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Project removed.")
        self.refresh_projects()


def _section(title: str, hint: str) -> tuple[QFrame, QFormLayout]:
    frame = QFrame()
    frame.setObjectName("settingsSection")
    frame.setStyleSheet(
        # Alternate-base, not base: the input fields (base) must stand out from the card.
        "#settingsSection { background: palette(alternate-base); border: 1px solid palette(mid);"
        " border-radius: 10px; }"
    )
    frame.setMaximumWidth(720)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 14, 20, 16)
    heading = QLabel(f"<b>{title}</b>")
    layout.addWidget(heading)
    if hint:
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setHorizontalSpacing(24)
    layout.addLayout(form)
    return frame, form


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setMinimumWidth(200)  # one label column across the sections
    return label


def _spin(name: str, suffix: str = "", step: int = 1) -> QSpinBox:
    low, high = LIMITS[name]
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setMinimumWidth(120)
    spin.setObjectName(name)
    return spin
