"""Current analytics routes (contract 3.8 D1-D3): ``/data/metrics``, ``/data/buckets``,
``/data/timeseries``, computed by :mod:`studio.emulator.metrics` from recorded sessions.

Request rules: ``from``/``to`` default to the last day (``to`` exclusive, ``from`` at most 30
days back, ignored by ``play/total``); ``unique`` only with ccv/view metrics; ``viewDuration``
(``3s 5s 10s 30s``) only with ``view``; ``filterBy[mediaId|mediaType]`` only with ``play/total``
and ``play-total/media-id``; any other query parameter is refused (400).

Response ``context`` values use the vocabulary the spec (and the strict Python SDK) accepts:
``view`` + ``viewDuration=10s`` -> ``view-10``, ``unique`` -> ``unique-...``. Where that
vocabulary has no word for the request (aggregation ``peak``/``live``, metric ``play-total``,
breakdown ``referrer``) the key is left out rather than echoed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from .app import store_of
from .countries import CONTINENTS
from .ids import atom, now
from .metrics import BREAKDOWNS, Viewing, breakdown, buckets, compute, viewing
from .middleware import project_of
from .playback_sessions import EVENTS_KIND, SESSION_KIND
from .problems import invalid_attribute, invalid_query, unrecognized_url
from .wire import json_response, paginate, query_bool, query_datetime, query_deep, sort_items

MAX_LOOKBACK = timedelta(days=30)
# Clients compute "30 days ago" a moment before the request arrives.
LOOKBACK_SLACK = timedelta(minutes=5)
MAX_REFERRER = 2048

# /data/metrics/{metric}/{aggregation} -> metric computed
AGGREGATED = {
    ("play", "count"): "play",
    ("play", "rate"): "play-rate",
    ("play", "total"): "play-total",
    ("start", "count"): "start",
    ("end", "count"): "end",
    ("impression", "count"): "impression",
    ("impression-time", "average"): "impression-time-average",
    ("impression-time", "sum"): "impression-time-sum",
    ("watch-time", "average"): "watch-time-average",
    ("watch-time", "sum"): "watch-time-sum",
    ("ccv", "peak"): "ccv-peak",
    ("ccv", "average"): "ccv-average",
    ("ccv", "live"): "ccv-live",
    ("view", "count"): "view",
}
METRICS_D1 = ("play", "start", "end", "impression", "impression-time", "watch-time", "ccv", "view")
AGGREGATIONS = ("count", "rate", "total", "average", "sum", "peak", "live")
CONTEXT_AGGREGATIONS = ("count", "rate", "total", "average", "sum")
METRICS_D2 = (
    "play",
    "play-rate",
    "play-total",
    "start",
    "end",
    "impression",
    "ccv-peak",
    "ccv-average",
    "view",
)
METRICS_D3 = tuple(m for m in METRICS_D2 if m != "play-total")
CONTEXT_BREAKDOWNS = tuple(b for b in BREAKDOWNS if b != "referrer")
VIEW_DURATIONS = ("3s", "5s", "10s", "30s")
FILTERS = (
    "mediaId",
    "mediaType",
    "continent",
    "country",
    "deviceType",
    "operatingSystem",
    "browser",
    "tag",
    "referrer",
)
BASE_QUERY = ("from", "to", "unique", "viewDuration")
LIST_QUERY = ("sortBy", "sortOrder", "currentPage", "pageSize")


@dataclass
class DataQuery:
    """A validated ``/data`` request."""

    start: datetime
    end: datetime
    unique: bool
    view_duration: str | None
    filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def view_seconds(self) -> int:
        return int((self.view_duration or "5s")[:-1])

    def timeframe(self) -> dict[str, str]:
        return {"from": atom(self.start), "to": atom(self.end)}


def _check_query_names(request: web.Request, allowed: tuple[str, ...]) -> None:
    for key in request.query:
        if key.startswith("filterBy[") or key in allowed:
            continue
        raise invalid_query(key, "This parameter is not allowed here.")


def _filters(request: web.Request, media_filters_allowed: bool) -> dict[str, list[str]]:
    filters = query_deep(request, "filterBy")
    for name, values in filters.items():
        where = f"filterBy[{name}]"
        if name not in FILTERS:
            raise invalid_query(where, f"Allowed filters: {', '.join(FILTERS)}.")
        if name in ("mediaId", "mediaType") and not media_filters_allowed:
            raise invalid_query(
                where, "Only /data/metrics/play/total and /data/buckets/play-total/media-id."
            )
        if name == "mediaType" and any(v not in ("video", "live-stream") for v in values):
            raise invalid_query(where, "Allowed values: video, live-stream.")
        if name == "continent" and any(v.upper() not in (*CONTINENTS, "AZ") for v in values):
            raise invalid_query(where, f"Allowed values: {', '.join(CONTINENTS)}.")
        if name == "referrer" and any(len(v) > MAX_REFERRER for v in values):
            raise invalid_query(where, f"A referrer can be at most {MAX_REFERRER} characters.")
    return filters


def _data_query(
    request: web.Request,
    metric: str,
    allowed: tuple[str, ...],
    *,
    ignores_timeframe: bool = False,
    media_filters_allowed: bool = False,
) -> DataQuery:
    _check_query_names(request, allowed)
    moment = now()
    end = query_datetime(request.query.get("to"), "to") or moment
    start = query_datetime(request.query.get("from"), "from") or end - timedelta(days=1)
    if not ignores_timeframe:
        if start >= end:
            raise invalid_query("from", "The start of the timeframe must be before its end.")
        if start < moment - MAX_LOOKBACK - LOOKBACK_SLACK:
            raise invalid_query("from", "The timeframe can start at most 30 days ago.")
    unique = bool(query_bool(request.query.get("unique"), "unique"))
    if "unique" in request.query and not metric.startswith(("ccv", "view")):
        raise invalid_query("unique", "Only with the ccv and view metrics.")
    view_duration = request.query.get("viewDuration")
    if view_duration is not None:
        if metric != "view":
            raise invalid_query("viewDuration", "Only with the view metric.")
        if view_duration not in VIEW_DURATIONS:
            raise invalid_query("viewDuration", f"Allowed values: {', '.join(VIEW_DURATIONS)}.")
    return DataQuery(start, end, unique, view_duration, _filters(request, media_filters_allowed))


def context_metric(metric: str, query: DataQuery) -> str | None:
    """The response's name for a requested metric (None: the spec has no name for it)."""
    if metric == "view":
        seconds = query.view_seconds
        if query.unique:
            return f"unique-view-{seconds}" if query.view_duration else "unique-view"
        return f"view-{seconds}"
    if metric.startswith("ccv") and query.unique:
        return f"unique-{metric}"
    if metric == "play-total":
        return None
    return metric


