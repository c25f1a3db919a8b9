"""Webhooks (and their signed deliveries), watermarks and summaries over HTTP (contract 3.10, 8)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


class Receiver:
    """A local HTTP endpoint that records webhook calls; fails the first ``failures`` ones."""

    def __init__(self, failures: int = 0) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers), body))
                failing = len(receiver.calls) <= receiver.failures
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 10.0) -> list[tuple[dict[str, str], Any]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.calls) >= count, f"{len(self.calls)} webhook calls, expected {count}"
        return [(headers, json.loads(body)) for headers, body in self.calls]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


# ---- webhooks ---------------------------------------------------------------------------------


def test_webhook_crud(api: httpx.Client, emulator: EmulatorServer) -> None:
    r = api.post(
        "/webhooks", json={"events": ["video.encoding.quality.completed"], "url": "https://x.test"}
    )
    assert r.status_code == 201 and r.headers["content-type"] == "application/json"
    hook = r.json()
    assert set(hook) == {"webhookId", "createdAt", "events", "url", "signatureSecret"}
    assert hook["webhookId"].startswith("webhook_") and hook["signatureSecret"].startswith(
        "sig_sec_"
    )
    assert api.get(f"/webhooks/{hook['webhookId']}").json() == hook
    listed = api.get("/webhooks", params={"events": "video.encoding.quality.completed"}).json()
    assert hook in listed["data"]
    none = api.get("/webhooks", params={"events": "video.source.recorded"}).json()["data"]
    assert hook["webhookId"] not in {h["webhookId"] for h in none}
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/webhooks/{hook['webhookId']}").status_code == 404
    r = api.delete(f"/webhooks/{hook['webhookId']}")
    assert r.status_code == 204 and "content-type" not in r.headers
    gone = api.get(f"/webhooks/{hook['webhookId']}")
    assert gone.status_code == 404 and gone.json()["name"] == "webhookId"


def test_webhook_validation(api: httpx.Client) -> None:
    r = api.post("/webhooks", json={"events": ["live-stream.broadcast.started"], "url": "ftp://x"})
    assert r.status_code == 400 and r.json()["name"] == "url"


def test_webhook_refusals_outside_the_schema(unrecorded_emulator: EmulatorServer) -> None:
    url, auth = f"{unrecorded_emulator.url}/webhooks", (unrecorded_emulator.api_key, "")
    missing = httpx.post(url, json={}, auth=auth).json()
    assert missing["type"].endswith("/attribute-required")
    assert {p["name"] for p in missing["problems"]} == {"events", "url"}
    not_array = httpx.post(url, json={"events": "x", "url": "https://a.test"}, auth=auth).json()
    assert not_array["title"] == "This attribute must be an array."
    for i in range(25):
        r = httpx.post(url, json={"events": [], "url": f"https://a.test/{i}"}, auth=auth)
        if r.status_code != 201:
            break
    assert r.status_code == 400 and r.json()["type"].endswith("/webhook-limit-reached")
    assert i == 20


def test_broadcast_events_are_delivered_signed(
    api: httpx.Client, emulator: EmulatorServer, receiver: Receiver
) -> None:
    events = ["live-stream.broadcast.started", "live-stream.broadcast.ended"]
    hook = api.post("/webhooks", json={"events": events, "url": receiver.url}).json()
    live = api.post("/live-streams", json={"name": "hooked"}).json()["liveStreamId"]
    control = f"{emulator.url}/_emulator/live-streams/{live}/broadcasting"
    httpx.post(control, json={"broadcasting": True})
    httpx.post(control, json={"broadcasting": True})  # no change, no event
    api.put(f"/live-streams/{live}/complete")
    calls = receiver.wait(2)
    time.sleep(0.3)  # a third, unwanted call would have arrived by now
    assert [body["type"] for _, body in calls] == events and len(receiver.calls) == 2
    for (headers, body), (_, raw) in zip(calls, receiver.calls, strict=True):
        assert body["liveStreamId"] == live and "emittedAt" in body
        assert headers["X-Api-Video-WebhookID"] == hook["webhookId"]
        expected = hmac.new(hook["signatureSecret"].encode(), raw, hashlib.sha256).hexdigest()
        assert headers["X-Api-Video-Signature"] == expected
    api.delete(f"/webhooks/{hook['webhookId']}")


def test_failed_deliveries_are_retried(api: httpx.Client, emulator: EmulatorServer) -> None:
    flaky = Receiver(failures=1)
    try:
        hook = api.post(
            "/webhooks", json={"events": ["live-stream.broadcast.started"], "url": flaky.url}
        ).json()
        live = api.post("/live-streams", json={"name": "retry"}).json()["liveStreamId"]
        httpx.post(
            f"{emulator.url}/_emulator/live-streams/{live}/broadcasting",
            json={"broadcasting": True},
        )
        calls = flaky.wait(2, timeout=8)  # the retry comes 3 s after the failure
        assert calls[0][1] == calls[1][1]
        api.delete(f"/webhooks/{hook['webhookId']}")
    finally:
        flaky.server.shutdown()


# ---- watermarks -------------------------------------------------------------------------------


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 32), (0, 90, 200)).save(buf, fmt)
    return buf.getvalue()


def test_watermarks(api: httpx.Client, emulator: EmulatorServer) -> None:
    made = []
    for fmt in ("PNG", "JPEG"):
        r = api.post("/watermarks", files={"file": (f"mark.{fmt.lower()}", image(fmt))})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert set(r.json()) == {"watermarkId", "createdAt"}
        assert r.json()["watermarkId"].startswith("watermark_")
        made.append(r.json())
    refused = api.post("/watermarks", files={"file": ("mark.gif", image("GIF"))})
    assert refused.status_code == 400
    assert refused.json()["type"].endswith("/uploaded-file-extension-invalid")
    listed = api.get("/watermarks", params={"sortBy": "createdAt", "sortOrder": "desc"}).json()
    ids = [w["watermarkId"] for w in listed["data"]]
    assert {m["watermarkId"] for m in made} <= set(ids)
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.delete(f"/watermarks/{made[0]['watermarkId']}").status_code == 404
    r = api.delete(f"/watermarks/{made[0]['watermarkId']}")
    assert r.status_code == 204 and "content-type" not in r.headers
    again = api.delete(f"/watermarks/{made[0]['watermarkId']}")
    assert again.status_code == 404 and again.json()["name"] == "watermarkId"


# ---- summaries --------------------------------------------------------------------------------


def new_video(api: httpx.Client) -> str:
    r = api.post("/videos", json={"title": f"talk-{uuid.uuid4().hex[:6]}", "description": "Cats."})
    assert r.status_code == 201, r.text
    video_id: str = r.json()["videoId"]
    return video_id


def wait_status(api: httpx.Client, summary_id: str, video_id: str, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = api.get("/summaries", params={"videoId": video_id}).json()["data"]
        if found and found[0]["sourceStatus"] == status:
            assert found[0]["summaryId"] == summary_id
            summary: dict[str, Any] = found[0]
            return summary
        time.sleep(0.1)
    raise AssertionError(f"summary {summary_id} never became {status}")


def test_manual_summary(api: httpx.Client) -> None:
    video_id = new_video(api)
    r = api.post("/summaries", json={"videoId": video_id})
    assert r.status_code == 201
    summary = r.json()
    assert summary["summaryId"].startswith("summary_")
    assert (summary["origin"], summary["sourceStatus"], summary["videoId"]) == (
        "api",
        "missing",
        video_id,
    )
    assert api.get(f"/summaries/{summary['summaryId']}/source").json() == {}
    source = {"abstract": "About cats.", "takeaways": ["Cats", "More cats"]}
    r = api.patch(f"/summaries/{summary['summaryId']}/source", json=source)
    assert r.status_code == 201 and r.json() == source
    assert api.get(f"/summaries/{summary['summaryId']}/source").json() == source
    assert wait_status(api, summary["summaryId"], video_id, "completed")["origin"] == "api"
    conflict = api.post("/summaries", json={"videoId": video_id})
    assert conflict.status_code == 409 and conflict.json()["name"] == "videoId"
    # Videos see it too: no second automatic summary.
    clash = api.patch(f"/videos/{video_id}", json={"transcriptSummary": True})
    assert clash.status_code == 409
    r = api.delete(f"/summaries/{summary['summaryId']}")
    assert r.status_code == 204 and "content-type" not in r.headers
    gone = api.get(f"/summaries/{summary['summaryId']}/source")
    assert gone.status_code == 404 and gone.json()["name"] == "summaryId"


def test_automatic_summary_is_generated_and_announced(
    api: httpx.Client, receiver: Receiver
) -> None:
    hook = api.post(
        "/webhooks", json={"events": ["video.summary.generated"], "url": receiver.url}
    ).json()
    video_id = new_video(api)
    r = api.post(
        "/summaries", json={"videoId": video_id, "origin": "auto", "attributes": ["takeaways"]}
    )
    summary = r.json()
    assert (summary["origin"], summary["sourceStatus"]) == ("auto", "waiting")
    busy = api.patch(f"/summaries/{summary['summaryId']}/source", json={"abstract": "x"})
    assert busy.status_code == 409
    done = wait_status(api, summary["summaryId"], video_id, "completed")
    assert done["updatedAt"] >= done["createdAt"]
    source = api.get(f"/summaries/{summary['summaryId']}/source").json()
    assert set(source) == {"takeaways"} and 1 <= len(source["takeaways"]) <= 3
    (_, event), *_ = receiver.wait(1)
    assert event["type"] == "video.summary.generated"
    assert (event["videoId"], event["summaryId"]) == (video_id, summary["summaryId"])
    api.delete(f"/webhooks/{hook['webhookId']}")


def test_summary_list_filters_and_errors(api: httpx.Client) -> None:
    videos = sorted(new_video(api) for _ in range(2))
    for video_id in videos:
        api.post("/summaries", json={"videoId": video_id})
    mine = api.get("/summaries", params={"sortBy": "videoId", "sourceStatus": "missing"}).json()
    listed = [s["videoId"] for s in mine["data"] if s["videoId"] in videos]
    assert listed == videos
    assert (
        api.get("/summaries", params={"origin": "auto", "videoId": videos[0]}).json()["data"] == []
    )
    ghost = api.post("/summaries", json={"videoId": "vi0000000000000000000000"})
    assert ghost.status_code == 404 and ghost.json()["name"] == "videoId"


def test_summary_refusals_outside_the_schema(unrecorded_emulator: EmulatorServer) -> None:
    with httpx.Client(
        base_url=unrecorded_emulator.url, auth=(unrecorded_emulator.api_key, "")
    ) as api:
        assert api.post("/summaries", json={}).json()["name"] == "videoId"
        video_id = new_video(api)
        bad_origin = api.post("/summaries", json={"videoId": video_id, "origin": "api"})
        assert bad_origin.status_code == 400 and bad_origin.json()["name"] == "origin"
        summary_id = api.post("/summaries", json={"videoId": video_id}).json()["summaryId"]
        four = api.patch(f"/summaries/{summary_id}/source", json={"takeaways": ["a"] * 4})
        assert four.status_code == 400 and four.json()["name"] == "takeaways"
