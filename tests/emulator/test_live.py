"""Live streams over HTTP (contract 3.4, 6.1): objects, restreams, privacy, thumbnails, the
broadcasting switch and the live HLS delivery."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.emulator.live_delivery import PLAYLIST, hls_dir
from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def create(api: httpx.Client, **fields: Any) -> dict[str, Any]:
    r = api.post("/live-streams", json={"name": f"live-{uuid.uuid4().hex[:8]}", **fields})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def image(fmt: str, size: tuple[int, int] = (320, 180)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, fmt)
    return buf.getvalue()


def set_broadcasting(emulator: EmulatorServer, live_id: str, on: bool) -> dict[str, Any]:
    r = httpx.post(
        f"{emulator.url}/_emulator/live-streams/{live_id}/broadcasting", json={"broadcasting": on}
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_create_answers_200_with_defaults(api: httpx.Client, emulator: EmulatorServer) -> None:
    r = api.post("/live-streams", json={"name": "Studio"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    live = r.json()
    live_id = live["liveStreamId"]
    assert live_id.startswith("li") and len(live_id) == 24
    assert str(uuid.UUID(live["streamKey"])) == live["streamKey"]
    assert (live["name"], live["public"], live["broadcasting"]) == ("Studio", True, False)
    assert live["restreams"] == [] and live["record"] is False and "playerId" not in live
    assert live["assets"] == {
        "iframe": f'<iframe src="{emulator.url}/embed/live/{live_id}" width="100%" height="100%" '
        'frameborder="0" scrolling="no" allowfullscreen="true"></iframe>',
        "player": f"{emulator.url}/embed/live/{live_id}",
        "hls": f"{emulator.url}/live/{live_id}.m3u8",
        "thumbnail": f"{emulator.url}/live/{live_id}/thumbnail.jpg",
    }
    assert live["createdAt"] == live["updatedAt"]
    fetched = api.get(f"/live-streams/{live_id}").json()
    assert fetched == live


def test_legacy_record_flag_and_player_are_echoed(api: httpx.Client) -> None:
    player = api.post("/players", json={"name": "for live"}).json()["playerId"]
    live = create(api, record=True, playerId=player)
    assert (live["record"], live["playerId"]) == (True, player)


@pytest.mark.parametrize(
    ("restream", "name", "detail"),
    [
        ({"name": "", "serverUrl": "rtmp://a.example/app", "streamKey": "k"}, "name", "blank."),
        ({"name": "A", "serverUrl": "rtmp://a.example", "streamKey": "k"}, "serverUrl", "app"),
        ({"name": "A", "serverUrl": "rtmp://a.example/", "streamKey": "k"}, "serverUrl", "app"),
        (
            {"name": "A", "serverUrl": "https://a.example/app", "streamKey": "k"},
            "serverUrl",
            "RTMP",
        ),
        ({"name": "A", "serverUrl": "rtmp:///app", "streamKey": "k"}, "serverUrl", "RTMP"),
        (
            {"name": "A", "serverUrl": "rtmps://a.example/app", "streamKey": " "},
            "streamKey",
            "blank",
        ),
    ],
)
def test_invalid_restreams_are_400(
    api: httpx.Client, restream: dict[str, str], name: str, detail: str
) -> None:
    good = {"name": "OK", "serverUrl": "rtmps://ok.example:1936/live", "streamKey": "k"}
    r = api.post("/live-streams", json={"name": "x", "restreams": [good, restream]})
    assert r.status_code == 400
    problem = r.json()
    assert problem["type"] == "https://docs.api.video/reference/invalid-attribute"
    assert problem["title"] == "An attribute is invalid."
    assert problem["name"] == f"restreams[1][{name}]" and detail in problem["detail"]


def test_null_fields_and_too_many_restreams(unrecorded_emulator: EmulatorServer) -> None:
    # Outside the request schema on purpose (null field, maxItems 5): not recorded.
    url, key = unrecorded_emulator.url, unrecorded_emulator.api_key
    item = {"name": None, "serverUrl": "rtmp://a.example/app", "streamKey": "k"}
    r = httpx.post(f"{url}/live-streams", json={"name": "x", "restreams": [item]}, auth=(key, ""))
    assert r.json()["detail"] == "This value should not be null."
    assert r.json()["name"] == "restreams[0][name]"
    six = [{**item, "name": f"n{i}"} for i in range(6)]
    r = httpx.post(f"{url}/live-streams", json={"name": "x", "restreams": six}, auth=(key, ""))
    assert r.status_code == 400 and r.json()["name"] == "restreams"
    assert r.json()["detail"] == "This collection should contain 5 elements or less."
    r = httpx.post(f"{url}/live-streams", json={"public": True}, auth=(key, ""))
    assert r.status_code == 400 and r.json()["type"].endswith("/attribute-required")


def test_update_replaces_restreams_and_fields(api: httpx.Client) -> None:
    live = create(api, restreams=[{"name": "A", "serverUrl": "rtmp://a.ex/app", "streamKey": "1"}])
    new = [
        {"name": "B", "serverUrl": "rtmp://b.ex/live", "streamKey": "2"},
        {"name": "C", "serverUrl": "rtmps://c.ex:443/x/y", "streamKey": "3"},
    ]
    r = api.patch(f"/live-streams/{live['liveStreamId']}", json={"restreams": new, "public": False})
    assert r.status_code == 200
    assert r.json()["restreams"] == new and r.json()["public"] is False
    assert r.json()["name"] == live["name"] and r.json()["streamKey"] == live["streamKey"]
    assert r.json()["updatedAt"] >= live["updatedAt"]
    assert api.patch(f"/live-streams/{live['liveStreamId']}", json={}).json()["restreams"] == new


def test_list_filters_and_sorts(api: httpx.Client) -> None:
    stem = uuid.uuid4().hex[:8]
    made = [create(api, name=f"{stem} {suffix}") for suffix in ("Beta", "alpha", "Gamma")]
    by_name = api.get("/live-streams", params={"name": stem.upper(), "sortBy": "name"}).json()
    assert [x["name"] for x in by_name["data"]] == [
        f"{stem} alpha",
        f"{stem} Beta",
        f"{stem} Gamma",
    ]
    desc = api.get("/live-streams", params={"name": stem, "sortBy": "name", "sortOrder": "desc"})
    assert [x["name"] for x in desc.json()["data"]] == [
        f"{stem} Gamma",
        f"{stem} Beta",
        f"{stem} alpha",
    ]
    by_key = api.get("/live-streams", params={"streamKey": made[1]["streamKey"]}).json()
    assert [x["liveStreamId"] for x in by_key["data"]] == [made[1]["liveStreamId"]]
    assert by_key["pagination"]["itemsTotal"] == 1


def test_private_stream_assets_are_tokenised(api: httpx.Client, emulator: EmulatorServer) -> None:
    live = create(api, public=False)
    live_id = live["liveStreamId"]
    assets = live["assets"]
    token = assets["player"].split("?token=")[1]
    assert str(uuid.UUID(token)) == token
    assert assets["hls"] == f"{emulator.url}/live/private/{token}/{live_id}.m3u8"
    assert assets["thumbnail"] == f"{emulator.url}/live/private/{token}/{live_id}/thumbnail.jpg"
    assert f'src="{assets["player"]}"' in assets["iframe"]
    again = api.get(f"/live-streams/{live_id}").json()["assets"]
    assert again["player"] != assets["player"]  # a new token per response
    assert httpx.get(assets["hls"]).status_code == 202  # valid token, nothing broadcast yet
    assert httpx.get(assets["thumbnail"]).headers["content-type"] == "image/jpeg"
    assert httpx.get(assets["player"]).status_code == 200
    assert httpx.get(f"{emulator.url}/live/{live_id}.m3u8").status_code == 403
    assert httpx.get(f"{emulator.url}/embed/live/{live_id}").status_code == 403
    forged = assets["hls"].replace(token, str(uuid.uuid4()))
    assert httpx.get(forged).status_code == 403


def test_thumbnail_upload_201_and_delete_200(api: httpx.Client) -> None:
    live = create(api)
    live_id = live["liveStreamId"]
    placeholder = httpx.get(live["assets"]["thumbnail"])
    assert placeholder.status_code == 200 and placeholder.headers["content-type"] == "image/jpeg"
    r = api.post(f"/live-streams/{live_id}/thumbnail", files={"file": ("t", image("PNG"))})
    assert r.status_code == 201 and r.json()["liveStreamId"] == live_id
    served = httpx.get(r.json()["assets"]["thumbnail"])
    with Image.open(io.BytesIO(served.content)) as shown:
        assert (shown.format, shown.size) == ("JPEG", (320, 180))
    webp = api.post(f"/live-streams/{live_id}/thumbnail", files={"file": ("t", image("WEBP"))})
    assert webp.status_code == 201
    gif = api.post(f"/live-streams/{live_id}/thumbnail", files={"file": ("t.gif", image("GIF"))})
    assert gif.status_code == 400 and gif.json()["type"].endswith(
        "/uploaded-file-extension-invalid"
    )
    deleted = api.delete(f"/live-streams/{live_id}/thumbnail")
    assert deleted.status_code == 200 and deleted.json()["liveStreamId"] == live_id
    assert httpx.get(live["assets"]["thumbnail"]).content == placeholder.content


def test_broadcasting_switch_and_live_hls(api: httpx.Client, emulator: EmulatorServer) -> None:
    live = create(api)
    live_id, hls = live["liveStreamId"], live["assets"]["hls"]
    assert httpx.get(hls).status_code == 202
    assert set_broadcasting(emulator, live_id, True)["broadcasting"] is True
    assert api.get(f"/live-streams/{live_id}").json()["broadcasting"] is True
    waiting = httpx.get(hls)  # broadcasting, but no segment written yet
    assert waiting.status_code == 202 and waiting.content == b""
    assert "content-type" not in waiting.headers
    # What the RTMP ingest will write: a playlist with bare segment names.
    folder = hls_dir(emulator.store, emulator.project.id, live_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seg0.ts").write_bytes(b"G" * 188)
    (folder / PLAYLIST).write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
        "#EXTINF:2.0,\nseg0.ts\n"
    )
    playing = httpx.get(hls)
    assert playing.status_code == 200
    assert playing.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert playing.headers["access-control-allow-origin"] == "*"
    segment_uri = playing.text.splitlines()[-1]
    assert segment_uri == f"{live_id}/seg0.ts"
    segment = httpx.get(httpx.URL(hls).join(segment_uri))
    assert segment.status_code == 200 and segment.headers["content-type"] == "video/mp2t"
    assert httpx.get(httpx.URL(hls).join(f"{live_id}/nothing.ts")).status_code == 404

    done = api.put(f"/live-streams/{live_id}/complete")
    assert done.status_code == 202 and done.content == b"" and "content-type" not in done.headers
    assert api.get(f"/live-streams/{live_id}").json()["broadcasting"] is False
    assert (folder / PLAYLIST).read_text().endswith("#EXT-X-ENDLIST\n")
    assert httpx.get(hls).status_code == 202


def test_embed_page_plays_the_stream(api: httpx.Client) -> None:
    live = create(api, name="<Launch>")
    r = httpx.get(live["assets"]["player"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<title>&lt;Launch&gt;</title>" in r.text
    assert live["assets"]["hls"] in r.text and "/_emulator/player-events" in r.text


def test_delete_then_404_naming_live_stream_id(api: httpx.Client, emulator: EmulatorServer) -> None:
    live = create(api)
    live_id = live["liveStreamId"]
    api.post(f"/live-streams/{live_id}/thumbnail", files={"file": ("t", image("JPEG"))})
    r = api.delete(f"/live-streams/{live_id}")
    assert r.status_code == 204 and "content-type" not in r.headers
    for call in (
        api.get(f"/live-streams/{live_id}"),
        api.patch(f"/live-streams/{live_id}", json={"name": "x"}),
        api.put(f"/live-streams/{live_id}/complete"),
        api.delete(f"/live-streams/{live_id}/thumbnail"),
    ):
        assert call.status_code == 404 and call.json()["name"] == "liveStreamId"
    assert httpx.get(live["assets"]["thumbnail"]).status_code == 404
    assert not (emulator.store.files_dir / emulator.project.id / "live_stream" / live_id).exists()


def test_other_projects_do_not_see_the_stream(api: httpx.Client, emulator: EmulatorServer) -> None:
    live = create(api)
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/live-streams/{live['liveStreamId']}").status_code == 404
        listed = other.get("/live-streams", params={"streamKey": live["streamKey"]}).json()
        assert listed["data"] == []