# ---- the sessions a query looks at -----------------------------------------------------------


def _viewings(request: web.Request, project_id: str) -> list[Viewing]:
    store = store_of(request)
    events = {d["sessionId"]: d["events"] for d in store.list(project_id, EVENTS_KIND)}
    tags = {v["videoId"]: v.get("tags") or [] for v in store.list(project_id, "video")}
    return [
        viewing(doc, events.get(doc["sessionId"], []), tags.get(doc["mediaId"], []))
        for doc in store.list(project_id, SESSION_KIND)
    ]


def _keep(view: Viewing, filters: dict[str, list[str]]) -> bool:
    dims = view.dimensions
    for name, values in filters.items():
        if name == "mediaId" and view.media_id not in values:
            return False
        if name == "mediaType" and view.media_type not in values:
            return False
        if name == "continent" and dims["continent"] not in {v.upper() for v in values}:
            return False
        if name == "country" and dims["country"] not in {v.upper() for v in values}:
            return False
        lowered = {v.lower() for v in values}
        if name == "deviceType" and dims["device-type"] not in lowered:
            return False
        if name == "operatingSystem" and dims["operating-system"] not in lowered:
            return False
        if name == "browser" and dims["browser"] not in lowered:
            return False
        if name == "tag" and values[0] not in view.tags:
            return False
        # The spec asks for URL-encoded referrers: accept them encoded or not.
        if name == "referrer" and dims["referrer"] not in set(values) | {
            unquote(v) for v in values
        }:
            return False
    return True


def _selected(request: web.Request, query: DataQuery) -> list[Viewing]:
    views = _viewings(request, project_of(request).id)
    return [v for v in views if _keep(v, query.filters)]


def _value(
    metric: str, views: list[Viewing], start: datetime, end: datetime, q: DataQuery
) -> float:
    return compute(
        metric, views, start, end, now=now(), unique=q.unique, view_seconds=q.view_seconds
    )


# ---- routes ----------------------------------------------------------------------------------


