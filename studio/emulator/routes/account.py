"""Legacy ``GET /account`` (contract 3.9, 2021-02 spec), still read by old SDKs.

* ``quota``: bytes. ``quotaUsed`` is what the project stores on disk (sources, renditions,
  images, tracks); ``quotaTotal`` is a fixed allowance the emulator picks: 10 GiB for a sandbox
  project, 100 GiB for a production one; ``quotaRemaining`` never goes below 0.
* ``term``: the current calendar month (UTC), first day included, next month's first excluded.
* ``environment``: the project's (``sandbox`` or ``production``); ``features``: the five the
  spec's example lists, all of which the emulator offers.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from ..app import store_of
from ..ids import atom, now
from ..middleware import project_of
from ..wire import json_response

GiB = 1024**3
QUOTA_TOTAL = {"sandbox": 10 * GiB, "production": 100 * GiB}
FEATURES = [
    "app.dynamic_metadata",
    "app.event_log",
    "player.white_label",
    "stats.player_events",
    "transcode.mp4_support",
]


def current_term(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar month containing ``moment`` (UTC): ``(start, next month's start)``."""
    start = datetime(moment.year, moment.month, 1, tzinfo=UTC)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return start, datetime(year, month, 1, tzinfo=UTC)


async def get_account(request: web.Request) -> web.Response:
    project = project_of(request)
    used = await asyncio.to_thread(store_of(request).bytes_used, project.id)
    total = QUOTA_TOTAL.get(project.environment, QUOTA_TOTAL["sandbox"])
    start, end = current_term(now())
    return json_response(
        {
            "quota": {
                "quotaUsed": used,
                "quotaRemaining": max(0, total - used),
                "quotaTotal": total,
            },
            "term": {"startAt": atom(start), "endAt": atom(end)},
            "environment": project.environment,
            "features": FEATURES,
        }
    )


def setup(app: web.Application) -> None:
    app.router.add_get("/account", get_account)
