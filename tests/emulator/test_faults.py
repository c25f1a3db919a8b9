"""Fault injection and rate-limit headers of the emulator."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from studio.emulator.config import Faults
from tests.conftest import make_emulator


def _auth(url: str, key: str) -> dict[str, str]:
    token = httpx.post(f"{url}/auth/api-key", json={"apiKey": key}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_rate_limit_headers_count_down(tmp_path: Path) -> None:
    emu = make_emulator(tmp_path)
    try:
        headers = _auth(emu.url, emu.api_key)
        seen = []
        for _ in range(3):
            r = httpx.get(f"{emu.url}/_emulator/health")
            assert "x-ratelimit-limit" not in r.headers  # control routes are not api routes
            r = httpx.get(f"{emu.url}/upload-tokens", headers=headers)
            seen.append(int(r.headers["x-ratelimit-remaining"]))
            assert r.headers["x-ratelimit-limit"] == "100"  # sandbox reads per minute
        assert seen[0] > seen[1] > seen[2]
    finally:
        emu.stop()


def test_enforced_rate_limit_answers_429(tmp_path: Path) -> None:
    emu = make_emulator(tmp_path, enforce_rate_limits=True)
    try:
        headers = _auth(emu.url, emu.api_key)
        statuses = [
            httpx.post(f"{emu.url}/upload-tokens", json={"ttl": 0}, headers=headers).status_code
            for _ in range(45)
        ]
        assert statuses.count(429) == 5  # sandbox allows 40 writes a minute
        r = httpx.post(f"{emu.url}/upload-tokens", json={"ttl": 0}, headers=headers)
        assert r.status_code == 429
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("too-many-requests")
        assert int(r.headers["x-ratelimit-retry-after"]) > 0
    finally:
        emu.stop()


def test_latency_is_added(tmp_path: Path) -> None:
    emu = make_emulator(tmp_path, faults=Faults(latency_ms=1000))
    try:
        start = time.monotonic()
        httpx.post(f"{emu.url}/auth/api-key", json={"apiKey": emu.api_key})
        assert time.monotonic() - start >= 1.0
        start = time.monotonic()
        httpx.get(f"{emu.url}/_emulator/health")  # control routes are never slowed
        assert time.monotonic() - start < 1.0
    finally:
        emu.stop()


@pytest.mark.parametrize("rate", [0.3])
def test_error_drop_and_throttle_fractions(tmp_path: Path, rate: float) -> None:
    emu = make_emulator(
        tmp_path,
        faults=Faults(error_rate=rate, drop_rate=0.1, throttle_rate=0.1, throttle_burst=2, seed=7),
    )
    try:
        outcomes: dict[str, int] = {"ok": 0, "500": 0, "429": 0, "drop": 0}
        for _ in range(200):
            try:
                r = httpx.post(f"{emu.url}/auth/api-key", json={"apiKey": emu.api_key})
            except httpx.TransportError:
                outcomes["drop"] += 1
                continue
            if r.status_code == 200:
                outcomes["ok"] += 1
            else:
                assert r.headers["content-type"] == "application/problem+json"
                outcomes[str(r.status_code)] += 1
        # Seeded, so stable; loose bounds keep the test about the behaviour, not the RNG.
        assert 30 <= outcomes["500"] <= 90
        assert 5 <= outcomes["drop"] <= 40
        assert 10 <= outcomes["429"] <= 70
        assert outcomes["ok"] >= 40
    finally:
        emu.stop()
