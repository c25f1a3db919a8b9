"""The emulator's RTMP ingest driven by real encoders (ffmpeg, and OBS's librtmp when present):
publish -> ``broadcasting`` -> live HLS with real segments -> disconnect -> recording; refusals
of unknown keys, other apps and a second encoder; ``complete`` and ``DELETE`` drop the encoder."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.emulator.live_delivery import PLAYLIST, hls_dir
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator

FFMPEG = shutil.which("ffmpeg")
FFPROBE = shutil.which("ffprobe")
pytestmark = pytest.mark.skipif(
    FFMPEG is None or FFPROBE is None, reason="ffmpeg/ffprobe not on PATH"
)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An emulator with its RTMP ingest on (a free port)."""
    server = make_emulator(tmp_path_factory.mktemp("emulator-rtmp"), rtmp_port=0)
    yield server
    server.stop()


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, ""), timeout=30) as client:
        yield client


def wait_for[T](probe: Callable[[], T | None], what: str, timeout: float = 20.0) -> T:
    """Poll ``probe`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def create_live(api: httpx.Client) -> dict[str, Any]:
    r = api.post("/live-streams", json={"name": f"rtmp-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def live_state(api: httpx.Client, live_id: str) -> dict[str, Any]:
    r = api.get(f"/live-streams/{live_id}")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def broadcasting(api: httpx.Client, live_id: str) -> bool:
    return bool(live_state(api, live_id)["broadcasting"])


H264_AAC = ("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac")  # fmt: skip


def publish(
    target: str, seconds: int = 60, codecs: tuple[str, ...] = H264_AAC
) -> subprocess.Popen[bytes]:
    """ffmpeg pushing a synthetic feed (H.264/AAC by default) in real time, as encoders do."""
    assert FFMPEG is not None
    args = [
        FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", str(seconds), "-map", "0:v", "-map", "1:a", *codecs, "-f", "flv", target,
    ]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ask ffmpeg to finish as a user would (Ctrl-C), kill it if it does not."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


def media_playlist(hls_url: str) -> list[str] | None:
    """Segment URIs of the live playlist once it lists one (None while 202 or empty)."""
    r = httpx.get(hls_url)
    if r.status_code != 200:
        return None
    assert r.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert r.text.startswith("#EXTM3U")
    return [line for line in r.text.splitlines() if line and not line.startswith("#")] or None


def probe_streams(path: Path) -> list[dict[str, Any]]:
    assert FFPROBE is not None
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    )
    streams: list[dict[str, Any]] = json.loads(out.stdout)["streams"]
    return streams


def test_publish_goes_live_serves_hls_then_ends_with_a_recording(
    emulator: EmulatorServer, api: httpx.Client, tmp_path: Path
) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    live_id = live["liveStreamId"]
    assert httpx.get(live["assets"]["hls"]).status_code == 202  # nothing playable yet
    encoder = publish(f"{emulator.rtmp_url}/{live['streamKey']}")
    try:
        wait_for(lambda: broadcasting(api, live_id), "broadcasting = true")
        segments = wait_for(lambda: media_playlist(live["assets"]["hls"]), "a live segment")
        assert encoder.poll() is None, "the encoder must still be publishing"
        # Segments resolve next to the playlist URL and hold the published media.
        segment_url = httpx.URL(live["assets"]["hls"]).join(segments[-1])
        r = httpx.get(segment_url)
        assert r.status_code == 200 and r.headers["content-type"] == "video/mp2t"
        (tmp_path / "segment.ts").write_bytes(r.content)
        streams = {s["codec_type"]: s for s in probe_streams(tmp_path / "segment.ts")}
        assert streams["video"]["codec_name"] == "h264"
        assert (streams["video"]["width"], streams["video"]["height"]) == (640, 360)
        assert streams["audio"]["codec_name"] == "aac"
    finally:
        stop(encoder)
    wait_for(lambda: not broadcasting(api, live_id), "broadcasting = false after disconnect")
    assert httpx.get(live["assets"]["hls"]).status_code == 202
    playlist = hls_dir(emulator.store, emulator.project.id, live_id) / PLAYLIST
    wait_for(lambda: playlist.read_text().rstrip().endswith("#EXT-X-ENDLIST"), "EXT-X-ENDLIST")

    # The finished broadcast left a recording: a video of this live stream, processed.
    def recordings() -> list[dict[str, Any]]:
        r = api.get("/videos", params={"liveStreamId": live_id})
        assert r.status_code == 200, r.text
        data: list[dict[str, Any]] = r.json()["data"]
        return data

    (video,) = wait_for(recordings, "the recording video")
    assert video["source"]["liveStream"]["liveStreamId"] == live_id
    assert video["title"] == live["name"]

    def playable_status() -> dict[str, Any] | None:
        r = api.get(f"/videos/{video['videoId']}/status")
        assert r.status_code == 200, r.text
        status: dict[str, Any] = r.json()
        return status if status["encoding"]["playable"] else None

    status = wait_for(playable_status, "the recording to become playable", timeout=60)
    assert status["encoding"]["metadata"]["width"] == 640
    assert status["encoding"]["metadata"]["duration"] >= 1


def test_a_feed_hls_cannot_carry_is_transcoded(
    emulator: EmulatorServer, api: httpx.Client, tmp_path: Path
) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    # Sorenson Spark (FLV1) video: valid in RTMP, not in MPEG-TS HLS.
    sorenson = ("-c:v", "flv1", "-q:v", "6", "-g", "25", "-c:a", "aac")
    encoder = publish(f"{emulator.rtmp_url}/{live['streamKey']}", codecs=sorenson)
    try:
        segments = wait_for(lambda: media_playlist(live["assets"]["hls"]), "a live segment")
        r = httpx.get(httpx.URL(live["assets"]["hls"]).join(segments[0]))
        assert r.status_code == 200
        (tmp_path / "segment.ts").write_bytes(r.content)
        codecs = {s["codec_type"]: s["codec_name"] for s in probe_streams(tmp_path / "segment.ts")}
        assert codecs == {"video": "h264", "audio": "aac"}
    finally:
        stop(encoder)
    wait_for(lambda: not broadcasting(api, live["liveStreamId"]), "broadcasting = false")


def test_unknown_stream_key_is_refused(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    before = live_state(api, live["liveStreamId"])
    encoder = publish(f"{emulator.rtmp_url}/{uuid.uuid4()}", seconds=10)
    try:
        code = encoder.wait(15)
        assert encoder.stderr is not None
        message = encoder.stderr.read().decode(errors="replace")
    finally:
        stop(encoder)
    assert code != 0
    assert "Unknown stream key" in message  # ffmpeg prints the server's error description
    after = live_state(api, live["liveStreamId"])
    assert (after["broadcasting"], after["updatedAt"]) == (False, before["updatedAt"])


def test_other_application_name_is_refused(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    target = emulator.rtmp_url.removesuffix("/s") + f"/live/{live['streamKey']}"
    encoder = publish(target, seconds=10)
    try:
        assert encoder.wait(15) != 0
    finally:
        stop(encoder)
    assert not broadcasting(api, live["liveStreamId"])


def test_a_second_encoder_on_a_live_stream_is_refused(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    target = f"{emulator.rtmp_url}/{live['streamKey']}"
    first = publish(target)
    try:
        wait_for(lambda: broadcasting(api, live["liveStreamId"]), "broadcasting = true")
        second = publish(target, seconds=10)
        try:
            assert second.wait(15) != 0
        finally:
            stop(second)
        assert first.poll() is None, "the first encoder keeps publishing"
        assert broadcasting(api, live["liveStreamId"])
    finally:
        stop(first)


def test_complete_drops_the_encoder(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    live_id = live["liveStreamId"]
    encoder = publish(f"{emulator.rtmp_url}/{live['streamKey']}")
    try:
        wait_for(lambda: broadcasting(api, live_id), "broadcasting = true")
        wait_for(lambda: media_playlist(live["assets"]["hls"]), "a live segment")
        r = api.put(f"/live-streams/{live_id}/complete")
        assert r.status_code == 202 and r.content == b""
        encoder.wait(15)  # the server closed the connection: ffmpeg gives up
    finally:
        stop(encoder)
    assert not broadcasting(api, live_id)
    assert httpx.get(live["assets"]["hls"]).status_code == 202
    playlist = hls_dir(emulator.store, emulator.project.id, live_id) / PLAYLIST
    wait_for(lambda: playlist.read_text().rstrip().endswith("#EXT-X-ENDLIST"), "EXT-X-ENDLIST")


def test_delete_while_broadcasting_drops_the_encoder(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    live_id = live["liveStreamId"]
    encoder = publish(f"{emulator.rtmp_url}/{live['streamKey']}")
    try:
        wait_for(lambda: broadcasting(api, live_id), "broadcasting = true")
        assert api.delete(f"/live-streams/{live_id}").status_code == 204
        encoder.wait(15)
    finally:
        stop(encoder)
    assert api.get(f"/live-streams/{live_id}").status_code == 404
    assert not (emulator.store.files_dir / emulator.project.id / "live_stream" / live_id).exists()
    assert api.get("/videos", params={"liveStreamId": live_id}).json()["data"] == []


def test_stopping_the_emulator_ends_a_broadcast(tmp_path: Path) -> None:
    server = make_emulator(tmp_path, rtmp_port=0, record=None)
    try:
        with httpx.Client(base_url=server.url, auth=(server.api_key, "")) as api:
            live = create_live(api)
            encoder = publish(f"{server.rtmp_url}/{live['streamKey']}")
            try:
                wait_for(lambda: broadcasting(api, live["liveStreamId"]), "broadcasting = true")
            except BaseException:
                stop(encoder)
                raise
    finally:
        started = time.monotonic()
        server.stop()
    try:
        assert time.monotonic() - started < 20
        encoder.wait(15)  # its connection is gone
    finally:
        stop(encoder)


# ---- OBS's RTMP library ----------------------------------------------------------------------

LIBRTMP = ctypes.util.find_library("rtmp")


def flv_feed(path: Path, seconds: int) -> bytes:
    """A short H.264/AAC FLV file, as an encoder would produce it."""
    assert FFMPEG is not None
    args = [
        FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", str(seconds), "-map", "0:v", "-map", "1:a", "-c:v", "libx264",
        "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "flv", str(path),
    ]  # fmt: skip
    subprocess.run(args, check=True, capture_output=True)
    return path.read_bytes()


class LibrtmpPublisher:
    """librtmp (the library OBS's RTMP output is built on) publishing an FLV file."""

    def __init__(self, url: str) -> None:
        assert LIBRTMP is not None
        lib = ctypes.CDLL(LIBRTMP)
        lib.RTMP_Alloc.restype = ctypes.c_void_p
        for name in ("RTMP_Init", "RTMP_EnableWrite", "RTMP_Close", "RTMP_Free"):
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        lib.RTMP_SetupURL.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.RTMP_Connect.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.RTMP_ConnectStream.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.RTMP_Write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self._lib = lib
        self._url = ctypes.create_string_buffer(url.encode())  # librtmp keeps pointers into it
        self._rtmp = lib.RTMP_Alloc()
        lib.RTMP_Init(self._rtmp)

    def connect(self) -> bool:
        """Handshake, connect, createStream and publish; True once the server accepted."""
        lib = self._lib
        if not lib.RTMP_SetupURL(self._rtmp, self._url):
            return False
        lib.RTMP_EnableWrite(self._rtmp)
        return bool(lib.RTMP_Connect(self._rtmp, None) and lib.RTMP_ConnectStream(self._rtmp, 0))

    def write(self, data: bytes) -> bool:
        return self._lib.RTMP_Write(self._rtmp, data, len(data)) > 0

    def close(self) -> None:
        self._lib.RTMP_Close(self._rtmp)
        self._lib.RTMP_Free(self._rtmp)


@pytest.mark.skipif(LIBRTMP is None, reason="librtmp is not installed")
def test_librtmp_publisher_goes_live(
    emulator: EmulatorServer, api: httpx.Client, tmp_path: Path
) -> None:
    assert emulator.rtmp_url is not None
    live = create_live(api)
    live_id = live["liveStreamId"]
    feed = flv_feed(tmp_path / "feed.flv", seconds=6)

    refused = LibrtmpPublisher(f"{emulator.rtmp_url}/{uuid.uuid4()} live=1")
    try:
        assert not refused.connect()
    finally:
        refused.close()

    publisher = LibrtmpPublisher(f"{emulator.rtmp_url}/{live['streamKey']} live=1")
    sent = threading.Event()
    errors: list[str] = []

    def push() -> None:
        # About real time: 6 s of media in 24 slices, one every 0.25 s.
        step = len(feed) // 24 + 1
        for start in range(0, len(feed), step):
            if not publisher.write(feed[start : start + step]):
                errors.append(f"RTMP_Write failed at byte {start}")
                break
            time.sleep(0.25)
        sent.set()

    try:
        assert publisher.connect(), "librtmp must complete connect/createStream/publish"
        pusher = threading.Thread(target=push, daemon=True)
        pusher.start()
        wait_for(lambda: broadcasting(api, live_id), "broadcasting = true")
        wait_for(lambda: media_playlist(live["assets"]["hls"]), "a live segment")
        pusher.join(30)
        assert sent.is_set() and not errors, errors
    finally:
        publisher.close()
    wait_for(lambda: not broadcasting(api, live_id), "broadcasting = false after disconnect")


def test_cli_prints_the_rtmp_ingest_url(tmp_path: Path) -> None:
    args = [
        sys.executable, "-m", "studio.emulator.cli", "--port", "0", "--rtmp-port", "0",
        "--data-dir", str(tmp_path), "--api-key", "cli-key",
    ]  # fmt: skip
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[1] == "API key: cli-key"
        prefix, suffix = "RTMP ingest: rtmp://127.0.0.1:", "/s/<streamKey>"
        assert lines[2].startswith(prefix) and lines[2].endswith(suffix), lines
        port = int(lines[2].removeprefix(prefix).removesuffix(suffix))
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(b"\x03" + bytes(1536))
            assert conn.recv(1) == b"\x03"  # S0: the server speaks RTMP
    finally:
        proc.terminate()
        assert proc.wait(15) == 0
