"""Analytics over HTTP (contract 3.8): player sessions recorded or seeded through the control
routes, raw statistics by period, and the ``/data`` metrics computed from them."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from apivideo.api.analytics_api import AnalyticsApi

from studio.emulator.periods import parse_period
from studio.emulator.server import EmulatorServer
from studio.emulator.user_agents import dimension_browser, dimension_os, read_user_agent
from tests.conftest import make_emulator
from tests.emulator.sdk_support import sdk_client

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_period_grammar() -> None:
    assert parse_period("2024-03-05") == (utc("2024-03-05"), utc("2024-03-06"))
    assert parse_period("2024-W10") == (utc("2024-03-04"), utc("2024-03-11"))
    assert parse_period("2024-02") == (utc("2024-02-01"), utc("2024-03-01"))
    assert parse_period("2024-12") == (utc("2024-12-01"), utc("2025-01-01"))
    assert parse_period("2024") == (utc("2024-01-01"), utc("2025-01-01"))
    assert parse_period("2024-01-30/2024-02-02") == (utc("2024-01-30"), utc("2024-02-03"))
    for bad in ("2024-13", "2024-02-30", "2024-W54", "24-01-01", "yesterday", "2024-02/2024-01"):
        with pytest.raises(ValueError, match="Invalid period"):
            parse_period(bad)


def test_user_agents() -> None:
    desktop = read_user_agent(CHROME_WINDOWS)
    assert desktop.device["type"] == "desktop"
    assert desktop.os == {"name": "Microsoft Windows", "shortname": "WIN", "version": "10"}
    assert desktop.client == {"type": "browser", "name": "Chrome", "version": "124.0.0.0"}
    phone = read_user_agent(SAFARI_IPHONE)
    assert phone.device == {"type": "mobile", "vendor": "Apple", "model": "iPhone"}
    assert (phone.os["name"], phone.os["version"]) == ("iOS", "17.4")
    assert phone.client["name"] == "Safari"
    edge = read_user_agent(CHROME_WINDOWS + " Edg/124.0.2478.51")
    assert dimension_browser(edge.client["name"]) == "edge"
    assert dimension_os(
        read_user_agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)").os["name"]
    ) == ("mac osx")
    nothing = read_user_agent(None)
    assert {nothing.device["type"], nothing.os["name"], nothing.client["name"]} == {"unknown"}


# ---- sessions recorded by the players, listed as raw statistics ---------------------------------


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def new_video(api: httpx.Client, **fields: Any) -> str:
    r = api.post("/videos", json={"title": f"stats-{uuid.uuid4().hex[:8]}", **fields})
    assert r.status_code == 201, r.text
    video_id: str = r.json()["videoId"]
    return video_id


def report(emulator: EmulatorServer, **event: Any) -> str:
    r = httpx.post(f"{emulator.url}/_emulator/player-events", json=event)
    assert r.status_code == 200, r.text
    session_id: str = r.json()["sessionId"]
    return session_id


def test_player_events_build_a_session(api: httpx.Client, emulator: EmulatorServer) -> None:
    video_id = new_video(api, metadata=[{"key": "plan", "value": "pro"}])
    session = report(
        emulator,
        sessionId=None,
        videoId=video_id,
        type="ready",
        userAgent=SAFARI_IPHONE,
        referrer="https://blog.example/post",
        metadata=[{"key": "viewer", "value": "vip"}],
    )
    assert session.startswith("ps") and len(session) == 23
    for event in (
        {"type": "play", "at": 0},
        {"type": "seek.forward", "from": 3, "to": 40},
        {"type": "pause", "at": 44},
        {"type": "end", "at": 60},
    ):
        assert report(emulator, sessionId=session, videoId=video_id, **event) == session
    other = report(emulator, sessionId=None, videoId=video_id, type="ready")

    today = datetime.now(UTC).date().isoformat()
    listed = api.get(f"/analytics/videos/{video_id}", params={"period": today})
    assert listed.status_code == 200 and listed.headers["content-type"] == "application/json"
    data = listed.json()["data"]
    assert [s["session"]["sessionId"] for s in data] == [session, other]
    first = data[0]
    assert set(first) == {"session", "location", "referrer", "device", "os", "client"}
    assert first["session"]["metadata"] == [
        {"key": "plan", "value": "pro"},
        {"key": "viewer", "value": "vip"},
    ]
    assert first["session"]["loadedAt"].endswith("Z") and "." in first["session"]["loadedAt"]
    assert first["session"]["endedAt"] >= first["session"]["loadedAt"]
    assert first["location"] == {"country": "unknown", "city": "unknown"}
    assert first["referrer"]["url"] == "https://blog.example/post"
    assert first["referrer"]["source"] == "blog.example"
    assert (first["device"]["type"], first["os"]["name"], first["client"]["name"]) == (
        "mobile",
        "iOS",
        "Safari",
    )
    filtered = api.get(
        f"/analytics/videos/{video_id}", params={"period": today, "metadata[viewer]": "vip"}
    ).json()["data"]
    assert [s["session"]["sessionId"] for s in filtered] == [session]

    events = api.get(f"/analytics/sessions/{session}/events").json()
    assert [(e["type"], e.get("at"), e.get("from"), e.get("to")) for e in events["data"]] == [
        ("ready", None, None, None),
        ("play", 0, None, None),
        ("seek.forward", None, 3, 40),
        ("pause", 44, None, None),
        ("end", 60, None, None),
    ]
    assert events["pagination"]["itemsTotal"] == 5


def test_bad_player_reports_are_refused(api: httpx.Client, emulator: EmulatorServer) -> None:
    video_id = new_video(api)
    url = f"{emulator.url}/_emulator/player-events"
    assert httpx.post(url, json={"videoId": video_id, "type": "dance"}).status_code == 400
    assert httpx.post(url, json={"type": "play"}).status_code == 400
    ghost = httpx.post(url, json={"videoId": "vi0000000000000000000000", "type": "play"})
    assert ghost.status_code == 404 and ghost.json()["name"] == "videoId"
    lost = httpx.post(url, json={"sessionId": "psnope", "videoId": video_id, "type": "play"})
    assert lost.status_code == 404 and lost.json()["name"] == "sessionId"


def seed(emulator: EmulatorServer, *sessions: dict[str, Any]) -> list[str]:
    r = httpx.post(
        f"{emulator.url}/_emulator/analytics/sessions",
        json={"apiKey": emulator.api_key, "sessions": list(sessions)},
    )
    assert r.status_code == 201, r.text
    ids: list[str] = r.json()["sessionIds"]
    return ids


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-03-05", [1]),
        ("2024-W10", [0, 1]),
        ("2024-03", [0, 1, 2]),
        ("2024", [0, 1, 2, 3]),
        ("2024-03-05/2024-03-11", [1, 2]),
        ("2023", []),
    ],
)
def test_periods_select_sessions(
    api: httpx.Client, emulator: EmulatorServer, period: str, expected: list[int]
) -> None:
    live = api.post("/live-streams", json={"name": "stats"}).json()["liveStreamId"]
    loaded = [
        "2024-03-04T23:59:59Z",
        "2024-03-05T12:00:00Z",
        "2024-03-11T00:00:00Z",
        "2024-04-01T08:00:00Z",
    ]
    ids = seed(
        emulator,
        *({"liveStreamId": live, "session": {"loadedAt": at}, "events": []} for at in loaded),
    )
    r = api.get(f"/analytics/live-streams/{live}", params={"period": period})
    assert r.status_code == 200
    data = r.json()["data"]
    assert [s["session"]["sessionId"] for s in data] == [ids[i] for i in expected]
    assert all("metadata" not in s["session"] for s in data)  # live sessions have none


def test_unknown_media_and_sessions_are_404(api: httpx.Client) -> None:
    for path, name in (
        ("/analytics/videos/vi0000000000000000000000", "videoId"),
        ("/analytics/live-streams/li0000000000000000000000", "liveStreamId"),
        ("/analytics/sessions/ps000000000000000000000/events", "sessionId"),
    ):
        r = api.get(path, params={"period": "2024-01"} if "sessions" not in path else None)
        assert r.status_code == 404 and r.json()["name"] == name


@pytest.mark.parametrize("period", [None, "2024-13", "2024-W60", "last week"])
def test_bad_periods_are_400(unrecorded_emulator: EmulatorServer, period: str | None) -> None:
    # The 2023-09 spec documents only 200/404 here: the refusals stay out of the recording.
    with httpx.Client(
        base_url=unrecorded_emulator.url, auth=(unrecorded_emulator.api_key, "")
    ) as api:
        video_id = new_video(api)
        r = api.get(f"/analytics/videos/{video_id}", params={"period": period} if period else {})
        assert r.status_code == 400 and r.json()["name"] == "period"


# ---- /data metrics on a known data set --------------------------------------------------------


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@pytest.fixture(scope="module")
def data_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A project holding only four sessions whose metrics are known (see each test)."""
    server = make_emulator(tmp_path_factory.mktemp("analytics-data"))
    auth = (server.api_key, "")
    v1 = httpx.post(f"{server.url}/videos", json={"title": "one"}, auth=auth).json()["videoId"]
    v2 = httpx.post(
        f"{server.url}/videos", json={"title": "two", "tags": ["special"]}, auth=auth
    ).json()["videoId"]
    live = httpx.post(f"{server.url}/live-streams", json={"name": "l"}, auth=auth).json()[
        "liveStreamId"
    ]
    t = (datetime.now(UTC) - timedelta(hours=2)).replace(second=0, microsecond=0)

    def at(seconds: float) -> str:
        return stamp(t + timedelta(seconds=seconds))

    def event(kind: str, seconds: float, **pos: int) -> dict[str, Any]:
        return {"type": kind, "emittedAt": at(seconds), **pos}

    sessions = [
        {  # A: watches 10 s, pauses, watches 20 s more
            "videoId": v1,
            "viewerId": "viewer-1",
            "session": {"loadedAt": at(0)},
            "location": {"country": "France", "city": "Paris"},
            "referrer": {"url": "https://a.example/"},
            "device": {"type": "desktop"},
            "os": {"name": "Microsoft Windows"},
            "client": {"type": "browser", "name": "Chrome", "version": "124"},
            "events": [
                event("ready", 1, at=0),
                event("play", 2, at=0),
                event("pause", 12, at=10),
                event("resume", 20, at=10),
                event("end", 40, at=30),
            ],
        },
        {  # B: same viewer, 2 s then a seek, then 3 s
            "videoId": v1,
            "viewerId": "viewer-1",
            "session": {"loadedAt": at(5)},
            "location": {"country": "Germany"},
            "device": {"type": "mobile"},
            "os": {"name": "Android"},
            "client": {"name": "Firefox"},
            "events": [
                event("ready", 8, at=0),
                event("play", 9, at=0),
                event("seek.forward", 11, **{"from": 2, "to": 50}),
                event("end", 14, at=53),
            ],
        },
        {  # C: a live viewer who never stops: watches until the session's end (59 s)
            "liveStreamId": live,
            "viewerId": "viewer-2",
            "session": {"loadedAt": at(10), "endedAt": at(70)},
            "location": {"country": "United States"},
            "device": {"type": "tablet"},
            "os": {"name": "iOS"},
            "client": {"name": "Safari"},
            "events": [event("play", 11)],
        },
        {  # D: loads a tagged video and never plays
            "videoId": v2,
            "viewerId": "viewer-3",
            "session": {"loadedAt": at(100)},
            "location": {"country": "France"},
            "client": {"name": "Chrome"},
            "events": [event("ready", 100.5)],
        },
    ]
    r = httpx.post(
        f"{server.url}/_emulator/analytics/sessions",
        json={"apiKey": server.api_key, "sessions": sessions},
    )
    assert r.status_code == 201, r.text
    with httpx.Client(base_url=server.url, auth=auth) as client:
        yield {"api": client, "server": server, "v1": v1, "v2": v2, "live": live, "t": t}
    server.stop()


