"""``StatusBar``: project switcher, environment, rate-limit headroom and background progress."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QProgressBar,
    QStatusBar,
    QToolButton,
    QWidget,
)

from ..api import RateLimitState
from ..services.context import ActiveProject

ENVIRONMENT_LABELS = {
    "production": "Production",
    "sandbox": "Sandbox",
    "custom": "Custom server",
    "demo": "Demo · offline",
}
LOW_HEADROOM = 0.1  # below this share of the budget the headroom is shown as a warning


@dataclass(frozen=True)
class ProjectEntry:
    """One row of the project menu."""

    id: str
    name: str
    environment: str


class StatusBar(QStatusBar):
    """The window's bottom line; the project menu drives switching."""

    project_chosen = Signal(str)  # project id
    add_project_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)

        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setFixedWidth(140)
        self.progress.setFixedHeight(12)
        self.progress.setTextVisible(False)
        self.addWidget(self.progress_label)
        self.addWidget(self.progress)
        self.hide_progress()

        self.rate_limit = QLabel("API headroom —")
        self.rate_limit.setToolTip("Requests left in the current rate-limit window")
        self.environment = QLabel()
        self.environment.setObjectName("environmentBadge")
        self.project_button = QToolButton()
        self.project_button.setObjectName("projectButton")
        self.project_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.project_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.project_button.setAutoRaise(True)
        self.project_button.setToolTip("Switch project")
        self.project_menu = QMenu(self.project_button)
        self.project_button.setMenu(self.project_menu)
        for widget in (self.rate_limit, self.environment, self.project_button):
            self.addPermanentWidget(widget)
        self._environment = ""
        self.setStyleSheet(
            "QStatusBar { border-top: 1px solid palette(mid); }"
            "QStatusBar::item { border: none; }"
            "#projectButton { font-weight: 600; padding: 2px 8px; }"
            # The text ends with its own arrow; Qt's indicator would draw a second one.
            "#projectButton::menu-indicator { image: none; width: 0; }"
        )
        self._restyle()

    # ---- project ------------------------------------------------------------------------------

    def set_project(self, project: ActiveProject) -> None:
        """Show the project in use and its environment."""
        self.project_button.setText(f"{project.name}  ▾")
        self.project_button.setToolTip(f"{project.name} — {project.base_url}\nSwitch project")
        self._environment = project.environment
        self.environment.setText(ENVIRONMENT_LABELS.get(project.environment, project.environment))
        self.environment.setToolTip(project.base_url)
        self.rate_limit.setText("API headroom —")
        self._restyle()

    def set_projects(self, entries: list[ProjectEntry], current: str) -> None:
        """Rebuild the project menu: every project (current checked), then "Add a project…"."""
        self.project_menu.clear()
        group = QActionGroup(self.project_menu)
        for entry in entries:
            label = entry.name
            if entry.environment in ("production", "sandbox"):
                label = f"{entry.name}  ({ENVIRONMENT_LABELS[entry.environment]})"
            action = QAction(label, self.project_menu, checkable=True)
            action.setChecked(entry.id == current)
            action.setData(entry.id)
            action.triggered.connect(lambda _=False, pid=entry.id: self.project_chosen.emit(pid))
            group.addAction(action)
            self.project_menu.addAction(action)
        self.project_menu.addSeparator()
        add = self.project_menu.addAction("Add a project…")
        add.triggered.connect(self.add_project_requested.emit)

    # ---- rate limit ---------------------------------------------------------------------------

    def set_rate_limit(self, state: RateLimitState) -> None:
        """Show how many requests the current window still allows."""
        # Called for every response (thousands while the library scrolls): touch the widgets
        # only when what they show changes, so the status bar never re-lays itself out for nothing.
        if state.remaining is None:
            return
        budget = f" ({state.category})" if state.category else ""
        text = (
            f"API headroom {state.remaining}/{state.limit}{budget}"
            if state.limit
            else f"API headroom {state.remaining}{budget}"
        )
        if text != self.rate_limit.text():
            self.rate_limit.setText(text)
            resets = (
                f"; the window resets in {int(state.retry_after)} s" if state.retry_after else ""
            )
            kind = f"{state.category} " if state.category else ""
            self.rate_limit.setToolTip(
                f"{state.remaining} {kind}requests left in this rate-limit window{resets}.\n"
                "api.video counts reads, writes and uploads apart; this is the budget closest "
                "to running out."
            )
        low = bool(state.limit) and state.remaining < LOW_HEADROOM * (state.limit or 1)
        if low != self.rate_limit.font().bold():
            font = self.rate_limit.font()
            font.setBold(low)
            self.rate_limit.setFont(font)

    # ---- background work ----------------------------------------------------------------------

    def show_progress(self, done: int, total: int, message: str) -> None:
        """Show a labelled progress bar (demo seeding and other long background jobs)."""
        self.progress_label.setText(message)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress_label.setVisible(True)
        self.progress.setVisible(True)

    def hide_progress(self) -> None:
        self.progress_label.setVisible(False)
        self.progress.setVisible(False)

    # ---- look ---------------------------------------------------------------------------------

    def _restyle(self) -> None:
        # Production gets the accent: changes there reach real viewers.
        strong = self._environment == "production"
        background = "palette(highlight)" if strong else "palette(midlight)"
        colour = "palette(highlighted-text)" if strong else "palette(window-text)"
        self.environment.setStyleSheet(
            f"#environmentBadge {{ background: {background}; color: {colour}; "
            "border-radius: 8px; padding: 1px 9px; margin: 2px 4px; }"
        )
