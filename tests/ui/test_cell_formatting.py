"""Cell dates: local time with daylight saving, the same text ``strftime`` would write."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.ui.models.library_model import format_date, format_duration


@pytest.fixture(autouse=True, scope="module")
def paris_time() -> Iterator[None]:
    """A zone with daylight saving (the formatting must follow it, not a fixed offset)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/Paris")
        time.tzset()
        yield
    time.tzset()


def reference(value: datetime) -> str:
    return value.astimezone().strftime("%d %b %Y, %H:%M").lstrip("0")


def test_winter_and_summer_offsets() -> None:
    assert format_date(datetime(2025, 1, 2, 9, 5, tzinfo=UTC)) == "2 Jan 2025, 10:05"
    assert format_date(datetime(2025, 7, 2, 9, 5, tzinfo=UTC)) == "2 Jul 2025, 11:05"
    # The night the clocks go forward: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
    assert format_date(datetime(2025, 3, 30, 0, 59, tzinfo=UTC)) == "30 Mar 2025, 01:59"
    assert format_date(datetime(2025, 3, 30, 1, 0, tzinfo=UTC)) == "30 Mar 2025, 03:00"
    assert format_date(None) == "—"


@settings(max_examples=300)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_same_text_as_strftime(moment: datetime, offset_minutes: int) -> None:
    value = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert format_date(value) == reference(value)


def test_durations() -> None:
    assert [format_duration(s) for s in (None, -1, 0, 75, 3725)] == [
        "",
        "",
        "0:00",
        "1:15",
        "1:02:05",
    ]
