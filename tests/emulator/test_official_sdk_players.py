"""Player themes through the official Python SDK: create, list, get, update, delete, logo upload
with a link and logo delete (contract 3.7)."""

from __future__ import annotations

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.player_themes_api import PlayerThemesApi
from apivideo.exceptions import NotFoundException
from apivideo.model.player_theme import PlayerTheme
from apivideo.model.player_theme_creation_payload import PlayerThemeCreationPayload
from apivideo.model.player_theme_update_payload import PlayerThemeUpdatePayload

from tests.emulator.sdk_support import (
    SdkMedia,
    problem_of,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    with_status,
)

# Documented defaults (contract 3.7); linkActive has none documented, only a string.
DEFAULT_COLOURS = {
    "text": "rgba(255, 255, 255, 1)",
    "link": "rgba(255, 255, 255, 1)",
    "link_hover": "rgba(255, 255, 255, 1)",
    "track_played": "rgba(88, 131, 255, .95)",
    "track_unplayed": "rgba(255, 255, 255, .35)",
    "track_background": "rgba(255, 255, 255, .2)",
    "background_top": "rgba(0, 0, 0, .7)",
    "background_bottom": "rgba(0, 0, 0, .7)",
    "background_text": "rgba(255, 255, 255, 1)",
}
DEFAULT_SWITCHES = {
    "enable_api": True,
    "enable_controls": True,
    "force_autoplay": False,
    "hide_title": False,
    "force_loop": False,
}


def new_player(sdk: AuthenticatedApiClient, **fields: object) -> PlayerTheme:
    player: PlayerTheme = PlayerThemesApi(sdk).create(PlayerThemeCreationPayload(**fields))
    return player


def test_create_fills_every_colour_and_switch(sdk: AuthenticatedApiClient) -> None:
    name = unique("player")
    player, status = with_status(PlayerThemesApi(sdk).create, PlayerThemeCreationPayload(name=name))
    assert status == 201
    assert player.player_id.startswith("pl")
    assert player.name == name
    for field, value in {**DEFAULT_COLOURS, **DEFAULT_SWITCHES}.items():
        assert player[field] == value, field
    assert isinstance(player.link_active, str)
    assert player.updated_at >= player.created_at
    assert "assets" not in player  # no logo yet


def test_create_with_custom_fields(sdk: AuthenticatedApiClient) -> None:
    player = new_player(
        sdk,
        name=unique("custom"),
        text="rgba(10, 20, 30, 1)",
        track_played="rgba(1, 2, 3, .5)",
        enable_api=False,
        force_loop=True,
        hide_title=True,
    )
    assert player.text == "rgba(10, 20, 30, 1)"
    assert player.track_played == "rgba(1, 2, 3, .5)"
    assert (player.enable_api, player.force_loop, player.hide_title) == (False, True, True)
    assert player.link == DEFAULT_COLOURS["link"]  # untouched fields keep their defaults


def test_get_returns_the_created_player(sdk: AuthenticatedApiClient) -> None:
    created = new_player(sdk, name=unique("get"), background_top="rgba(9, 9, 9, 1)")
    fetched, status = with_status(PlayerThemesApi(sdk).get, created.player_id)
    assert status == 200
    assert fetched.to_dict() == created.to_dict()


def test_list_sorts_by_name_and_pages(sdk: AuthenticatedApiClient) -> None:
    stem = unique("list")
    names = [f"{stem} b", f"{stem} a", f"{stem} c"]
    ids = {new_player(sdk, name=name).player_id for name in names}
    players = PlayerThemesApi(sdk)
    listed, status = with_status(players.list, sort_by="name", sort_order="asc", page_size=100)
    assert status == 200
    mine = [p.name for p in listed.data if p.player_id in ids]
    assert mine == sorted(names)
    descending = players.list(sort_by="name", sort_order="desc", page_size=100)
    assert [p.name for p in descending.data if p.player_id in ids] == sorted(names, reverse=True)
    total = listed.pagination.items_total
    assert total >= 3
    page = players.list(page_size=1, current_page=2)
    assert (page.pagination.current_page, page.pagination.pages_total) == (2, total)
    assert len(page.data) == 1


def test_update_changes_only_the_given_fields(sdk: AuthenticatedApiClient) -> None:
    created = new_player(sdk, name=unique("before"))
    players = PlayerThemesApi(sdk)
    payload = PlayerThemeUpdatePayload(
        name="after", link_hover="rgba(0, 255, 0, 1)", force_autoplay=True
    )
    updated, status = with_status(players.update, created.player_id, payload)
    assert status == 200
    assert (updated.name, updated.link_hover, updated.force_autoplay) == (
        "after",
        "rgba(0, 255, 0, 1)",
        True,
    )
    assert updated.text == created.text and updated.enable_api == created.enable_api
    assert updated.created_at == created.created_at
    assert players.get(created.player_id).name == "after"


def test_delete_then_the_player_is_gone(sdk: AuthenticatedApiClient) -> None:
    created = new_player(sdk, name=unique("doomed"))
    players = PlayerThemesApi(sdk)
    body, status = with_status(players.delete, created.player_id)
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException) as missing:
        players.get(created.player_id)
    problem = problem_of(missing.value)
    assert problem["type"].endswith("/resource-not-found")
    assert problem["name"] == "playerId"


def test_logo_upload_with_link_then_delete(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    created = new_player(sdk, name=unique("logo"))
    players = PlayerThemesApi(sdk)
    link = "https://example.org/brand"
    with sdk_media.logo_png.open("rb") as logo:
        with_logo, status = with_status(players.upload_logo, created.player_id, logo, link=link)
    assert status == 201  # (contract 3.7 P6)
    assert with_logo.assets.link == link  # the vendor test's check
    assert with_logo.assets.logo
    assert players.get(created.player_id).assets.link == link
    body, status = with_status(players.delete_logo, created.player_id)
    assert (body, status) == (None, 204)
    after = players.get(created.player_id)
    assert "assets" not in after or "logo" not in after.assets


def test_unknown_player_is_404(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    players = PlayerThemesApi(sdk)
    ghost = "pl0000000000000000000000"
    with pytest.raises(NotFoundException):
        players.get(ghost)
    with pytest.raises(NotFoundException):
        players.update(ghost, PlayerThemeUpdatePayload(name="x"))
    with pytest.raises(NotFoundException):
        players.delete(ghost)
    with pytest.raises(NotFoundException):
        players.delete_logo(ghost)
    with sdk_media.logo_png.open("rb") as logo, pytest.raises(NotFoundException):
        players.upload_logo(ghost, logo, link="https://example.org")
