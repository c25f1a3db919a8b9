"""The Account panel against the emulator: the quota bar holds ``/account``'s numbers (and follows
stored bytes), term, environment and features, and the rate-limit headroom of the last response."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext, tightest_budget
from studio.services.task_scope import TaskScope
from studio.ui.panels.account import AccountPanel, feature_name, human_bytes


def account(emulator: EmulatorServer) -> dict[str, Any]:
    with httpx.Client(base_url=emulator.url, timeout=30) as http:
        token = http.post("/auth/api-key", json={"apiKey": emulator.api_key}).json()
        response = http.get(
            "/account", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def panel(qtbot: QtBot, app_context: AppContext) -> AccountPanel:
    widget = AccountPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.account is not None and not widget.loading, timeout=10_000)
    return widget


def test_the_quota_bar_holds_the_accounts_numbers(
    qtbot: QtBot, panel: AccountPanel, emulator: EmulatorServer, run: Any
) -> None:
    quota = account(emulator)["quota"]
    assert (panel.quota_bar.used, panel.quota_bar.total) == (
        quota["quotaUsed"],
        quota["quotaTotal"],
    )
    assert panel.quota_used.text() == human_bytes(quota["quotaUsed"])
    assert panel.quota_remaining.text() == f"{human_bytes(quota['quotaRemaining'])} remaining"
    assert panel.quota_total.text() == f"of {human_bytes(quota['quotaTotal'])}"

    # Store something (a video source) and refresh: the bar follows the stored bytes.
    client = panel._context.client
    video = run(client.videos.create("Quota filler"))
    source = panel._context.data_dir / "filler.mp4"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(b"\x00" * 300_000)
    run(client.uploads.upload(video.video_id, source), timeout=30)
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    after = account(emulator)["quota"]
    assert after["quotaUsed"] >= quota["quotaUsed"] + 300_000
    assert (panel.quota_bar.used, panel.quota_bar.total) == (
        after["quotaUsed"],
        after["quotaTotal"],
    )
    assert panel.quota_bar.share == pytest.approx(after["quotaUsed"] / after["quotaTotal"])


def test_term_environment_and_features(panel: AccountPanel, emulator: EmulatorServer) -> None:
    body = account(emulator)
    start = datetime.fromisoformat(body["term"]["startAt"])
    end = datetime.fromisoformat(body["term"]["endAt"])
    assert panel.term_dates.text() == (
        f"{start.day} {start.strftime('%b %Y')} \N{EN DASH} {end.day} {end.strftime('%b %Y')}"
    )
    assert panel.term_bar.total == (end - start).total_seconds()
    assert panel.environment_badge.text() == body["environment"].capitalize()
    shown = sorted(label.toolTip() for label in panel.feature_labels)
    assert shown == sorted(body["features"])
    assert {label.text().removeprefix("✓  ") for label in panel.feature_labels} == {
        feature_name(f) for f in body["features"]
    }


def test_rate_limit_headroom_follows_the_tightest_budget(
    qtbot: QtBot, panel: AccountPanel, run: Any
) -> None:
    client = panel._context.client
    state = client.rate_limit
    assert state.limit is not None and state.remaining is not None

    def shows_the_tightest_budget() -> bool:
        # The context passes rate-limit updates on a few times a second, not on every response.
        budget = tightest_budget(client.rate_limits.values())
        assert budget is not None and budget.limit is not None and budget.remaining is not None
        return (
            panel.rate_bar.total == budget.limit
            and panel.rate_bar.used == budget.limit - budget.remaining
            and panel.rate_left.text() == f"{budget.remaining:,}"
            and f"{budget.category} requests" in panel.rate_caption.text()
        )

    qtbot.waitUntil(shows_the_tightest_budget, timeout=5000)
    before = client.rate_limits["reads"].remaining
    run(client.videos.list(page_size=1).page(1))  # another read: one less left
    after = client.rate_limits["reads"].remaining
    assert before is not None and after is not None and after < before
    qtbot.waitUntil(shows_the_tightest_budget, timeout=5000)
    assert "resets in" in panel.rate_reset.text()


def test_human_units() -> None:
    assert human_bytes(0) == "0 B"
    assert human_bytes(1023) == "1,023 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(10 * 1024**3) == "10 GiB"
    assert human_bytes(3.25 * 1024**3) == "3.25 GiB"
    assert human_bytes(10 * 1024**3 - 9 * 1024**2) == "9.99 GiB"
    assert human_bytes(250 * 1024**2) == "250 MiB"
    assert feature_name("player.white_label") == "White-label player"
    assert feature_name("brand.new") == "brand.new"


class _NoAccount(BaseHTTPRequestHandler):
    """A server that signs in but has no ``/account`` (api.video retired it in 2021)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(200, {"access_token": "t", "refresh_token": "r", "expires_in": 3600})

    def do_GET(self) -> None:
        self._send(404, {"type": "https://docs.api.video/reference/unrecognized-request-url",
                         "title": "Unrecognized request URL.", "status": 404})  # fmt: skip

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-RateLimit-Limit", "100")
        self.send_header("X-RateLimit-Remaining", "57")
        self.send_header("X-RateLimit-Retry-After", "30")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def no_account_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NoAccount)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_without_the_account_route(
    qtbot: QtBot, run: Any, no_account_server: str, tmp_path: Path
) -> None:
    client = ApiVideoClient("key", base_url=no_account_server, timeout=5)
    context = AppContext(
        client,
        ActiveProject("Elsewhere", "custom", no_account_server),
        TaskScope(),
        tmp_path / "d",
        tmp_path / "c",
    )
    widget = AccountPanel(context)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    assert widget.body.currentWidget() is widget.unavailable
    assert widget.message.headline.text() == "Account details are not available"
    # The headroom still shows, from the 404's headers.
    qtbot.waitUntil(lambda: widget.rate_left.text() == "57", timeout=5000)
    assert (widget.rate_bar.used, widget.rate_bar.total) == (43, 100)
    run(context.scope.close())
    run(client.aclose())
