"""``AccountPanel``: the project at a glance: storage quota, billing term, environment, features,
and the rate-limit headroom reported by the last API response.

``GET /account`` is a legacy route (contract 3.9): a server without it answers 404, which the
panel says plainly; the rate-limit card works either way, from ``context.rate_limit_changed``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...api import ApiError, RateLimitState, TransportError
from ...api.models import Account
from ...services.context import tightest_budget
from ..widgets.charts_usage import UsageBar
from ..widgets.message_page import MessagePage

if TYPE_CHECKING:
    from ...services.context import AppContext

TICK_MS = 1000
CARD_STYLE = (
    "QFrame#accountCard { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 10px; }"
)
BADGE_STYLE = (
    "QLabel#environmentBadge { background: palette(highlight); color: palette(highlighted-text);"
    " border-radius: 9px; padding: 2px 10px; }"
)
FEATURE_NAMES = {
    "app.dynamic_metadata": "Dynamic metadata",
    "app.event_log": "Event log",
    "player.white_label": "White-label player",
    "stats.player_events": "Player event statistics",
    "transcode.mp4_support": "MP4 downloads",
}
EN_DASH = "\N{EN DASH}"
UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def human_bytes(count: float | None) -> str:
    """``0 B``, ``512 KiB``, ``9.99 GiB``, ``10 GiB``: binary units, three significant digits
    (what remains of a quota stays distinguishable from its total)."""
    if count is None:
        return "—"
    value = float(count)
    unit = UNITS[0]
    for unit in UNITS:
        if abs(value) < 1024 or unit == UNITS[-1]:
            break
        value /= 1024
    if unit == "B":
        return f"{value:,.0f} B"
    digits = f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{digits} {unit}"


def feature_name(feature: str) -> str:
    """A readable name for a feature flag (the flag itself when it is not a known one)."""
    return FEATURE_NAMES.get(feature, feature)


def day_text(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return f"{moment.day} {moment.strftime('%b %Y')}"


def term_left_text(end: datetime | None, now: datetime) -> str:
    """``ends in 12 days`` / ``ends today`` / ``ended``."""
    if end is None:
        return ""
    seconds = (end - now).total_seconds()
    if seconds <= 0:
        return "ended"
    days = int(seconds // 86400)
    if days == 0:
        return "ends within a day"
    return f"ends in {days} day{'s' if days != 1 else ''}"


def _card() -> QFrame:
    card = QFrame()
    card.setObjectName("accountCard")
    card.setStyleSheet(CARD_STYLE)
    return card


def _label(
    text: str = "", *, scale: float = 1.0, bold: bool = False, quiet: bool = False
) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    if quiet:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class AccountPanel(QWidget):
    """The Account page of the main window."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.account: Account | None = None
        self.loading = False
        self.rate_limit: RateLimitState | None = None
        self._build()
        context.client_changed.connect(self.refresh)
        context.rate_limit_changed.connect(self.show_rate_limit)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show_reset)
        known = tightest_budget(context.client.rate_limits.values())
        self.show_rate_limit(known or context.client.rate_limit)
        self.refresh()

    # The reset countdown ticks only while the page is on screen.
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_reset()
        self._ticker.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)

    # ---- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = _label("Account", scale=1.35, bold=True)
        self.project_label = _label(quiet=True)
        self.project_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.environment_badge = QLabel()
        self.environment_badge.setObjectName("environmentBadge")
        self.environment_badge.setStyleSheet(BADGE_STYLE)
        self.environment_badge.setVisible(False)
        self.refresh_button = QPushButton("Refresh")
        heading = QVBoxLayout()
        heading.setSpacing(0)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title)
        title_row.addWidget(self.environment_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        heading.addLayout(title_row)
        heading.addWidget(self.project_label)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(3)
        self.busy.setVisible(False)

        # Quota.
        self.quota_bar = UsageBar()
        self.quota_used = _label(scale=1.6, bold=True)
        self.quota_caption = _label(quiet=True)
        self.quota_remaining = _label()
        self.quota_total = _label(quiet=True)
        quota = _card()
        quota_layout = QVBoxLayout(quota)
        quota_layout.setContentsMargins(18, 14, 18, 16)
        quota_layout.setSpacing(6)
        quota_layout.addWidget(_label("Storage", bold=True))
        used_row = QHBoxLayout()
        used_row.addWidget(self.quota_used, 0, Qt.AlignmentFlag.AlignBottom)
        used_row.addWidget(self.quota_caption, 0, Qt.AlignmentFlag.AlignBottom)
        used_row.addStretch(1)
        quota_layout.addLayout(used_row)
        quota_layout.addWidget(self.quota_bar)
        numbers = QHBoxLayout()
        numbers.addWidget(self.quota_remaining)
        numbers.addStretch(1)
        numbers.addWidget(self.quota_total)
        quota_layout.addLayout(numbers)

        # Term and environment.
        self.term_dates = _label(scale=1.15, bold=True)
        self.term_left = _label(quiet=True)
        # Time passing is no warning: a quiet colour, never the warning one.
        self.term_bar = UsageBar(warn_at=1.01, fill_role=QPalette.ColorRole.PlaceholderText)
        term = _card()
        term_layout = QVBoxLayout(term)
        term_layout.setContentsMargins(18, 14, 18, 16)
        term_layout.setSpacing(6)
        term_layout.addWidget(_label("Billing term", bold=True))
        term_layout.addWidget(self.term_dates)
        term_layout.addWidget(self.term_bar)
        term_layout.addWidget(self.term_left)

        # Features.
        self.features_grid = QGridLayout()
        self.features_grid.setHorizontalSpacing(24)
        self.features_grid.setVerticalSpacing(6)
        features = _card()
        features_layout = QVBoxLayout(features)
        features_layout.setContentsMargins(18, 14, 18, 16)
        features_layout.setSpacing(8)
        features_layout.addWidget(_label("Features", bold=True))
        features_layout.addLayout(self.features_grid)
        features_layout.addStretch(1)
        self.feature_labels: list[QLabel] = []

        # Rate limit.
        self.rate_bar = UsageBar()
        self.rate_left = _label(scale=1.6, bold=True)
        self.rate_caption = _label(quiet=True)
        self.rate_reset = _label(quiet=True)
        rate = _card()
        rate_layout = QVBoxLayout(rate)
        rate_layout.setContentsMargins(18, 14, 18, 16)
        rate_layout.setSpacing(6)
        rate_layout.addWidget(_label("Rate limit", bold=True))
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate_left, 0, Qt.AlignmentFlag.AlignBottom)
        rate_row.addWidget(self.rate_caption, 0, Qt.AlignmentFlag.AlignBottom)
        rate_row.addStretch(1)
        rate_layout.addLayout(rate_row)
        rate_layout.addWidget(self.rate_bar)
        rate_layout.addWidget(self.rate_reset)

        self.cards = QWidget()
        grid = QGridLayout(self.cards)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        grid.addWidget(quota, 0, 0, 1, 2)
        grid.addWidget(term, 1, 0)
        grid.addWidget(rate, 1, 1)
        grid.addWidget(features, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)

        self.message = MessagePage()
        self.message.action_clicked.connect(self.refresh)
        # Without /account the rate-limit card still has something to say.
        self.unavailable = QWidget()
        unavailable_layout = QVBoxLayout(self.unavailable)
        unavailable_layout.setContentsMargins(0, 0, 0, 0)
        unavailable_layout.addWidget(self.message, 1)
        self.body = QStackedWidget()
        self.body.addWidget(self.cards)
        self.body.addWidget(self.unavailable)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.busy)
        layout.addWidget(self.body, 1)
        self.refresh_button.clicked.connect(self.refresh)
        for key in ("F5", QKeySequence.StandardKey.Refresh):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.refresh)

    # ---- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read ``/account`` again (F5)."""
        project = self._context.project
        self.project_label.setText(f"{project.name} · {self._context.client.base_url}")
        self.loading = True
        self.busy.setVisible(True)
        self._context.scope.start(self._load(), key=f"account-{id(self)}")

    async def _load(self) -> None:
        try:
            account = await self._context.client.account.get()
        except ApiError as exc:
            self._failed(exc)
            return
        except TransportError as exc:
            self._failed(exc)
            return
        finally:
            self.loading = False
            self.busy.setVisible(False)
        self.show_account(account)

    def _failed(self, error: ApiError | TransportError) -> None:
        self.account = None
        if isinstance(error, ApiError) and error.status == 404:
            self.message.show_message(
                "Account details are not available",
                "This server does not offer the account route (api.video retired it). "
                "The quota and billing term are in the api.video dashboard.",
            )
        elif isinstance(error, TransportError):
            self.message.show_message(
                "api.video could not be reached", f"Check the connection. ({error})", "Retry"
            )
        else:
            self.message.show_message("The account could not be loaded", error.message, "Retry")
        self.body.setCurrentWidget(self.unavailable)

    # ---- showing -----------------------------------------------------------------------------

    def show_account(self, account: Account) -> None:
        """Fill the cards from an ``/account`` answer."""
        self.account = account
        quota = account.quota
        used = quota.quota_used if quota else None
        total = quota.quota_total if quota else None
        remaining = quota.quota_remaining if quota else None
        if remaining is None and used is not None and total is not None:
            remaining = max(0.0, total - used)
        self.quota_bar.set_values(used, total)
        self.quota_used.setText(human_bytes(used))
        share = self.quota_bar.share
        self.quota_caption.setText(
            "used"
            if share is None
            else f"used · {share:.1%}"
            if share < 0.1
            else f"used · {share:.0%}"
        )
        self.quota_remaining.setText(f"{human_bytes(remaining)} remaining")
        self.quota_total.setText(f"of {human_bytes(total)}")

        term = account.term
        start = term.start_at if term else None
        end = term.end_at if term else None
        self.term_dates.setText(
            f"{day_text(start)} {EN_DASH} {day_text(end)}" if start or end else "—"
        )
        now = datetime.now(UTC)
        if start is not None and end is not None and end > start:
            self.term_bar.set_values(
                (min(now, end) - start).total_seconds(), (end - start).total_seconds()
            )
        else:
            self.term_bar.set_values(None, None)
        self.term_left.setText(term_left_text(end, now).capitalize())

        environment = (account.environment or "").strip()
        self.environment_badge.setText(environment.capitalize())
        self.environment_badge.setVisible(bool(environment))
        self._show_features(account.features)
        self.body.setCurrentWidget(self.cards)

    def _show_features(self, features: list[str]) -> None:
        for label in self.feature_labels:
            self.features_grid.removeWidget(label)
            label.deleteLater()
        self.feature_labels = []
        names = sorted((feature_name(f), f) for f in features) or [("None listed", "")]
        columns = 3
        for index, (name, flag) in enumerate(names):
            label = QLabel(f"✓  {name}" if flag else name)
            label.setToolTip(flag)
            if not flag:
                label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.features_grid.addWidget(label, index // columns, index % columns)
            self.feature_labels.append(label)

    def show_rate_limit(self, state: RateLimitState) -> None:
        """Headroom of the budget closest to running out (reads, writes and uploads are counted
        apart), from its last response's ``X-RateLimit-*`` headers."""
        self.rate_limit = state
        if state.limit is None or state.remaining is None:
            self.rate_bar.set_values(None, None)
            self.rate_left.setText("—")
            self.rate_caption.setText("no rate-limit headers seen yet")
            self.rate_reset.setText("")
            return
        used = max(0, state.limit - state.remaining)
        self.rate_bar.set_values(used, state.limit)
        self.rate_left.setText(f"{state.remaining:,}")
        kind = f"{state.category} " if state.category else ""
        self.rate_caption.setText(f"of {state.limit:,} {kind}requests left this minute")
        self._show_reset()

    def _show_reset(self) -> None:
        state = self.rate_limit
        if state is None or state.retry_after is None or state.limit is None:
            return
        left = state.retry_after - (time.monotonic() - state.updated_at)
        if left > 0:
            self.rate_reset.setText(f"The window resets in {left:.0f} s · as of the last response")
        else:
            self.rate_reset.setText("The window has reset since the last response")
