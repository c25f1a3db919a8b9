"""Video objects over HTTP: create, list and filters, get, update, delete, status, tags."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from studio.emulator.server import EmulatorServer

from .media_samples import basic, needs_ffmpeg, small_mp4, wait_status

INVALID = "invalid-attribute"
NO_PLAYER = "pl0000000000000000000000"
NO_VIDEO = "vi0000000000000000000000"
ATOM = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$"


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key), timeout=60) as c:
        yield c


@pytest.fixture
def raw_api(unrecorded_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=unrecorded_emulator.url, auth=basic(unrecorded_emulator.api_key), timeout=60
    ) as c:
        yield c


def create(api: httpx.Client, **payload: object) -> dict:
    r = api.post("/videos", json=payload)
    assert r.status_code == 201, r.text
    assert r.headers["content-type"] == "application/json"
    return dict(r.json())


def slug(r: httpx.Response) -> str:
    assert r.headers["content-type"] == "application/problem+json"
    return str(r.json()["type"]).rsplit("/", 1)[-1]


def ids(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    return [v["videoId"] for v in r.json()["data"]]


# ---- V1 ----------------------------------------------------------------------------------------


def test_creation_defaults_match_the_contract(api: httpx.Client, emulator: EmulatorServer) -> None:
    video = create(api, title="Defaults")
    vid = video["videoId"]
    assert vid.startswith("vi") and len(vid) == 24
    base = emulator.url
    assert video == {
        "videoId": vid,
        "title": "Defaults",
        "description": "",
        "public": True,
        "panoramic": False,
        "mp4Support": True,
        "tags": [],
        "metadata": [],
        "source": {"type": "upload", "uri": f"/videos/{vid}/source"},
        "publishedAt": video["createdAt"],
        "createdAt": video["createdAt"],
        "updatedAt": video["createdAt"],
        "discarded": False,
        "discardedAt": None,
        "deletesAt": None,
        "assets": {
            "iframe": f'<iframe src="{base}/embed/vod/{vid}" width="100%" height="100%" '
            'frameborder="0" scrolling="no" allowfullscreen="true"></iframe>',
            "player": f"{base}/embed/vod/{vid}",
            "hls": f"{base}/vod/{vid}/hls/manifest.m3u8",
            "thumbnail": f"{base}/vod/{vid}/thumbnail.jpg",
            "mp4": f"{base}/vod/{vid}/mp4/source.mp4",
        },
    }
    assert re.match(ATOM, video["createdAt"])


def test_creation_takes_every_documented_field(api: httpx.Client) -> None:
    player = api.post("/players", json={"name": "theme"})
    assert player.status_code == 201, player.text
    player_id = player.json()["playerId"]
    video = create(
        api,
        title="Full",
        description="all fields",
        public=False,
        panoramic=True,
        mp4Support=False,
        playerId=player_id,
        tags=["a", "b"],
        metadata=[{"key": "k", "value": "v"}],
        language="fr",
        clip={"startTimecode": "00:00:01", "endTimecode": "00:00:03.5"},
        watermark={"id": "watermark_1BWr2L5MTQwxGkuxKjzh6i", "top": "10px", "opacity": "70%"},
        transcript=True,
        transcriptSummary=False,
        transcriptSummaryAttributes=["abstract"],
    )
    assert video["playerId"] == player_id
    assert video["language"] == "fr" and video["languageOrigin"] == "api"
    assert video["public"] is False and video["panoramic"] is True
    assert "mp4" not in video["assets"]  # mp4Support false
    assert video["tags"] == ["a", "b"] and video["metadata"] == [{"key": "k", "value": "v"}]
    assert not any(k.startswith("_") for k in video)


@pytest.mark.parametrize(
    ("payload", "status", "expected_slug", "name"),
    [
        ({}, 400, "attribute-required", "title"),
        ({"title": None}, 400, "attribute-required", "title"),
        ({"title": "   "}, 400, "attribute-required", "title"),
        ({"title": 5}, 400, "invalid-attribute", "title"),
        ({"title": "t", "tags": "a,b"}, 400, "invalid-attribute", "tags"),
        ({"title": "t", "metadata": {"k": "v"}}, 400, "invalid-attribute", "metadata"),
        ({"title": "t", "metadata": [{"key": "k"}]}, 400, "invalid-attribute", "metadata"),
        ({"title": "t", "public": "yes"}, 400, "invalid-attribute", "public"),
        ({"title": "t", "language": "xx"}, 400, "invalid-attribute", "language"),
        ({"title": "t", "language": "en_US"}, 400, "invalid-attribute", "language"),
        ({"title": "t", "clip": {"startTimecode": "1:2"}}, 400, INVALID, "clip[startTimecode]"),
        ({"title": "t", "playerId": NO_PLAYER}, 404, "resource-not-found", "playerId"),
        ({"title": "t", "source": NO_VIDEO}, 400, "invalid-attribute", "source"),
    ],
)
def test_creation_validation(
    raw_api: httpx.Client, payload: dict, status: int, expected_slug: str, name: str
) -> None:
    r = raw_api.post("/videos", json=payload)
    assert r.status_code == status, r.text
    assert slug(r) == expected_slug and r.json()["name"] == name


def test_a_body_that_is_not_json_is_invalid_payload(raw_api: httpx.Client) -> None:
    r = raw_api.post("/videos", content=b"title=x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 400 and slug(r) == "invalid-payload"


def test_false_is_the_generated_clients_spelling_of_norwegian(raw_api: httpx.Client) -> None:
    assert create(raw_api, title="nb", language="false")["language"] == "no"
    assert create(raw_api, title="nb", language="no")["language"] == "no"


# ---- V2 ----------------------------------------------------------------------------------------


def test_list_filters(api: httpx.Client, emulator: EmulatorServer) -> None:
    marker = f"flt{time.time_ns()}"
    shared = {"key": "shared", "value": "x"}
    a = create(
        api,
        title=f"Alpha {marker}",
        tags=[f"{marker}1", f"{marker}2"],
        description="Déjà vu",
        metadata=[{"key": marker, "value": "one"}, shared],
    )
    b = create(
        api,
        title=f"bravo {marker}",
        tags=[f"{marker}1"],
        metadata=[{"key": marker, "value": "two"}, shared],
    )
    c = create(api, title=f"Charlie {marker}", tags=[f"{marker}2"], description="plain")
    every = sorted([a["videoId"], b["videoId"], c["videoId"]])
    assert sorted(ids(api.get("/videos", params={"title": marker}))) == every
    assert sorted(ids(api.get("/videos", params={"title": f"ALPHA {marker}"}))) == [a["videoId"]]
    assert sorted(ids(api.get("/videos", params=[("tags[]", f"{marker}1")]))) == sorted(
        [a["videoId"], b["videoId"]]
    )
    both = [("tags[]", f"{marker}1"), ("tags[]", f"{marker}2")]
    assert ids(api.get("/videos", params=both)) == [a["videoId"]]
    assert ids(api.get("/videos", params={f"metadata[{marker}]": "two"})) == [b["videoId"]]
    anded = {f"metadata[{marker}]": "one", "metadata[shared]": "x"}
    assert ids(api.get("/videos", params=anded)) == [a["videoId"]]
    assert ids(api.get("/videos", params={"title": marker, "description": "deja"})) == [
        a["videoId"]
    ]
    # Recordings are made by the live module; mark one by hand to check the filter.
    doc = emulator.store.get(emulator.project.id, "video", c["videoId"])
    assert doc is not None
    doc["source"]["liveStream"] = {
        "liveStreamId": f"li{marker}",
        "links": [{"rel": "self", "uri": f"/live-streams/li{marker}"}],
    }
    emulator.store.put(emulator.project.id, "video", c["videoId"], doc)
    assert ids(api.get("/videos", params={"liveStreamId": f"li{marker}"})) == [c["videoId"]]


def test_sorting_and_pagination(api: httpx.Client) -> None:
    marker = f"srt{time.time_ns()}"
    made = [create(api, title=f"{name} {marker}") for name in ("bravo", "Alpha", "charlie")]
    by_title = api.get("/videos", params={"title": marker, "sortBy": "title", "sortOrder": "asc"})
    assert [v["title"].split()[0] for v in by_title.json()["data"]] == ["Alpha", "bravo", "charlie"]
    desc = api.get("/videos", params={"title": marker, "sortBy": "title", "sortOrder": "desc"})
    assert [v["title"].split()[0] for v in desc.json()["data"]] == ["charlie", "bravo", "Alpha"]
    newest = api.get(
        "/videos", params={"title": marker, "sortBy": "createdAt", "sortOrder": "desc"}
    )
    assert ids(newest) == [v["videoId"] for v in reversed(made)]
    page = api.get("/videos", params={"title": marker, "pageSize": 2, "currentPage": 2}).json()
    assert page["pagination"] == {
        "currentPage": 2,
        "pageSize": 2,
        "pagesTotal": 2,
        "itemsTotal": 3,
        "currentPageItems": 1,
        "links": page["pagination"]["links"],
    }
    rels = [link["rel"] for link in page["pagination"]["links"]]
    assert "previous" in rels and "next" not in rels


def test_bad_list_parameters(raw_api: httpx.Client) -> None:
    assert raw_api.get("/videos", params={"pageSize": 101}).status_code == 400
    assert raw_api.get("/videos", params={"currentPage": 0}).status_code == 400
    r = raw_api.get("/videos", params={"sortBy": "duration"})
    assert r.status_code == 400 and r.json()["name"] == "sortBy"


def test_seeded_videos_page_fast(api: httpx.Client, emulator: EmulatorServer) -> None:
    prefix = f"seed{time.time_ns()} "
    started = time.monotonic()
    r = httpx.post(
        f"{emulator.url}/_emulator/projects/{emulator.api_key}/seed-videos",
        json={"count": 10_000, "titlePrefix": prefix, "tags": ["seeded"]},
        timeout=120,
    )
    assert r.status_code == 201 and r.json()["count"] == 10_000
    page = api.get(
        "/videos",
        params={"title": prefix, "pageSize": 100, "currentPage": 100, "sortBy": "title"},
    )
    body = page.json()
    assert body["pagination"]["itemsTotal"] == 10_000 and body["pagination"]["pagesTotal"] == 100
    assert body["data"][-1]["title"] == f"{prefix}10000"
    assert body["data"][0]["tags"] == ["seeded"]
    first = api.get("/videos", params={"title": prefix, "pageSize": 1, "sortBy": "createdAt"})
    assert first.json()["data"][0]["title"] == f"{prefix}00001"
    assert time.monotonic() - started < 30
    unknown = httpx.post(f"{emulator.url}/_emulator/projects/nope/seed-videos", json={"count": 1})
    assert unknown.status_code == 404


# ---- V3-V5 ---------------------------------------------------------------------------------------


def test_get_update_and_delete(api: httpx.Client, emulator: EmulatorServer) -> None:
    player_id = api.post("/players", json={"name": "p"}).json()["playerId"]
    video = create(api, title="Editable", tags=["old"], playerId=player_id)
    vid = video["videoId"]
    assert api.get(f"/videos/{vid}").json()["playerId"] == player_id
    r = api.patch(
        f"/videos/{vid}",
        json={"title": "Edited", "tags": ["new"], "metadata": [{"key": "a", "value": "b"}],
              "playerId": None, "public": False, "language": "de"},
    )  # fmt: skip
    assert r.status_code == 200
    edited = r.json()
    assert edited["title"] == "Edited" and edited["tags"] == ["new"]
    assert "playerId" not in edited and edited["public"] is False
    assert edited["language"] == "de"
    assert edited["updatedAt"] >= video["updatedAt"]
    assert api.patch(f"/videos/{vid}", json={}).json()["title"] == "Edited"
    # Deleting removes the video, its files and its captions.
    caption = api.post(
        f"/videos/{vid}/captions/en",
        files={"file": ("en.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", "text/vtt")},
    )
    folder = emulator.store.files(emulator.project.id, "video", vid)
    (folder / "source").write_bytes(b"x")
    assert api.delete(f"/videos/{vid}").status_code == 204
    assert not folder.exists()
    if caption.status_code == 200:
        assert emulator.store.get(emulator.project.id, "caption", f"{vid}/en") is None
    gone = api.get(f"/videos/{vid}")
    assert gone.status_code == 404 and gone.json()["name"] == "videoId"
    assert api.delete(f"/videos/{vid}").status_code == 404
    assert api.patch(f"/videos/{vid}", json={"title": "x"}).status_code == 404


def test_update_validation(raw_api: httpx.Client) -> None:
    vid = create(raw_api, title="v")["videoId"]
    r = raw_api.patch(f"/videos/{vid}", json={"tags": "x"})
    assert r.status_code == 400 and r.json()["name"] == "tags"
    r = raw_api.patch(f"/videos/{vid}", json={"playerId": "pl0000000000000000000000"})
    assert r.status_code == 404 and r.json()["name"] == "playerId"
    r = raw_api.patch(f"/videos/{vid}", json={"language": "klingon"})
    assert r.status_code == 400 and r.json()["name"] == "language"


def test_projects_are_isolated(api: httpx.Client, emulator: EmulatorServer) -> None:
    from tests.conftest import OTHER_KEY

    vid = create(api, title="mine")["videoId"]
    with httpx.Client(base_url=emulator.url, auth=basic(OTHER_KEY)) as other:
        assert other.get(f"/videos/{vid}").status_code == 404
        assert vid not in ids(other.get("/videos", params={"pageSize": 100}))


# ---- private videos ----------------------------------------------------------------------------


def test_private_videos_get_a_fresh_token_per_response(api: httpx.Client) -> None:
    vid = create(api, title="secret", public=False)["videoId"]
    first = api.get(f"/videos/{vid}").json()["assets"]
    second = api.get(f"/videos/{vid}").json()["assets"]
    token = first["player"].split("?token=")[1]
    assert len(token) == 36 and token != second["player"].split("?token=")[1]
    for key in ("hls", "thumbnail", "mp4"):
        assert f"/vod/{vid}/token/{token}/" in first[key]
    assert token in first["iframe"]
    listed = api.get("/videos", params={"title": "secret"}).json()["data"]
    assert all("/token/" in v["assets"]["hls"] for v in listed if not v["public"])
    # The token opens delivery; nothing else does.
    assert httpx.get(first["thumbnail"]).status_code == 200
    assert httpx.get(first["thumbnail"]).status_code == 200  # not single-use here
    public_form = first["thumbnail"].replace(f"/token/{token}", "")
    assert httpx.get(public_form).status_code == 403
    assert httpx.get(public_form, params={"token": token}).status_code == 200
    session = httpx.get(first["hls"].replace("hls/manifest.m3u8", "session"))
    assert session.status_code == 200
    avh = session.json()["session_token"]
    assert httpx.get(public_form, params={"avh": avh}).status_code == 200
    assert httpx.get(public_form, params={"avh": "forged"}).status_code == 403
    # Switching to public drops the tokens from the URLs.
    assert "token" not in api.patch(f"/videos/{vid}", json={"public": True}).json()["assets"]["hls"]


# ---- V6 status ---------------------------------------------------------------------------------


def test_status_before_any_upload(api: httpx.Client) -> None:
    vid = create(api, title="empty")["videoId"]
    assert api.get(f"/videos/{vid}/status").json() == {
        "encoding": {
            "playable": False,
            "qualities": [],
            "metadata": {
                "width": None,
                "height": None,
                "bitrate": None,
                "duration": None,
                "framerate": None,
                "samplerate": None,
                "videoCodec": None,
                "audioCodec": None,
                "aspectRatio": None,
            },
        }
    }
    assert api.get("/videos/vi0000000000000000000000/status").status_code == 404


@needs_ffmpeg
def test_status_follows_the_encoding_timeline(
    api: httpx.Client, tmp_path: Path, emulator: EmulatorServer
) -> None:
    clip = small_mp4(tmp_path / "clip.mp4")
    vid = create(api, title="timeline")["videoId"]
    r = api.post(f"/videos/{vid}/source", files={"file": ("clip.mp4", clip.read_bytes())})
    assert r.status_code == 201
    seen: set[tuple[str, str]] = set()
    deadline = time.monotonic() + 60
    while True:
        status = api.get(f"/videos/{vid}/status").json()
        qualities = status["encoding"]["qualities"]
        seen |= {(q["quality"], q["status"]) for q in qualities}
        if qualities and all(q["status"] == "encoded" for q in qualities):
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    assert [(q["type"], q["quality"]) for q in qualities] == [("hls", "240p"), ("mp4", "240p")]
    assert ("240p", "waiting") in seen or ("240p", "encoding") in seen
    assert status["encoding"]["playable"] is True
    meta = status["encoding"]["metadata"]
    assert (meta["width"], meta["height"], meta["duration"], meta["framerate"]) == (320, 180, 2, 25)
    assert meta["videoCodec"] == "h264" and meta["audioCodec"] == "aac"
    assert meta["samplerate"] == 44100 and meta["aspectRatio"] == "16/9"
    assert isinstance(meta["bitrate"], float)


@needs_ffmpeg
def test_the_official_python_client_reads_every_answer(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    """api-video 1.4.7 type-checks every field (contract 1.11): it must accept ours."""
    import apivideo
    from apivideo.api.videos_api import VideosApi
    from apivideo.model.video_creation_payload import VideoCreationPayload
    from apivideo.model.video_thumbnail_pick_payload import VideoThumbnailPickPayload

    client = apivideo.AuthenticatedApiClient(emulator.api_key)
    client.configuration.host = emulator.url
    client.connect()
    try:
        videos = VideosApi(client)
        made = videos.create(VideoCreationPayload(title="sdk", public=False, tags=["sdk"]))
        assert videos.get_status(made.video_id).encoding.playable is False
        clip = small_mp4(tmp_path / "sdk.mp4")
        with open(clip, "rb") as f:
            uploaded = videos.upload(made.video_id, f)
        assert uploaded.video_id == made.video_id
        with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key)) as api:
            wait_status(api, made.video_id, "settled")
        status = videos.get_status(made.video_id)
        assert status.encoding.playable is True and status.ingest.status == "uploaded"
        assert status.encoding.metadata.width == 320
        picked = videos.pick_thumbnail(
            made.video_id, VideoThumbnailPickPayload(timecode="00:00:01.00")
        )
        assert picked.video_id == made.video_id
        page = videos.list(tags=["sdk"], sort_by="createdAt", sort_order="desc")
        assert made.video_id in [v.video_id for v in page.data]
        assert "/token/" in videos.get(made.video_id).assets.hls
    finally:
        client.close()


# ---- tags, discarded -----------------------------------------------------------------------------


def test_tags_are_counted_from_videos(api: httpx.Client) -> None:
    marker = f"tag{time.time_ns()}"
    create(api, title="t1", tags=[f"{marker}-é", f"{marker}-b"])
    create(api, title="t2", tags=[f"{marker}-b"])
    r = api.get("/tags", params={"value": marker, "sortBy": "videoCount", "sortOrder": "desc"})
    assert r.status_code == 200
    assert r.json()["data"] == [
        {"value": f"{marker}-b", "videoCount": 2},
        {"value": f"{marker}-é", "videoCount": 1},
    ]
    accentless = api.get("/tags", params={"value": f"{marker}-E"}).json()["data"]
    assert [t["value"] for t in accentless] == [f"{marker}-é"]


def test_discarded_videos_can_be_listed_and_restored(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    vid = create(api, title="to discard")["videoId"]
    r = httpx.post(f"{emulator.url}/_emulator/videos/{vid}/discard")
    assert r.status_code == 200 and r.json()["discarded"] is True
    assert api.get(f"/videos/{vid}").status_code == 404
    discarded = api.get(f"/discarded/videos/{vid}").json()
    assert discarded["discarded"] is True and "assets" not in discarded
    assert discarded["discardedAt"] < discarded["deletesAt"]
    assert vid in ids(api.get("/discarded/videos", params={"title": "to discard"}))
    restored = api.patch(f"/discarded/videos/{vid}", json={"discarded": False})
    assert restored.status_code == 200 and restored.json()["discarded"] is False
    assert restored.json()["discardedAt"] is None and "assets" in restored.json()
    assert api.get(f"/videos/{vid}").status_code == 200
    assert api.get(f"/discarded/videos/{vid}").status_code == 404
    httpx.post(f"{emulator.url}/_emulator/videos/{vid}/discard")
    r = api.patch(f"/discarded/videos/{vid}", json={})
    assert r.status_code == 400 and r.json()["detail"] == "Value must be false."
