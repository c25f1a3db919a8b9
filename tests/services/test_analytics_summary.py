"""The analytics overview's aggregation: sessions per UTC day, breakdowns, referrers, durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from studio.api.models import VideoSession, decode
from studio.services.analytics_summary import (
    DIRECT_LABEL,
    OTHER_LABEL,
    UNKNOWN_LABEL,
    average_duration,
    breakdown,
    browser_label,
    device_label,
    os_label,
    referrer_label,
    sessions_per_day,
    summarise,
)


def session(
    loaded: str,
    ended: str | None = None,
    *,
    device: str = "desktop",
    os: str = "Microsoft Windows",
    browser: str = "Chrome",
    referrer: str | None = None,
) -> VideoSession:
    """A session as the API sends it (camelCase JSON), decoded by the client's model."""
    body: dict[str, Any] = {
        "session": {"sessionId": "ps1", "loadedAt": loaded, "endedAt": ended or loaded},
        "location": {"country": "France", "city": "Paris"},
        "referrer": {"url": referrer or "unknown", "medium": "unknown", "source": "unknown"},
        "device": {"type": device, "vendor": "unknown", "model": "unknown"},
        "os": {"name": os, "shortname": "unknown", "version": "unknown"},
        "client": {"type": "browser", "name": browser, "version": "1"},
    }
    return decode(VideoSession, body)


def test_days_are_utc_and_every_day_of_the_period_is_listed() -> None:
    sessions = [
        session("2024-03-04T23:59:59.000Z"),
        session("2024-03-05T00:00:00.000Z"),
        # 01:30 in Paris on the 6th is still the 5th in UTC.
        session("2024-03-06T01:30:00.000+02:00"),
        session("2024-03-07T12:00:00.000Z"),
        session("2024-03-09T12:00:00.000Z"),  # after the period: not counted
    ]
    days = sessions_per_day(sessions, date(2024, 3, 4), date(2024, 3, 7))
    assert days == [
        (date(2024, 3, 4), 1),
        (date(2024, 3, 5), 2),
        (date(2024, 3, 6), 0),
        (date(2024, 3, 7), 1),
    ]


def test_breakdowns_rank_largest_first_and_group_the_tail() -> None:
    browsers = ["Chrome"] * 5 + ["Safari"] * 3 + ["Edge"] * 3 + ["Firefox", "Opera", "Vivaldi"]
    sessions = [session("2024-03-05T10:00:00Z", browser=b) for b in browsers]
    assert breakdown(sessions, browser_label, top=10) == [
        ("Chrome", 5),
        ("Edge", 3),  # ties: A to Z
        ("Safari", 3),
        ("Firefox", 1),
        ("Opera", 1),
        ("Vivaldi", 1),
    ]
    assert breakdown(sessions, browser_label, top=4) == [
        ("Chrome", 5),
        ("Edge", 3),
        ("Safari", 3),
        (OTHER_LABEL, 3),
    ]


def test_unknown_values_count_together() -> None:
    sessions = [
        session("2024-03-05T10:00:00Z", device="unknown", os="unknown", browser=""),
        session("2024-03-05T11:00:00Z", device="mobile", os="iOS", browser="Safari"),
        session("2024-03-05T12:00:00Z", device="tv", os="unknown", browser="unknown"),
    ]
    assert [device_label(s) for s in sessions] == [UNKNOWN_LABEL, "Mobile", "TV"]
    assert breakdown(sessions, os_label) == [(UNKNOWN_LABEL, 2), ("iOS", 1)]
    assert breakdown(sessions, browser_label) == [(UNKNOWN_LABEL, 2), ("Safari", 1)]


def test_referrers_are_counted_by_site() -> None:
    sessions = [
        session("2024-03-05T10:00:00Z", referrer="https://www.google.com/search?q=a"),
        session("2024-03-05T10:00:00Z", referrer="https://www.google.com/"),
        session("2024-03-05T10:00:00Z", referrer="https://blog.example.com/post"),
        session("2024-03-05T10:00:00Z"),
    ]
    assert [referrer_label(s) for s in sessions][-1] == DIRECT_LABEL
    assert breakdown(sessions, referrer_label) == [
        ("www.google.com", 2),
        ("blog.example.com", 1),
        (DIRECT_LABEL, 1),
    ]


def test_average_duration_skips_sessions_without_one() -> None:
    sessions = [
        session("2024-03-05T10:00:00Z", "2024-03-05T10:01:00Z"),
        session("2024-03-05T10:00:00Z", "2024-03-05T10:03:00Z"),
        session("2024-03-05T10:00:00Z", "2024-03-05T09:00:00Z"),  # reversed: ignored
    ]
    assert average_duration(sessions) == 120.0
    assert average_duration([]) is None


def test_summary_and_busiest_day() -> None:
    sessions = [session(f"2024-03-0{d}T10:00:00Z") for d in (5, 6, 6, 6, 7)]
    summary = summarise(sessions, date(2024, 3, 5), date(2024, 3, 8))
    assert summary.sessions == 5
    assert summary.busiest_day == (date(2024, 3, 6), 3)
    assert summary.devices == [("Desktop", 5)]
    empty = summarise([], date(2024, 3, 5), date(2024, 3, 8))
    assert empty.busiest_day is None and empty.per_day[-1] == (date(2024, 3, 8), 0)


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=10 * 86400 - 1), max_size=60),
    kinds=st.lists(st.sampled_from(["desktop", "mobile", "tablet", "tv", "unknown"]), min_size=1),
)
def test_every_session_of_the_period_is_counted_once(offsets: list[int], kinds: list[str]) -> None:
    start = datetime(2024, 2, 25, tzinfo=UTC)
    sessions = [
        session(
            (start + timedelta(seconds=o)).isoformat().replace("+00:00", "Z"),
            device=kinds[i % len(kinds)],
        )
        for i, o in enumerate(offsets)
    ]
    summary = summarise(sessions, start.date(), start.date() + timedelta(days=9), top=3)
    assert sum(n for _, n in summary.per_day) == len(sessions)
    for series in (summary.devices, summary.systems, summary.browsers, summary.referrers):
        assert sum(n for _, n in series) == len(sessions)
        assert len(series) <= 8
    assert len(summary.devices) <= 3
