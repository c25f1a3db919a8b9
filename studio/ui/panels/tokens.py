"""``UploadTokensPanel``: delegated-upload tokens: create (with or without a lifetime), list and
sort, copy the token or its upload URL, revoke; and upload files with a token from the queue.

A token lets someone upload to the project without the API key (``POST /upload?token=``). The
list counts expiring tokens down every second; expired ones are greyed and say so.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.models import UploadToken
from ..dialogs.confirm import ConfirmDialog, ask_confirmation
from ..widgets.live_copy_field import CopyField
from ..widgets.message_page import MessagePage
from .tokens_model import (
    MAX_TTL,
    SORT_FIELDS,
    TTL_UNITS,
    TokenColumn,
    UploadTokensModel,
    created_text,
    expiry_text,
    is_expired,
    lifetime_text,
    upload_url,
)


def curl_command(url: str) -> str:
    """A ready-to-run upload of one file through the token."""
    return f'curl -F "file=@my-video.mp4" "{url}"'


if TYPE_CHECKING:
    from ...services.context import AppContext

TICK_MS = 1000
NOTICE_MS = 6000
SIDE_WIDTH = 400
CARD_STYLE = (
    "QFrame#tokensCard { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 10px; }"
)


def queue_takes_tokens(queue: Any) -> bool:
    """True when the upload queue can send files with a token (``add_paths(..., token=)``)."""
    add_paths = getattr(queue, "add_paths", None)
    if add_paths is None:
        return False
    try:
        return "token" in inspect.signature(add_paths).parameters
    except (TypeError, ValueError):
        return False


def _card() -> QFrame:
    card = QFrame()
    card.setObjectName("tokensCard")
    card.setStyleSheet(CARD_STYLE)
    return card


def _heading(text: str, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class UploadTokensPanel(QWidget):
    """The Upload tokens page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = UploadTokensModel(context, self)
        self.confirm_dialog: ConfirmDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._select_after_load: str | None = None
        self.creating = False
        self._build()
        self._connect()
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self.refresh()

    # The countdowns tick only while the page is on screen.
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tick()
        self._ticker.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)

    @property
    def loading(self) -> bool:
        return self.model.loading

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        title = _heading("Upload tokens", 1.35)
        intro = QLabel(
            "Let someone upload videos to this project without your API key. "
            "Share a token's upload URL; revoke the token when you are done."
        )
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # New token: never expires, or expires after a duration.
        self.never_radio = QRadioButton("Never expires")
        self.expires_radio = QRadioButton("Expires after")
        self.ttl_choice = QButtonGroup(self)
        self.ttl_choice.addButton(self.never_radio)
        self.ttl_choice.addButton(self.expires_radio)
        self.never_radio.setChecked(True)
        self.ttl_amount = QSpinBox()
        self.ttl_amount.setRange(1, 999)
        self.ttl_amount.setValue(24)
        self.ttl_unit = QComboBox()
        for label, seconds in TTL_UNITS:
            self.ttl_unit.addItem(label, seconds)
        self.ttl_unit.setCurrentIndex(1)  # hours
        self.create_button = QPushButton("Create token")
        self.create_button.setDefault(True)
        create_row = QHBoxLayout()
        create_row.setSpacing(10)
        create_row.addWidget(_heading("New token"))
        create_row.addSpacing(8)
        create_row.addWidget(self.never_radio)
        create_row.addSpacing(6)
        create_row.addWidget(self.expires_radio)
        create_row.addWidget(self.ttl_amount)
        create_row.addWidget(self.ttl_unit)
        create_row.addStretch(1)
        create_row.addWidget(self.create_button)
        create_card = _card()
        create_card.setLayout(create_row)
        create_row.setContentsMargins(14, 10, 14, 10)
        self._on_ttl_mode()

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))

        # The list.
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TokenColumn.TOKEN, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (TokenColumn.CREATED, 160),
            (TokenColumn.LIFETIME, 120),
            (TokenColumn.EXPIRES, 130),
        ):
            header.resizeSection(column, width)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        self._show_sort_indicator()
        self.message = MessagePage()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.message)
        list_card = _card()
        list_layout = QVBoxLayout(list_card)
        list_layout.setContentsMargins(1, 1, 1, 1)
        list_layout.addWidget(self.list_stack)

        self.side = self._build_side()

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(list_card, 1)
        body.addWidget(self.side)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(create_card)
        layout.addWidget(self.notice)
        layout.addLayout(body, 1)

        for key in ("F5", QKeySequence.StandardKey.Refresh):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.refresh)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.confirm_delete)

    def _build_side(self) -> QFrame:
        side = _card()
        side.setFixedWidth(SIDE_WIDTH)
        self.side_title = _heading("No token selected", 1.1)
        self.side_status = QLabel()
        self.side_status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.token_field = CopyField()
        self.url_field = CopyField()
        self.token_field.copy_button.setToolTip("Copy the token")
        self.url_field.copy_button.setToolTip("Copy the upload URL")
        self.created_label = QLabel("—")
        self.lifetime_label = QLabel("—")
        self.expires_label = QLabel("—")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow("Token", self.token_field)
        form.addRow("Upload URL", self.url_field)
        self.curl_field = CopyField()
        self.curl_field.copy_button.setToolTip("Copy the command")
        form.addRow("Command", self.curl_field)
        form.addRow("Created", self.created_label)
        form.addRow("Lifetime", self.lifetime_label)
        form.addRow("Expires", self.expires_label)
        self.url_hint = QLabel(
            "Send a file to the upload URL as multipart form data (field “file”), no API key "
            "needed: each upload creates a new video titled with the file name."
        )
        self.url_hint.setWordWrap(True)
        self.url_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.upload_button = QPushButton("Upload with this token…")
        self.upload_button.setVisible(queue_takes_tokens(self._context.uploads))
        self.delete_button = QPushButton("Delete token")
        self.delete_button.setToolTip("Revoke the token: uploads with it are refused from now on")
        buttons = QHBoxLayout()
        buttons.addWidget(self.upload_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.side_title)
        layout.addWidget(self.side_status)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.url_hint)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show_token(None)
        return side

    def _connect(self) -> None:
        self.never_radio.toggled.connect(lambda _on: self._on_ttl_mode())
        self.ttl_unit.currentIndexChanged.connect(lambda _i: self._on_ttl_mode())
        self.create_button.clicked.connect(self.create_token)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self._on_failed)
        self.model.modelReset.connect(lambda: self._show_token(None))
        self.message.action_clicked.connect(self.refresh)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.upload_button.clicked.connect(self.choose_files)
        self._context.client_changed.connect(self.refresh)

    # ---- list --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the tokens again (F5)."""
        self.model.reload()

    def _on_loaded(self) -> None:
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.message.show_message(
                "No upload tokens yet",
                "Create one above, then share its upload URL with whoever sends you videos.",
            )
            self.list_stack.setCurrentWidget(self.message)
        wanted, self._select_after_load = self._select_after_load, None
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self.select_row(row)

    def _on_failed(self, text: str) -> None:
        self.message.show_message("The tokens could not be loaded", text, "Retry")
        self.list_stack.setCurrentWidget(self.message)

    def _on_header_clicked(self, section: int) -> None:
        field = SORT_FIELDS.get(TokenColumn(section))
        if field is None:
            self._show_sort_indicator()  # the token text and countdown are not sortable
            return
        if field == self.model.sort_by:
            order = "asc" if self.model.sort_order == "desc" else "desc"
        else:
            order = "desc"
        self.sort_by(field, order)

    def sort_by(self, field: str, order: str) -> None:
        """Sort by ``createdAt`` or ``ttl`` (on the server)."""
        self.model.set_sort(field, order)
        self._show_sort_indicator()

    def _show_sort_indicator(self) -> None:
        column = next(c for c, f in SORT_FIELDS.items() if f == self.model.sort_by)
        order = (
            Qt.SortOrder.AscendingOrder
            if self.model.sort_order == "asc"
            else Qt.SortOrder.DescendingOrder
        )
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _tick(self) -> None:
        self.model.tick()
        self._show_token(self.selected_token())

    def select_row(self, row: int) -> None:
        """Select a row (keyboard and tests)."""
        self.table.selectRow(row)

    def selected_token(self) -> UploadToken | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.token(rows[0].row()) if rows else None

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_token(self.selected_token())

    def _show_token(self, token: UploadToken | None) -> None:
        has = token is not None
        fields = (self.token_field, self.url_field, self.curl_field)
        for widget in (*fields, self.delete_button, self.upload_button):
            widget.setEnabled(has)
        if token is None:
            self.side_title.setText("No token selected")
            self.side_status.setText("Select a token to copy it or its upload URL.")
            for field in fields:
                field.set_value("")
            for label in (self.created_label, self.lifetime_label, self.expires_label):
                label.setText("—")
            return
        now = self.model.now()
        expired = is_expired(token, now)
        self.side_title.setText("Expired token" if expired else "Upload token")
        self.side_status.setText(
            "Uploads with it are refused. Delete it, or create a new one."
            if expired
            else "Anyone with this token can upload videos to the project."
        )
        if self.token_field.value() != token.token:
            self.token_field.set_value(token.token)
            url = upload_url(self._context.client.base_url, token.token)
            self.url_field.set_value(url)
            self.curl_field.set_value(curl_command(url))
        self.created_label.setText(created_text(token.created_at))
        self.lifetime_label.setText(lifetime_text(token.ttl))
        countdown = expiry_text(token, now)
        if token.expires_at is not None and not expired:
            countdown = f"{countdown} ({created_text(token.expires_at)})"
        self.expires_label.setText(countdown)
        self.upload_button.setEnabled(not expired)

    # ---- creating ----------------------------------------------------------------------------

    def _on_ttl_mode(self) -> None:
        timed = self.expires_radio.isChecked()
        self.ttl_amount.setEnabled(timed)
        self.ttl_unit.setEnabled(timed)
        unit = int(self.ttl_unit.currentData() or 1)
        self.ttl_amount.setMaximum(min(MAX_TTL // unit, 99_999))

    def ttl(self) -> int:
        """The lifetime chosen in the form, in seconds (0: never expires)."""
        if self.never_radio.isChecked():
            return 0
        return min(MAX_TTL, self.ttl_amount.value() * int(self.ttl_unit.currentData()))

    def create_token(self) -> None:
        """Create a token with the chosen lifetime, then select it."""
        if self.creating:
            return
        self.creating = True
        self.create_button.setEnabled(False)
        self._context.scope.start(self._create(self.ttl()), key=f"tokens-create-{id(self)}")

    async def _create(self, ttl: int) -> None:
        try:
            token = await self._context.client.upload_tokens.create(ttl=ttl)
        except (ApiError, TransportError) as exc:
            self.show_notice(f"The token could not be created: {_message(exc)}")
            return
        finally:
            self.creating = False
            self.create_button.setEnabled(True)
        self._select_after_load = token.token
        self.show_notice(
            f"Token created ({lifetime_text(ttl).lower()}). Copy its upload URL on the right."
        )
        self.refresh()

    # ---- deleting ----------------------------------------------------------------------------

    def confirm_delete(self) -> None:
        """Ask, then revoke the selected token (the Delete key)."""
        token = self.selected_token()
        if token is None:
            return
        self.confirm_dialog = ask_confirmation(
            self,
            title="Delete upload token",
            text=f"Delete the token {token.token}?",
            detail="Uploads with it are refused from now on. Videos already uploaded stay.",
            confirm_text="Delete token",
        )
        self.confirm_dialog.confirmed.connect(lambda: self._start_delete(token.token))
        self.confirm_dialog.finished.connect(self._forget_dialog)

    def _forget_dialog(self) -> None:
        self.confirm_dialog = None

    def _start_delete(self, token: str) -> None:
        self._context.scope.start(self._delete(token))

    async def _delete(self, token: str) -> None:
        try:
            await self._context.client.upload_tokens.delete(token)
        except ApiError as exc:
            if exc.status != 404:  # already gone: same outcome
                self.show_notice(f"The token could not be deleted: {exc.message}")
                return
        except TransportError as exc:
            self.show_notice(f"The token could not be deleted: {exc}")
            return
        self.model.remove(token)
        self._on_loaded()
        self.show_notice("Token deleted. Uploads with it are refused from now on.")

    # ---- uploading with a token --------------------------------------------------------------

    def choose_files(self) -> None:
        """Pick files to upload through the selected token (window-modal, non-blocking)."""
        token = self.selected_token()
        if token is None or not queue_takes_tokens(self._context.uploads):
            return
        dialog = QFileDialog(self, "Upload with this token")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter("Videos (*.mp4 *.mov *.mkv *.webm *.avi *.m4v *.mpg *.ts);;All (*)")
        dialog.filesSelected.connect(lambda paths: self.upload_files(paths, token.token))
        dialog.finished.connect(lambda _r: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def upload_files(self, paths: list[str], token: str) -> None:
        """Queue ``paths`` for a delegated upload with ``token``."""
        queue = self._context.uploads
        if not paths or not queue_takes_tokens(queue):
            return
        self._context.scope.start(self._queue_files([Path(p) for p in paths], token))

    async def _queue_files(self, paths: list[Path], token: str) -> None:
        refusals = await self._context.uploads.add_paths(paths, token=token)
        self.show_notice(queued_text(max(0, len(paths) - len(refusals)), refusals))

    # ---- notices -----------------------------------------------------------------------------

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(True)
        self._notice_timer.start(NOTICE_MS)


def queued_text(added: int, refusals: list[Any]) -> str:
    """What became of the chosen files: how many were queued, and why others were not."""
    text = f"{added} file{'s' if added != 1 else ''} added to the upload queue."
    if refusals:
        reasons = "; ".join(f"{r.path.name}: {r.reason}" for r in refusals[:3])
        more = f" (and {len(refusals) - 3} more)" if len(refusals) > 3 else ""
        text += f" Not added: {reasons}{more}."
    return text


def _message(error: BaseException) -> str:
    return error.message if isinstance(error, ApiError) else str(error)
