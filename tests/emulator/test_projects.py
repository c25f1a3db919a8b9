"""Projects are isolated by API key, and a data directory survives a restart."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx

from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY, make_emulator


def _basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def test_another_projects_objects_are_404(emulator: EmulatorServer) -> None:
    mine = _basic(emulator.api_key)
    theirs = _basic(OTHER_KEY)
    video = httpx.post(f"{emulator.url}/videos", json={"title": "mine"}, headers=mine).json()
    player = httpx.post(f"{emulator.url}/players", json={"name": "mine"}, headers=mine).json()
    live = httpx.post(f"{emulator.url}/live-streams", json={"name": "mine"}, headers=mine).json()
    for path, name in (
        (f"/videos/{video['videoId']}", "videoId"),
        (f"/players/{player['playerId']}", "playerId"),
        (f"/live-streams/{live['liveStreamId']}", "liveStreamId"),
    ):
        assert httpx.get(emulator.url + path, headers=mine).status_code == 200
        r = httpx.get(emulator.url + path, headers=theirs)
        assert r.status_code == 404, path
        assert r.json()["name"] == name
        assert httpx.delete(emulator.url + path, headers=theirs).status_code == 404
        assert httpx.get(emulator.url + path, headers=mine).status_code == 200
    listed = httpx.get(f"{emulator.url}/videos", headers=theirs).json()
    assert video["videoId"] not in {v["videoId"] for v in listed["data"]}


def test_library_survives_a_restart(tmp_path: Path) -> None:
    first = make_emulator(tmp_path)
    try:
        created = httpx.post(
            f"{first.url}/videos",
            json={"title": "kept", "tags": ["a"], "metadata": [{"key": "k", "value": "v"}]},
            headers=_basic(first.api_key),
        ).json()
    finally:
        first.stop()
    second = make_emulator(tmp_path)
    try:
        r = httpx.get(f"{second.url}/videos/{created['videoId']}", headers=_basic(second.api_key))
        assert r.status_code == 200
        got = r.json()
        assert (got["title"], got["tags"], got["metadata"]) == (
            "kept",
            ["a"],
            [{"key": "k", "value": "v"}],
        )
        assert got["createdAt"] == created["createdAt"]
    finally:
        second.stop()
