"""The analytics period: presets (today, last 7 / 30 days, this month) or a custom date range.

Days are UTC, as api.video's raw statistics count them; the picker says so in its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ...api.analytics import period_day, period_range
from ...services.analytics_summary import utc_today

EN_DASH = "\N{EN DASH}"


class Preset(StrEnum):
    """The periods offered in the picker."""

    TODAY = "today"
    LAST_7_DAYS = "last-7-days"
    LAST_30_DAYS = "last-30-days"
    THIS_MONTH = "this-month"
    CUSTOM = "custom"


PRESET_LABELS: dict[Preset, str] = {
    Preset.TODAY: "Today",
    Preset.LAST_7_DAYS: "Last 7 days",
    Preset.LAST_30_DAYS: "Last 30 days",
    Preset.THIS_MONTH: "This month",
    Preset.CUSTOM: "Custom range",
}


@dataclass(frozen=True)
class DateSpan:
    """Days ``first`` to ``last``, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def period(self) -> str:
        """The API's ``period`` value: one day, or a day range."""
        if self.first == self.last:
            return period_day(self.first)
        return period_range(self.first, self.last)

    def describe(self) -> str:
        """``12 Mar 2026`` or ``1 Mar - 12 Mar 2026`` (with an en dash)."""
        if self.first == self.last:
            return _day(self.first, year=True)
        first = _day(self.first, year=self.first.year != self.last.year)
        return f"{first} {EN_DASH} {_day(self.last)}"


def _day(day: date, *, year: bool = True) -> str:
    text = f"{day.day} {day.strftime('%b')}"
    return f"{text} {day.year}" if year else text


def preset_span(preset: Preset, today: date) -> DateSpan:
    """The days a preset covers, ending today (custom: today only, until edited)."""
    if preset is Preset.LAST_7_DAYS:
        return DateSpan(today - timedelta(days=6), today)
    if preset is Preset.LAST_30_DAYS:
        return DateSpan(today - timedelta(days=29), today)
    if preset is Preset.THIS_MONTH:
        return DateSpan(today.replace(day=1), today)
    return DateSpan(today, today)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    """A preset combo; "Custom range" shows two date fields. ``changed`` carries a DateSpan."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.presets = QComboBox()
        for preset, label in PRESET_LABELS.items():
            self.presets.addItem(label, preset.value)
        self.presets.setToolTip("Days are counted in UTC, as api.video does.")
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        self.dash = QLabel(EN_DASH)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setMaximumDate(_qdate(self.today()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.presets)
        layout.addWidget(self.first_edit)
        layout.addWidget(self.dash)
        layout.addWidget(self.last_edit)
        self.set_preset(Preset.LAST_7_DAYS)
        self.presets.currentIndexChanged.connect(self._on_preset)
        self.first_edit.dateChanged.connect(self._on_dates)
        self.last_edit.dateChanged.connect(self._on_dates)

    def today(self) -> date:
        return self._today or utc_today()

    @property
    def preset(self) -> Preset:
        return Preset(self.presets.currentData())

    def span(self) -> DateSpan:
        """The chosen days."""
        if self.preset is Preset.CUSTOM:
            first = _pydate(self.first_edit.date())
            last = _pydate(self.last_edit.date())
            return DateSpan(min(first, last), max(first, last))
        return preset_span(self.preset, self.today())

    def set_preset(self, preset: Preset) -> None:
        """Choose a preset (emits ``changed`` when it differs)."""
        self.presets.setCurrentIndex(self.presets.findData(preset.value))
        self._show_span()

    def set_custom(self, span: DateSpan) -> None:
        """Choose a custom range (tests and restoring a view)."""
        blockers = [self.first_edit.blockSignals(True), self.last_edit.blockSignals(True)]
        self.first_edit.setDate(_qdate(span.first))
        self.last_edit.setDate(_qdate(span.last))
        self.first_edit.blockSignals(blockers[0])
        self.last_edit.blockSignals(blockers[1])
        if self.preset is Preset.CUSTOM:
            self._show_span()
            self.changed.emit(self.span())
        else:
            self.set_preset(Preset.CUSTOM)

    def _on_preset(self, _index: int) -> None:
        self._show_span()
        self.changed.emit(self.span())

    def _on_dates(self, _value: QDate) -> None:
        if self.preset is Preset.CUSTOM:
            self.changed.emit(self.span())

    def _show_span(self) -> None:
        custom = self.preset is Preset.CUSTOM
        if not custom:  # the fields start from the preset's days when the user switches
            span = preset_span(self.preset, self.today())
            for edit, day in ((self.first_edit, span.first), (self.last_edit, span.last)):
                blocked = edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(blocked)
        for widget in (self.first_edit, self.dash, self.last_edit):
            widget.setVisible(custom)
