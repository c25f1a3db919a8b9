"""Uploads when things go wrong: final client errors, validation, injected faults, 429 bursts,
retry and pacing policies (each test on a fresh emulator)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from studio.api import ApiError, ApiVideoClient
from studio.api.client import RateLimitState
from studio.api.upload_pacing import RetryPolicy, is_retryable, pace_delay
from studio.emulator.server import EmulatorServer

from .upload_helpers import (
    CHUNK,
    MIB,
    Wire,
    assert_uploaded_once,
    create_video,
    make_file,
)

# ---- failures --------------------------------------------------------------------------------


async def test_client_errors_are_final(
    emu: EmulatorServer, api: ApiVideoClient, source: Path
) -> None:
    wire = Wire()
    wire.attach(api)
    with pytest.raises(ApiError) as raised:
        await api.uploads.upload("vi0000000000000000000000", source)
    assert raised.value.status == 404
    assert len(wire.uploads) == 1  # a 404 is not retried


async def test_chunk_size_and_parallelism_are_validated(source: Path) -> None:
    async with ApiVideoClient("key", base_url="http://127.0.0.1:9") as client:
        for bad in (5 * MIB - 1, 128 * MIB + 1):
            with pytest.raises(ValueError, match="chunk size"):
                await client.uploads.upload("vi1", source, chunk_size=bad)
            with pytest.raises(ValueError, match="chunk size"):
                client.uploads.chunk_size = bad
        for bad in (0, 9):
            with pytest.raises(ValueError, match="parallel"):
                await client.uploads.upload("vi1", source, parallel=bad)


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param({"error_rate": 0.1}, id="5xx"),
        pytest.param({"drop_rate": 0.1}, id="dropped-connections"),
    ],
)
async def test_upload_completes_despite_faults(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path, faults: dict[str, float]
) -> None:
    big = make_file(tmp_path, "big.mp4", 8 * CHUNK + 5)  # 9 parts: enough requests to hit faults
    video_id = await create_video(api)
    wire = Wire()
    wire.attach(api)
    for name, value in faults.items():
        setattr(emu.config.faults, name, value)

    video = await api.uploads.upload(video_id, big, parallel=2)

    for name in faults:
        setattr(emu.config.faults, name, 0.0)
    assert len(wire.uploads) > 9  # some attempts failed and were retried
    await assert_uploaded_once(emu, api, video, big, 9)


async def test_429_bursts_are_waited_out(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    big = make_file(tmp_path, "big.mp4", 8 * CHUNK + 5)
    video_id = await create_video(api)
    wire = Wire()
    wire.attach(api)
    emu.config.faults.throttle_rate = 0.15
    emu.config.faults.throttle_burst = 2

    video = await api.uploads.upload(video_id, big, parallel=2)

    emu.config.faults.throttle_rate = 0.0
    attempts = wire.uploads
    refused = [e for e in attempts if e.status == 429]
    assert refused, "the seeded fault sequence should have throttled at least once"
    for answer in refused:
        # X-RateLimit-Retry-After: 1 -> the next attempt of that part waits at least a second.
        retry = next(
            e
            for e in attempts
            if e.content_range == answer.content_range and e.started > answer.started
        )
        assert retry.started - (answer.answered or 0) >= 1.0
    await assert_uploaded_once(emu, api, video, big, 9)


def test_retry_policy_backs_off_and_honours_retry_after() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, rng=random.Random(1))
    delays = [policy.delay(n) for n in range(1, 9)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(d <= 4.0 for d in delays)
    assert max(delays[5:]) >= 2.0  # grew towards the cap
    throttled = ApiError(429, headers={"X-RateLimit-Retry-After": "7"})
    assert 7.0 <= policy.delay(1, throttled) <= 7.5
    assert is_retryable(throttled) and is_retryable(ApiError(503))
    assert not is_retryable(ApiError(400)) and not is_retryable(ApiError(404))


def test_pacing_spreads_the_last_requests_of_a_window() -> None:
    now = 1000.0
    state = RateLimitState(limit=40, remaining=30, retry_after=30, updated_at=now)
    assert pace_delay(state, now, in_flight=0, last_start=now) == 0.0  # plenty left
    state.remaining = 5
    assert pace_delay(state, now, in_flight=0, last_start=now) == pytest.approx(6.0)  # 30 s / 5
    assert pace_delay(state, now, in_flight=2, last_start=now) == pytest.approx(10.0)  # 30 s / 3
    assert pace_delay(state, now + 10, in_flight=0, last_start=now) == pytest.approx(0.0)
    state.remaining = 0
    assert pace_delay(state, now + 5, in_flight=0, last_start=now) == pytest.approx(25.0)
    assert pace_delay(state, now + 31, in_flight=0, last_start=now) == 0.0  # window reset


async def test_pacer_follows_the_upload_budget_of_the_project(
    emu: EmulatorServer, api: ApiVideoClient, tmp_path: Path
) -> None:
    tiny = make_file(tmp_path, "tiny.mp4", 1000)
    pacer = api.uploads.pacer
    for _ in range(31):  # sandbox: 40 uploads a minute; pacing starts below a quarter left
        await api.uploads.upload(await create_video(api), tiny)
    assert pacer.state.limit == 40 and pacer.state.remaining == 9  # upload headers, not reads
    assert pacer.delay(time.monotonic()) > 4.0  # the next parts get spread over the window
