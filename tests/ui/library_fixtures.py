"""Helpers for the library tests: seeding the emulator and a context with a thumbnail cache."""

from __future__ import annotations

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
        doc
        for doc in emulator.store.list(emulator.project.id, "video")
        if not doc.get("discarded")
    ]


@pytest.fixture
def library_context(app_context: AppContext, run: Any) -> Iterator[AppContext]:
    """The shell's test context with a ``ThumbnailCache`` attached (closed after the test)."""
    cache = ThumbnailCache(app_context)
    app_context.thumbnails = cache
    yield app_context
    run(cache.close())
