"""The emulator's cross-cutting behaviour, one aiohttp middleware per concern.

Order (outermost first): record -> cors -> problems -> faults -> auth -> rate limits.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from .config import EmulatorConfig
from .problems import Problem, method_not_allowed, unrecognized_url
from .store import Project, Store
from .wire import JSON_TYPE, PROBLEM_TYPE, problem_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Routes that need no API credentials: auth itself, token uploads (the token authenticates),
# delivery (public or private-token URLs), and the emulator's own control routes.
PUBLIC_PREFIXES = ("/auth/", "/vod/", "/live/", "/embed/", "/_emulator/", "/static/")
PUBLIC_EXACT = {"/upload", "/", "/favicon.ico"}

CONTROL_PREFIX = "/_emulator/"

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Timing-Allow-Origin": "*",
    "Access-Control-Expose-Headers": (
        "Content-Range, Content-Length, X-RateLimit-Limit, X-RateLimit-Remaining, "
        "X-RateLimit-Retry-After"
    ),
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Authorization, Content-Type, Content-Range, Range, AV-Origin-Client, AV-Origin-App, "
        "AV-Origin-Sdk"
    ),
    "Access-Control-Max-Age": "86400",
}

# Documented per-minute limits (contract 1.6): (uploads, writes, reads).
RATE_LIMITS = {"sandbox": (40, 40, 100), "production": (100, 200, 500)}


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    """API routes get rate-limit headers and faults; delivery and control routes do not."""
    return not path.startswith(("/vod/", "/live/", "/embed/", "/_emulator/", "/static/"))


def project_of(request: web.Request) -> Project:
    """The authenticated project of an API request (set by the auth middleware)."""
    project: Project = request["project"]
    return project


# ---- recording -------------------------------------------------------------------------------


class TrafficRecorder:
    """Appends one JSON line per exchange in the contract-check format."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(line)


