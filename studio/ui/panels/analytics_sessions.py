"""``SessionsModel``: a table model over the API's pages of playback sessions, one page at a time.

The panel gives it a :class:`~studio.api.pagination.PageIterator` (the sessions of one media for
one period); :meth:`SessionsModel.load_page` fetches that page and replaces the rows.
``state_changed`` tells the view what to show (loading, ready, empty, error).
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ...api import ApiError, TransportError
from ...api.models import LiveStreamSession, Pagination, VideoSession
from ...api.pagination import PageIterator
from ...services.analytics_summary import UNKNOWN, device_label, duration_s, referrer_label

if TYPE_CHECKING:
    from ...services.task_scope import TaskScope

Session = VideoSession | LiveStreamSession
Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    LOADED = 0
    ENDED = 1
    LOCATION = 2
    REFERRER = 3
    DEVICE = 4
    OS = 5
    CLIENT = 6


HEADERS = {
    Column.LOADED: "Loaded at",
    Column.ENDED: "Ended at",
    Column.LOCATION: "Location",
    Column.REFERRER: "Referrer",
    Column.DEVICE: "Device",
    Column.OS: "OS",
    Column.CLIENT: "Client",
}


class LoadState(StrEnum):
    IDLE = "idle"  # nothing asked yet
    LOADING = "loading"
    READY = "ready"
    EMPTY = "empty"
    ERROR = "error"


# ---- cell texts ----------------------------------------------------------------------------------


def _known(*values: str | None) -> list[str]:
    return [v for v in values if v and v.strip() and v.strip().lower() != UNKNOWN]


def moment_text(moment: datetime | None) -> str:
    """Local date and time to the second (``12 Mar 2026, 14:05:09``)."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%b %Y, %H:%M:%S')}"


def location_text(session: Session) -> str:
    where = session.location
    parts = _known(where.city, where.country) if where else []
    return ", ".join(parts) or "Unknown"


def referrer_text(session: Session) -> str:
    """The referring site (its host; the full URL is in the tooltip)."""
    return referrer_label(session)


def device_text(session: Session) -> str:
    device = session.device
    if device is None:
        return "Unknown"
    label = device_label(session)
    detail = " ".join(_known(device.vendor, device.model))
    return f"{label} · {detail}" if detail else label


def os_text(session: Session) -> str:
    system = session.os
    parts = _known(system.name, system.version) if system else []
    return " ".join(parts) or "Unknown"


def client_text(session: Session) -> str:
    app = session.client
    parts = _known(app.name, app.version) if app else []
    return " ".join(parts) or "Unknown"


def cell_text(session: Session, column: Column) -> str:
    """What a cell shows."""
    info = session.session
    if column is Column.LOADED:
        return moment_text(info.loaded_at if info else None)
    if column is Column.ENDED:
        ended = info.ended_at if info else None
        loaded = info.loaded_at if info else None
        if ended is not None and loaded is not None:
            if ended.astimezone().date() == loaded.astimezone().date():
                return ended.astimezone().strftime("%H:%M:%S")  # same day: the time says it
        return moment_text(ended)
    if column is Column.LOCATION:
        return location_text(session)
    if column is Column.REFERRER:
        return referrer_text(session)
    if column is Column.DEVICE:
        return device_text(session)
    if column is Column.OS:
        return os_text(session)
    return client_text(session)


def error_text(error: BaseException) -> str:
    if isinstance(error, ApiError):
        return error.message
    if isinstance(error, TransportError):
        return f"api.video could not be reached: {error}"
    return str(error) or type(error).__name__


# ---- model ---------------------------------------------------------------------------------------


class SessionsModel(QAbstractTableModel):
    """The rows of one page of sessions, and the page it is on."""

    state_changed = Signal(str)

    def __init__(self, scope: TaskScope, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scope = scope
        self._source: PageIterator[Any] | None = None
        self._rows: list[Session] = []
        self.pagination = Pagination(current_page=0, pages_total=0)
        self.state = LoadState.IDLE
        self.error: BaseException | None = None
        self._key = f"analytics-sessions-{id(self)}"

    # ---- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        session = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(session, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = cell_text(session, column)
            if column is Column.REFERRER and session.referrer and session.referrer.url:
                text = session.referrer.url
            if column is Column.ENDED:
                seconds = duration_s(session)
                if seconds is not None:
                    return f"{text} — watched for {_duration(seconds)}"
            return text
        if role == Qt.ItemDataRole.UserRole:
            return session
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    # ---- loading ------------------------------------------------------------------------------

    def session(self, row: int) -> Session | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def page(self) -> int:
        return self.pagination.current_page

    @property
    def pages_total(self) -> int:
        return self.pagination.pages_total

    @property
    def items_total(self) -> int:
        return self.pagination.items_total

    def set_source(self, source: PageIterator[Any] | None) -> None:
        """Show the first page of ``source`` (None: clear)."""
        self._source = source
        self.beginResetModel()
        self._rows = []
        self.pagination = Pagination(current_page=0, pages_total=0)
        self.endResetModel()
        if source is None:
            self._set_state(LoadState.IDLE)
        else:
            self.load_page(1)

    def load_page(self, number: int) -> None:
        """Fetch page ``number`` (the current rows stay until it arrives)."""
        if self._source is None:
            return
        self._set_state(LoadState.LOADING)
        self._scope.start(self._fetch(self._source, number), key=self._key)

    def next_page(self) -> None:
        if self.page < self.pages_total:
            self.load_page(self.page + 1)

    def previous_page(self) -> None:
        if self.page > 1:
            self.load_page(self.page - 1)

    def retry(self) -> None:
        self.load_page(max(1, self.page))

    async def _fetch(self, source: PageIterator[Any], number: int) -> None:
        try:
            page = await source.page(number)
        except (ApiError, TransportError) as exc:
            if source is self._source:
                self.error = exc
                self._set_state(LoadState.ERROR)
            return
        if source is not self._source:
            return  # a newer media or period was chosen meanwhile
        if not page.data and number > 1 and page.pagination.pages_total >= 1:
            # The list shrank under us: show its last page instead of an empty one.
            self.load_page(page.pagination.pages_total)
            return
        self.beginResetModel()
        self._rows = list(page.data)
        self.pagination = page.pagination
        self.endResetModel()
        self.error = None
        self._set_state(LoadState.READY if self._rows else LoadState.EMPTY)

    def _set_state(self, state: LoadState) -> None:
        self.state = state
        self.state_changed.emit(state.value)


def _duration(seconds: float) -> str:
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
