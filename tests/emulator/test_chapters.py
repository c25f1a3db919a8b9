"""Chapters over HTTP (contract 3.6): upload, get, list, delete, delivery, errors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from studio.emulator.server import EmulatorServer
from studio.emulator.webvtt import parse_bytes
from tests.conftest import OTHER_KEY

CHAPTERS = b"WEBVTT\n\n1\n00:00.000 --> 00:02.000\nOpening\n\n2\n00:02.000 --> 00:04.000\nClosing\n"


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def new_video(api: httpx.Client) -> str:
    r = api.post("/videos", json={"title": f"chapters-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    video_id: str = r.json()["videoId"]
    return video_id


def upload(api: httpx.Client, video_id: str, lang: str, body: bytes = CHAPTERS) -> httpx.Response:
    return api.post(f"/videos/{video_id}/chapters/{lang}", files={"file": ("c.vtt", body)})


def test_upload_get_and_deliver(api: httpx.Client, emulator: EmulatorServer) -> None:
    video_id = new_video(api)
    r = upload(api, video_id, "fr-BE")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == {
        "uri": f"/videos/{video_id}/chapters/fr-BE",
        "src": f"{emulator.url}/vod/{video_id}/chapters/fr-BE.vtt",
        "language": "fr-BE",
    }
    assert api.get(f"/videos/{video_id}/chapters/fr-BE").json() == r.json()
    served = httpx.get(r.json()["src"])
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/vtt")
    assert served.headers["access-control-allow-origin"] == "*"
    assert [c.text for c in parse_bytes(served.content).cues] == ["Opening", "Closing"]


def test_list_reupload_and_delete(api: httpx.Client) -> None:
    video_id = new_video(api)
    upload(api, video_id, "en")
    upload(api, video_id, "de")
    upload(api, video_id, "en", b"WEBVTT\n\n00:00.000 --> 00:09.000\nOnly one\n")
    listed = api.get(f"/videos/{video_id}/chapters").json()
    assert [c["language"] for c in listed["data"]] == ["en", "de"]
    assert listed["pagination"]["itemsTotal"] == 2
    src = listed["data"][0]["src"]
    assert parse_bytes(httpx.get(src).content).cues[0].text == "Only one"
    r = api.delete(f"/videos/{video_id}/chapters/en")
    assert r.status_code == 204 and "content-type" not in r.headers
    assert api.get(f"/videos/{video_id}/chapters/en").status_code == 404
    assert [c["language"] for c in api.get(f"/videos/{video_id}/chapters").json()["data"]] == ["de"]
    assert httpx.get(src).status_code == 404


def test_invalid_vtt_and_language_are_400(api: httpx.Client) -> None:
    video_id = new_video(api)
    bad = upload(api, video_id, "en", b"WEBVTT\n\n00:00.000 --> 00:02.000\nA\n\n00:01.000\n")
    assert bad.status_code == 400
    assert bad.json()["type"].endswith("/uploaded-file-invalid-file")
    assert "Line 6" in bad.json()["detail"]
    lang = upload(api, video_id, "en_GB")
    assert lang.status_code == 400 and lang.json()["name"] == "language"
    assert api.get(f"/videos/{video_id}/chapters").json()["data"] == []


def test_unknown_video_language_and_other_project_are_404(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    ghost = "vi0000000000000000000000"
    assert upload(api, ghost, "en").json()["name"] == "videoId"
    assert api.get(f"/videos/{ghost}/chapters").status_code == 404
    video_id = new_video(api)
    upload(api, video_id, "en")
    # GET and DELETE document only 404: a malformed language cannot have chapters.
    assert api.get(f"/videos/{video_id}/chapters/en_US").status_code == 404
    assert api.delete(f"/videos/{video_id}/chapters/fr").status_code == 404
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/videos/{video_id}/chapters/en").status_code == 404


def test_deleting_the_video_removes_its_chapters(api: httpx.Client) -> None:
    video_id = new_video(api)
    src = upload(api, video_id, "en").json()["src"]
    assert api.delete(f"/videos/{video_id}").status_code == 204
    assert httpx.get(src).status_code == 404