async def aggregated_metrics(request: web.Request) -> web.Response:
    """D1 ``/data/metrics/{metric}/{aggregation}`` -> ``{context, data}``."""
    metric = request.match_info["metric"]
    aggregation = request.match_info["aggregation"]
    if metric not in METRICS_D1:
        raise invalid_attribute("metric", detail=f"Allowed values: {', '.join(METRICS_D1)}.")
    if aggregation not in AGGREGATIONS:
        raise invalid_attribute("aggregation", detail=f"Allowed values: {', '.join(AGGREGATIONS)}.")
    computed = AGGREGATED.get((metric, aggregation))
    if computed is None:
        raise unrecognized_url()
    total = computed == "play-total"
    query = _data_query(
        request, metric, BASE_QUERY, ignores_timeframe=total, media_filters_allowed=total
    )
    context: dict[str, Any] = {}
    name = context_metric(metric, query)
    if name:
        context["metric"] = name
    if aggregation in CONTEXT_AGGREGATIONS:
        context["aggregation"] = aggregation
    context["timeframe"] = query.timeframe()
    data = _value(computed, _selected(request, query), query.start, query.end, query)
    return json_response({"context": context, "data": float(data)})


async def metrics_breakdown(request: web.Request) -> web.Response:
    """D2 ``/data/buckets/{metric}/{breakdown}`` -> ``{context, data, pagination}``."""
    metric = request.match_info["metric"]
    dimension = request.match_info["breakdown"]
    if metric not in METRICS_D2:
        raise invalid_attribute("metric", detail=f"Allowed values: {', '.join(METRICS_D2)}.")
    if dimension not in BREAKDOWNS:
        raise invalid_attribute("breakdown", detail=f"Allowed values: {', '.join(BREAKDOWNS)}.")
    if metric == "play-total" and dimension != "media-id":
        raise unrecognized_url()
    total = metric == "play-total"
    query = _data_query(
        request,
        metric,
        BASE_QUERY + LIST_QUERY,
        ignores_timeframe=total,
        media_filters_allowed=total,
    )
    rows = breakdown(
        metric,
        dimension,
        _selected(request, query),
        query.start,
        query.end,
        lambda group: float(_value(metric, group, query.start, query.end, query)),
    )
    rows = sort_items(
        request,
        rows,
        ("metricValue", "dimensionValue"),
        default="metricValue",
        default_order="desc",
    )
    context: dict[str, Any] = {}
    name = context_metric(metric, query)
    if name:
        context["metric"] = name
    if dimension in CONTEXT_BREAKDOWNS:
        context["breakdown"] = dimension
    context["timeframe"] = query.timeframe()
    return json_response({"context": context, **paginate(request, rows)})


async def metrics_over_time(request: web.Request) -> web.Response:
    """D3 ``/data/timeseries/{metric}`` -> ``{context, data, pagination}``."""
    metric = request.match_info["metric"]
    if metric not in METRICS_D3:
        raise invalid_attribute("metric", detail=f"Allowed values: {', '.join(METRICS_D3)}.")
    query = _data_query(request, metric, (*BASE_QUERY, *LIST_QUERY, "interval"))
    span = query.end - query.start
    interval = request.query.get("interval") or ("hour" if span <= timedelta(days=2) else "day")
    if interval not in ("minute", "hour", "day"):
        raise invalid_query("interval", "Allowed values: minute, hour, day.")
    if interval == "minute" and span > timedelta(minutes=60):
        raise invalid_query(
            "interval", "This interval cannot be used with a timeframe over 60 minutes."
        )
    views = _selected(request, query)
    rows = [
        {"emittedAt": atom(label), "metricValue": float(_value(metric, views, lo, hi, query))}
        for label, lo, hi in buckets(query.start, query.end, interval)
    ]
    rows = sort_items(request, rows, ("metricValue", "emittedAt"), default="emittedAt")
    context: dict[str, Any] = {}
    name = context_metric(metric, query)
    if name:
        context["metric"] = name
    context["interval"] = interval
    context["timeframe"] = query.timeframe()
    return json_response({"context": context, **paginate(request, rows)})


def setup(app: web.Application) -> None:
    app.router.add_get("/data/metrics/{metric}/{aggregation}", aggregated_metrics)
    app.router.add_get("/data/buckets/{metric}/{breakdown}", metrics_breakdown)
    app.router.add_get("/data/timeseries/{metric}", metrics_over_time)