def metric(data_set: dict[str, Any], path: str, **params: Any) -> dict[str, Any]:
    r = data_set["api"].get(f"/data/{path}", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize(
    ("path", "params", "value"),
    [
        ("metrics/impression/count", {}, 4.0),
        ("metrics/play/count", {}, 3.0),
        ("metrics/start/count", {}, 3.0),
        ("metrics/end/count", {}, 2.0),
        ("metrics/play/rate", {}, 0.75),
        ("metrics/play/total", {}, 3.0),
        ("metrics/watch-time/sum", {}, 94.0),
        ("metrics/watch-time/average", {}, 94.0 / 3),
        ("metrics/impression-time/sum", {}, 5500.0),  # 1000 + 3000 + 1000 (first play) + 500
        ("metrics/impression-time/average", {}, 1375.0),
        ("metrics/view/count", {}, 3.0),  # at least 5 s: A, B, C
        ("metrics/view/count", {"viewDuration": "10s"}, 2.0),
        ("metrics/view/count", {"viewDuration": "30s"}, 2.0),
        ("metrics/view/count", {"unique": "true"}, 2.0),  # A and B are one viewer
        ("metrics/ccv/peak", {}, 3.0),  # A, B and C overlap from +11 s to +14 s
        ("metrics/ccv/peak", {"unique": "True"}, 2.0),
        ("metrics/ccv/live", {}, 0.0),  # nobody watched in the last 20 s
        ("metrics/impression/count", {"filterBy[tag]": "special"}, 1.0),
        ("metrics/impression/count", {"filterBy[country][]": "FR"}, 2.0),
        ("metrics/impression/count", {"filterBy[continent][0]": "EU"}, 3.0),
        ("metrics/play/count", {"filterBy[browser][0]": "firefox"}, 1.0),
        ("metrics/play/count", {"filterBy[deviceType][]": "computer"}, 1.0),
        ("metrics/play/count", {"filterBy[operatingSystem][]": "ios"}, 1.0),
        ("metrics/play/count", {"filterBy[referrer][]": ""}, 2.0),
        ("metrics/play/count", {"filterBy[referrer][]": "https%3A%2F%2Fa.example%2F"}, 1.0),
    ],
)
def test_aggregated_metrics(
    data_set: dict[str, Any], path: str, params: dict[str, str], value: float
) -> None:
    body = metric(data_set, path, **params)
    assert body["data"] == pytest.approx(value)
    assert isinstance(body["data"], float)


def test_play_total_counts_one_media_and_ignores_the_timeframe(data_set: dict[str, Any]) -> None:
    long_ago = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = metric(data_set, "metrics/play/total", **{"filterBy[mediaId][]": data_set["v1"]})
    assert body["data"] == 2.0
    assert metric(data_set, "metrics/play/total", **{"from": long_ago})["data"] == 3.0
    assert metric(data_set, "metrics/play/count", **{"from": long_ago})["data"] == 0.0


def test_context_speaks_the_spec_vocabulary(data_set: dict[str, Any]) -> None:
    def context(path: str, **params: str) -> dict[str, Any]:
        found: dict[str, Any] = metric(data_set, path, **params)["context"]
        return found

    first = context("metrics/play/count")
    assert (first["metric"], first["aggregation"]) == ("play", "count")
    frame = first["timeframe"]
    assert datetime.fromisoformat(frame["to"]) - datetime.fromisoformat(frame["from"]) == timedelta(
        days=1
    )
    assert context("metrics/view/count")["metric"] == "view-5"
    assert context("metrics/view/count", viewDuration="10s")["metric"] == "view-10"
    assert context("metrics/view/count", unique="true")["metric"] == "unique-view"
    assert context("metrics/view/count", unique="true", viewDuration="3s")["metric"] == (
        "unique-view-3"
    )
    assert context("metrics/ccv/peak", unique="true")["metric"] == "unique-ccv"
    assert "aggregation" not in context("metrics/ccv/peak")  # "peak" has no response word
    assert "metric" not in context("buckets/play-total/media-id")
    assert "breakdown" not in context("buckets/play/referrer")
    assert context("buckets/ccv-peak/country", unique="true")["metric"] == "unique-ccv-peak"


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        ("country", {"FR": 1.0, "DE": 1.0, "US": 1.0}),
        ("continent", {"EU": 2.0, "NA": 1.0}),
        ("browser", {"chrome": 1.0, "firefox": 1.0, "safari": 1.0}),
        ("device-type", {"computer": 1.0, "phone": 1.0, "tablet": 1.0, "unknown": 0.0}),
        ("operating-system", {"windows": 1.0, "android": 1.0, "ios": 1.0, "unknown": 0.0}),
        ("media-type", {"video": 2.0, "live-stream": 1.0}),
        ("referrer", {"https://a.example/": 1.0, "": 2.0}),
    ],
)
def test_breakdowns(data_set: dict[str, Any], breakdown: str, expected: dict[str, float]) -> None:
    body = metric(data_set, f"buckets/play/{breakdown}")
    assert {row["dimensionValue"]: row["metricValue"] for row in body["data"]} == expected
    values = [row["metricValue"] for row in body["data"]]
    assert values == sorted(values, reverse=True)  # default: biggest first
    assert body["pagination"]["itemsTotal"] == len(expected)


