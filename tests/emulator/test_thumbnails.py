"""Thumbnails over HTTP: default frame, picking by timecode, uploading an image (V8, V9)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from studio.emulator.server import EmulatorServer

from .media_samples import basic, needs_ffmpeg, two_colour_mp4, wait_status


@pytest.fixture(scope="module")
def red_then_blue(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    from .media_samples import FFMPEG

    if FFMPEG is None:
        return None
    return two_colour_mp4(tmp_path_factory.mktemp("thumbs") / "red-blue.mp4")


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


def colour(url: str) -> str:
    """The dominant colour of a served JPEG: red, blue, green or other."""
    r = httpx.get(url)
    assert r.status_code == 200 and r.content[:3] == b"\xff\xd8\xff"
    assert r.headers["cache-control"] == "no-cache" and r.headers.get("etag")
    red, green, blue = (
        Image.open(io.BytesIO(r.content)).convert("RGB").resize((1, 1)).getpixel((0, 0))
    )
    if red > 150 and green < 100 and blue < 100:
        return "red"
    if blue > 150 and red < 100 and green < 100:
        return "blue"
    if green > 150 and red < 100 and blue < 100:
        return "green"
    return "other"


def uploaded(api: httpx.Client, clip: Path, title: str = "thumbs") -> dict:
    video = api.post("/videos", json={"title": title}).json()
    r = api.post(
        f"/videos/{video['videoId']}/source", files={"file": (clip.name, clip.read_bytes())}
    )
    assert r.status_code == 201
    wait_status(api, video["videoId"], "settled")
    return dict(video)


def pick(api: httpx.Client, video_id: str, timecode: str) -> httpx.Response:
    r = api.patch(f"/videos/{video_id}/thumbnail", json={"timecode": timecode})
    assert r.status_code == 200, r.text
    assert r.json()["videoId"] == video_id
    return r


def png(rgb: tuple[int, int, int], size: tuple[int, int] = (64, 36)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, rgb).save(out, "PNG")
    return out.getvalue()


@needs_ffmpeg
def test_default_frame_then_picked_frames(api: httpx.Client, red_then_blue: Path) -> None:
    video = uploaded(api, red_then_blue)
    url = video["assets"]["thumbnail"]
    deadline = time.monotonic() + 30
    while colour(url) != "red":  # the default frame, about 1 s in
        assert time.monotonic() < deadline
        time.sleep(0.1)
    before = httpx.get(url).headers["etag"]
    pick(api, video["videoId"], "00:00:03.00")
    assert colour(url) == "blue"
    assert httpx.get(url).headers["etag"] != before
    assert (
        httpx.get(url, headers={"If-None-Match": httpx.get(url).headers["etag"]}).status_code == 304
    )
    pick(api, video["videoId"], "00:10:00.00")  # out of range: the first frame
    assert colour(url) == "red"
    pick(api, video["videoId"], "00:00:02:05")  # hh:mm:ss:frame
    assert colour(url) == "blue"


@needs_ffmpeg
def test_a_frame_picked_before_the_upload_is_used(api: httpx.Client, red_then_blue: Path) -> None:
    video = api.post("/videos", json={"title": "pick first"}).json()
    pick(api, video["videoId"], "00:00:03.00")
    r = api.post(
        f"/videos/{video['videoId']}/source",
        files={"file": ("clip.mp4", red_then_blue.read_bytes())},
    )
    assert r.status_code == 201
    url = video["assets"]["thumbnail"]
    deadline = time.monotonic() + 30
    while colour(url) != "blue":
        assert time.monotonic() < deadline
        time.sleep(0.1)


@needs_ffmpeg
def test_an_uploaded_image_wins_over_the_default_frame(
    api: httpx.Client, red_then_blue: Path
) -> None:
    video = api.post("/videos", json={"title": "custom"}).json()
    r = api.post(
        f"/videos/{video['videoId']}/thumbnail",
        files={"file": ("green.png", png((0, 200, 0)), "image/png")},
    )
    assert r.status_code == 200 and r.json()["videoId"] == video["videoId"]
    assert colour(video["assets"]["thumbnail"]) == "green"
    r = api.post(
        f"/videos/{video['videoId']}/source",
        files={"file": ("clip.mp4", red_then_blue.read_bytes())},
    )
    assert r.status_code == 201
    wait_status(api, video["videoId"], "settled")
    assert colour(video["assets"]["thumbnail"]) == "green"


def test_image_uploads_accept_png_jpeg_webp_only(api: httpx.Client) -> None:
    video = api.post("/videos", json={"title": "images"}).json()
    vid = video["videoId"]
    for fmt in ("JPEG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (0, 0, 220)).save(out, fmt)
        r = api.post(
            f"/videos/{vid}/thumbnail", files={"file": (f"t.{fmt.lower()}", out.getvalue())}
        )
        assert r.status_code == 200
        assert colour(video["assets"]["thumbnail"]) == "blue"
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    for name, data in (("t.gif", gif.getvalue()), ("notes.txt", b"hello")):
        r = api.post(f"/videos/{vid}/thumbnail", files={"file": (name, data)})
        assert r.status_code == 400
        assert r.json()["type"].endswith("uploaded-file-extension-invalid")
    huge = api.post(
        f"/videos/{vid}/thumbnail", files={"file": ("big.jpg", b"\xff" * (8 * 1024 * 1024 + 1))}
    )
    assert huge.status_code == 400 and huge.json()["type"].endswith("uploaded-file-too-large")
    missing = api.post(
        "/videos/vi0000000000000000000000/thumbnail", files={"file": ("a.png", png((1, 2, 3)))}
    )
    assert missing.status_code == 404 and missing.json()["name"] == "videoId"


def test_picking_on_a_sourceless_video_answers_200(api: httpx.Client) -> None:
    video = api.post("/videos", json={"title": "no source"}).json()
    pick(api, video["videoId"], "00:15:22.05")
    thumb = httpx.get(video["assets"]["thumbnail"])
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"  # a placeholder
    assert (
        api.patch(
            "/videos/vi0000000000000000000000/thumbnail", json={"timecode": "00:00:01.00"}
        ).status_code
        == 404
    )


def test_timecode_validation(raw_api: httpx.Client) -> None:
    vid = raw_api.post("/videos", json={"title": "codes"}).json()["videoId"]
    assert raw_api.patch(f"/videos/{vid}/thumbnail", json={"timecode": "12"}).status_code == 200
    bad = raw_api.patch(f"/videos/{vid}/thumbnail", json={"timecode": "soon"})
    assert bad.status_code == 400 and bad.json()["name"] == "timecode"
    missing = raw_api.patch(f"/videos/{vid}/thumbnail", json={})
    assert missing.status_code == 400 and missing.json()["type"].endswith("attribute-required")
