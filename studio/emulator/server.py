"""Run the emulator on a background thread (tests, demo mode) or in the foreground (CLI)."""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType

from aiohttp import web

from .app import PUBLIC_URL, create_app
from .config import EmulatorConfig
from .rtmp.server import RtmpServer
from .store import Store


class EmulatorServer:
    """An emulator listening on loopback, on its own thread and event loop.

    >>> with EmulatorServer(EmulatorConfig(data_dir=tmp)) as emu:
    ...     emu.url, emu.api_key
    """

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.store = Store(config.data_dir)
        self.project = self.store.ensure_project(
            config.api_key, "Default project", config.environment
        )
        for i, key in enumerate(config.other_keys, start=2):
            self.store.ensure_project(key, f"Project {i}", config.environment)
        self.app = create_app(config, self.store)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._rtmp: RtmpServer | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.port = config.port

    @property
    def url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def rtmp_port(self) -> int | None:
        """The RTMP ingest's port once started (None when RTMP is off)."""
        return self._rtmp.port if self._rtmp is not None else None

    @property
    def rtmp_url(self) -> str | None:
        """The ingest server URL for encoders (``rtmp://host:port/s``; key = streamKey)."""
        port = self.rtmp_port
        return f"rtmp://{self.config.host}:{port}/s" if port is not None else None

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        assert self._loop is not None, "server not started"
        return self._loop

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port, reuse_address=True)
        await site.start()
        server = site._server  # the bound socket tells the real port when 0 was asked
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        if not self.config.public_url:
            self.app[PUBLIC_URL] = self.url
        if self.config.rtmp_port is not None:
            rtmp = RtmpServer(self.app, self.config.host, self.config.rtmp_port)
            try:
                await rtmp.start()
            except OSError:
                await self._runner.cleanup()
                raise
            self._rtmp = rtmp

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._start())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            if self._rtmp is not None:
                loop.run_until_complete(self._rtmp.close())
            if self._runner is not None:
                loop.run_until_complete(self._runner.cleanup())
            loop.close()

    def start(self) -> EmulatorServer:
        """Start listening; returns once the port is bound."""
        self._thread = threading.Thread(target=self._run, name="emulator", daemon=True)
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise RuntimeError(f"emulator failed to start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        """Stop serving and close the store."""
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(30)
        self.store.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
