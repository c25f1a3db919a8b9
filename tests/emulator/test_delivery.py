"""Delivery over HTTP: HLS readiness and chain, MP4 ranges, thumbnails, player page, media modes."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator

from .media_samples import basic, needs_ffmpeg, random_file, small_mp4, vp9_webm, wait_status

pytestmark = needs_ffmpeg


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("samples")
    return {
        "mp4": small_mp4(folder / "clip.mp4"),
        "webm": vp9_webm(folder / "clip.webm"),
        "corrupt": random_file(folder / "corrupt.mp4", 256 * 1024, seed=3),
    }


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key), timeout=60) as c:
        yield c


def upload(api: httpx.Client, path: Path, **payload: object) -> dict:
    video = api.post("/videos", json={"title": path.name, **payload}).json()
    r = api.post(
        f"/videos/{video['videoId']}/source", files={"file": (path.name, path.read_bytes())}
    )
    assert r.status_code == 201, r.text
    return dict(api.get(f"/videos/{video['videoId']}").json())


def master_variants(text: str) -> list[str]:
    lines = text.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith("#EXT-X-STREAM-INF")]


def fetch_chain(manifest_url: str) -> bytes:
    """Master -> first variant -> first segment; returns the segment."""
    master = httpx.get(manifest_url)
    assert master.status_code == 200
    assert master.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert master.text.startswith("#EXTM3U")
    variants = master_variants(master.text)
    assert variants and re.search(r"RESOLUTION=\d+x\d+", master.text)
    variant_url = httpx.URL(manifest_url).join(variants[0])
    variant = httpx.get(variant_url)
    assert variant.status_code == 200 and "#EXT-X-ENDLIST" in variant.text
    segments = [line for line in variant.text.splitlines() if line and not line.startswith("#")]
    segment = httpx.get(variant_url.join(segments[0]))
    assert segment.status_code == 200 and segment.headers["content-type"] == "video/mp2t"
    return segment.content


def test_hls_is_202_until_an_hls_rendition_is_encoded(
    api: httpx.Client, samples: dict[str, Path]
) -> None:
    video = api.post("/videos", json={"title": "waiting"}).json()
    manifest = video["assets"]["hls"]
    early = httpx.get(manifest)
    assert early.status_code == 202 and early.content == b""
    assert "content-type" not in early.headers
    assert early.headers["access-control-allow-origin"] == "*"
    r = api.post(
        f"/videos/{video['videoId']}/source",
        files={"file": ("clip.mp4", samples["mp4"].read_bytes())},
    )
    assert r.status_code == 201
    # Whenever the status says playable, the manifest must already be served (contract 6.3).
    deadline = time.monotonic() + 60
    while True:
        playable = api.get(f"/videos/{video['videoId']}/status").json()["encoding"]["playable"]
        answer = httpx.get(manifest)
        if playable:
            assert answer.status_code == 200
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    segment = fetch_chain(manifest)
    assert segment[0] == 0x47  # MPEG-TS sync byte


def test_mp4_is_the_source_with_range_support(api: httpx.Client, samples: dict[str, Path]) -> None:
    video = upload(api, samples["mp4"])
    wait_status(api, video["videoId"], "settled")
    url = video["assets"]["mp4"]
    part = httpx.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.content) == 100
    assert part.content[4:8] == b"ftyp"
    size = samples["mp4"].stat().st_size
    assert part.headers["content-range"] == f"bytes 0-99/{size}"
    whole = httpx.get(url)
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert (
        hashlib.sha256(whole.content).digest()
        == hashlib.sha256(samples["mp4"].read_bytes()).digest()
    )
    assert whole.headers["accept-ranges"] == "bytes"


def test_vp9_webm_is_transcoded_for_hls_and_mp4(
    api: httpx.Client, samples: dict[str, Path]
) -> None:
    video = upload(api, samples["webm"])
    status = wait_status(api, video["videoId"], "settled")
    assert all(q["status"] == "encoded" for q in status["encoding"]["qualities"])
    meta = status["encoding"]["metadata"]
    assert (meta["videoCodec"], meta["audioCodec"], meta["width"]) == ("vp9", "opus", 320)
    assert fetch_chain(video["assets"]["hls"])[0] == 0x47
    mp4 = httpx.get(video["assets"]["mp4"])
    assert mp4.status_code == 200 and mp4.content[4:8] == b"ftyp"
    assert mp4.content != samples["webm"].read_bytes()


def test_a_corrupt_source_fails_without_breaking_anything(
    api: httpx.Client, samples: dict[str, Path]
) -> None:
    video = upload(api, samples["corrupt"])
    status = wait_status(api, video["videoId"], "failed")
    qualities = status["encoding"]["qualities"]
    assert qualities and all(q["status"] == "failed" for q in qualities)
    assert status["encoding"]["playable"] is False
    assert set(status["encoding"]["metadata"].values()) == {None}
    assert httpx.get(video["assets"]["hls"]).status_code == 202
    assert httpx.get(video["assets"]["mp4"]).status_code == 404
    thumb = httpx.get(video["assets"]["thumbnail"])
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"
    assert api.get("/videos", params={"pageSize": 1}).status_code == 200


def test_without_media_tools_the_upload_is_served_as_is(
    api: httpx.Client, samples: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_EMULATOR_MEDIA_TOOLS", "off")
    video = upload(api, samples["mp4"])
    deadline = time.monotonic() + 30
    while True:
        status = api.get(f"/videos/{video['videoId']}/status").json()
        mp4 = [q for q in status["encoding"]["qualities"] if q["type"] == "mp4"]
        if mp4 and mp4[0]["status"] == "encoded":
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    assert set(status["encoding"]["metadata"].values()) == {None}
    hls = [q for q in status["encoding"]["qualities"] if q["type"] == "hls"]
    assert hls and all(q["status"] == "encoding" for q in hls)
    assert httpx.get(video["assets"]["hls"]).status_code == 202
    served = httpx.get(video["assets"]["mp4"])
    assert served.status_code == 200 and served.content == samples["mp4"].read_bytes()
    thumb = httpx.get(video["assets"]["thumbnail"])
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"


def test_private_hls_keeps_its_token_down_the_chain(
    api: httpx.Client, samples: dict[str, Path]
) -> None:
    video = upload(api, samples["mp4"], public=False)
    wait_status(api, video["videoId"], "settled")
    manifest = api.get(f"/videos/{video['videoId']}").json()["assets"]["hls"]
    assert "/token/" in manifest
    fetch_chain(manifest)  # relative URIs stay under /token/<token>/
    plain = manifest.split("/token/")[0] + "/hls/manifest.m3u8"
    assert httpx.get(plain).status_code == 403
    session = httpx.get(manifest.replace("hls/manifest.m3u8", "session")).json()["session_token"]
    master = httpx.get(plain, params={"avh": session})
    assert master.status_code == 200
    variant = master_variants(master.text)[0]
    assert variant.endswith(f"?avh={session}")
    listed = httpx.get(httpx.URL(plain).join(variant))
    assert listed.status_code == 200
    segment = next(line for line in listed.text.splitlines() if line.endswith(f"?avh={session}"))
    assert httpx.get(httpx.URL(plain).join(variant).join(segment)).status_code == 200


def test_player_page(api: httpx.Client, emulator: EmulatorServer) -> None:
    public = api.post("/videos", json={"title": "Page </script> & title"}).json()
    page = httpx.get(public["assets"]["player"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<video" in page.text and "Page &lt;/script&gt; &amp; title" in page.text
    config_text = re.search(
        r'<script type="application/json" id="player-config">(.*?)</script>', page.text, re.S
    )
    assert config_text is not None
    config = json.loads(config_text.group(1))
    vid = public["videoId"]
    assert config["videoId"] == vid and config["title"] == "Page </script> & title"
    assert config["mp4"] == f"/vod/{vid}/mp4/source.mp4"
    assert config["events"] == "/_emulator/player-events"
    script = httpx.get(f"{emulator.url}/static/player/player.js")
    assert script.status_code == 200 and "postMessage" in script.text
    private = api.post("/videos", json={"title": "hidden", "public": False}).json()
    assert httpx.get(private["assets"]["player"].split("?")[0]).status_code == 403
    shown = httpx.get(private["assets"]["player"])
    assert shown.status_code == 200 and "/token/" in shown.text


def test_unknown_videos_are_not_delivered(emulator: EmulatorServer) -> None:
    base = f"{emulator.url}/vod/vi0000000000000000000000"
    for tail in ("hls/manifest.m3u8", "thumbnail.jpg", "mp4/source.mp4", "hls/240p/index.m3u8"):
        assert httpx.get(f"{base}/{tail}").status_code == 404
    assert httpx.get(f"{emulator.url}/embed/vod/vi0000000000000000000000").status_code == 404


def test_processing_resumes_after_a_restart(tmp_path: Path, samples: dict[str, Path]) -> None:
    first = make_emulator(tmp_path, record=None)
    try:
        with httpx.Client(base_url=first.url, auth=basic(first.api_key)) as api:
            video = api.post("/videos", json={"title": "restart"}).json()
            vid = video["videoId"]
            r = api.post(
                f"/videos/{vid}/source",
                files={"file": ("clip.webm", samples["webm"].read_bytes())},
            )
            assert r.status_code == 201
    finally:
        first.stop()  # most likely mid-transcode
    # Pretend the previous run died before the pipeline even started.
    second = make_emulator(tmp_path, record=None)
    try:
        doc = second.store.get(second.project.id, "video", vid)
        assert doc is not None and doc["_upload"]["assembled"] is True
        if doc["_media"]["state"] == "ready":
            doc["_media"] = {"state": "pending", "startedAt": time.time(), "probed": False}
            second.store.put(second.project.id, "video", vid, doc)
        with httpx.Client(base_url=second.url, auth=basic(second.api_key)) as api:
            status = wait_status(api, vid, "settled")
            assert status["encoding"]["playable"] is True
            fetch_chain(api.get(f"/videos/{vid}").json()["assets"]["hls"])
    finally:
        second.stop()


@pytest.mark.parametrize("hls_ready", [False, True])
def test_the_mp4_never_makes_a_video_playable_before_its_hls(hls_ready: bool) -> None:
    """A transcode can finish the MP4 first; "playable" must still mean HLS is served."""
    from studio.emulator import encoding

    state = encoding.MediaState(
        started_at=0.0, lines=360, probed=True, hls_ready=hls_ready, mp4_ready=True, failed=False
    )
    late = encoding.qualities(state, now=100.0, step_s=0.5, mp4=True)
    assert [q["type"] for q in late] == ["hls", "hls", "mp4"]
    assert encoding.playable(late) is hls_ready
    assert encoding.hls_playable(late) is hls_ready
    early = encoding.qualities(state, now=0.7, step_s=0.5, mp4=True)
    assert [q["status"] for q in early] == [
        "encoded" if hls_ready else "encoding",
        "encoding",
        "waiting",
    ]
    degraded = encoding.MediaState(
        started_at=0.0,
        lines=None,
        probed=True,
        hls_ready=False,
        mp4_ready=True,
        failed=False,
        hls_expected=False,
    )
    assert encoding.playable(encoding.qualities(degraded, now=100.0, step_s=0.5, mp4=True))


def test_sources_given_at_creation_are_downloaded_or_copied(
    api: httpx.Client, samples: dict[str, Path]
) -> None:
    original = upload(api, samples["mp4"])
    wait_status(api, original["videoId"], "settled")
    downloaded = api.post(
        "/videos", json={"title": "from a URL", "source": original["assets"]["mp4"]}
    )
    copied = api.post("/videos", json={"title": "a copy", "source": original["videoId"]})
    assert downloaded.status_code == 201 and copied.status_code == 201
    for video, slug in (
        (downloaded.json(), "video-source-already-downloaded"),
        (copied.json(), "video-source-already-copied"),
    ):
        status = wait_status(api, video["videoId"], "settled")
        assert status["ingest"]["status"] == "ingested"
        assert status["ingest"]["filesize"] == samples["mp4"].stat().st_size
        assert status["encoding"]["playable"] is True
        served = httpx.get(video["assets"]["mp4"])
        assert served.content == samples["mp4"].read_bytes()
        again = api.post(
            f"/videos/{video['videoId']}/source",
            files={"file": ("clip.mp4", samples["mp4"].read_bytes())},
        )
        assert again.status_code == 400 and again.json()["type"].endswith(slug)


def test_an_unreachable_source_url_fails_the_video(api: httpx.Client) -> None:
    r = api.post("/videos", json={"title": "nowhere", "source": "http://127.0.0.1:9/none.mp4"})
    assert r.status_code == 201
    status = wait_status(api, r.json()["videoId"], "failed")
    assert status["ingest"]["status"] == "ingested" and status["encoding"]["playable"] is False
