"""Request parsing and response building with api.video's exact wire rules.

Success bodies are ``application/json`` with no charset; bodiless successes carry no
Content-Type; query keys are decoded before matching and accept ``[]`` and ``[N]`` forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .problems import Problem, invalid_payload, invalid_query

JSON_TYPE = "application/json"
PROBLEM_TYPE = "application/problem+json"


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON success; Content-Type exactly ``application/json`` (contract 1.4)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    resp = web.Response(body=body, status=status, headers=headers)
    # Setting the header directly keeps aiohttp from appending "; charset=utf-8".
    resp.headers["Content-Type"] = JSON_TYPE
    return resp


def empty_response(status: int = 204) -> web.Response:
    """A bodiless success with no Content-Type (204 deletes, 202 complete)."""
    resp = web.Response(status=status)
    resp.headers.pop("Content-Type", None)
    return resp


def problem_response(problem: Problem) -> web.Response:
    body = json.dumps(problem.body(), ensure_ascii=False).encode()
    resp = web.Response(body=body, status=problem.status, headers=problem.headers)
    resp.headers["Content-Type"] = PROBLEM_TYPE
    return resp


async def read_json(request: web.Request, *, required: bool = True) -> dict[str, Any]:
    """The JSON object in the body, whatever the Content-Type (clients send text/plain too)."""
    if "json_body" in request:
        return request["json_body"]  # type: ignore[no-any-return]
    raw = await request.read()
    if not raw.strip():
        if required:
            raise invalid_payload()
        data: Any = {}
    else:
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise invalid_payload() from None
    if not isinstance(data, dict):
        raise invalid_payload()
    request["json_body"] = data
    return data


# ---- query strings ---------------------------------------------------------------------------

_INDEXED = re.compile(r"^(?P<base>[^\[]+)(?P<keys>(\[[^\]]*\])*)$")


def split_key(key: str) -> tuple[str, list[str]]:
    """``filterBy[country][0]`` -> (``filterBy``, [``country``, ``0``])."""
    m = _INDEXED.match(key)
    if not m:
        return key, []
    return m.group("base"), re.findall(r"\[([^\]]*)\]", m.group("keys"))


def query_list(request: web.Request, name: str) -> list[str]:
    """Values of an array parameter sent as ``name[]``, ``name[0]`` or plain ``name``."""
    out: list[str] = []
    for key, value in request.query.items():
        base, subs = split_key(key)
        if base == name and (not subs or (len(subs) == 1 and (subs[0] == "" or subs[0].isdigit()))):
            out.append(value)
    return out


def query_map(request: web.Request, name: str) -> dict[str, str]:
    """``metadata[k]=v`` pairs as a dict."""
    out: dict[str, str] = {}
    for key, value in request.query.items():
        base, subs = split_key(key)
        if base == name and len(subs) == 1 and subs[0] != "":
            out[subs[0]] = value
    return out


def query_deep(request: web.Request, name: str) -> dict[str, list[str]]:
    """``filterBy[x]=v`` and ``filterBy[x][]=v``/``filterBy[x][0]=v`` as {x: [v, ...]}."""
    out: dict[str, list[str]] = {}
    for key, value in request.query.items():
        base, subs = split_key(key)
        if base == name and subs and subs[0]:
            out.setdefault(subs[0], []).append(value)
    return out


def query_bool(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in ("true", "1"):
        return True
    if v in ("false", "0"):
        return False
    raise invalid_query(name, "The value must be a boolean.")


def query_datetime(value: str | None, name: str) -> datetime | None:
    """Dates with Z, offsets, fractions, or naive (taken as UTC)."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        raise invalid_query(name, "This attribute must be a ISO-8601 date.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def sort_items(
    request: web.Request,
    items: list[dict[str, Any]],
    allowed: Sequence[str],
    *,
    default: str | None = None,
    default_order: str = "asc",
) -> list[dict[str, Any]]:
    """Apply ``sortBy``/``sortOrder`` (400 on a value outside ``allowed``)."""
    sort_by = request.query.get("sortBy") or default
    order = (request.query.get("sortOrder") or default_order).lower()
    if order not in ("asc", "desc"):
        raise invalid_query("sortOrder", "The value must be asc or desc.")
    if sort_by is None:
        return list(reversed(items)) if order == "desc" else items
    if sort_by not in allowed:
        raise invalid_query("sortBy", f"Allowed values: {', '.join(allowed)}.")

    def key(item: dict[str, Any]) -> tuple[int, Any]:
        value = item.get(sort_by)
        if value is None:
            return (1, "")
        if isinstance(value, str):
            return (0, value.casefold() if sort_by in ("title", "name", "value") else value)
        return (0, value)

    return sorted(items, key=key, reverse=(order == "desc"))


# ---- pagination ------------------------------------------------------------------------------


def _int_param(request: web.Request, name: str, default: int, lo: int, hi: int | None) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < lo or (hi is not None and value > hi):
        rng: dict[str, int] = {"min": lo}
        if hi is not None:
            rng["max"] = hi
        raise Problem(
            400,
            None,
            "This parameter is out of the allowed range of values.",
            name=name,
            extra={"range": rng},
        )
    return value


def page_params(request: web.Request) -> tuple[int, int]:
    """``(currentPage, pageSize)`` validated as api.video does (page >= 1, size 1..100)."""
    return (
        _int_param(request, "currentPage", 1, 1, None),
        _int_param(request, "pageSize", 25, 1, 100),
    )


def paginate(
    request: web.Request, items: Sequence[Any], *, total: int | None = None
) -> dict[str, Any]:
    """The ``{data, pagination}`` envelope for a full list (or a pre-cut page with ``total``)."""
    page, size = page_params(request)
    if total is None:
        total = len(items)
        data = list(items[(page - 1) * size : page * size])
    else:
        data = list(items)
    pages = max(1, -(-total // size))
    keep = [(k, v) for k, v in request.query.items() if k not in ("currentPage", "pageSize")]

    def uri(p: int) -> str:
        q = urlencode([*keep, ("currentPage", str(p)), ("pageSize", str(size))])
        return f"{request.path}?{q}"

    links = [{"rel": "self", "uri": uri(page)}, {"rel": "first", "uri": uri(1)}]
    if page > 1:
        links.append({"rel": "previous", "uri": uri(min(page - 1, pages))})
    if page < pages:
        links.append({"rel": "next", "uri": uri(page + 1)})
    links.append({"rel": "last", "uri": uri(pages)})
    return {
        "data": data,
        "pagination": {
            "currentPage": page,
            "pageSize": size,
            "pagesTotal": pages,
            "itemsTotal": total,
            "currentPageItems": len(data),
            "links": links,
        },
    }
