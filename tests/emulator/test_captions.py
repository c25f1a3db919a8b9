"""Captions over HTTP (contract 3.5): upload, language names, default flag, delivery, errors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from studio.emulator.languages import LanguageError, parse_tag
from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n\n00:00:01.000 --> 00:00:02.000\nBye\n"


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def new_video(api: httpx.Client) -> str:
    r = api.post("/videos", json={"title": f"captions-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    video_id: str = r.json()["videoId"]
    return video_id


def upload(api: httpx.Client, video_id: str, lang: str, body: bytes = VTT) -> httpx.Response:
    # The Node client names the part after the file; the route must not care.
    return api.post(
        f"/videos/{video_id}/captions/{lang}", files={"subs.vtt": ("subs.vtt", body, "text/vtt")}
    )


def test_upload_answers_a_caption(api: httpx.Client, emulator: EmulatorServer) -> None:
    video_id = new_video(api)
    r = upload(api, video_id, "en")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {
        "uri": f"/videos/{video_id}/captions/en",
        "src": f"{emulator.url}/vod/{video_id}/captions/en.vtt",
        "srclang": "en",
        "languageName": "English",
        "default": False,
    }
    assert api.get(f"/videos/{video_id}/captions/en").json() == r.json()


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("fr", "Français"),
        ("fr-CA", "Français (Canada)"),
        ("es-419", "Español (Latinoamérica)"),
        ("sr-Cyrl", "Српски (ћирилица)"),
        ("zh-Hans-CN", "中文 (简体, 中国)"),
        ("pt-br", "Português (Brasil)"),
    ],
)
def test_language_names_are_native(api: httpx.Client, tag: str, name: str) -> None:
    body = upload(api, new_video(api), tag).json()
    assert (body["srclang"], body["languageName"]) == (tag, name)


def test_language_rules() -> None:
    assert parse_tag("EN-gb").key == "en-GB"
    assert parse_tag("en-QQ").display_name == "English (QQ)"  # well-formed, unknown region
    for bad in ("en_US", "fr.CA", "", "en-", "de--AT"):
        with pytest.raises(LanguageError, match="only letters and dashes"):
            parse_tag(bad)
    for unknown in ("xx", "english", "en-US-extra", "e1"):
        with pytest.raises(LanguageError, match="is not valid"):
            parse_tag(unknown)


@pytest.mark.parametrize(
    ("tag", "detail"),
    [
        ("en_US", "must contain only letters and dashes"),
        ("klingon", "is not valid"),
        ("qq", "is not valid"),
    ],
)
def test_invalid_language_is_a_400_problem(api: httpx.Client, tag: str, detail: str) -> None:
    video_id = new_video(api)
    r = upload(api, video_id, tag)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "https://docs.api.video/reference/invalid-attribute"
    assert problem["title"] == "An attribute is invalid."
    assert problem["name"] == "language" and detail in problem["detail"]
    assert api.get(f"/videos/{video_id}/captions/{tag}").status_code == 400


def test_invalid_vtt_is_refused_with_the_line_at_fault(api: httpx.Client) -> None:
    video_id = new_video(api)
    r = upload(
        api, video_id, "en", b"WEBVTT\n\n00:00.000 --> 00:01.000\nok\n00:02.000 --> 00:03.000\n"
    )
    assert r.status_code == 400
    problem = r.json()
    assert problem["type"].endswith("/uploaded-file-invalid-file") and problem["name"] == "file"
    assert "Line 5, column 11" in problem["detail"]
    # Nothing was kept.
    assert api.get(f"/videos/{video_id}/captions/en").status_code == 404
    assert api.get(f"/videos/{video_id}/captions").json()["data"] == []


def test_the_file_is_served_as_text_vtt_with_cors(api: httpx.Client) -> None:
    video_id = new_video(api)
    src = upload(api, video_id, "de-AT").json()["src"]
    r = httpx.get(src)  # no credentials: delivery is public
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/vtt")
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.content == VTT
    # The language is matched case-insensitively on delivery too.
    assert httpx.get(src.replace("de-AT", "de-at")).content == VTT


def test_reupload_replaces_the_file_and_keeps_the_default_flag(api: httpx.Client) -> None:
    video_id = new_video(api)
    upload(api, video_id, "en")
    api.patch(f"/videos/{video_id}/captions/en", json={"default": True})
    second = b"WEBVTT\n\n00:00.000 --> 00:05.000\nReplaced\n"
    body = upload(api, video_id, "EN", second).json()
    assert body["default"] is True and body["srclang"] == "EN"
    assert httpx.get(body["src"]).content == second
    assert len(api.get(f"/videos/{video_id}/captions").json()["data"]) == 1


def test_one_default_per_video(api: httpx.Client) -> None:
    video_id = new_video(api)
    other_video = new_video(api)
    for lang in ("en", "fr", "de"):
        upload(api, video_id, lang)
    upload(api, other_video, "en")
    api.patch(f"/videos/{other_video}/captions/en", json={"default": True})
    assert api.patch(f"/videos/{video_id}/captions/en", json={"default": True}).json()["default"]
    r = api.patch(f"/videos/{video_id}/captions/fr", json={"default": True})
    assert r.status_code == 200 and r.json()["default"] is True
    listed = api.get(f"/videos/{video_id}/captions").json()["data"]
    assert {c["srclang"]: c["default"] for c in listed} == {"en": False, "fr": True, "de": False}
    # Another video's default is not touched.
    assert api.get(f"/videos/{other_video}/captions/en").json()["default"] is True
    assert api.patch(f"/videos/{video_id}/captions/fr", json={"default": False}).json() == {
        **r.json(),
        "default": False,
    }


def test_list_is_paginated(api: httpx.Client) -> None:
    video_id = new_video(api)
    for lang in ("en", "fr", "it"):
        upload(api, video_id, lang)
    page = api.get(f"/videos/{video_id}/captions", params={"pageSize": 2, "currentPage": 2}).json()
    assert [c["srclang"] for c in page["data"]] == ["it"]
    assert page["pagination"]["itemsTotal"] == 3 and page["pagination"]["pagesTotal"] == 2


def test_delete_then_everything_is_gone(api: httpx.Client) -> None:
    video_id = new_video(api)
    src = upload(api, video_id, "en").json()["src"]
    r = api.delete(f"/videos/{video_id}/captions/en")
    assert r.status_code == 204 and r.content == b"" and "content-type" not in r.headers
    missing = api.get(f"/videos/{video_id}/captions/en")
    assert missing.status_code == 404 and missing.json()["type"].endswith("/resource-not-found")
    assert api.delete(f"/videos/{video_id}/captions/en").status_code == 404
    assert httpx.get(src).status_code == 404


def test_unknown_video_and_other_projects_are_404(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    ghost = "vi0000000000000000000000"
    for r in (upload(api, ghost, "en"), api.get(f"/videos/{ghost}/captions")):
        assert r.status_code == 404 and r.json()["name"] == "videoId"
    video_id = new_video(api)
    upload(api, video_id, "en")
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/videos/{video_id}/captions/en").status_code == 404
        assert other.get(f"/videos/{video_id}/captions").status_code == 404


def test_patch_with_a_non_boolean_is_refused(unrecorded_emulator: EmulatorServer) -> None:
    with httpx.Client(
        base_url=unrecorded_emulator.url, auth=(unrecorded_emulator.api_key, "")
    ) as api:
        video_id = new_video(api)
        upload(api, video_id, "en")
        r = api.patch(f"/videos/{video_id}/captions/en", json={"default": "yes"})
        assert r.status_code == 400 and r.json()["name"] == "default"
