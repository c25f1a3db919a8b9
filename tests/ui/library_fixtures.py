"""Helpers for the library tests: seeding the emulator and a context with a thumbnail cache."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.services.thumbnails import ThumbnailCache


def seed_videos(
    emulator: EmulatorServer,
    count: int,
    *,
    prefix: str = "Video ",
    tags: list[str] | None = None,
    api_key: str | None = None,
) -> list[str]:
    """Insert ``count`` source-less videos through the control route; their ids, oldest first."""
    response = httpx.post(
        f"{emulator.url}/_emulator/projects/{api_key or emulator.api_key}/seed-videos",
        json={"count": count, "titlePrefix": prefix, "tags": tags or []},
        timeout=60,
    )
    response.raise_for_status()
    ids: list[str] = response.json()["videoIds"]
    return ids


def stored_videos(emulator: EmulatorServer) -> list[dict[str, Any]]:
    """Every video document of the default project, straight from the emulator's store."""
    return [
        doc for doc in emulator.store.list(emulator.project.id, "video") if not doc.get("discarded")
    ]


@pytest.fixture
def library_context(app_context: AppContext, run: Any) -> Iterator[AppContext]:
    """The shell's test context with a ``ThumbnailCache`` attached (closed after the test)."""
    cache = ThumbnailCache(app_context)
    app_context.thumbnails = cache
    yield app_context
    run(cache.close())


def api_call(
    emulator: EmulatorServer, method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    """One API request with the project's key, synchronously (setting up test data)."""
    with httpx.Client(base_url=emulator.url, timeout=30) as http:
        token = http.post("/auth/api-key", json={"apiKey": emulator.api_key}).json()
        response = http.request(
            method,
            path,
            json=body,
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        response.raise_for_status()
        return response.json() if response.content else None


def api_patch(emulator: EmulatorServer, video_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """PATCH a video over HTTP with the project's key (setting up test data)."""
    result: dict[str, Any] = api_call(emulator, "PATCH", f"/videos/{video_id}", body)
    return result


def settled(model: Any) -> bool:
    """True once the model's current query has its first page (or its empty/error state)."""
    from studio.ui.models.library_model import LoadState

    return not model.loading and model.state not in (LoadState.LOADING, LoadState.IDLE)


@pytest.fixture
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Free Qt objects in reference cycles here, on the GUI thread (kept for modules that use it).

    The root conftest now does this for every test (collector off, collected between tests);
    collected from a worker thread, a QObject cannot unregister its timers and Qt later fires
    them at freed memory.
    """
    gc.collect()
    yield
    gc.collect()
