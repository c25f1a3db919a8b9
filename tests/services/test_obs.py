"""ObsHandoff against a real obs-websocket v5 server on loopback (tests/services/obs_server.py)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.services.obs import ObsHandoff, StreamDestination, snapshot_account
from studio.services.obs_errors import (
    ObsAuthFailed,
    ObsConnectionLost,
    ObsNotRunning,
    ObsNotWebSocket,
    ObsStreamingActive,
    ObsWebSocketOff,
)
from studio.services.obs_process import obs_is_running
from studio.services.secrets import SecretStore

from .keyring_backends import MemoryKeyring, using_keyring
from .obs_server import FakeObs

SERVER = "rtmp://127.0.0.1:1935/s"
KEY = "30087931-229e-42cf-b5f9-e91bcc1f7332"


def free_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def connected(fake: FakeObs, password: str = "", **kwargs: object) -> ObsHandoff:
    handoff = ObsHandoff(**kwargs)  # type: ignore[arg-type]
    await handoff.connect("127.0.0.1", fake.port, password)
    return handoff


async def test_handoff_snapshots_sets_starts_and_restores() -> None:
    async with FakeObs(password="hunter2") as fake:
        handoff = await connected(fake, "hunter2")
        assert handoff.connected and handoff.obs_version.startswith("5.")
        await handoff.hand_off(SERVER, KEY, start=True)

        assert fake.service_type == "rtmp_custom"
        assert fake.service_settings == {"server": SERVER, "key": KEY, "use_auth": False}
        assert fake.streaming
        assert handoff.snapshot == StreamDestination(
            "rtmp_common", {"service": "Twitch", "server": "auto", "key": "live_users_own"}
        )
        # The order matters: never touch the service while live, snapshot before changing it.
        assert fake.request_types()[:4] == [
            "GetStreamStatus",
            "GetStreamServiceSettings",
            "SetStreamServiceSettings",
            "StartStream",
        ]

        restored = await handoff.restore()
        assert restored is not None and restored.describe() == "Twitch"
        assert not fake.streaming
        assert fake.service_type == "rtmp_common"
        assert fake.service_settings["key"] == "live_users_own"
        assert handoff.snapshot is None and handoff.target is None
        await handoff.disconnect()
        assert not handoff.connected


async def test_second_handoff_keeps_the_users_original_destination() -> None:
    async with FakeObs() as fake:
        handoff = await connected(fake)
        await handoff.hand_off(SERVER, KEY)
        await handoff.hand_off("rtmps://broadcast.api.video:1936/s", "other-key")
        assert fake.service_settings["key"] == "other-key"
        await handoff.restore()
        assert fake.service_settings["key"] == "live_users_own"
        await handoff.disconnect()


async def test_stream_status_reports_state_and_bitrate_from_bytes() -> None:
    async with FakeObs() as fake:
        handoff = await connected(fake)
        idle = await handoff.stream_status()
        assert not idle.active and idle.bitrate_kbps is None

        fake.streaming, fake.bytes_sent, fake.duration_ms = True, 1_000_000, 10_000
        fake.skipped_frames, fake.total_frames = 12, 600
        fake.congestion, fake.reconnecting = 0.25, True
        first = await handoff.stream_status()
        assert first.active and first.reconnecting
        assert first.congestion == pytest.approx(0.25)
        assert first.dropped_ratio == pytest.approx(12 / 600)
        assert first.bitrate_kbps is None  # one sample is no rate

        fake.bytes_sent += 750_000  # 6 Mbit in OBS's 2 s
        fake.duration_ms += 2_000
        second = await handoff.stream_status()
        assert second.bitrate_kbps == pytest.approx(750_000 * 8 / 1000 / 2)
        await handoff.disconnect()


async def test_handoff_refused_while_streaming_until_stopped() -> None:
    async with FakeObs(streaming=True) as fake:
        handoff = await connected(fake)
        with pytest.raises(ObsStreamingActive) as refused:
            await handoff.hand_off(SERVER, KEY)
        assert "streaming right now" in refused.value.message
        assert fake.service_type == "rtmp_common"  # untouched
        assert "SetStreamServiceSettings" not in fake.request_types()
        assert handoff.snapshot is None

        fake.stop_lag_polls = 3  # OBS takes a moment to really stop
        await handoff.stop_stream()
        assert not fake.streaming
        await handoff.hand_off(SERVER, KEY)
        assert fake.service_settings["server"] == SERVER
        await handoff.disconnect()


async def test_restore_refused_while_the_user_streams_to_us() -> None:
    async with FakeObs() as fake:
        handoff = await connected(fake)
        await handoff.hand_off(SERVER, KEY)  # not started by us
        fake.streaming = True  # the user pressed "Start Streaming" in OBS
        with pytest.raises(ObsStreamingActive):
            await handoff.restore()
        assert fake.service_settings["server"] == SERVER
        assert handoff.snapshot is not None  # still there for a later restore
        fake.streaming = False
        await handoff.restore()
        assert fake.service_type == "rtmp_common"
        await handoff.disconnect()


async def test_wrong_and_missing_password_are_told_apart() -> None:
    async with FakeObs(password="right") as fake:
        with pytest.raises(ObsAuthFailed) as wrong:
            await connected(fake, "wrong")
        assert "refused the password" in wrong.value.message
        with pytest.raises(ObsAuthFailed) as missing:
            await connected(fake, "")
        assert "asks for a password" in missing.value.message
        assert fake.identified_sessions == 0


async def test_obs_absent_when_nothing_listens_and_no_obs_process() -> None:
    if obs_is_running():
        pytest.skip("a real OBS runs on this machine")
    handoff = ObsHandoff(timeout=3)
    with pytest.raises(ObsNotRunning) as absent:
        await handoff.connect("127.0.0.1", free_port())
    assert "OBS is not running" in absent.value.message
    assert not handoff.connected


@pytest.fixture
def obs_process(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real process named ``obs`` (a renamed ``sleep``), like OBS with its server off."""
    sleep = Path("/bin/sleep")
    if not sleep.exists() or not os.path.isdir("/proc"):
        pytest.skip("needs /proc and /bin/sleep")
    named = tmp_path / "obs"
    named.symlink_to(sleep)
    process = subprocess.Popen([str(named), "60"])
    deadline = time.monotonic() + 5
    while not obs_is_running() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield process
    finally:
        process.kill()
        process.wait()