def test_breakdown_sorting_and_play_total(data_set: dict[str, Any]) -> None:
    rows = metric(
        data_set, "buckets/play/country", sortBy="dimensionValue", sortOrder="asc", pageSize=2
    )
    assert [r["dimensionValue"] for r in rows["data"]] == ["DE", "FR"]
    assert rows["pagination"]["pagesTotal"] == 2
    totals = metric(data_set, "buckets/play-total/media-id")["data"]
    assert {r["dimensionValue"]: r["metricValue"] for r in totals} == {
        data_set["v1"]: 2.0,
        data_set["live"]: 1.0,
        data_set["v2"]: 0.0,
    }
    rate = metric(data_set, "buckets/play-rate/media-type")["data"]
    assert {r["dimensionValue"]: r["metricValue"] for r in rate} == {
        "video": pytest.approx(2 / 3),
        "live-stream": 1.0,
    }


def test_timeseries(data_set: dict[str, Any]) -> None:
    body = metric(data_set, "timeseries/play")
    assert body["context"]["interval"] == "hour"  # a one-day timeframe
    rows = body["data"]
    assert sum(r["metricValue"] for r in rows) == 3.0
    stamps = [datetime.fromisoformat(r["emittedAt"]) for r in rows]
    assert all(s.minute == 0 and s.second == 0 for s in stamps)
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(stamps))
    frame = body["context"]["timeframe"]
    week = metric(
        data_set,
        "timeseries/impression",
        **{"from": (datetime.fromisoformat(frame["to"]) - timedelta(days=7)).isoformat()},
    )
    assert week["context"]["interval"] == "day" and len(week["data"]) in (7, 8)
    t = data_set["t"]
    minutes = metric(
        data_set,
        "timeseries/impression",
        interval="minute",
        **{"from": t.isoformat(), "to": (t + timedelta(minutes=2)).isoformat()},
        sortBy="metricValue",
        sortOrder="desc",
    )
    assert [r["metricValue"] for r in minutes["data"]] == [3.0, 1.0]


