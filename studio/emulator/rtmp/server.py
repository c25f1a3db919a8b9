"""The RTMP listening socket, on the emulator's own event loop (one task per encoder)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web

from .session import PublishSession

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 10.0


class RtmpServer:
    """Takes publishes on ``rtmp://<host>:<port>/s/<streamKey>`` for one emulator app."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._sessions: set[PublishSession] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._epoch = time.monotonic()

    async def start(self) -> int:
        """Bind and listen; returns the port (the real one when 0 was asked). OSError if taken."""
        self._server = await asyncio.start_server(self._accept, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = PublishSession(self.app, reader, writer, self._epoch)
        task = asyncio.current_task()
        self._sessions.add(session)
        if task is not None:
            self._tasks.add(task)
        try:
            await session.run()
        except Exception:  # one broken connection must not take the listener down
            log.exception("RTMP session from %s failed", session.peer)
        finally:
            self._sessions.discard(session)
            if task is not None:
                self._tasks.discard(task)

    async def close(self) -> None:
        """Stop listening and end every broadcast (ffmpeg given a moment to finish its files)."""
        if self._server is not None:
            self._server.close()
        for session in list(self._sessions):
            session.disconnect()
        tasks = list(self._tasks)
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=CLOSE_TIMEOUT_S)
            for session in list(self._sessions):
                session.kill()
            for task in late:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*late, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)
