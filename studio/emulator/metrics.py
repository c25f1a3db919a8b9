"""The ``/data`` analytics (contract 3.8 D1-D3), computed from recorded player sessions.

Definitions the emulator uses (api.video documents the names, not the formulas):

* ``impression``: sessions loaded in the timeframe;
* ``play``: ``play`` events emitted in the timeframe; ``start``: sessions whose first play is in
  it; ``end``: ``end`` events in it; ``play-rate``: plays / impressions (0 without impressions);
  ``play-total``: every play ever (the timeframe is ignored, as documented);
* ``impression-time``: milliseconds from load to the first ``ready`` (else ``play``) event, and
  ``watch-time``: seconds played (from event positions, else wall clock), both over sessions
  loaded in the timeframe, as ``average`` or ``sum``;
* ``ccv``: concurrent viewers, a session watching from its first play to its last event:
  ``peak`` (maximum), ``average`` (time-weighted over the timeframe), ``live`` (watching in the
  last 20 s); ``unique`` counts distinct viewers instead of sessions;
* ``view``: sessions loaded in the timeframe that played at least ``viewDuration`` seconds
  (distinct viewers with ``unique``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .countries import locate
from .ids import parse_atom
from .user_agents import UNKNOWN, dimension_browser, dimension_device, dimension_os

LIVE_WINDOW = timedelta(seconds=20)
SESSION_METRICS = (
    "play",
    "play-rate",
    "play-total",
    "start",
    "end",
    "impression",
    "impression-time-average",
    "impression-time-sum",
    "watch-time-average",
    "watch-time-sum",
    "ccv-peak",
    "ccv-average",
    "ccv-live",
    "view",
)
BREAKDOWNS = (
    "media-id",
    "media-type",
    "continent",
    "country",
    "device-type",
    "operating-system",
    "browser",
    "referrer",
)


@dataclass
class Viewing:
    """One session, flattened for metric computation."""

    session_id: str
    media_id: str
    media_type: str
    viewer: str
    loaded_at: datetime
    last_seen: datetime
    dimensions: dict[str, str]
    tags: frozenset[str]
    events: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    first_play: datetime | None = None
    ready_ms: float | None = None
    watch_seconds: float = 0.0

    @property
    def watching(self) -> tuple[datetime, datetime] | None:
        if self.first_play is None:
            return None
        return self.first_play, max(self.first_play, self.last_seen)


def _watch_seconds(events: list[tuple[datetime, dict[str, Any]]], until: datetime) -> float:
    """Seconds played: positions (``at``/``from``/``to``) when known, else the wall clock."""
    total = 0.0
    playing = False
    position: float | None = None
    since = until
    for moment, event in events:
        kind = event["type"]
        if kind in ("play", "resume"):
            if not playing:
                playing, since = True, moment
                position = event.get("at", position)
        elif kind in ("pause", "end") and playing:
            at = event.get("at")
            if at is not None and position is not None:
                total += max(0.0, at - position)
            else:
                total += (moment - since).total_seconds()
            playing = False
        elif kind.startswith("seek.") and playing:
            if event.get("from") is not None and position is not None:
                total += max(0.0, event["from"] - position)
            else:
                total += (moment - since).total_seconds()
            position, since = event.get("to"), moment
    if playing:
        total += max(0.0, (until - since).total_seconds())
    return total


def viewing(doc: dict[str, Any], events: list[dict[str, Any]], tags: Iterable[str]) -> Viewing:
    """Flatten a stored session and its events."""
    head = doc["session"]
    loaded = parse_atom(head["loadedAt"])
    timed = sorted(((parse_atom(e["emittedAt"]), e) for e in events), key=lambda x: x[0])
    last = max([parse_atom(head.get("endedAt") or head["loadedAt"])] + [t for t, _ in timed])
    country, continent = locate(doc.get("location", {}).get("country"))
    referrer = doc.get("referrer", {}).get("url") or ""
    out = Viewing(
        session_id=doc["sessionId"],
        media_id=doc["mediaId"],
        media_type=doc["mediaType"],
        viewer=doc.get("_viewer") or doc["sessionId"],
        loaded_at=loaded,
        last_seen=last,
        dimensions={
            "media-id": doc["mediaId"],
            "media-type": doc["mediaType"],
            "continent": continent,
            "country": country,
            "device-type": dimension_device(doc.get("device", {}).get("type", UNKNOWN)),
            "operating-system": dimension_os(doc.get("os", {}).get("name", UNKNOWN)),
            "browser": dimension_browser(doc.get("client", {}).get("name", UNKNOWN)),
            "referrer": "" if referrer == UNKNOWN else referrer,
        },
        tags=frozenset(tags),
        events=timed,
    )
    plays = [t for t, e in timed if e["type"] in ("play", "resume")]
    out.first_play = plays[0] if plays else None
    ready = [t for t, e in timed if e["type"] == "ready"] or plays
    out.ready_ms = (ready[0] - loaded).total_seconds() * 1000 if ready else None
    out.watch_seconds = _watch_seconds(timed, last)
    return out


# ---- one metric over one timeframe ------------------------------------------------------------


def _within(moment: datetime, start: datetime, end: datetime) -> bool:
    return start <= moment < end


def _count_events(views: list[Viewing], kind: str, start: datetime, end: datetime) -> int:
    return sum(
        1 for v in views for t, e in v.events if e["type"] == kind and _within(t, start, end)
    )


def _concurrency(
    views: list[Viewing], start: datetime, end: datetime, unique: bool
) -> tuple[float, float]:
    """(peak, time-weighted average) of viewers watching within [start, end)."""
    changes: list[tuple[datetime, int, str]] = []
    for v in views:
        span = v.watching
        if span is None:
            continue
        lo, hi = max(span[0], start), min(span[1], end)
        if lo < hi or (lo == hi and _within(lo, start, end)):
            changes.append((lo, 1, v.viewer if unique else v.session_id))
            changes.append((hi, -1, v.viewer if unique else v.session_id))
    # Arrivals before departures at the same instant, so touching sessions count together.
    changes.sort(key=lambda c: (c[0], -c[1]))
    active: dict[str, int] = defaultdict(int)
    peak = 0
    area = 0.0
    previous = start
    for moment, delta, who in changes:
        area += len(active) * (moment - previous).total_seconds()
        previous = moment
        active[who] += delta
        if active[who] <= 0:
            del active[who]
        peak = max(peak, len(active))
    span_s = (end - start).total_seconds()
    return float(peak), (area / span_s if span_s > 0 else 0.0)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def compute(
    metric: str,
    views: list[Viewing],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    unique: bool = False,
    view_seconds: int = 5,
) -> float:
    """The value of ``metric`` (one of SESSION_METRICS) over ``views`` in [start, end)."""
    loaded = [v for v in views if _within(v.loaded_at, start, end)]
    if metric == "play":
        return float(_count_events(views, "play", start, end))
    if metric == "play-total":
        return float(sum(1 for v in views for _t, e in v.events if e["type"] == "play"))
    if metric == "play-rate":
        impressions = len(loaded)
        return _count_events(views, "play", start, end) / impressions if impressions else 0.0
    if metric == "start":
        return float(sum(1 for v in views if v.first_play and _within(v.first_play, start, end)))
    if metric == "end":
        return float(_count_events(views, "end", start, end))
    if metric == "impression":
        return float(len(loaded))
    if metric.startswith("impression-time-"):
        times = [v.ready_ms for v in loaded if v.ready_ms is not None]
        return _mean(times) if metric.endswith("average") else float(sum(times))
    if metric.startswith("watch-time-"):
        played = [v.watch_seconds for v in loaded if v.first_play is not None]
        return _mean(played) if metric.endswith("average") else float(sum(played))
    if metric == "ccv-peak":
        return _concurrency(views, start, end, unique)[0]
    if metric == "ccv-average":
        return _concurrency(views, start, end, unique)[1]
    if metric == "ccv-live":
        return _concurrency(views, now - LIVE_WINDOW, now + timedelta(microseconds=1), unique)[0]
    if metric == "view":
        viewed = [v for v in loaded if v.watch_seconds >= view_seconds]
        return float(len({v.viewer for v in viewed}) if unique else len(viewed))
    raise ValueError(f"unknown metric {metric!r}")


# ---- breakdowns and time series -----------------------------------------------------------------


def relevant(views: list[Viewing], start: datetime, end: datetime) -> list[Viewing]:
    """Sessions alive at some point of [start, end)."""
    return [v for v in views if v.loaded_at < end and v.last_seen >= start]


def breakdown(
    metric: str,
    dimension: str,
    views: list[Viewing],
    start: datetime,
    end: datetime,
    value: Callable[[list[Viewing]], float],
) -> list[dict[str, Any]]:
    """``[{dimensionValue, metricValue}]`` for every value of ``dimension`` seen in the data."""
    scope = views if metric == "play-total" else relevant(views, start, end)
    groups: dict[str, list[Viewing]] = defaultdict(list)
    for v in scope:
        groups[v.dimensions[dimension]].append(v)
    return [{"dimensionValue": k, "metricValue": value(g)} for k, g in groups.items()]


INTERVALS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}


def buckets(
    start: datetime, end: datetime, interval: str
) -> list[tuple[datetime, datetime, datetime]]:
    """``(label, lo, hi)`` windows of ``interval`` covering [start, end): ``label`` is the round
    time the window belongs to, [lo, hi) its part inside the timeframe."""
    step = INTERVALS[interval]
    origin = start.replace(second=0, microsecond=0)
    if interval in ("hour", "day"):
        origin = origin.replace(minute=0)
    if interval == "day":
        origin = origin.replace(hour=0)
    out = []
    cursor = origin
    while cursor < end:
        out.append((cursor, max(cursor, start), min(cursor + step, end)))
        cursor += step
    return out
