"""The ``period`` grammar of api.video's raw statistics (contract 3.8).

``2018-01-01`` (a day), ``2018-W01`` (an ISO week), ``2018-01`` (a month), ``2018`` (a year),
or ``A/B`` with A and B any of those (from the start of A to the end of B; the documented
form is a day range ``2018-01-01/2018-01-15``). Periods are UTC; ends are exclusive.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _single(text: str) -> tuple[datetime, datetime]:
    if m := _DAY.match(text):
        start = date(int(m[1]), int(m[2]), int(m[3]))
        return _midnight(start), _midnight(start + timedelta(days=1))
    if m := _WEEK.match(text):
        start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return _midnight(start), _midnight(start + timedelta(days=7))
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        start = date(year, month, 1)
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return _midnight(start), _midnight(end)
    if m := _YEAR.match(text):
        year = int(m[1])
        return _midnight(date(year, 1, 1)), _midnight(date(year + 1, 1, 1))
    raise ValueError(f'"{text}" is not a day, an ISO week, a month or a year')


def parse_period(text: str) -> tuple[datetime, datetime]:
    """``(start, end)`` of a period, end exclusive; ValueError with a reason when invalid."""
    text = text.strip()
    left, sep, right = text.partition("/")
    try:
        start, end = _single(left)
        if sep:
            right_start, end = _single(right)
            if right_start < start:
                raise ValueError("the range ends before it starts")
    except ValueError as exc:
        # date() and fromisocalendar() raise ValueError on impossible dates (2018-02-30, W54).
        raise ValueError(f"Invalid period {text!r}: {exc}") from None
    return start, end
