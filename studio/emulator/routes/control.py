"""Emulator-only control routes under ``/_emulator/`` (never part of api.video)."""

from __future__ import annotations

from aiohttp import web

from ..app import store_of
from ..wire import json_response


async def health(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def projects(request: web.Request) -> web.Response:
    return json_response(
        [
            {"id": p.id, "name": p.name, "environment": p.environment}
            for p in store_of(request).projects()
        ]
    )


def setup(app: web.Application) -> None:
    app.router.add_get("/_emulator/health", health)
    app.router.add_get("/_emulator/projects", projects)
