"""Shared fixtures: one in-process emulator per test module, a client on it, Qt offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real keyring.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import gc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.config import EmulatorConfig
from studio.emulator.server import EmulatorServer

OTHER_KEY = "other-project-key"


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """Run the cyclic garbage collector only here, on the main thread, between tests.

    In-process emulators run on background threads. If the collector fires there, it can free a
    Qt object (a QTimer in a reference cycle) from the wrong thread; Qt then keeps a dangling
    timer and the next event loop pass crashes. The app does the same (see
    ``studio.ui.main_thread_gc``).
    """
    gc.disable()  # stays off for the whole run; collections happen only here
    yield
    gc.collect()


def make_emulator(tmp: Path, **overrides: object) -> EmulatorServer:
    """Start an emulator in ``tmp`` (recording traffic when STUDIO_EMULATOR_RECORD is set)."""
    config = EmulatorConfig(
        data_dir=tmp,
        api_key="test-api-key",
        other_keys=[OTHER_KEY],
        encoding_step_s=0.2,
    )
    for key, value in overrides.items():
        setattr(config, key, value)  # record=None here wins over the environment variable
    return EmulatorServer(config).start()


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """One emulator per test module, on a free loopback port, with a fresh data dir."""
    server = make_emulator(tmp_path_factory.mktemp("emulator"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def unrecorded_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An emulator whose traffic is never recorded.

    Only for tests that deliberately send requests outside api.video's request schemas (a
    missing required field, a wrong type) to check the refusal: their requests are not client
    traffic, so they stay out of the contract check's input. Everything else uses ``emulator``.
    """
    server = make_emulator(tmp_path_factory.mktemp("emulator-unrecorded"), record=None)
    yield server
    server.stop()


@pytest.fixture
async def client(emulator: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    """A studio client signed in to the module's emulator."""
    async with ApiVideoClient(emulator.api_key, base_url=emulator.url) as c:
        yield c


@pytest.fixture
async def other_client(emulator: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    """A client of a second, isolated project on the same emulator."""
    async with ApiVideoClient(OTHER_KEY, base_url=emulator.url) as c:
        yield c
