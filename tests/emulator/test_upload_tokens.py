"""Upload tokens over HTTP (contract 3.3 U1-U4), and their use by ``/upload?token=``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def test_create_with_ttl_answers_200_and_expiry(api: httpx.Client) -> None:
    r = api.post("/upload-tokens", json={"ttl": 3600})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    token = r.json()
    assert set(token) == {"token", "ttl", "createdAt", "expiresAt"}
    assert token["token"].startswith("to") and len(token["token"]) == 24
    created = datetime.fromisoformat(token["createdAt"])
    assert datetime.fromisoformat(token["expiresAt"]) - created == timedelta(seconds=3600)


def test_ttl_zero_or_absent_never_expires(api: httpx.Client) -> None:
    for body in ({"ttl": 0}, {}):
        token = api.post("/upload-tokens", json=body).json()
        assert token["ttl"] == 0 and "expiresAt" not in token


def test_get_list_sort_and_delete(api: httpx.Client) -> None:
    made = [api.post("/upload-tokens", json={"ttl": ttl}).json() for ttl in (500, 100, 300)]
    assert api.get(f"/upload-tokens/{made[1]['token']}").json() == made[1]
    listed = api.get("/upload-tokens", params={"sortBy": "ttl", "sortOrder": "desc"}).json()
    ttls = [t["ttl"] for t in listed["data"]]
    assert ttls == sorted(ttls, reverse=True)
    assert {t["token"] for t in made} <= {t["token"] for t in listed["data"]}
    newest_first = api.get("/upload-tokens", params={"sortBy": "createdAt", "sortOrder": "desc"})
    stamps = [t["createdAt"] for t in newest_first.json()["data"]]
    assert stamps == sorted(stamps, reverse=True)
    r = api.delete(f"/upload-tokens/{made[0]['token']}")
    assert r.status_code == 204 and r.content == b"" and "content-type" not in r.headers
    gone = api.get(f"/upload-tokens/{made[0]['token']}")
    assert gone.status_code == 404 and gone.json()["name"] == "uploadToken"
    assert api.delete(f"/upload-tokens/{made[0]['token']}").status_code == 404


def test_tokens_belong_to_their_project(api: httpx.Client, emulator: EmulatorServer) -> None:
    token = api.post("/upload-tokens", json={"ttl": 0}).json()["token"]
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/upload-tokens/{token}").status_code == 404
        assert token not in {t["token"] for t in other.get("/upload-tokens").json()["data"]}


def test_deleted_and_expired_tokens_are_refused_by_upload(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    deleted = api.post("/upload-tokens", json={"ttl": 0}).json()["token"]
    api.delete(f"/upload-tokens/{deleted}")
    short = api.post("/upload-tokens", json={"ttl": 1}).json()["token"]
    time.sleep(2.1)
    for token in (deleted, short):
        r = httpx.post(
            f"{emulator.url}/upload",
            params={"token": token},
            files={"file": ("clip.mp4", b"\x00" * 64)},
        )
        assert r.status_code == 401, r.text
        assert r.json()["type"].endswith("/authentication-invalid-upload-token")


@pytest.mark.parametrize("ttl", [-1, 2147483648, "60", 1.5, True])
def test_invalid_ttl_is_400(unrecorded_emulator: EmulatorServer, ttl: object) -> None:
    # Outside the request schema on purpose: kept out of the recorded traffic.
    r = httpx.post(
        f"{unrecorded_emulator.url}/upload-tokens",
        json={"ttl": ttl},
        auth=(unrecorded_emulator.api_key, ""),
    )
    assert r.status_code == 400
    assert r.json()["type"].endswith("/invalid-attribute") and r.json()["name"] == "ttl"
