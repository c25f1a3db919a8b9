"""``LibraryModel``: the videos matching a ``LibraryQuery``, fetched a page at a time on demand.

Views call ``canFetchMore``/``fetchMore`` as the user scrolls near the end; ``fetchMore`` only
schedules the next page on the app's task scope (one page in flight at a time) and rows are
inserted when it arrives. A new query resets the model and cancels a page still in flight.
Thumbnails and encoding facts are asked for only by ``data()`` (that is, for painted rows) and
loaded lazily, newest request first.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication

from ...api import ApiError, TransportError
from ...api.models import Video
from ...services.latest_first import LatestFirstQueue
from ...services.library import PAGE_SIZE, EncodingState, LibraryQuery, VideoFacts, facts_of
from ...services.thumbnails import version_of

if TYPE_CHECKING:
    from ...services.context import AppContext

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

GRID_THUMBNAIL = QSize(224, 126)
LIST_THUMBNAIL = QSize(48, 27)
GRID_RADIUS = 8.0
LIST_RADIUS = 3.0
STATUS_REQUESTS_AT_ONCE = 2
STATUS_WAITING = 32
STATUS_SETTLE_S = 0.3  # status is asked for rows that stay on screen, not for those flung past
FACTS_REFRESH_S = 10.0


class Column(IntEnum):
    """Columns of the detail list (the grid shows column 0 only)."""

    TITLE = 0
    CREATED = 1
    UPDATED = 2
    TAGS = 3
    VISIBILITY = 4


COLUMN_COUNT = len(Column)

HEADERS = {
    Column.TITLE: "Title",
    Column.CREATED: "Created",
    Column.UPDATED: "Updated",
    Column.TAGS: "Tags",
    Column.VISIBILITY: "Visibility",
}
# Columns whose header click sorts the library (server-side), with the API's sort field.
SORT_FIELD_OF_COLUMN = {
    Column.TITLE: "title",
    Column.CREATED: "createdAt",
    Column.UPDATED: "updatedAt",
}


class Role(IntEnum):
    """Data roles beyond Qt's: what delegates and the panel read from a row."""

    VIDEO = Qt.ItemDataRole.UserRole + 1  # the Video object
    VIDEO_ID = Qt.ItemDataRole.UserRole + 2
    TITLE = Qt.ItemDataRole.UserRole + 3
    THUMBNAIL = Qt.ItemDataRole.UserRole + 4  # QPixmap (~grid size) or None while loading
    CREATED = Qt.ItemDataRole.UserRole + 5  # datetime | None
    UPDATED = Qt.ItemDataRole.UserRole + 6
    PUBLISHED = Qt.ItemDataRole.UserRole + 7
    TAGS = Qt.ItemDataRole.UserRole + 8  # list[str]
    PUBLIC = Qt.ItemDataRole.UserRole + 9  # bool
    ENCODING = Qt.ItemDataRole.UserRole + 10  # EncodingState value (str)
    DURATION = Qt.ItemDataRole.UserRole + 11  # seconds | None
    CELL = Qt.ItemDataRole.UserRole + 12  # CellText: what a grid cell writes, made once
    PAINT = Qt.ItemDataRole.UserRole + 13  # CellPaint: all a grid cell draws, in one call


@dataclass(frozen=True, slots=True)
class CellText:
    """The texts of one grid cell, formatted once per video (painting must stay cheap)."""

    title: str
    subtitle: str  # creation date and tags
    public: bool
    version: str = ""  # of the thumbnail (``version_of(updatedAt)``), made once too

    @classmethod
    def of(cls, video: Video) -> CellText:
        parts = [format_date(video.created_at)]
        if video.tags:
            parts.append(", ".join(video.tags))
        return cls(
            video.title or "Untitled",
            "  ·  ".join(parts),
            video.public,
            version_of(video.updated_at),
        )


class CellPaint(NamedTuple):
    """Everything a grid cell draws, in one ``data()`` call (a fling paints dozens a frame)."""

    text: CellText
    thumbnail: Any  # QPixmap | None (still loading)
    encoding: str  # EncodingState value
    duration: int | None  # seconds


