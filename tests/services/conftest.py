"""Fixtures of the service tests that drive uploads: a fresh emulator per test and a client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[EmulatorServer]:
    """An emulator of the test's own (uploads change its state in ways tests must not share)."""
    server = make_emulator(tmp_path / "emulator")
    yield server
    server.stop()


@pytest.fixture
async def api(emu: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    async with ApiVideoClient(emu.api_key, base_url=emu.url) as client:
        yield client
