"""``/auth/api-key`` and ``/auth/refresh`` (contract 3.1): bearer tokens with rotation."""

from __future__ import annotations

import secrets

from aiohttp import web

from ..app import config_of, store_of
from ..problems import Problem, attribute_required
from ..wire import json_response, read_json

REFRESH_LIFETIME_S = 30 * 24 * 3600


def _bad_credentials() -> Problem:
    return Problem(
        400,
        "authentication-invalid-user-credentials",
        "The user credentials were incorrect.",
        name="",
    )


def _issue(request: web.Request, project_id: str) -> web.Response:
    store = store_of(request)
    lifetime = config_of(request).token_lifetime_s
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32)
    store.add_token(access, "access", project_id, lifetime)
    store.add_token(refresh, "refresh", project_id, REFRESH_LIFETIME_S)
    return json_response(
        {
            "access_token": access,
            "token_type": "Bearer",
            "refresh_token": refresh,
            "expires_in": int(lifetime),
        }
    )


async def api_key(request: web.Request) -> web.Response:
    body = await read_json(request)
    key = body.get("apiKey")
    if key is None:
        raise attribute_required("apiKey")
    project = store_of(request).project_by_key(str(key)) if isinstance(key, str) else None
    if project is None:
        raise _bad_credentials()
    return _issue(request, project.id)


async def refresh(request: web.Request) -> web.Response:
    body = await read_json(request)
    token = body.get("refreshToken")
    if token is None:
        raise attribute_required("refreshToken")
    store = store_of(request)
    project_id = store.token_project(str(token), "refresh") if isinstance(token, str) else None
    if project_id is None:
        raise _bad_credentials()
    store.revoke_token(str(token))  # rotation: each refresh token works once
    return _issue(request, project_id)


def setup(app: web.Application) -> None:
    app.router.add_post("/auth/api-key", api_key)
    app.router.add_post("/auth/refresh", refresh)
