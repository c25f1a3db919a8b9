"""The Analytics panel against the emulator: seeded sessions in the table (paged), the charts'
series, a session's event timeline, and the empty, disabled and unreachable states."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.analytics_summary import summarise
from studio.services.context import ActiveProject, AppContext
from studio.services.task_scope import TaskScope
from studio.ui.panels.analytics import AnalyticsPanel, PanelState
from studio.ui.panels.analytics_media import LIVE_STREAM, VIDEO, MediaRef
from studio.ui.panels.analytics_overview import day_label
from studio.ui.panels.analytics_period import DateSpan, Preset, preset_span

FIRST_DAY = date(2024, 3, 4)
LAST_DAY = date(2024, 3, 7)
DEVICES = ("desktop", "mobile", "desktop", "tablet", "desktop")
SYSTEMS = ("Microsoft Windows", "iOS", "Mac OS X", "Android")
BROWSERS = ("Chrome", "Safari", "Firefox")
REFERRERS = ("https://www.google.com/", None, "https://blog.example.com/post", None)
# Seconds after loading, for the events of every seeded session.
EVENTS: list[dict[str, Any]] = [
    {"type": "ready", "after": 1, "at": 0},
    {"type": "play", "after": 3, "at": 0},
    {"type": "pause", "after": 33, "at": 30},
    {"type": "resume", "after": 45, "at": 30},
    {"type": "seek.forward", "after": 50, "from": 35, "to": 90},
    {"type": "end", "after": 80, "at": 120},
]
VIDEO_SESSIONS = 23  # the last one loads the day after the period


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def in_period(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The seeded sessions loaded between FIRST_DAY and LAST_DAY (UTC)."""
    return [
        s
        for s in sessions
        if FIRST_DAY.isoformat() <= s["session"]["loadedAt"][:10] <= LAST_DAY.isoformat()
    ]


def api(emulator: EmulatorServer, method: str, path: str, body: Any = None) -> Any:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, ""), timeout=30) as http:
        response = http.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None


def seed(emulator: EmulatorServer, sessions: list[dict[str, Any]]) -> list[str]:
    response = httpx.post(
        f"{emulator.url}/_emulator/analytics/sessions",
        json={"apiKey": emulator.api_key, "sessions": sessions},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    ids: list[str] = response.json()["sessionIds"]
    return ids


def seeded_session(media: dict[str, str], index: int) -> dict[str, Any]:
    """Session ``index``: spread over the four days, platforms and referrers cycling."""
    loaded = datetime(2024, 3, 4, 8, tzinfo=UTC) + timedelta(hours=4 * index + index % 3)
    referrer = REFERRERS[index % len(REFERRERS)]
    return {
        **media,
        "session": {"loadedAt": stamp(loaded)},
        "location": {"country": "France", "city": "Paris"},
        "referrer": {"url": referrer, "medium": "organic", "source": "unknown"} if referrer else {},
        "device": {"type": DEVICES[index % len(DEVICES)]},
        "os": {"name": SYSTEMS[index % len(SYSTEMS)]},
        "client": {"type": "browser", "name": BROWSERS[index % len(BROWSERS)], "version": "1"},
        "events": [
            {
                **{k: v for k, v in event.items() if k != "after"},
                "emittedAt": stamp(loaded + timedelta(seconds=event["after"])),
            }
            for event in EVENTS
        ],
    }


@pytest.fixture(scope="module")
def seeded(emulator: EmulatorServer) -> dict[str, Any]:
    """A video with sessions over four days, a live stream with a few, and an idle video."""
    video = api(emulator, "POST", "/videos", {"title": "Analytics keynote"})["videoId"]
    idle = api(emulator, "POST", "/videos", {"title": "Analytics idle clip"})["videoId"]
    live = api(emulator, "POST", "/live-streams", {"name": "Analytics live"})["liveStreamId"]
    video_sessions = [seeded_session({"videoId": video}, i) for i in range(VIDEO_SESSIONS)]
    live_sessions = [seeded_session({"liveStreamId": live}, i) for i in range(4)]
    seed(emulator, video_sessions + live_sessions)
    return {
        "video": video,
        "idle": idle,
        "live": live,
        "video_sessions": video_sessions,
        "live_sessions": live_sessions,
    }


@pytest.fixture
def panel(qtbot: QtBot, app_context: AppContext, seeded: dict[str, Any]) -> AnalyticsPanel:
    widget = AnalyticsPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitUntil(lambda: not widget.picker.loading, timeout=10_000)
    widget.period.set_custom(DateSpan(FIRST_DAY, LAST_DAY))
    return widget


def settle(qtbot: QtBot, panel: AnalyticsPanel) -> None:
    qtbot.waitUntil(lambda: panel.state != PanelState.LOADING, timeout=10_000)
    qtbot.waitUntil(lambda: panel.sessions.state.value != "loading", timeout=10_000)


def test_sessions_table_pages_through_the_api_pages(
    qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any], run: Any
) -> None:
    panel.page_size = 10
    assert panel.picker.choose(seeded["video"])
    settle(qtbot, panel)
    assert panel.state == PanelState.READY
    model = panel.sessions
    expected_total = len(in_period(seeded["video_sessions"]))
    assert 20 < expected_total < VIDEO_SESSIONS
    assert (model.rowCount(), model.page, model.pages_total) == (10, 1, 3)
    assert model.items_total == expected_total
    assert panel.page_label.text().startswith(f"Sessions 1\N{EN DASH}10 of {expected_total}")
    assert not panel.previous_button.isEnabled() and panel.next_button.isEnabled()

    # Each table page shows exactly the API's page, in its order.
    client = panel._context.client
    for number in (1, 2, 3):
        if number > 1:
            panel.next_button.click()
            wanted = number
            qtbot.waitUntil(lambda: model.page == wanted, timeout=10_000)  # noqa: B023
        expected = run(
            client.analytics.video_sessions(
                seeded["video"], DateSpan(FIRST_DAY, LAST_DAY).period, page_size=10
            ).page(number)
        )
        shown = [s.session_id for s in map(model.session, range(model.rowCount())) if s]
        assert shown == [s.session_id for s in expected.data]
    assert model.rowCount() == expected_total - 20
    assert not panel.next_button.isEnabled()
    panel.previous_button.click()
    qtbot.waitUntil(lambda: model.page == 2, timeout=10_000)

    # Cells: the location, device and client of the session, as the API describes them.
    first = model.session(0)
    assert first is not None and first.device and first.client
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[2] == "Paris, France"
    assert row[4].lower().startswith(first.device.type)
    assert row[6] == f"{first.client.name} {first.client.version}"


