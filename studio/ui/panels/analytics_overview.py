"""``AnalyticsOverview``: the charts of one media and period, from an ``AnalyticsSummary``.

Four figures across the top (sessions, average session, busiest day, top referrer), then
sessions per day and the top referrers, then devices, operating systems and browsers.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...services.analytics_summary import DIRECT_LABEL, AnalyticsSummary
from ..widgets.charts import ChartCard, ColumnChart, RankChart, format_count

TILE_STYLE = (
    "#statTile { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 10px; }"
)
# Breakdown bars get their own hues so the three cards read apart; the day chart and the
# referrers use the accent. Mid-lightness colours that hold on light and dark bases alike.
DEVICE_COLOUR = QColor("#3f7fd9")
OS_COLOUR = QColor("#2a9d8f")
BROWSER_COLOUR = QColor("#8e5bd0")


def day_label(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def duration_text(seconds: float | None) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``; an em dash when unknown."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


class StatTile(QFrame):
    """A big number with a caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statTile")
        self.setStyleSheet(TILE_STYLE)
        self.value = QLabel("—")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail = QLabel()
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.value.setToolTip(value)
        self.detail.setText(detail)


class AnalyticsOverview(QWidget):
    """The stat tiles and chart cards; :meth:`set_summary` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: AnalyticsSummary | None = None
        self.sessions_tile = StatTile("Sessions")
        self.duration_tile = StatTile("Average session")
        self.busiest_tile = StatTile("Busiest day")
        self.referrer_tile = StatTile("Top referrer")
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in (self.sessions_tile, self.duration_tile, self.busiest_tile, self.referrer_tile):
            tiles.addWidget(tile, 1)

        self.per_day = ColumnChart(empty_text="No sessions in this period")
        self.referrers = RankChart()
        self.devices = RankChart()
        self.systems = RankChart()
        self.browsers = RankChart()
        self.devices.set_colour(DEVICE_COLOUR)
        self.systems.set_colour(OS_COLOUR)
        self.browsers.set_colour(BROWSER_COLOUR)
        self.per_day_card = ChartCard("Sessions per day", self.per_day)
        self.referrers_card = ChartCard("Top referrers", self.referrers)
        self.devices_card = ChartCard("Devices", self.devices)
        self.systems_card = ChartCard("Operating systems", self.systems)
        self.browsers_card = ChartCard("Browsers", self.browsers)

        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.per_day_card, 0, 0, 1, 2)
        grid.addWidget(self.referrers_card, 0, 2)
        grid.addWidget(self.devices_card, 1, 0)
        grid.addWidget(self.systems_card, 1, 1)
        grid.addWidget(self.browsers_card, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)

    def set_summary(self, summary: AnalyticsSummary, *, capped_at: int | None = None) -> None:
        """Show ``summary``; ``capped_at``: only that many sessions were read (a long period)."""
        self.summary = summary
        self.per_day.set_series([(day_label(d), n) for d, n in summary.per_day])
        self.referrers.set_series(summary.referrers)
        self.devices.set_series(summary.devices)
        self.systems.set_series(summary.systems)
        self.browsers.set_series(summary.browsers)

        self.sessions_tile.set_value(
            format_count(summary.sessions),
            f"first {capped_at:,} read" if capped_at else _per_day(summary),
        )
        self.duration_tile.set_value(
            duration_text(summary.average_duration_s), "load to last event"
        )
        busiest = summary.busiest_day
        if busiest is None:
            self.busiest_tile.set_value("—")
        else:
            day, count = busiest
            self.busiest_tile.set_value(
                day_label(day), f"{count:,} session{'s' if count != 1 else ''}"
            )
        top = next(((label, n) for label, n in summary.referrers if label != DIRECT_LABEL), None)
        if top is None:
            self.referrer_tile.set_value("Direct", "no referring site")
        else:
            share = top[1] / summary.sessions if summary.sessions else 0
            self.referrer_tile.set_value(top[0], f"{share:.0%} of sessions")
        days = len(summary.per_day)
        self.per_day_card.set_caption(f"{days} day{'s' if days != 1 else ''}, UTC" if days else "")


def _per_day(summary: AnalyticsSummary) -> str:
    days = len(summary.per_day)
    if days <= 1:
        return ""
    return f"{summary.sessions / days:.1f} a day on average"
