"""Analytics, upload-token and account screenshots, rendered from the real panels.

Called by ``docs/tools/screenshots.py`` with a context on a seeded emulator. Playback sessions come
from real players only when someone watches, so the analytics picture seeds a month of sessions
(through the emulator's ``/_emulator/analytics/sessions`` control route) for one video first:
a steady audience that grows, more on weekdays, from a plausible mix of devices, systems,
browsers and referring sites. The numbers are generated from a fixed seed, so each run draws the
same picture.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize

from studio.api.models import VideoCreationPayload
from studio.services.context import AppContext
from studio.ui.panels.account import AccountPanel
from studio.ui.panels.analytics import AnalyticsPanel, PanelState
from studio.ui.panels.analytics_period import Preset
from studio.ui.panels.tokens import UploadTokensPanel

ANALYTICS_SIZE = QSize(1360, 900)
TOKENS_SIZE = QSize(1200, 640)
ACCOUNT_SIZE = QSize(1100, 430)
DAYS = 30
SEED = 20240611

# (value, weight) tables: a typical marketing site's audience.
PLATFORMS: list[tuple[dict[str, Any], int]] = [
    ({"device": ("desktop", "unknown", "unknown"), "os": ("Microsoft Windows", "WIN", "10"),
      "client": ("Chrome", "125.0")}, 30),
    ({"device": ("desktop", "Apple", "Macintosh"), "os": ("Mac OS X", "MAC", "14.5"),
      "client": ("Safari", "17.5")}, 14),
    ({"device": ("desktop", "Apple", "Macintosh"), "os": ("Mac OS X", "MAC", "14.5"),
      "client": ("Chrome", "125.0")}, 9),
    ({"device": ("mobile", "Apple", "iPhone"), "os": ("iOS", "IOS", "17.5"),
      "client": ("Safari", "17.5")}, 20),
    ({"device": ("mobile", "Samsung", "Galaxy S23"), "os": ("Android", "AND", "14"),
      "client": ("Chrome Mobile", "125.0")}, 12),
    ({"device": ("mobile", "Google", "Pixel 8"), "os": ("Android", "AND", "14"),
      "client": ("Samsung Internet", "24.0")}, 4),
    ({"device": ("tablet", "Apple", "iPad"), "os": ("iPadOS", "IOS", "17.5"),
      "client": ("Safari", "17.5")}, 6),
    ({"device": ("desktop", "unknown", "unknown"), "os": ("Microsoft Windows", "WIN", "11"),
      "client": ("Edge", "125.0")}, 9),
    ({"device": ("desktop", "unknown", "unknown"), "os": ("GNU/Linux", "LIN", "unknown"),
      "client": ("Firefox", "126.0")}, 6),
    ({"device": ("tv", "LG", "webOS TV"), "os": ("webOS", "WOS", "6.0"),
      "client": ("LG Browser", "6.0")}, 2),
]  # fmt: skip
REFERRERS: list[tuple[str | None, int]] = [
    (None, 26),
    ("https://www.google.com/", 24),
    ("https://www.linkedin.com/feed/", 14),
    ("https://news.ycombinator.com/item?id=40612345", 9),
    ("https://www.youtube.com/", 7),
    ("https://blog.example.com/launch-week", 8),
    ("https://twitter.com/", 5),
    ("https://docs.example.com/getting-started", 4),
    ("https://www.reddit.com/r/videography/", 3),
]
PLACES: list[tuple[tuple[str, str], int]] = [
    (("Paris", "France"), 18), (("Lyon", "France"), 6), (("London", "United Kingdom"), 12),
    (("Berlin", "Germany"), 9), (("New York", "United States"), 14),
    (("San Francisco", "United States"), 8), (("Montréal", "Canada"), 5),
    (("Madrid", "Spain"), 5), (("Tokyo", "Japan"), 4), (("unknown", "unknown"), 3),
]  # fmt: skip


def _pick[T](rng: random.Random, table: list[tuple[T, int]]) -> T:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _stamp(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _events(rng: random.Random, loaded: datetime, length_s: int) -> list[dict[str, Any]]:
    """ready, play, then some pauses and seeks, and (usually) the end."""
    clock = loaded + timedelta(seconds=rng.uniform(0.4, 2.5))
    position = 0
    events: list[dict[str, Any]] = [{"type": "ready", "emittedAt": _stamp(clock), "at": 0}]
    clock += timedelta(seconds=rng.uniform(1, 6))
    events.append({"type": "play", "emittedAt": _stamp(clock), "at": 0})
    watched_to = length_s if rng.random() < 0.45 else rng.randint(length_s // 8, length_s)
    while position < watched_to:
        step = rng.randint(15, 90)
        position = min(watched_to, position + step)
        clock += timedelta(seconds=step)
        roll = rng.random()
        if position >= watched_to:
            break
        if roll < 0.18:
            events.append({"type": "pause", "emittedAt": _stamp(clock), "at": position})
            clock += timedelta(seconds=rng.uniform(4, 40))
            events.append({"type": "resume", "emittedAt": _stamp(clock), "at": position})
        elif roll < 0.28:
            target = min(length_s - 1, position + rng.randint(20, 120))
            events.append(
                {"type": "seek.forward", "emittedAt": _stamp(clock), "from": position, "to": target}
            )
            position = target
        elif roll < 0.33 and position > 30:
            target = max(0, position - rng.randint(10, 30))
            events.append(
                {
                    "type": "seek.backward",
                    "emittedAt": _stamp(clock),
                    "from": position,
                    "to": target,
                }
            )
            position = target
    kind = "end" if watched_to >= length_s else "pause"
    events.append({"type": kind, "emittedAt": _stamp(clock), "at": min(position, length_s)})
    return events


def audience(video_id: str, today: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """A month of sessions of one video, as the seeding route takes them."""
    sessions = []
    length_s = 420
    for back in range(DAYS - 1, -1, -1):
        day = (today - timedelta(days=back)).replace(hour=0, minute=0, second=0, microsecond=0)
        weekday = day.weekday() < 5
        growth = 1 + (DAYS - back) / DAYS  # the audience doubles over the month
        count = max(0, round(rng.gauss(9 if weekday else 5, 2) * growth))
        if back == 12:
            count += 26  # the day the launch post went out
        for _ in range(count):
            loaded = day + timedelta(seconds=rng.uniform(6 * 3600, 23.5 * 3600))
            if loaded > today:
                loaded = today - timedelta(minutes=rng.uniform(1, 300))
            platform = _pick(rng, PLATFORMS)
            referrer = _pick(rng, REFERRERS)
            city, country = _pick(rng, PLACES)
            events = _events(rng, loaded, length_s)
            sessions.append(
                {
                    "videoId": video_id,
                    "session": {"loadedAt": _stamp(loaded)},
                    "location": {"country": country, "city": city},
                    "referrer": (
                        {"url": referrer, "medium": "organic", "source": referrer.split("/")[2]}
                        if referrer
                        else {}
                    ),
                    "device": dict(
                        zip(("type", "vendor", "model"), platform["device"], strict=True)
                    ),
                    "os": dict(zip(("name", "shortname", "version"), platform["os"], strict=True)),
                    "client": {
                        "type": "browser",
                        "name": platform["client"][0],
                        "version": platform["client"][1],
                    },
                    "events": events,
                }
            )
    return sessions


async def seed_audience(context: AppContext, video_id: str) -> int:
    """Seed the sessions through the emulator's control route; how many were stored."""
    client = context.client
    sessions = audience(video_id, datetime.now(UTC), random.Random(SEED))
    response = await client.http.post(
        "/_emulator/analytics/sessions",
        json={"apiKey": client.api_key, "sessions": sessions},
        timeout=60,
    )
    response.raise_for_status()
    return len(response.json()["sessionIds"])


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the panel did not settle in time")
        await asyncio.sleep(0.03)