def test_charts_show_the_aggregation_of_every_session(
    qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any], run: Any
) -> None:
    panel.page_size = 5  # the charts read every page, whatever the table shows
    assert panel.picker.choose(seeded["video"])
    settle(qtbot, panel)
    overview = panel.overview
    seeds = in_period(seeded["video_sessions"])

    # What was seeded, counted here independently of the app's aggregation.
    per_day = Counter(s["session"]["loadedAt"][:10] for s in seeds)
    days = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    assert overview.per_day.series() == [
        (day_label(day), float(per_day.get(day.isoformat(), 0))) for day in days
    ]
    devices = Counter(s["device"]["type"].capitalize() for s in seeds)
    assert dict(overview.devices.series()) == {k: float(v) for k, v in devices.items()}
    browsers = Counter(s["client"]["name"] for s in seeds)
    assert dict(overview.browsers.series()) == {k: float(v) for k, v in browsers.items()}
    assert [v for _, v in overview.devices.series()] == sorted(devices.values(), reverse=True)
    assert overview.sessions_tile.value.text() == str(len(seeds))

    # And every series equals the service's aggregation of the sessions the API lists.
    sessions = run(
        panel._context.client.analytics.video_sessions(
            seeded["video"], DateSpan(FIRST_DAY, LAST_DAY).period
        ).all()
    )
    summary = summarise(sessions, FIRST_DAY, LAST_DAY)
    assert overview.summary == summary
    for chart, series in (
        (overview.systems, summary.systems),
        (overview.referrers, summary.referrers),
        (overview.browsers, summary.browsers),
    ):
        assert chart.series() == [(label, float(n)) for label, n in series]


def test_a_sessions_events_are_on_the_timeline(
    qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any]
) -> None:
    assert panel.picker.choose(seeded["video"])
    settle(qtbot, panel)
    panel.tabs.setCurrentIndex(1)
    panel.select_session(2)
    qtbot.waitUntil(lambda: bool(panel.timeline.marks), timeout=10_000)
    marks = panel.timeline.marks
    assert [m.kind for m in marks] == [e["type"] for e in EVENTS]
    assert [m.offset_s for m in marks] == [float(e["after"]) for e in EVENTS]
    assert marks[4].text == "Seek forward: 0:35 → 1:30"
    assert marks[2].text == "Pause at 0:30"
    # Playback from play to pause, then from resume to the end.
    assert panel.timeline.spans == [(3.0, 33.0), (45.0, 80.0)]
    assert panel.timeline_caption.text().endswith(f"{len(EVENTS)} events")


def test_live_stream_sessions(qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any]) -> None:
    panel.picker.set_kind(LIVE_STREAM)
    qtbot.waitUntil(lambda: seeded["live"] in {m.id for m in panel.picker.results}, timeout=10_000)
    assert all(m.kind == LIVE_STREAM for m in panel.picker.results)
    assert panel.picker.choose(seeded["live"])
    settle(qtbot, panel)
    assert panel.sessions.items_total == len(seeded["live_sessions"])
    assert panel.overview.summary is not None
    assert panel.overview.summary.sessions == len(seeded["live_sessions"])


