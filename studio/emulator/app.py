"""The emulator's aiohttp application: middlewares plus one route module per resource."""

from __future__ import annotations

import importlib
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from .config import EmulatorConfig
from .middleware import (
    FaultInjector,
    RateLimiter,
    TrafficRecorder,
    auth_middleware,
    cors_middleware,
    fault_middleware,
    problem_middleware,
    rate_limit_middleware,
    record_middleware,
)
from .store import Store

# One module per resource under studio/emulator/routes, each with ``setup(app)``.
ROUTE_MODULES = (
    "auth",
    "videos",
    "uploads",
    "thumbnails",
    "delivery",
    "live",
    "captions",
    "chapters",
    "players",
    "tokens",
    "analytics",
    "account",
    "extras",
    "control",
)

STORE: web.AppKey[Store] = web.AppKey("store", Store)
CONFIG: web.AppKey[EmulatorConfig] = web.AppKey("config", EmulatorConfig)
WORKERS: web.AppKey[ThreadPoolExecutor] = web.AppKey("workers", ThreadPoolExecutor)
PUBLIC_URL: web.AppKey[str] = web.AppKey("public_url", str)


def create_app(config: EmulatorConfig, store: Store) -> web.Application:
    """Build the application. ``app[PUBLIC_URL]`` must be set before serving (server.py does)."""
    middlewares = []
    record_path = config.record
    if record_path is not None:
        middlewares.append(record_middleware(TrafficRecorder(record_path)))
    middlewares += [
        cors_middleware,
        problem_middleware,
        fault_middleware(FaultInjector(config)),
        auth_middleware(store),
        rate_limit_middleware(RateLimiter(config)),
    ]
    # Large uploads: no request size limit (chunks are streamed to disk).
    app = web.Application(middlewares=middlewares, client_max_size=0)
    app[STORE] = store
    app[CONFIG] = config
    app[WORKERS] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="emulator-media")
    app[PUBLIC_URL] = config.public_url or f"http://{config.host}:{config.port}"
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"{__package__}.routes.{name}")
        module.setup(app)

    async def shutdown_workers(app: web.Application) -> None:
        app[WORKERS].shutdown(wait=False, cancel_futures=True)

    app.on_cleanup.append(shutdown_workers)
    return app


def store_of(request: web.Request) -> Store:
    return request.app[STORE]


def config_of(request: web.Request) -> EmulatorConfig:
    return request.app[CONFIG]


def public_url(request: web.Request) -> str:
    """Base URL for asset links (no trailing slash)."""
    return request.app[PUBLIC_URL].rstrip("/")
