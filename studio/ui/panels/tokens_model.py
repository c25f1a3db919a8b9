"""``UploadTokensModel``: the project's upload tokens as a table, sorted by the server.

Also the texts the tokens panel shows: a token's lifetime (``7 days``), its countdown
(``in 1 h 59 min`` or ``Expired``) and its ready-to-use upload URL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ...api import ApiError, TransportError
from ...api.models import UploadToken

if TYPE_CHECKING:
    from ...services.context import AppContext

Index = QModelIndex | QPersistentModelIndex

MINUTE = 60
HOUR = 3600
DAY = 86400
# Units offered for a token's lifetime: (label, seconds).
TTL_UNITS: tuple[tuple[str, int], ...] = (("minutes", MINUTE), ("hours", HOUR), ("days", DAY))
MAX_TTL = 2147483647  # the API's limit (contract 3.3)


class TokenColumn(IntEnum):
    TOKEN = 0
    CREATED = 1
    LIFETIME = 2
    EXPIRES = 3


HEADERS = {
    TokenColumn.TOKEN: "Token",
    TokenColumn.CREATED: "Created",
    TokenColumn.LIFETIME: "Lifetime",
    TokenColumn.EXPIRES: "Expires",
}
# Header columns the server can sort by.
SORT_FIELDS = {TokenColumn.CREATED: "createdAt", TokenColumn.LIFETIME: "ttl"}


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def lifetime_text(ttl: int) -> str:
    """``Never expires``, ``45 minutes``, ``2 hours``, ``7 days``, ``1 h 30 min``."""
    if ttl <= 0:
        return "Never expires"
    for unit, seconds in (("day", DAY), ("hour", HOUR), ("minute", MINUTE), ("second", 1)):
        if ttl % seconds == 0:
            return _plural(ttl // seconds, unit)
    return span_text(ttl)


def span_text(seconds: float) -> str:
    """A short duration, two units at most: ``6 d 23 h``, ``1 h 05 min``, ``4 min 10 s``."""
    whole = max(0, int(seconds))
    days, rest = divmod(whole, DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, secs = divmod(rest, MINUTE)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def is_expired(token: UploadToken, now: datetime) -> bool:
    return token.expires_at is not None and token.expires_at <= now


def expiry_text(token: UploadToken, now: datetime) -> str:
    """``Never``, ``Expired`` or a countdown (``in 1 h 59 min``)."""
    if token.expires_at is None:
        return "Never"
    remaining = (token.expires_at - now).total_seconds()
    return "Expired" if remaining <= 0 else f"in {span_text(remaining)}"


def upload_url(base_url: str, token: str) -> str:
    """Where a delegated upload goes: ``{base}/upload?token=...`` (contract 3.3 U5)."""
    return f"{base_url.rstrip('/')}/upload?token={token}"


def created_text(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%b %Y, %H:%M')}"


class UploadTokensModel(QAbstractTableModel):
    """Every token of the project, in the server's sort order."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.tokens: list[UploadToken] = []
        self.sort_by = "createdAt"
        self.sort_order = "desc"
        self.loading = False
        self.error = ""
        self.now = lambda: datetime.now(UTC)

    # ---- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.tokens)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TokenColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.tokens):
            return None
        token = self.tokens[index.row()]
        column = TokenColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(token, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is TokenColumn.EXPIRES and token.expires_at is not None:
                return f"{created_text(token.expires_at)} (your time)"
            return self._text(token, column)
        if role == Qt.ItemDataRole.FontRole and column is TokenColumn.TOKEN:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ForegroundRole and is_expired(token, self.now()):
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.UserRole:
            return token
        return None

    def _text(self, token: UploadToken, column: TokenColumn) -> str:
        if column is TokenColumn.TOKEN:
            return token.token
        if column is TokenColumn.CREATED:
            return created_text(token.created_at)
        if column is TokenColumn.LIFETIME:
            return lifetime_text(token.ttl)
        return expiry_text(token, self.now())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[TokenColumn(section)]
        return None

    # ---- content ------------------------------------------------------------------------------

    def token(self, row: int) -> UploadToken | None:
        return self.tokens[row] if 0 <= row < len(self.tokens) else None

    def row_of(self, token: str) -> int | None:
        return next((i for i, t in enumerate(self.tokens) if t.token == token), None)

    def tick(self) -> None:
        """Countdowns moved on: repaint the Expires column (and greying of expired rows)."""
        if self.tokens:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.tokens) - 1, len(TokenColumn) - 1)
            )

    def set_sort(self, sort_by: str, sort_order: str) -> None:
        """Ask the server for another order."""
        self.sort_by, self.sort_order = sort_by, sort_order
        self.reload()

    def reload(self) -> None:
        self.loading = True
        self._context.scope.start(self._load(), key=f"tokens-{id(self)}")

    async def _load(self) -> None:
        listing = self._context.client.upload_tokens.list(
            sort_by=self.sort_by, sort_order=self.sort_order, page_size=100
        )
        try:
            tokens = await listing.all()
        except (ApiError, TransportError) as exc:
            self.loading = False
            self.error = exc.message if isinstance(exc, ApiError) else str(exc)
            self.failed.emit(self.error)
            return
        self.beginResetModel()
        self.tokens = tokens
        self.endResetModel()
        self.loading = False
        self.error = ""
        self.loaded.emit()

    def remove(self, token: str) -> None:
        row = self.row_of(token)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.tokens[row]
            self.endRemoveRows()
