"""``AnalyticsPanel``: playback sessions of a video or live stream over a period, as charts and
as a table, with one session's events on a timeline.

Left, a searchable list of media; right, the period and two tabs: *Overview* (the charts, from
every session of the period) and *Sessions* (the API's pages, one at a time, and the selected
session's events). Empty, disabled and error states replace the tabs with a message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, TransportError
from ...api.pagination import PageIterator
from ...services.analytics_summary import summarise
from ..widgets.charts_timeline import SessionTimeline
from ..widgets.message_page import MessagePage
from .analytics_media import VIDEO, MediaPicker, MediaRef
from .analytics_overview import AnalyticsOverview
from .analytics_period import DateSpan, PeriodPicker, Preset
from .analytics_sessions import Column, LoadState, SessionsModel, error_text

if TYPE_CHECKING:
    from ...services.context import AppContext

PAGE_SIZE = 25  # rows per table page
READ_PAGE_SIZE = 100  # pages read for the charts
CHART_SESSION_CAP = 5000  # the charts read at most this many sessions (50 requests)
EN_DASH = "\N{EN DASH}"
DISABLED_SLUG = "authorization-disabled-analytics"
COLUMN_WIDTHS = {
    Column.LOADED: 160,
    Column.ENDED: 90,
    Column.LOCATION: 170,
    Column.DEVICE: 170,
    Column.OS: 150,
    Column.CLIENT: 150,
}
CARD_STYLE = (
    "#timelineCard { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 10px; }"
)


class PanelState(StrEnum):
    NO_MEDIA = "no-media"
    LOADING = "loading"
    READY = "ready"
    EMPTY = "empty"
    DISABLED = "disabled"
    ERROR = "error"


def describe_failure(error: BaseException) -> tuple[PanelState, str, str, str]:
    """``(state, headline, explanation, action)`` for a failed load."""
    if isinstance(error, ApiError) and error.status == 403 and error.slug == DISABLED_SLUG:
        return (
            PanelState.DISABLED,
            "Analytics is disabled for this project",
            "api.video does not collect session statistics for this project. They can be "
            "turned on from the api.video dashboard.",
            "",
        )
    if isinstance(error, TransportError):
        return (
            PanelState.ERROR,
            "api.video could not be reached",
            f"Check the connection, then try again. ({error})",
            "Retry",
        )
    if isinstance(error, ApiError) and error.status == 404:
        return (
            PanelState.ERROR,
            "No session statistics for this media",
            f"The server has no raw statistics for it (it may have been deleted). {error.message}",
            "Retry",
        )
    return PanelState.ERROR, "Analytics could not be loaded", error_text(error), "Retry"


class AnalyticsPanel(QWidget):
    """The Analytics page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.media: MediaRef | None = None
        self.state = PanelState.NO_MEDIA
        self.page_size = PAGE_SIZE
        self.chart_cap = CHART_SESSION_CAP
        self.sessions = SessionsModel(context.scope, self)
        self._build()
        self._connect()
        self._set_state(PanelState.NO_MEDIA)

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.picker = MediaPicker(self._context)
        self.picker.setMinimumWidth(240)

        self.title = QLabel("Analytics")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        self.period = PeriodPicker()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Load again (F5)")
        header = QHBoxLayout()
        header.setSpacing(8)
        header.addLayout(heading, 1)
        header.addWidget(self.period, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(3)
        self.busy.setVisible(False)

        self.overview = AnalyticsOverview()
        overview_scroll = QScrollArea()
        overview_scroll.setWidgetResizable(True)
        overview_scroll.setFrameShape(QFrame.Shape.NoFrame)
        overview_page = QWidget()
        overview_layout = QVBoxLayout(overview_page)
        overview_layout.setContentsMargins(0, 12, 0, 0)
        overview_layout.addWidget(self.overview)
        overview_scroll.setWidget(overview_page)
        overview_page.setMinimumHeight(560)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(overview_scroll, "Overview")
        self.tabs.addTab(self._sessions_page(), "Sessions")

        self.message = MessagePage()
        self.body = QStackedWidget()
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.message)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(18, 14, 18, 14)
        right_layout.setSpacing(8)
        right_layout.addLayout(header)
        right_layout.addWidget(self.busy)
        right_layout.addWidget(self.body, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.picker)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([270, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        for key in ("F5", QKeySequence.StandardKey.Refresh):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.refresh)

    def _sessions_page(self) -> QWidget:
        self.table = QTableView()
        self.table.setModel(self.sessions)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.REFERRER, QHeaderView.ResizeMode.Stretch)

        self.page_label = QLabel()
        self.page_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.previous_button = QPushButton("Previous")
        self.next_button = QPushButton("Next")
        self.page_error = QLabel()
        self.page_error.setWordWrap(True)
        self.page_error.setVisible(False)
        self.page_retry = QPushButton("Retry")
        self.page_retry.setVisible(False)
        pager = QHBoxLayout()
        pager.addWidget(self.page_label)
        pager.addWidget(self.page_error, 1)
        pager.addStretch(0)
        pager.addWidget(self.page_retry)
        pager.addWidget(self.previous_button)
        pager.addWidget(self.next_button)

        self.timeline = SessionTimeline()
        self.timeline_title = QLabel("Session events")
        font = QFont(self.timeline_title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.timeline_title.setFont(font)
        self.timeline_caption = QLabel("Select a session to see its events.")
        self.timeline_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        card = QFrame()
        card.setObjectName("timelineCard")
        card.setStyleSheet(CARD_STYLE)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(14, 10, 14, 8)
        card_layout.setSpacing(2)
        card_layout.addWidget(self.timeline_title)
        card_layout.addWidget(self.timeline_caption)
        card_layout.addWidget(self.timeline)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.table, 1)
        layout.addLayout(pager)
        layout.addWidget(card)
        return page

    def _connect(self) -> None:
        self.picker.chosen.connect(self.show_media)
        self.period.changed.connect(lambda _span: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.message.action_clicked.connect(self._on_message_action)
        self.previous_button.clicked.connect(self.sessions.previous_page)
        self.next_button.clicked.connect(self.sessions.next_page)
        self.page_retry.clicked.connect(self.sessions.retry)
        self.sessions.state_changed.connect(self._on_sessions_state)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._context.client_changed.connect(self._on_client_changed)

    # ---- choosing what to show ---------------------------------------------------------------

    def show_media(self, media: MediaRef) -> None:
        """Show the analytics of ``media`` for the chosen period."""
        self.media = media
        self.title.setText(media.title or "(untitled)")
        self.subtitle.setText(f"{media.noun.capitalize()} · {media.id}")
        self.refresh()

    def span(self) -> DateSpan:
        return self.period.span()

    def refresh(self) -> None:
        """Load the sessions of the current media and period again (F5)."""
        media = self.media
        if media is None:
            self._set_state(PanelState.NO_MEDIA)
            return
        span = self.span()
        self.timeline.set_message("Select a session to see its events.")
        self.timeline_caption.setText("Select a session to see its events.")
        self.sessions.set_source(self._sessions_of(media, span, self.page_size))
        self._set_state(PanelState.LOADING)
        self._context.scope.start(self._load_summary(media, span), key=f"analytics-{id(self)}")

    def _sessions_of(self, media: MediaRef, span: DateSpan, page_size: int) -> PageIterator[Any]:
        analytics = self._context.client.analytics
        if media.kind == VIDEO:
            return analytics.video_sessions(media.id, span.period, page_size=page_size)
        return analytics.live_stream_sessions(media.id, span.period, page_size=page_size)

    async def _load_summary(self, media: MediaRef, span: DateSpan) -> None:
        source = self._sessions_of(media, span, READ_PAGE_SIZE)
        try:
            sessions = await source.all(limit=self.chart_cap)
            capped = len(sessions) >= self.chart_cap and await source.count() > self.chart_cap
        except (ApiError, TransportError) as exc:
            if media is self.media:
                self._show_failure(exc)
            return
        if media is not self.media:
            return
        summary = summarise(sessions, span.first, span.last)
        self.overview.set_summary(summary, capped_at=self.chart_cap if capped else None)
        self._set_state(PanelState.READY if sessions else PanelState.EMPTY)

    # ---- states ------------------------------------------------------------------------------

    def _set_state(self, state: PanelState) -> None:
        self.state = state
        self.busy.setVisible(state == PanelState.LOADING)
        self.refresh_button.setEnabled(self.media is not None)
        if state == PanelState.NO_MEDIA:
            self.title.setText("Analytics")
            self.subtitle.setText("Playback sessions of your videos and live streams")
            self.message.show_message(
                "Choose a video or a live stream",
                "Its playback sessions appear here: sessions per day, devices, operating "
                "systems, browsers and referrers, and each session's events.",
            )
        elif state == PanelState.EMPTY:
            assert self.media is not None
            span = self.span()
            longer = self.period.preset is not Preset.LAST_30_DAYS
            self.message.show_message(
                "No sessions in this period",
                f"Nobody played this {self.media.noun} on {span.describe()}."
                if span.days == 1
                else f"Nobody played this {self.media.noun} from {span.describe()}.",
                "Show the last 30 days" if longer else "",
            )
        elif state == PanelState.LOADING:
            # Charts already shown stay (under the busy bar) until the new ones arrive.
            if self.body.currentWidget() is self.message:
                self.message.show_message("Loading the sessions…")
            return
        self.body.setCurrentWidget(self.tabs if state == PanelState.READY else self.message)

    def _show_failure(self, error: BaseException) -> None:
        state, headline, body, action = describe_failure(error)
        self.message.show_message(headline, body, action)
        self.state = state
        self.busy.setVisible(False)
        self.body.setCurrentWidget(self.message)

    def _on_message_action(self) -> None:
        if self.state == PanelState.EMPTY:
            self.period.set_preset(Preset.LAST_30_DAYS)
        elif self.state == PanelState.ERROR:
            self.refresh()

    def _on_client_changed(self) -> None:
        self.media = None
        self.sessions.set_source(None)
        self._set_state(PanelState.NO_MEDIA)

    # ---- sessions table ----------------------------------------------------------------------

    def _on_sessions_state(self, value: str) -> None:
        state = LoadState(value)
        model = self.sessions
        failed = state == LoadState.ERROR
        self.page_error.setVisible(failed)
        self.page_retry.setVisible(failed)
        if failed and model.error is not None:
            self.page_error.setText(f"This page could not be loaded. {error_text(model.error)}")
        if model.rowCount():
            first = (model.page - 1) * model.pagination.page_size + 1
            last = first + model.rowCount() - 1
            self.page_label.setText(
                f"Sessions {first:,}{EN_DASH}{last:,} of {model.items_total:,}"
                f" · page {model.page} of {model.pages_total}"
            )
        else:
            self.page_label.setText("Loading…" if state == LoadState.LOADING else "No sessions")
        loading = state == LoadState.LOADING
        self.previous_button.setEnabled(not loading and model.page > 1)
        self.next_button.setEnabled(not loading and model.page < model.pages_total)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        session = self.sessions.session(rows[0].row()) if rows else None
        if session is None or not session.session_id:
            self.timeline.set_message("Select a session to see its events.")
            self.timeline_caption.setText("Select a session to see its events.")
            return
        self.timeline.set_message("Loading the events…")
        self.timeline_caption.setText(session.session_id)
        self._context.scope.start(self._load_events(session), key=f"analytics-events-{id(self)}")

    async def _load_events(self, session: Any) -> None:
        events_of = self._context.client.analytics.session_events
        try:
            events = await events_of(session.session_id, page_size=READ_PAGE_SIZE).all()
        except (ApiError, TransportError) as exc:
            self.timeline.set_message(f"The events could not be loaded. {error_text(exc)}")
            return
        origin = session.session.loaded_at if session.session else None
        self.timeline.set_events(events, origin)
        count = len(events)
        self.timeline_caption.setText(
            f"{session.session_id} · {count} event{'s' if count != 1 else ''}"
        )

    def select_session(self, row: int) -> None:
        """Select a table row (keyboard and tests)."""
        self.table.selectRow(row)
