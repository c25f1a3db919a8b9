"""Which live streams an encoder is publishing to right now: one encoder per live stream.

The routes use it to drop an encoder (``PUT .../complete``, ``DELETE``); the RTMP sessions
claim and release their stream in it. It lives in the app whether or not RTMP is listening.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Protocol

from aiohttp import web

DROP_WAIT_S = 15.0  # longest a route waits for a dropped encoder's ffmpeg to finish


class Publisher(Protocol):
    """An encoder connection that can be cut."""

    def disconnect(self) -> None:
        """Close the connection now (its broadcast then ends on its own)."""

    async def finished(self) -> None:
        """Wait until the broadcast is fully ended (files closed, flags switched)."""


class Publishers:
    """Active publishers by liveStreamId."""

    def __init__(self) -> None:
        self._active: dict[str, Publisher] = {}

    def claim(self, live_id: str, publisher: Publisher) -> bool:
        """Register ``publisher`` as the live stream's encoder; False if it already has one."""
        if live_id in self._active:
            return False
        self._active[live_id] = publisher
        return True

    def release(self, live_id: str, publisher: Publisher) -> None:
        if self._active.get(live_id) is publisher:
            del self._active[live_id]

    def get(self, live_id: str) -> Publisher | None:
        return self._active.get(live_id)

    def all(self) -> list[Publisher]:
        return list(self._active.values())


PUBLISHERS: web.AppKey[Publishers] = web.AppKey("rtmp_publishers", Publishers)


def install(app: web.Application) -> Publishers:
    """Attach the registry to an app (idempotent; before the app starts)."""
    if PUBLISHERS not in app:
        app[PUBLISHERS] = Publishers()
    return app[PUBLISHERS]


def publishers_of(app: web.Application) -> Publishers:
    return app[PUBLISHERS]


async def drop_encoder(app: web.Application, live_id: str, *, wait: bool) -> bool:
    """Cut the encoder of a live stream, if any; with ``wait``, until its broadcast ended.

    Returns True when an encoder was connected.
    """
    publisher = app[PUBLISHERS].get(live_id) if PUBLISHERS in app else None
    if publisher is None:
        return False
    publisher.disconnect()
    if wait:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(publisher.finished(), DROP_WAIT_S)
    return True