def _json_or_none(raw: bytes | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def record_middleware(recorder: TrafficRecorder) -> Any:
    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        ctype = request.headers.get("Content-Type", "").lower()
        if request.can_read_body and not ctype.startswith("multipart/"):
            await request.read()  # cached by aiohttp, handlers read it again
        response = await handler(request)
        if request.path.startswith(CONTROL_PREFIX) or request.method == "OPTIONS":
            return response
        body = response.body if isinstance(response, web.Response) else None
        rctype = response.headers.get("Content-Type", "")
        request_json = None
        if request.can_read_body and not ctype.startswith("multipart/"):
            request_json = _json_or_none(await request.read())
        query: dict[str, list[str]] = {}
        for key, value in request.query.items():
            query.setdefault(key, []).append(value)
        recorder.write(
            {
                "method": request.method,
                "path": request.path,
                "query": query,
                "requestHeaders": dict(request.headers),
                "requestJson": request_json,
                "requestMultipart": request.get("multipart_record"),
                "status": response.status,
                "responseHeaders": dict(response.headers),
                "responseJson": _json_or_none(body)  # type: ignore[arg-type]
                if rctype in (JSON_TYPE, PROBLEM_TYPE)
                else None,
            }
        )
        return response

    return record


# ---- CORS ------------------------------------------------------------------------------------


@web.middleware
async def cors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        resp = web.Response(status=204)
        resp.headers.pop("Content-Type", None)
        resp.headers.update(CORS_HEADERS)
        resp.headers.update(PREFLIGHT_HEADERS)
        return resp
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(CORS_HEADERS)
        raise
    if not response.prepared:
        response.headers.update(CORS_HEADERS)
    return response


# ---- problems --------------------------------------------------------------------------------


@web.middleware
async def problem_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn Problems, unknown routes and unexpected errors into problem JSON."""
    try:
        return await handler(request)
    except Problem as problem:
        return problem_response(problem)
    except web.HTTPNotFound:
        return problem_response(unrecognized_url())
    except web.HTTPMethodNotAllowed:
        return problem_response(method_not_allowed())
    except web.HTTPException:
        raise
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception as exc:  # a bug in the emulator still answers in the contract's shape
        request.app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(Problem(500, None, "Internal server error.", detail=str(exc)))


# ---- faults ----------------------------------------------------------------------------------


class FaultInjector:
    """Decides, request by request, whether to delay, fail, drop or throttle."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.faults = config.faults
        self._rng = random.Random(self.faults.seed)
        self._burst_left = 0
        self._lock = threading.Lock()

    def decide(self) -> str | None:
        f = self.faults
        with self._lock:
            if self._burst_left > 0:
                self._burst_left -= 1
                return "throttle"
            roll = self._rng.random()
            if roll < f.drop_rate:
                return "drop"
            roll -= f.drop_rate
            if roll < f.error_rate:
                return "error"
            roll -= f.error_rate
            if roll < f.throttle_rate:
                self._burst_left = max(0, f.throttle_burst - 1)
                return "throttle"
        return None


def fault_middleware(injector: FaultInjector) -> Any:
    @web.middleware
    async def faults(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_api(request.path) or request.method == "OPTIONS":
            return await handler(request)
        f = injector.faults
        if f.latency_ms:
            await asyncio.sleep(f.latency_ms / 1000)
        decision = injector.decide()
        if decision == "drop":
            if request.transport is not None:
                request.transport.abort()
            raise ConnectionResetError("fault injection: connection dropped")
        if decision == "error":
            raise Problem(500, None, "Internal server error.", detail="Injected fault.")
        if decision == "throttle":
            raise Problem(
                429,
                "too-many-requests",
                "Too many requests.",
                headers={"X-RateLimit-Retry-After": "1", "X-RateLimit-Remaining": "0"},
            )
        return await handler(request)

    return faults


# ---- rate limits -----------------------------------------------------------------------------


class RateLimiter:
    """Fixed one-minute windows per project and category, as api.video documents them."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.enforce = config.enforce_rate_limits
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def category(request: web.Request) -> int:
        path = request.path
        if request.method == "POST" and (path == "/upload" or path.endswith("/source")):
            return 0
        return 2 if request.method in ("GET", "HEAD") else 1

    def take(self, key: str, environment: str, category: int) -> tuple[int, int, int]:
        """Count one request; returns (limit, remaining, seconds to reset)."""
        limit = RATE_LIMITS.get(environment, RATE_LIMITS["sandbox"])[category]
        now = time.monotonic()
        with self._lock:
            start, used = self._windows.get((key, str(category)), (now, 0))
            if now - start >= 60:
                start, used = now, 0
            used += 1
            self._windows[(key, str(category))] = (start, used)
        return limit, limit - used, max(1, int(60 - (now - start)))


def rate_limit_middleware(limiter: RateLimiter) -> Any:
    @web.middleware
    async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_api(request.path) or request.method == "OPTIONS":
            return await handler(request)
        project = request.get("project")
        key = project.id if project else (request.remote or "anonymous")
        environment = project.environment if project else "sandbox"
        limit, remaining, reset = limiter.take(key, environment, limiter.category(request))
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, remaining)),
            "X-RateLimit-Retry-After": str(reset),
        }
        if limiter.enforce and remaining < 0:
            raise Problem(429, "too-many-requests", "Too many requests.", headers=headers)
        try:
            response = await handler(request)
        except Problem as problem:
            for k, v in headers.items():
                problem.headers.setdefault(k, v)
            raise
        if not response.prepared:
            for k, v in headers.items():
                response.headers.setdefault(k, v)
        return response

    return rate_limit


# ---- auth ------------------------------------------------------------------------------------


def _unauthorized(slug: str, title: str) -> Problem:
    return Problem(401, slug, title)


def authenticate(store: Store, header: str | None) -> Project:
    """Resolve ``Authorization`` (Basic api key, or Bearer access token) to a project."""
    if header is None or not header.strip():
        raise _unauthorized(
            "authentication-missing-authorization-header",
            'The "Authorization" header is missing.',
        )
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            raise _unauthorized(
                "authentication-invalid-authorization-header-value",
                'The "Authorization" header value is invalid.',
            ) from None
        key = decoded.split(":", 1)[0]
        project = store.project_by_key(key)
        if project is None:
            raise _unauthorized("authentication-invalid-api-key", "The API key is invalid.")
        return project
    if scheme.lower() == "bearer" and value:
        project_id = store.token_project(value, "access")
        project = store.project(project_id) if project_id else None
        if project is None:
            raise _unauthorized(
                "authentication-invalid-access-token", "The access token is invalid or expired."
            )
        return project
    raise _unauthorized(
        "authentication-invalid-authorization-header-value",
        'The "Authorization" header value is invalid.',
    )


def auth_middleware(store: Store) -> Any:
    @web.middleware
    async def auth(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method != "OPTIONS" and not is_public(request.path):
            request["project"] = authenticate(store, request.headers.get("Authorization"))
        return await handler(request)

    return auth