async def test_websocket_server_off_when_obs_runs(obs_process: subprocess.Popen[bytes]) -> None:
    handoff = ObsHandoff(timeout=3)
    with pytest.raises(ObsWebSocketOff) as off:
        await handoff.connect("localhost", free_port())
    assert "WebSocket server is off" in off.value.message


async def test_something_else_on_the_port_is_not_obs() -> None:
    async def http_only(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(http_only, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(ObsNotWebSocket) as other:
            await ObsHandoff(timeout=3).connect("127.0.0.1", port)
        assert "not OBS's WebSocket server" in other.value.message
    finally:
        server.close()
        await server.wait_closed()


async def test_websocket_without_hello_is_not_obs_websocket_5() -> None:
    async with FakeObs(greet=False) as fake:
        with pytest.raises(ObsNotWebSocket) as old:
            await ObsHandoff(timeout=0.5).connect("127.0.0.1", fake.port)
        assert "OBS Studio 28" in old.value.message


async def test_obs_quitting_mid_session_is_reported_at_once() -> None:
    async with FakeObs() as fake:
        handoff = await connected(fake)
    # The server is gone: the next request fails fast instead of waiting for a timeout.
    started = time.monotonic()
    with pytest.raises(ObsConnectionLost):
        await handoff.stream_status()
    assert time.monotonic() - started < 2
    assert not handoff.connected


async def test_snapshot_survives_a_restart_in_the_keyring() -> None:
    memory = MemoryKeyring()
    with using_keyring(memory):
        store = SecretStore(service="studio-test")
        async with FakeObs() as fake:
            first = await connected(fake, secrets=store)
            await first.hand_off(SERVER, KEY)
            await first.disconnect()  # the app quits before restoring
            account = snapshot_account("127.0.0.1", fake.port)
            assert ("studio-test", account) in memory.secrets

            second = await connected(fake, secrets=store)
            assert second.snapshot is not None and second.snapshot.describe() == "Twitch"
            await second.restore()
            assert fake.service_settings["key"] == "live_users_own"
            assert ("studio-test", account) not in memory.secrets
            await second.disconnect()
