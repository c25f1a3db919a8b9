"""Player themes over HTTP (contract 3.7): defaults, updates, sorting, the logo rule and its
delivery."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image, PngImagePlugin

from studio.emulator.routes.players import DEFAULT_COLOURS, DEFAULT_SWITCHES
from studio.emulator.server import EmulatorServer
from tests.conftest import OTHER_KEY


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=(emulator.api_key, "")) as client:
        yield client


def create(api: httpx.Client, **fields: Any) -> dict[str, Any]:
    r = api.post("/players", json=fields)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def picture(fmt: str, size: tuple[int, int], *, padding: int = 0) -> bytes:
    img = Image.new("RGBA" if fmt == "PNG" else "RGB", size, (200, 30, 60))
    buf = io.BytesIO()
    if padding:  # an uncompressed text chunk makes the file heavy without changing the picture
        info = PngImagePlugin.PngInfo()
        info.add_text("padding", "x" * padding)
        img.save(buf, fmt, pnginfo=info)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def upload_logo(api: httpx.Client, player_id: str, data: bytes, **fields: str) -> httpx.Response:
    # The Node client names the part after the file and always sends "link".
    return api.post(
        f"/players/{player_id}/logo", files={"logo.png": ("logo.png", data)}, data=fields
    )


def test_create_fills_every_documented_default(api: httpx.Client) -> None:
    r = api.post("/players", json={})
    assert r.status_code == 201 and r.headers["content-type"] == "application/json"
    player = r.json()
    assert player["playerId"].startswith("pl") and len(player["playerId"]) == 24
    assert {k: player[k] for k in DEFAULT_COLOURS} == DEFAULT_COLOURS
    assert {k: player[k] for k in DEFAULT_SWITCHES} == DEFAULT_SWITCHES
    assert DEFAULT_COLOURS["trackPlayed"] == "rgba(88, 131, 255, .95)"
    assert DEFAULT_SWITCHES == {
        "enableApi": True,
        "enableControls": True,
        "forceAutoplay": False,
        "hideTitle": False,
        "forceLoop": False,
    }
    assert "name" not in player and "assets" not in player
    assert player["createdAt"] == player["updatedAt"]


def test_update_changes_only_given_fields(api: httpx.Client) -> None:
    player = create(api, name="before", text="rgba(1, 2, 3, 1)", hideTitle=True)
    r = api.patch(
        f"/players/{player['playerId']}", json={"name": "after", "forceLoop": True, "link": "red"}
    )
    assert r.status_code == 200
    updated = r.json()
    assert (updated["name"], updated["forceLoop"], updated["link"]) == ("after", True, "red")
    assert updated["text"] == "rgba(1, 2, 3, 1)" and updated["hideTitle"] is True
    assert updated["createdAt"] == player["createdAt"]
    assert api.get(f"/players/{player['playerId']}").json() == updated


def test_list_sorts_by_name(api: httpx.Client) -> None:
    stem = uuid.uuid4().hex[:6]
    ids = {create(api, name=f"{stem}-{n}")["playerId"] for n in ("b", "C", "a")}
    listed = api.get("/players", params={"sortBy": "name", "pageSize": 100}).json()["data"]
    mine = [p["name"] for p in listed if p["playerId"] in ids]
    assert mine == [f"{stem}-a", f"{stem}-b", f"{stem}-C"]
    r = api.get("/players", params={"sortBy": "colour"})
    assert r.status_code == 400 and r.json()["name"] == "sortBy"


def test_logo_is_checked_scaled_and_served(api: httpx.Client, emulator: EmulatorServer) -> None:
    player_id = create(api, name="logo")["playerId"]
    r = upload_logo(api, player_id, picture("PNG", (150, 60)), link="https://example.org/brand")
    assert r.status_code == 201
    assets = r.json()["assets"]
    assert assets == {
        "logo": f"{emulator.url}/embed/players/{player_id}/logo.png",
        "link": "https://example.org/brand",
    }
    served = httpx.get(assets["logo"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(served.content)) as logo:
        assert (logo.format, logo.size) == ("PNG", (75, 30))  # 30 px high, aspect kept
    assert api.get(f"/players/{player_id}").json()["assets"] == assets


@pytest.mark.parametrize("link", ["undefined", ""])
def test_an_undefined_or_empty_link_means_none(api: httpx.Client, link: str) -> None:
    player_id = create(api)["playerId"]
    r = upload_logo(api, player_id, picture("JPEG", (200, 100)), link=link)
    assert r.status_code == 201 and set(r.json()["assets"]) == {"logo"}


@pytest.mark.parametrize(
    ("data", "slug", "words"),
    [
        (picture("GIF", (50, 50)), "uploaded-file-extension-invalid", "'png'"),
        (b"not an image at all", "uploaded-file-extension-invalid", "'jpg'"),
        (picture("PNG", (201, 50)), "uploaded-file-invalid-file", "201x50"),
        (picture("JPEG", (120, 101)), "uploaded-file-invalid-file", "120x101"),
        (picture("PNG", (200, 100), padding=110_000), "uploaded-file-too-large", "100 KiB"),
    ],
)
def test_logo_rule(api: httpx.Client, data: bytes, slug: str, words: str) -> None:
    player_id = create(api)["playerId"]
    r = upload_logo(api, player_id, data, link="https://example.org")
    assert r.status_code == 400
    problem = r.json()
    assert problem["type"].endswith(f"/{slug}") and problem["name"] == "file"
    assert words in problem["title"] + problem.get("detail", "")
    assert "assets" not in api.get(f"/players/{player_id}").json()


def test_delete_logo_then_player(api: httpx.Client) -> None:
    player_id = create(api)["playerId"]
    logo_url = upload_logo(api, player_id, picture("PNG", (40, 40))).json()["assets"]["logo"]
    r = api.delete(f"/players/{player_id}/logo")
    assert r.status_code == 204 and r.content == b"" and "content-type" not in r.headers
    assert "assets" not in api.get(f"/players/{player_id}").json()
    assert httpx.get(logo_url).status_code == 404
    assert api.delete(f"/players/{player_id}").status_code == 204
    for call in (
        api.get(f"/players/{player_id}"),
        api.patch(f"/players/{player_id}", json={"name": "x"}),
        api.delete(f"/players/{player_id}/logo"),
        upload_logo(api, player_id, picture("PNG", (40, 40))),
    ):
        assert call.status_code == 404 and call.json()["name"] == "playerId"


def test_other_projects_do_not_see_the_player(api: httpx.Client, emulator: EmulatorServer) -> None:
    player_id = create(api)["playerId"]
    with httpx.Client(base_url=emulator.url, auth=(OTHER_KEY, "")) as other:
        assert other.get(f"/players/{player_id}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "x" * 101}, "name"), ({"text": 12}, "text"), ({"forceLoop": "yes"}, "forceLoop")],
)
def test_invalid_fields_are_400(
    unrecorded_emulator: EmulatorServer, body: dict[str, Any], field: str
) -> None:
    # Outside the request schema on purpose (maxLength, types): not recorded.
    r = httpx.post(
        f"{unrecorded_emulator.url}/players", json=body, auth=(unrecorded_emulator.api_key, "")
    )
    assert r.status_code == 400 and r.json()["name"] == field
