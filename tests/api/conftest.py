"""Fixtures of the upload tests: a sample source file, a fresh emulator per test (faults off
until a test turns them on) and a client of it with quick retries."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.config import Faults
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator

from .upload_helpers import SOURCE_SIZE, open_client


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "holiday.mp4"
    path.write_bytes(os.urandom(SOURCE_SIZE))
    return path


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[EmulatorServer]:
    """A fresh emulator; its faults are off until a test turns them on (``emu.config.faults``)."""
    server = make_emulator(tmp_path / "emulator", faults=Faults(seed=1))
    yield server
    server.stop()


@pytest.fixture
async def api(emu: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    client = open_client(emu, emu.api_key)
    await client.authenticate()  # before any fault is switched on
    yield client
    await client.aclose()
