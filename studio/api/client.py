"""``ApiVideoClient``: one httpx.AsyncClient, api-key -> bearer auth with refresh, typed errors.

Resource groups hang off the client (``client.videos``, ``client.live_streams``...); each lives in
its own module and calls :meth:`ApiVideoClient.request`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from .. import __version__
from .errors import ApiError, TransportError

PRODUCTION_URL = "https://ws.api.video"
SANDBOX_URL = "https://sandbox.api.video"

ORIGIN_CLIENT = f"studio:{__version__}"
# Refresh this long before the access token expires, so no request races its expiry.
REFRESH_MARGIN_S = 60.0

QueryParams = Mapping[str, Any] | Sequence[tuple[str, Any]] | None
BodyFactory = Callable[[], AsyncIterable[bytes]]


READS, WRITES, UPLOADS = "reads", "writes", "uploads"


def rate_category(method: str, path: str) -> str:
    """The rate-limit budget a request counts against (contract 1.6: api.video keeps separate
    per-minute budgets for uploads, other writes and reads)."""
    if method in ("GET", "HEAD"):
        return READS
    bare = path.split("?", 1)[0].rstrip("/")
    if method == "POST" and (bare.endswith("/upload") or bare.endswith("/source")):
        return UPLOADS
    return WRITES


@dataclass
class RateLimitState:
    """What the last response of one budget (``category``) said about the rate limit."""

    limit: int | None = None
    remaining: int | None = None
    retry_after: float | None = None
    updated_at: float = 0.0  # time.monotonic() of the response
    category: str = ""  # READS, WRITES or UPLOADS ("" for the client's last-response state)

    def update(self, headers: httpx.Headers) -> None:
        limit = headers.get("x-ratelimit-limit")
        remaining = headers.get("x-ratelimit-remaining")
        retry = headers.get("x-ratelimit-retry-after")
        if limit is None and remaining is None and retry is None:
            return
        self.limit = _to_int(limit, self.limit)
        self.remaining = _to_int(remaining, self.remaining)
        self.retry_after = float(retry) if retry and _is_number(retry) else self.retry_after
        self.updated_at = time.monotonic()


class ApiVideoClient:
    """Async client for the api.video API (production, sandbox, or any compatible URL)."""

    def __init__(
        self,
        api_key: str | None,
        *,
        base_url: str = PRODUCTION_URL,
        timeout: float = 30.0,
        app_name: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 16,
    ) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        headers = {"AV-Origin-Client": ORIGIN_CLIENT, "Accept": "application/json"}
        if app_name:
            headers["AV-Origin-App"] = app_name
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=10.0),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            transport=transport,
            follow_redirects=False,
        )
        self._access_token: str | None = None
        self._refresh_token: str | None = None
        self._expires_at = 0.0
        self._auth_lock = asyncio.Lock()
        self.rate_limit = RateLimitState()  # of the last response, whatever its budget
        self.rate_limits: dict[str, RateLimitState] = {}  # per budget, as last seen
        # Called with every response's rate-limit state, that of its budget (the UI shows
        # the headroom).
        self.rate_limit_listeners: list[Callable[[RateLimitState], None]] = []
        self._attach_resources()

    def _attach_resources(self) -> None:
        from .account import AccountApi
        from .analytics import AnalyticsApi
        from .captions import CaptionsApi
        from .chapters import ChaptersApi
        from .extras import SummariesApi, TagsApi, WatermarksApi, WebhooksApi
        from .live import LiveStreamsApi
        from .players import PlayersApi
        from .tokens import UploadTokensApi
        from .uploads import Uploader
        from .videos import VideosApi

        self.videos = VideosApi(self)
        self.uploads = Uploader(self)
        self.upload_tokens = UploadTokensApi(self)
        self.live_streams = LiveStreamsApi(self)
        self.captions = CaptionsApi(self)
        self.chapters = ChaptersApi(self)
        self.players = PlayersApi(self)
        self.analytics = AnalyticsApi(self)
        self.account = AccountApi(self)
        self.webhooks = WebhooksApi(self)
        self.watermarks = WatermarksApi(self)
        self.summaries = SummariesApi(self)
        self.tags = TagsApi(self)

    # ---- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> ApiVideoClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections. The client cannot be used afterwards."""
        await self._http.aclose()

    @property
    def http(self) -> httpx.AsyncClient:
        """The underlying httpx client (shared connection pool)."""
        return self._http

    # ---- auth --------------------------------------------------------------------------------

    async def authenticate(self) -> None:
        """Exchange the API key for an access token (``POST /auth/api-key``).

        Raises :class:`ApiError` (status 400) when the key is wrong.
        """
        async with self._auth_lock:
            await self._login()

    async def _login(self) -> None:
        if not self.api_key:
            raise ApiError(401, title="No API key is configured.")
        data = await self._token_call("/auth/api-key", {"apiKey": self.api_key})
        self._store_tokens(data)

    async def _refresh(self) -> None:
        if self._refresh_token:
            try:
                data = await self._token_call(
                    "/auth/refresh", {"refreshToken": self._refresh_token}
                )
            except ApiError:
                await self._login()  # refresh token gone or rejected: start over with the key
                return
            self._store_tokens(data)
        else:
            await self._login()

    async def _token_call(self, path: str, body: dict[str, str]) -> dict[str, Any]:
        response = await self._send("POST", path, json=body, headers={})
        if response.status_code >= 400:
            raise _error_from(response)
        data = _json(response)
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise ApiError(
                response.status_code, title="Unexpected authentication answer.", body=data
            )
        return data

    def _store_tokens(self, data: dict[str, Any]) -> None:
        self._access_token = data["access_token"]
        self._refresh_token = data.get("refresh_token") or None
        try:
            lifetime = float(data.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._expires_at = time.monotonic() + lifetime

    async def _bearer(self, *, force_refresh: bool = False, stale: str | None = None) -> str:
        async with self._auth_lock:
            expired = time.monotonic() > self._expires_at - min(
                REFRESH_MARGIN_S, max(1.0, (self._expires_at - time.monotonic()) / 2)
            )
            if self._access_token is None:
                await self._login()
            elif (force_refresh and self._access_token == stale) or expired:
                await self._refresh()
            assert self._access_token is not None
            return self._access_token

    @property
    def authenticated(self) -> bool:
        return self._access_token is not None

    # ---- requests ----------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams = None,
        json: Any = None,
        content: bytes | BodyFactory | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Send one request; 2xx returns the response, anything else raises.

        ``content`` may be a factory of async byte iterators so that a streamed body can be
        replayed once after a 401 (token expired mid-flight). Raises :class:`ApiError` for a
        non-2xx answer and :class:`TransportError` when no answer came.
        """
        hdrs = dict(headers or {})
        token = None
        if auth:
            token = await self._bearer()
            hdrs["Authorization"] = f"Bearer {token}"
        response = await self._send(
            method, path, params=params, json=json, content=content, headers=hdrs, timeout=timeout
        )
        if response.status_code == 401 and auth:
            token = await self._bearer(force_refresh=True, stale=token)
            hdrs["Authorization"] = f"Bearer {token}"
            response = await self._send(
                method,
                path,
                params=params,
                json=json,
                content=content,
                headers=hdrs,
                timeout=timeout,
            )
        if response.status_code >= 300:
            raise _error_from(response)
        return response

    async def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`request` and decode the JSON body (None for an empty one)."""
        return _json(await self.request(method, path, **kwargs))

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams = None,
        json: Any = None,
        content: bytes | BodyFactory | None = None,
        headers: dict[str, str],
        timeout: float | None = None,
    ) -> httpx.Response:
        body: Any = content() if callable(content) else content
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = timeout
        try:
            response = await self._http.request(
                method,
                path,
                params=params,  # type: ignore[arg-type]
                json=json,
                content=body,
                headers=headers,
                **extra,
            )
        except httpx.TransportError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}" or "network error") from exc
        self.rate_limit.update(response.headers)
        category = rate_category(method, response.request.url.path)
        budget = self.rate_limits.get(category)
        if budget is None:
            budget = self.rate_limits[category] = RateLimitState(category=category)
        budget.update(response.headers)
        for listener in list(self.rate_limit_listeners):
            listener(budget)
        return response


def _error_from(response: httpx.Response) -> ApiError:
    body: Any
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return ApiError.from_response(response.status_code, body, dict(response.headers))


def _json(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise ApiError(
            response.status_code, title="The server answered with invalid JSON.", body=response.text
        ) from exc


def _to_int(value: str | None, fallback: int | None) -> int | None:
    try:
        return int(value) if value is not None else fallback
    except ValueError:
        return fallback


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
