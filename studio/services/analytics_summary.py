"""What the analytics charts show, computed from raw-statistics sessions (no Qt, no I/O).

Sessions come from ``client.analytics.video_sessions`` / ``live_stream_sessions``. Days are UTC,
as api.video's ``period`` grammar counts them, so a day's bar holds exactly the sessions the API
lists for that day. Values the API does not know arrive as the literal ``unknown`` (or are
missing); they are counted under one "Unknown" label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from ..api.models import LiveStreamSession, VideoSession

Session = VideoSession | LiveStreamSession
Series = list[tuple[str, int]]  # (label, sessions), largest first

UNKNOWN = "unknown"
UNKNOWN_LABEL = "Unknown"
DIRECT_LABEL = "Direct or unknown"
OTHER_LABEL = "Other"
TOP = 6  # bars per breakdown before the rest is grouped as "Other"
TOP_REFERRERS = 8


@dataclass(frozen=True)
class AnalyticsSummary:
    """Everything the overview shows for one media and one period."""

    sessions: int
    per_day: list[tuple[date, int]]  # every day of the period, in order, zeros included
    devices: Series
    systems: Series
    browsers: Series
    referrers: Series
    average_duration_s: float | None  # mean of endedAt - loadedAt; None without any

    @property
    def busiest_day(self) -> tuple[date, int] | None:
        """The first day with the most sessions (None when there are none)."""
        best = max(self.per_day, key=lambda item: item[1], default=None)
        return best if best is not None and best[1] > 0 else None


def summarise(
    sessions: Sequence[Session], first_day: date, last_day: date, *, top: int = TOP
) -> AnalyticsSummary:
    """The overview of ``sessions`` for the days ``first_day`` to ``last_day`` (inclusive)."""
    return AnalyticsSummary(
        sessions=len(sessions),
        per_day=sessions_per_day(sessions, first_day, last_day),
        devices=breakdown(sessions, device_label, top=top),
        systems=breakdown(sessions, os_label, top=top),
        browsers=breakdown(sessions, browser_label, top=top),
        referrers=breakdown(sessions, referrer_label, top=TOP_REFERRERS),
        average_duration_s=average_duration(sessions),
    )


def loaded_day(session: Session) -> date | None:
    """The UTC day the session was loaded on."""
    info = session.session
    if info is None or info.loaded_at is None:
        return None
    moment = info.loaded_at
    if moment.tzinfo is None:  # the API always sends an offset; be safe with naive values
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).date()


def sessions_per_day(
    sessions: Iterable[Session], first_day: date, last_day: date
) -> list[tuple[date, int]]:
    """Sessions loaded on each day from ``first_day`` to ``last_day``; days outside are ignored."""
    if last_day < first_day:
        raise ValueError("the period ends before it starts")
    counts = Counter(loaded_day(s) for s in sessions)
    days = (last_day - first_day).days + 1
    return [
        (day, counts.get(day, 0)) for day in (first_day + timedelta(days=n) for n in range(days))
    ]


def breakdown(
    sessions: Iterable[Session], label_of: Callable[[Session], str], *, top: int = TOP
) -> Series:
    """Sessions per label, largest first (ties A to Z); past ``top`` labels, one "Other" bar."""
    counts = Counter(label_of(s) for s in sessions)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    if len(ranked) <= top:
        return ranked
    kept = ranked[: top - 1]
    rest = sum(count for _, count in ranked[top - 1 :])
    return [*kept, (OTHER_LABEL, rest)]


def _known(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text if text and text.lower() != UNKNOWN else None


DEVICE_NAMES = {"tv": "TV"}


def device_label(session: Session) -> str:
    """``Desktop``, ``Mobile``, ``Tablet``, ``TV``... from ``device.type``."""
    kind = _known(session.device.type if session.device else None)
    if kind is None:
        return UNKNOWN_LABEL
    return DEVICE_NAMES.get(kind.lower(), kind[:1].upper() + kind[1:])


def os_label(session: Session) -> str:
    """The operating system's name (``Microsoft Windows``, ``iOS``...)."""
    return _known(session.os.name if session.os else None) or UNKNOWN_LABEL


def browser_label(session: Session) -> str:
    """The browser or app's name (``Chrome``, ``Safari``...)."""
    return _known(session.client.name if session.client else None) or UNKNOWN_LABEL


def referrer_label(session: Session) -> str:
    """The referring site's host (``www.example.com``); direct visits count together."""
    referrer = session.referrer
    if referrer is None:
        return DIRECT_LABEL
    url = _known(referrer.url)
    host = urlsplit(url).hostname if url else None
    return host or _known(referrer.source) or DIRECT_LABEL


def duration_s(session: Session) -> float | None:
    """Seconds between load and end (None when either is missing or they are reversed)."""
    info = session.session
    if info is None or info.loaded_at is None or info.ended_at is None:
        return None
    seconds = (info.ended_at - info.loaded_at).total_seconds()
    return seconds if seconds >= 0 else None


def average_duration(sessions: Iterable[Session]) -> float | None:
    """Mean session duration in seconds over the sessions that have one."""
    durations = [d for d in (duration_s(s) for s in sessions) if d is not None]
    return sum(durations) / len(durations) if durations else None


def utc_today(now: datetime | None = None) -> date:
    """Today's date in UTC (the API's days)."""
    return (now or datetime.now(UTC)).astimezone(UTC).date()