def test_search_finds_videos_by_title(
    qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any]
) -> None:
    listed = {m.id for m in panel.picker.results}
    assert {seeded["video"], seeded["idle"]} <= listed
    panel.picker.search.setText("idle clip")
    qtbot.waitUntil(lambda: [m.id for m in panel.picker.results] == [seeded["idle"]], timeout=5000)
    panel.picker.search.setText("no such title at all")
    qtbot.waitUntil(lambda: panel.picker.results == [], timeout=5000)
    assert panel.picker.note.text() == "No videos match “no such title at all”."


def test_an_empty_period_says_so(
    qtbot: QtBot, panel: AnalyticsPanel, seeded: dict[str, Any]
) -> None:
    assert panel.picker.choose(seeded["idle"])
    settle(qtbot, panel)
    assert panel.state == PanelState.EMPTY
    assert panel.body.currentWidget() is panel.message
    assert panel.message.headline.text() == "No sessions in this period"
    # The seeded video has none in a later week either.
    assert panel.picker.choose(seeded["video"])
    settle(qtbot, panel)
    assert panel.state == PanelState.READY
    panel.period.set_custom(DateSpan(date(2024, 4, 1), date(2024, 4, 7)))
    settle(qtbot, panel)
    assert panel.state == PanelState.EMPTY
    assert "1 Apr \N{EN DASH} 7 Apr 2024" in panel.message.body.text()
    assert panel.overview.summary is not None and panel.overview.summary.sessions == 0
    # The offered way out: a preset covering more days.
    assert panel.message.action.text() == "Show the last 30 days"
    panel.message.action.click()
    assert panel.period.preset is Preset.LAST_30_DAYS


def test_presets_cover_the_expected_days() -> None:
    today = date(2024, 3, 14)
    assert preset_span(Preset.TODAY, today) == DateSpan(today, today)
    assert preset_span(Preset.LAST_7_DAYS, today) == DateSpan(date(2024, 3, 8), today)
    assert preset_span(Preset.LAST_30_DAYS, today).days == 30
    assert preset_span(Preset.THIS_MONTH, today) == DateSpan(date(2024, 3, 1), today)
    assert DateSpan(today, today).period == "2024-03-14"
    assert DateSpan(date(2024, 3, 1), today).period == "2024-03-01/2024-03-14"


# ---- error states, on a stand-in server and on no server at all ---------------------------------


class _Refusing(BaseHTTPRequestHandler):
    """Signs in, lists no media, and answers analytics with api.video's 403 for a project
    whose analytics are disabled."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(200, {"access_token": "t", "refresh_token": "r", "expires_in": 3600})

    def do_GET(self) -> None:
        if self.path.startswith("/analytics/"):
            self._send(
                403,
                {
                    "type": "https://docs.api.video/reference/authorization-disabled-analytics",
                    "title": "You cannot get analytics from this project.",
                    "status": 403,
                },
                "application/problem+json",
            )
        else:
            self._send(200, {"data": [], "pagination": {"currentPage": 1, "pagesTotal": 0}})

    def _send(self, status: int, body: Any, kind: str = "application/json") -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _context_on(url: str, folder: Path) -> AppContext:
    client = ApiVideoClient("key", base_url=url, timeout=5)
    return AppContext(
        client, ActiveProject("Elsewhere", "custom", url), TaskScope(), folder / "d", folder / "c"
    )


def test_disabled_analytics_is_explained(
    qtbot: QtBot, run: Any, refusing_server: str, tmp_path: Path
) -> None:
    context = _context_on(refusing_server, tmp_path)
    widget = AnalyticsPanel(context)
    qtbot.addWidget(widget)
    widget.show_media(MediaRef(VIDEO, "vi4blUQJFrYWbaG44NxIM0l3", "Somewhere else"))
    qtbot.waitUntil(lambda: widget.state == PanelState.DISABLED, timeout=10_000)
    assert widget.message.headline.text() == "Analytics is disabled for this project"
    assert widget.message.action.isHidden()  # retrying cannot help
    run(context.scope.close())
    run(context.client.aclose())


def test_an_unreachable_server_offers_a_retry(qtbot: QtBot, run: Any, tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = _context_on(f"http://127.0.0.1:{port}", tmp_path)
    widget = AnalyticsPanel(context)
    qtbot.addWidget(widget)
    widget.show_media(MediaRef(VIDEO, "vi4blUQJFrYWbaG44NxIM0l3", "Unreachable"))
    qtbot.waitUntil(lambda: widget.state == PanelState.ERROR, timeout=10_000)
    assert widget.message.headline.text() == "api.video could not be reached"
    assert widget.message.action.text() == "Retry"
    widget.message.action.click()
    assert widget.state == PanelState.LOADING
    qtbot.waitUntil(lambda: widget.state == PanelState.ERROR, timeout=10_000)
    run(context.scope.close())
    run(context.client.aclose())