class LoadState(StrEnum):
    """What the library view should show besides the rows."""

    IDLE = "idle"
    LOADING = "loading"  # first page on its way (later pages load under the rows)
    READY = "ready"
    EMPTY = "empty"  # no videos at all
    NO_MATCH = "no-match"  # filters exclude everything
    ERROR = "error"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: datetime | None) -> str:
    """A date for a cell, in local time: ``12 Mar 2025, 14:05``."""
    if value is None:
        return "—"
    if value.tzinfo is None:  # the API always sends an offset; naive means UTC
        value = value.replace(tzinfo=UTC)
    # time.localtime (C, DST-aware) instead of astimezone() + strftime: a tenth of the cost,
    # which matters when a fling formats a dozen new cells every frame.
    local = time.localtime(value.timestamp())
    return (
        f"{local.tm_mday} {_MONTHS[local.tm_mon - 1]} {local.tm_year}, "
        f"{local.tm_hour:02d}:{local.tm_min:02d}"
    )


def format_duration(seconds: int | None) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``; "" when unknown."""
    if seconds is None or seconds < 0:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_error(exc: BaseException) -> str:
    """A sentence for the error state."""
    if isinstance(exc, TransportError):
        return f"Cannot reach the server ({exc})."
    if isinstance(exc, ApiError):
        return f"The server refused the request: {exc.message}"
    return f"Unexpected answer from the server: {exc}"


class LibraryModel(QAbstractTableModel):
    """Rows are ``Video`` objects of the current query, in server order."""

    state_changed = Signal(str)  # LoadState value
    total_changed = Signal(int)  # itemsTotal of the current query

    def __init__(self, context: AppContext, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._context = context
        self.page_size = page_size
        self._query = LibraryQuery()
        self._videos: list[Video] = []
        self._row_of: dict[str, int] = {}
        self._facts: dict[str, VideoFacts] = {}
        self._facts_at: dict[str, float] = {}  # time.monotonic() of each answer
        self._cells: dict[str, CellText] = {}
        self._generation = 0  # bumped by every reset; late pages of older queries are dropped
        self._next_page = 1
        self._has_more = False
        self._loading = False
        self._state = LoadState.IDLE
        self.error_text = ""
        self.total = 0
        self.pages_requested: list[int] = []  # page numbers asked for since the last reset
        self.grid_thumbnail_size = QSize(GRID_THUMBNAIL)  # the grid's cells set it as they resize
        # While a view flings, painted rows ask for nothing: they are gone before an image or
        # a status could arrive. The view repaints (and so asks) once the fling is over.
        self.lazy_loads_paused = False
        self._task_key = f"library-page-{id(self)}"
        self._status_queue: LatestFirstQueue[str] = LatestFirstQueue(
            self._load_facts,
            context.scope.start,
            limit=STATUS_REQUESTS_AT_ONCE,
            capacity=STATUS_WAITING,
            settle_s=STATUS_SETTLE_S,
            max_wait_s=1.0,
        )
        self._watch_thumbnails()

    # ---- query and loading -------------------------------------------------------------------

    @property
    def query(self) -> LibraryQuery:
        return self._query

    @property
    def state(self) -> LoadState:
        return self._state

    @property
    def status_pending(self) -> bool:
        """True while encoding facts of painted rows wait or load."""
        return bool(self._status_queue.waiting or self._status_queue.running)

    @property
    def loading(self) -> bool:
        """True while a page request is in flight."""
        return self._loading

    def set_query(self, query: LibraryQuery) -> None:
        """Show ``query``'s videos: drop the rows, cancel a page in flight, fetch page 1."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Reload the current query from its first page."""
        self._generation += 1
        self.beginResetModel()
        self._videos = []
        self._row_of = {}
        self._facts = {}
        self._cells = {}
        self._status_queue.clear()
        self._next_page = 1
        self._has_more = True
        self._loading = False
        self.pages_requested = []
        self.endResetModel()
        self._set_state(LoadState.LOADING)
        self._start_page()

    def retry(self) -> None:
        """After an error: ask again for the page that failed (or everything if none loaded)."""
        if not self._videos:
            self.refresh()
            return
        self.error_text = ""
        self._set_state(LoadState.READY)
        self._start_page()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._has_more and not self._loading and self._state != LoadState.ERROR

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Schedule the next page (synchronous: rows appear when it arrives)."""
        if self.canFetchMore(parent):
            self._start_page()

    def _start_page(self) -> None:
        if self._loading:
            return
        self._loading = True
        self.pages_requested.append(self._next_page)
        # The key makes a reset's first page cancel a page of the previous query still in flight.
        task = self._context.scope.start(
            self._fetch_page(self._next_page, self._generation), key=self._task_key
        )
        if task is None:
            self._loading = False

    async def _fetch_page(self, number: int, generation: int) -> None:
        try:
            page = await self._query.videos(self._context.client, self.page_size).page(number)
        except Exception as exc:  # every failure becomes the error state, with retry
            if generation == self._generation:
                self._loading = False
                self.error_text = describe_error(exc)
                log.info("library page %d failed: %s", number, exc)
                self._set_state(LoadState.ERROR)
            return
        if generation != self._generation:
            return
        self._loading = False
        # Videos created while paging shift later pages: skip rows already shown.
        fresh = [v for v in page.data if v.video_id not in self._row_of]
        if fresh:
            first = len(self._videos)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, video in enumerate(fresh):
                self._row_of[video.video_id] = first + offset
            self._videos.extend(fresh)
            self.endInsertRows()
        info = page.pagination
        self._next_page = number + 1
        self._has_more = bool(page.data) and info.current_page < info.pages_total
        self._set_total(max(info.items_total, len(self._videos)))
        self._set_state(self._settled_state())

    def _settled_state(self) -> LoadState:
        if self._videos:
            return LoadState.READY
        return LoadState.NO_MATCH if self._query.filtered else LoadState.EMPTY

    def _set_state(self, state: LoadState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state.value)

    def _set_total(self, total: int) -> None:
        if total != self.total:
            self.total = total
            self.total_changed.emit(total)

    # ---- rows --------------------------------------------------------------------------------

    def video(self, row: int) -> Video | None:
        """The video at ``row`` (None out of range)."""
        return self._videos[row] if 0 <= row < len(self._videos) else None

    def row_of(self, video_id: str) -> int | None:
        """The row showing ``video_id``, if loaded."""
        return self._row_of.get(video_id)

    def video_ids(self) -> list[str]:
        """Ids of every loaded row, in order."""
        return [v.video_id for v in self._videos]

    def replace_video(self, video: Video) -> None:
        """Show a changed video in place (after a save); ignored if not loaded."""
        row = self._row_of.get(video.video_id)
        if row is None:
            return
        self._videos[row] = video
        self._cells.pop(video.video_id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def prepend_video(self, video: Video) -> None:
        """Show a new video first (an upload finished) when the query would list it there."""
        if video.video_id in self._row_of:
            self.replace_video(video)
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._videos.insert(0, video)
        self._reindex()
        self.endInsertRows()
        self._set_total(self.total + 1)
        self._set_state(self._settled_state())

    def remove_videos(self, ids: list[str]) -> None:
        """Drop rows (the videos were deleted), one contiguous block at a time."""
        rows = sorted((self._row_of[i] for i in set(ids) if i in self._row_of), reverse=True)
        if not rows:
            return
        blocks: list[tuple[int, int]] = []
        for row in rows:
            if blocks and blocks[-1][0] == row + 1:
                blocks[-1] = (row, blocks[-1][1])
            else:
                blocks.append((row, row))
        for first, last in blocks:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._videos[first : last + 1]
            self.endRemoveRows()
        for video_id in ids:
            self._facts.pop(video_id, None)
            self._cells.pop(video_id, None)
        self._reindex()
        self._set_total(max(0, self.total - len(rows)))
        self._set_state(self._settled_state())

    def pause_lazy_loads(self, paused: bool) -> None:
        """While True, painted rows do not ask for thumbnails or status (a view flings); what
        rows asked for just before the fling began is forgotten too (they are gone)."""
        self.lazy_loads_paused = paused
        if paused:
            self._status_queue.clear()
            cache = self._context.thumbnails
            if cache is not None:
                cache.forget_waiting(self.grid_thumbnail_size)

    def forget_facts(self, video_id: str) -> None:
        """Ask the status route again for this video next time it is painted."""
        self._facts.pop(video_id, None)
        row = self._row_of.get(video_id)
        if row is not None:
            self.dataChanged.emit(
                self.index(row, 0), self.index(row, 0), [Role.ENCODING, Role.DURATION, Role.PAINT]
            )

    def _reindex(self) -> None:
        self._row_of = {v.video_id: row for row, v in enumerate(self._videos)}

    # ---- Qt model API ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # One Python call instead of the base class's two (rowCount and columnCount through
        # hasIndex): views ask for every row's index on each relayout of 10,000 rows.
        if 0 <= row < len(self._videos) and 0 <= column < COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._videos)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if 0 <= section < len(Column) else None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._videos):
            return None
        video = self._videos[row]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(video, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{video.title or 'Untitled'}\n{video.video_id}"
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return self._thumbnail(video, LIST_THUMBNAIL, LIST_RADIUS)
        if role < Role.VIDEO:
            return None
        return self._role_data(video, role)

    def _display(self, video: Video, column: int) -> str:
        if column == Column.TITLE:
            return video.title or "Untitled"
        if column == Column.CREATED:
            return format_date(video.created_at)
        if column == Column.UPDATED:
            return format_date(video.updated_at)
        if column == Column.TAGS:
            return ", ".join(video.tags)
        if column == Column.VISIBILITY:
            return "Public" if video.public else "Private"
        return ""

    def _role_data(self, video: Video, role: int) -> Any:
        if role == Role.VIDEO:
            return video
        if role == Role.VIDEO_ID:
            return video.video_id
        if role == Role.TITLE:
            return video.title
        if role == Role.PAINT:
            return CellPaint(
                self._cell_text(video),
                self._thumbnail(video, self.grid_thumbnail_size, GRID_RADIUS),
                *self._facts_of(video),
            )
        if role == Role.CELL:
            return self._cell_text(video)
        if role == Role.THUMBNAIL:
            return self._thumbnail(video, self.grid_thumbnail_size, GRID_RADIUS)
        if role == Role.CREATED:
            return video.created_at
        if role == Role.UPDATED:
            return video.updated_at
        if role == Role.PUBLISHED:
            return video.published_at
        if role == Role.TAGS:
            return list(video.tags)
        if role == Role.PUBLIC:
            return video.public
        if role == Role.ENCODING:
            return self._facts_of(video)[0]
        if role == Role.DURATION:
            return self._facts_of(video)[1]
        return None

    def _cell_text(self, video: Video) -> CellText:
        cell = self._cells.get(video.video_id)
        if cell is None:
            cell = self._cells[video.video_id] = CellText.of(video)
        return cell

    def _facts_of(self, video: Video) -> tuple[str, int | None]:
        """(encoding state, duration) as known; asks for them when unknown or stale."""
        facts = self._facts.get(video.video_id)
        if (facts is None or self._stale(video.video_id, facts)) and not self.lazy_loads_paused:
            self._status_queue.request(video.video_id)
        if facts is None:
            return EncodingState.UNKNOWN.value, None
        return facts.state.value, facts.duration

    # ---- lazy extras -------------------------------------------------------------------------

    def _stale(self, video_id: str, facts: VideoFacts) -> bool:
        # Work in progress changes: ask again now and then while such a row stays visible.
        if facts.state not in (EncodingState.UPLOADING, EncodingState.PROCESSING):
            return False
        return time.monotonic() - self._facts_at.get(video_id, 0.0) > FACTS_REFRESH_S

    def _thumbnail(self, video: Video, size: QSize, radius: float) -> Any:
        cache = self._context.thumbnails
        if cache is None:
            return None
        url = video.assets.thumbnail if video.assets else None
        app = QGuiApplication.instance()
        dpr = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
        return cache.pixmap(
            video.video_id,
            self._cell_text(video).version,
            url,
            size,
            dpr,
            radius,
            load=not self.lazy_loads_paused,
        )

    def _watch_thumbnails(self) -> None:
        cache = self._context.thumbnails
        if cache is not None:
            cache.thumbnail_ready.connect(self._thumbnail_ready)

    def _thumbnail_ready(self, video_id: str) -> None:
        row = self._row_of.get(video_id)
        if row is not None:
            self.dataChanged.emit(
                self.index(row, 0),
                self.index(row, 0),
                [Role.THUMBNAIL, Role.PAINT, Qt.ItemDataRole.DecorationRole],
            )

    async def _load_facts(self, video_id: str) -> None:
        generation = self._generation
        try:
            status = await self._context.client.videos.status(video_id)
        except (ApiError, TransportError) as exc:
            log.info("status of %s not loaded: %s", video_id, exc)
            facts = VideoFacts(EncodingState.UNKNOWN)  # not asked again until a refresh
        else:
            facts = facts_of(status)
        if generation != self._generation or video_id not in self._row_of:
            return
        self._facts[video_id] = facts
        self._facts_at[video_id] = time.monotonic()
        row = self._row_of[video_id]
        self.dataChanged.emit(
            self.index(row, 0), self.index(row, 0), [Role.ENCODING, Role.DURATION, Role.PAINT]
        )
