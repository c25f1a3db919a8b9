"""The Upload tokens panel against the emulator: create (with and without a lifetime), sort on
the server, copy the token and a working upload URL, delete after confirmation, expiry."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from studio.api.models import UploadToken
from studio.emulator.server import EmulatorServer
from studio.services.context import AppContext
from studio.ui.panels.tokens import UploadTokensPanel, queue_takes_tokens
from studio.ui.panels.tokens_model import (
    TokenColumn,
    expiry_text,
    lifetime_text,
    span_text,
    upload_url,
)


def api(emulator: EmulatorServer, method: str, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, ""), timeout=30) as http:
        return http.request(method, path, **kwargs)


@pytest.fixture
def panel(qtbot: QtBot, app_context: AppContext) -> UploadTokensPanel:
    widget = UploadTokensPanel(app_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    return widget


def create(qtbot: QtBot, panel: UploadTokensPanel) -> UploadToken:
    """Click Create; the new token ends up selected."""
    before = {t.token for t in panel.model.tokens}
    panel.create_button.click()
    qtbot.waitUntil(
        lambda: (t := panel.selected_token()) is not None and t.token not in before,
        timeout=10_000,
    )
    token = panel.selected_token()
    assert token is not None
    return token


def cell(panel: UploadTokensPanel, token: str, column: TokenColumn) -> Any:
    row = panel.model.row_of(token)
    assert row is not None
    return panel.model.index(row, column).data()


def test_create_a_token_that_never_expires(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    panel.never_radio.setChecked(True)
    assert panel.ttl() == 0
    token = create(qtbot, panel)
    stored = api(emulator, "GET", f"/upload-tokens/{token.token}").json()
    assert stored["ttl"] == 0 and stored.get("expiresAt") is None
    assert cell(panel, token.token, TokenColumn.LIFETIME) == "Never expires"
    assert cell(panel, token.token, TokenColumn.EXPIRES) == "Never"
    assert "Token created" in panel.notice.text()


def test_create_a_token_with_a_lifetime(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    panel.expires_radio.setChecked(True)
    panel.ttl_unit.setCurrentIndex(panel.ttl_unit.findText("hours"))
    panel.ttl_amount.setValue(2)
    assert panel.ttl() == 7200
    token = create(qtbot, panel)
    stored = api(emulator, "GET", f"/upload-tokens/{token.token}").json()
    assert stored["ttl"] == 7200
    created = datetime.fromisoformat(stored["createdAt"])
    assert datetime.fromisoformat(stored["expiresAt"]) - created == timedelta(hours=2)
    assert cell(panel, token.token, TokenColumn.LIFETIME) == "2 hours"
    countdown = cell(panel, token.token, TokenColumn.EXPIRES)
    assert countdown in ("in 2 h 00 min", "in 1 h 59 min")
    assert panel.expires_label.text().startswith(countdown)


def test_the_list_is_sorted_by_the_server(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    for ttl in (300, 86400, 0, 3600):
        assert api(emulator, "POST", "/upload-tokens", json={"ttl": ttl}).status_code == 200
    header = panel.table.horizontalHeader()
    for clicks, order in ((1, "desc"), (2, "asc")):
        header.sectionClicked.emit(TokenColumn.LIFETIME)
        assert (panel.model.sort_by, panel.model.sort_order) == ("ttl", order)
        qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
        listed = api(
            emulator, "GET", "/upload-tokens", params={"sortBy": "ttl", "sortOrder": order}
        ).json()["data"]
        assert [t.token for t in panel.model.tokens] == [t["token"] for t in listed]
        ttls = [t.ttl for t in panel.model.tokens]
        assert ttls == sorted(ttls, reverse=order == "desc"), clicks
        assert header.sortIndicatorSection() == TokenColumn.LIFETIME
    header.sectionClicked.emit(TokenColumn.CREATED)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    assert (panel.model.sort_by, panel.model.sort_order) == ("createdAt", "desc")
    created = [t.created_at for t in panel.model.tokens]
    assert created == sorted(created, reverse=True)  # type: ignore[type-var]


def test_copy_the_token_and_a_working_upload_url(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    token = create(qtbot, panel)
    clipboard = QGuiApplication.clipboard()
    panel.token_field.copy_button.click()
    assert clipboard.text() == token.token
    panel.url_field.copy_button.click()
    url = clipboard.text()
    assert url == f"{emulator.url}/upload?token={token.token}"
    assert panel.curl_field.value() == f'curl -F "file=@my-video.mp4" "{url}"'
    # The copied URL is ready to use: no API key, one multipart file part, a new video back.
    response = httpx.post(url, files={"file": ("from-a-friend.mp4", b"\x00" * 2048)}, timeout=30)
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "from-a-friend.mp4"


def test_delete_after_confirmation(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    token = create(qtbot, panel)
    panel.delete_button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.cancel_button.click()  # nothing happens on Cancel
    qtbot.wait(50)
    assert panel.model.row_of(token.token) is not None
    panel.delete_button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: panel.model.row_of(token.token) is None, timeout=10_000)
    assert api(emulator, "GET", f"/upload-tokens/{token.token}").status_code == 404
    selected = panel.selected_token()
    assert selected is None or selected.token != token.token
    assert "Token deleted" in panel.notice.text()


def test_an_expired_token_says_so(
    qtbot: QtBot, panel: UploadTokensPanel, emulator: EmulatorServer
) -> None:
    token = api(emulator, "POST", "/upload-tokens", json={"ttl": 1}).json()["token"]
    time.sleep(1.1)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.row_of(token) is not None, timeout=10_000)
    assert cell(panel, token, TokenColumn.EXPIRES) == "Expired"
    row = panel.model.row_of(token)
    assert row is not None
    assert panel.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    panel.select_row(row)
    assert panel.side_title.text() == "Expired token"


def test_upload_with_a_token_needs_the_queue_to_take_tokens(panel: UploadTokensPanel) -> None:
    # The queue of this context is absent; the action stays hidden rather than failing.
    assert not queue_takes_tokens(panel._context.uploads)
    assert panel.upload_button.isHidden()

    class TokenQueue:
        async def add_paths(self, paths: list[str], *, token: str | None = None) -> list[str]:
            return []

    assert queue_takes_tokens(TokenQueue())


def test_texts() -> None:
    assert lifetime_text(0) == "Never expires"
    assert lifetime_text(45 * 60) == "45 minutes"
    assert lifetime_text(86400 * 7) == "7 days"
    assert lifetime_text(3600) == "1 hour"
    assert lifetime_text(5400) == "90 minutes"
    assert span_text(6 * 86400 + 23 * 3600 + 59) == "6 d 23 h"
    assert span_text(3600 + 5 * 60) == "1 h 05 min"
    assert span_text(250) == "4 min 10 s"
    now = datetime(2024, 3, 5, 12, tzinfo=UTC)
    forever = UploadToken(token="to1", ttl=0, created_at=now)
    soon = UploadToken(token="to2", ttl=60, created_at=now, expires_at=now + timedelta(seconds=42))
    gone = UploadToken(token="to3", ttl=60, created_at=now, expires_at=now)
    assert [expiry_text(t, now) for t in (forever, soon, gone)] == ["Never", "in 42 s", "Expired"]
    assert upload_url("https://ws.api.video/", "to1") == "https://ws.api.video/upload?token=to1"
