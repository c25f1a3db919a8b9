"""``SignInDialog``: first-run choice (offline demo or your project) and "Add a project…".

The key is checked with ``POST /auth/api-key`` through the client before anything is saved; a
wrong key or an unreachable server gets a sentence under the form, never an exception. When the
key cannot go to the OS keyring the dialog says so and waits for the user to acknowledge it.
Open it with ``open()``: the check runs on the app's loop while the dialog is up.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services.projects import AddedProject, SignInError, base_url_for
from ..sidebar import app_icon

if TYPE_CHECKING:
    from ...services.context import AppContext

ENVIRONMENT_CHOICES = (
    ("sandbox", "Sandbox"),
    ("production", "Production"),
    ("custom", "Custom server"),
)


class SignInDialog(QDialog):
    """Choose the demo or connect a project with an API key."""

    demo_chosen = Signal()
    project_added = Signal(object)  # AddedProject

    def __init__(self, context: AppContext, *, first_run: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.first_run = first_run
        self.added: AddedProject | None = None
        self._task: asyncio.Task[None] | None = None
        self.setWindowTitle("Welcome to api.video Studio" if first_run else "Add a project")
        self.setModal(True)
        self.setMinimumWidth(520)
        self._build()
        self._environment_changed()

    # ---- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(16)

        header = QHBoxLayout()
        header.setSpacing(14)
        logo = QLabel()
        icon = app_icon()
        if not icon.isNull():
            logo.setPixmap(icon.pixmap(QSize(44, 44)))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        title = QLabel("Welcome to api.video Studio" if self.first_run else "Add a project")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        heading.addWidget(title)
        subtitle = QLabel(
            "Browse your library, upload without babysitting, go live."
            if self.first_run
            else "Connect another api.video project; switch between them from the status bar."
        )
        subtitle.setWordWrap(True)
        heading.addWidget(subtitle)
        header.addLayout(heading, 1)
        layout.addLayout(header)

        if self.first_run:
            demo, demo_layout = _card()
            demo_title = QLabel("<b>Try the demo</b> — offline")
            demo_text = QLabel(
                "A sample library served by a local api.video emulator on this computer. "
                "No account and no network needed; nothing leaves your machine."
            )
            demo_text.setWordWrap(True)
            self.demo_button = QPushButton("Use the demo")
            self.demo_button.clicked.connect(self._choose_demo)
            row = QHBoxLayout()
            row.addWidget(demo_text, 1)
            row.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignVCenter)
            demo_layout.addWidget(demo_title)
            demo_layout.addLayout(row)
            layout.addWidget(demo)

        connect, connect_layout = _card()
        connect_layout.addWidget(QLabel("<b>Connect your project</b>"))
        hint = QLabel(
            "Use an API key from the api.video dashboard. It is checked now, then kept in your "
            "system keyring — never in a settings file."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        connect_layout.addWidget(hint)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.name = QLineEdit()
        self.name.setPlaceholderText("My project (optional)")
        form.addRow("Name", self.name)

        environments = QHBoxLayout()
        self.environment_group = QButtonGroup(self)
        self.environment_buttons: dict[str, QRadioButton] = {}
        for key, label in ENVIRONMENT_CHOICES:
            button = QRadioButton(label)
            button.setProperty("environment", key)
            self.environment_group.addButton(button)
            self.environment_buttons[key] = button
            environments.addWidget(button)
        environments.addStretch(1)
        self.environment_buttons["sandbox"].setChecked(True)
        self.environment_group.buttonToggled.connect(self._environment_changed)
        form.addRow("Environment", environments)

        self.url = QLineEdit()
        self.url.setPlaceholderText("https://api.example.com")
        form.addRow("Server URL", self.url)
        self._url_label = form.labelForField(self.url)

        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText("Paste your API key")
        show = QAction("Show", self.key)
        show.setCheckable(True)
        show.setToolTip("Show the key")
        show.toggled.connect(
            lambda on: self.key.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.key.addAction(show, QLineEdit.ActionPosition.TrailingPosition)
        form.addRow("API key", self.key)
        connect_layout.addLayout(form)

        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(
            "#signInMessage { border-left: 3px solid palette(highlight); padding: 6px 10px;"
            " background: palette(alternate-base); }"
        )
        self.message.setVisible(False)
        connect_layout.addWidget(self.message)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(4)
        self.busy.setVisible(False)
        connect_layout.addWidget(self.busy)
        layout.addWidget(connect)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Later" if self.first_run else "Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._on_connect_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.connect_button)
        layout.addLayout(buttons)

        close = QAction(self)
        close.setShortcut(QKeySequence.StandardKey.Cancel)
        close.triggered.connect(self.reject)
        self.addAction(close)

    # ---- state --------------------------------------------------------------------------------

    @property
    def environment(self) -> str:
        button = self.environment_group.checkedButton()
        return str(button.property("environment")) if button is not None else "sandbox"

    def _environment_changed(self, *_args: object) -> None:
        custom = self.environment == "custom"
        self.url.setVisible(custom)
        if self._url_label is not None:
            self._url_label.setVisible(custom)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.name, self.url, self.key, self.connect_button):
            widget.setEnabled(not busy)
        for button in self.environment_buttons.values():
            button.setEnabled(not busy)
        if self.first_run:
            self.demo_button.setEnabled(not busy)

    # ---- actions ------------------------------------------------------------------------------

    def _choose_demo(self) -> None:
        self.demo_chosen.emit()
        self.accept()

    def _on_connect_button(self) -> None:
        if self.added is not None:  # the key was kept for the session: "Continue"
            self.accept()
            return
        self.start_connect()

    def start_connect(self) -> None:
        """Check the key on the app's loop (the dialog stays responsive)."""
        try:
            base_url_for(self.environment, self.url.text())
        except SignInError as exc:
            self.show_message(exc.message)
            self.url.setFocus()
            return
        self.show_message("")
        self._set_busy(True)
        self._task = self._context.scope.start(self._connect(), key="sign-in")

    async def _connect(self) -> None:
        manager = self._context.projects
        try:
            added = await manager.add(
                self.name.text(), self.environment, self.key.text(), self.url.text()
            )
        except SignInError as exc:
            self._set_busy(False)
            self.show_message(exc.message)
            (self.url if exc.field == "url" else self.key).setFocus()
            return
        self._set_busy(False)
        self.added = added
        self.project_added.emit(added)
        if added.key.persisted:
            self.accept()
            return
        # Explicit, visible fallback: the key lives in memory only, and the user is told.
        self.show_message(f"Connected to “{added.project.name}”. {added.key.notice}")
        for widget in (self.name, self.url, self.key):
            widget.setEnabled(False)
        self.connect_button.setText("Continue")
        self.cancel_button.setVisible(False)

    def reject(self) -> None:
        # Closing while a check runs abandons it (nothing is saved before the key is accepted).
        if self._task is not None and not self._task.done() and self.added is None:
            self._task.cancel()
        self._set_busy(False)
        super().reject()


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("signInCard")
    frame.setStyleSheet(
        "#signInCard { background: palette(base); border: 1px solid palette(mid);"
        " border-radius: 10px; }"
    )
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(8)
    return frame, layout
