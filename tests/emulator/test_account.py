"""Legacy ``GET /account`` over HTTP (contract 3.9): quota from stored bytes, term, environment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.emulator.routes.account import FEATURES, GiB
from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY, make_emulator


def account(server: EmulatorServer, key: str | None = None) -> dict[str, Any]:
    r = httpx.get(f"{server.url}/account", auth=(key or server.api_key, ""))
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    return body


def test_quota_counts_the_bytes_a_project_stores(emulator: EmulatorServer) -> None:
    before = account(emulator)
    quota = before["quota"]
    assert quota["quotaTotal"] == 10 * GiB  # a sandbox project
    assert quota["quotaUsed"] + quota["quotaRemaining"] == quota["quotaTotal"]
    other_before = account(emulator, OTHER_KEY)["quota"]["quotaUsed"]

    video = httpx.post(
        f"{emulator.url}/videos", json={"title": "quota"}, auth=(emulator.api_key, "")
    ).json()["videoId"]
    vtt = b"WEBVTT\n\n00:00.000 --> 00:01.000\n" + b"x" * 5000 + b"\n"
    r = httpx.post(
        f"{emulator.url}/videos/{video}/captions/en",
        files={"file": ("c.vtt", vtt)},
        auth=(emulator.api_key, ""),
    )
    assert r.status_code == 200
    after = account(emulator)["quota"]
    assert after["quotaUsed"] - quota["quotaUsed"] >= len(vtt)
    assert after["quotaUsed"] == emulator.store.bytes_used(emulator.project.id)
    assert account(emulator, OTHER_KEY)["quota"]["quotaUsed"] == other_before


def test_term_environment_and_features(emulator: EmulatorServer) -> None:
    body = account(emulator)
    start = datetime.fromisoformat(body["term"]["startAt"])
    end = datetime.fromisoformat(body["term"]["endAt"])
    now = datetime.now(UTC)
    assert start <= now < end
    assert (start.day, start.hour, start.minute) == (1, 0, 0) and end.day == 1
    assert body["environment"] == "sandbox"
    assert body["features"] == FEATURES


def test_a_bearer_token_works_as_in_the_2021_spec(emulator: EmulatorServer) -> None:
    token = httpx.post(f"{emulator.url}/auth/api-key", json={"apiKey": emulator.api_key}).json()
    r = httpx.get(
        f"{emulator.url}/account", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert r.status_code == 200 and r.json()["environment"] == "sandbox"
    assert httpx.get(f"{emulator.url}/account").status_code == 401


@pytest.fixture
def production(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = make_emulator(tmp_path, environment="production")
    yield server
    server.stop()


def test_production_projects_get_a_bigger_quota(production: EmulatorServer) -> None:
    body = account(production)
    assert body["environment"] == "production"
    assert body["quota"]["quotaTotal"] == 100 * GiB