@pytest.mark.parametrize(
    ("path", "params", "status", "name"),
    [
        ("metrics/start/rate", {}, 404, None),
        ("metrics/play/count", {"unique": "true"}, 400, "unique"),
        ("metrics/play/count", {"viewDuration": "5s"}, 400, "viewDuration"),
        ("metrics/play/count", {"filterBy[mediaId][]": "vi1"}, 400, "filterBy[mediaId]"),
        ("timeseries/play", {"interval": "minute"}, 400, "interval"),
        ("metrics/play/count", {"from": "2001-01-01T00:00:00Z"}, 400, "from"),
        ("metrics/play/count", {"filterBy[continent][]": "XX"}, 400, "filterBy[continent]"),
        ("metrics/play/count", {"filterBy[referrer][]": "https://x/" + "a" * 2048}, 400, None),
    ],
)
def test_refusals(
    data_set: dict[str, Any], path: str, params: dict[str, str], status: int, name: str | None
) -> None:
    r = data_set["api"].get(f"/data/{path}", params=params)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    if name:
        assert r.json()["name"] == name


def test_unknown_query_parameters_are_refused(unrecorded_emulator: EmulatorServer) -> None:
    # An undocumented parameter on purpose: kept out of the recorded traffic.
    r = httpx.get(
        f"{unrecorded_emulator.url}/data/metrics/play/count",
        params={"period": "2024"},
        auth=(unrecorded_emulator.api_key, ""),
    )
    assert r.status_code == 400 and r.json()["name"] == "period"


def test_the_official_python_sdk_parses_every_shape(data_set: dict[str, Any]) -> None:
    with sdk_client(data_set["server"]) as sdk:
        analytics = AnalyticsApi(sdk)
        assert analytics.get_aggregated_metrics("ccv", "peak", unique=True).data == 2.0
        assert analytics.get_aggregated_metrics("view", "count", view_duration="10s").data == 2.0
        totals = analytics.get_metrics_breakdown("play-total", "media-id")
        assert sorted(row.metric_value for row in totals.data) == [0.0, 1.0, 2.0]
        referrers = analytics.get_metrics_breakdown("play", "referrer")
        assert {row.dimension_value for row in referrers.data} == {"", "https://a.example/"}
        series = analytics.get_metrics_over_time("view", unique=True, view_duration="5s")
        assert series.context.metric == "unique-view-5"
        assert sum(row.metric_value for row in series.data) == 2.0