async def _featured_video(context: AppContext) -> tuple[str, str]:
    """The video the analytics picture is about: the demo's keynote if present, else any."""
    videos = await context.client.videos.list(sort_by="createdAt", sort_order="asc").all(limit=100)
    for video in videos:
        if "keynote" in video.title.lower() or "launch" in video.title.lower():
            return video.video_id, video.title
    if videos:
        return videos[0].video_id, videos[0].title
    created = await context.client.videos.create(VideoCreationPayload(title="Product launch"))
    return created.video_id, created.title


async def analytics_charts(path: Path, context: AppContext) -> None:
    """The overview of a month of sessions of one video: tiles, day bars and breakdowns."""
    video_id, _title = await _featured_video(context)
    await seed_audience(context, video_id)
    panel = AnalyticsPanel(context)
    panel.resize(ANALYTICS_SIZE)
    panel.show()
    await _until(lambda: not panel.picker.loading)
    panel.period.set_preset(Preset.LAST_30_DAYS)
    if not panel.picker.choose(video_id):
        raise RuntimeError("the featured video is not listed")
    await _until(lambda: panel.state in (PanelState.READY, PanelState.EMPTY, PanelState.ERROR))
    await asyncio.sleep(0.4)  # let the plots lay out and paint
    panel.grab().save(str(path))
    # And the Sessions tab, with one session's events on the timeline.
    panel.tabs.setCurrentIndex(1)
    await _until(lambda: panel.sessions.rowCount() > 0)
    panel.select_session(await _richest_session(panel, context))
    await _until(lambda: bool(panel.timeline.marks))
    await asyncio.sleep(0.3)
    panel.grab().save(str(path.with_name("analytics-sessions.png")))
    panel.hide()
    panel.deleteLater()


async def _richest_session(panel: AnalyticsPanel, context: AppContext) -> int:
    """The row (of the first page) whose session has the most events: a telling timeline."""
    best, most = 0, -1
    for row in range(panel.sessions.rowCount()):
        session = panel.sessions.session(row)
        if session is None:
            continue
        events = await context.client.analytics.session_events(session.session_id).all()
        if len(events) > most:
            best, most = row, len(events)
    return best


async def tokens_panel(path: Path, context: AppContext) -> None:
    """A few tokens: one that never expires, some counting down, one expired."""
    tokens = context.client.upload_tokens
    for ttl in (0, 3600 * 24 * 7, 3600 * 2, 60 * 45, 2):
        await tokens.create(ttl=ttl)
    await asyncio.sleep(2.2)  # the 2-second token has expired by now
    panel = UploadTokensPanel(context)
    panel.resize(TOKENS_SIZE)
    panel.show()
    await _until(lambda: panel.model.rowCount() >= 5 and not panel.loading)
    panel.select_row(1)
    await asyncio.sleep(0.3)
    panel.grab().save(str(path))
    panel.hide()
    panel.deleteLater()


async def account_panel(path: Path, context: AppContext) -> None:
    """Quota, term, environment, features and the rate-limit headroom."""
    # The scenes before spent much of this minute's requests: start in a fresh window of the
    # reads (a read first, since each category of request has its own window).
    await context.client.account.get()
    state = context.client.rate_limit
    if state.limit and state.remaining is not None and state.remaining < state.limit * 0.9:
        left = (state.retry_after or 0) - (time.monotonic() - state.updated_at)
        await asyncio.sleep(min(61.0, max(0.0, left) + 0.3))
    panel = AccountPanel(context)
    panel.resize(ACCOUNT_SIZE)
    panel.show()
    await _until(lambda: panel.account is not None and not panel.loading)
    await asyncio.sleep(0.3)  # the context passes rate-limit updates on within 0.25 s
    panel.grab().save(str(path))
    panel.hide()
    panel.deleteLater()
