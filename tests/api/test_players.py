"""PlayersApi against the emulator (contract 3.7)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image

from studio.api import ApiError, ApiVideoClient
from studio.api.models import (
    PLAYER_COLOR_FIELDS,
    PLAYER_FLAG_FIELDS,
    PlayerThemeCreationPayload,
    PlayerThemeUpdatePayload,
)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def logo_png(size: tuple[int, int] = (120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_create_with_defaults_fills_every_colour_and_switch(client: ApiVideoClient) -> None:
    theme = await client.players.create()
    assert theme.player_id.startswith("pl")
    for name in PLAYER_COLOR_FIELDS:
        if name != "link_active":  # the one colour without a documented default
            assert isinstance(getattr(theme, name), str), name
    assert (theme.enable_api, theme.enable_controls) == (True, True)
    assert (theme.force_autoplay, theme.hide_title, theme.force_loop) == (False, False, False)
    assert theme.assets is None


async def test_create_echoes_colours_and_switches(client: ApiVideoClient) -> None:
    payload = PlayerThemeCreationPayload(
        name=unique("theme"),
        text="rgba(1, 2, 3, 1)",
        link_hover="rgba(9, 9, 9, .5)",
        track_played="rgba(88, 131, 255, .95)",
        enable_api=False,
        force_loop=True,
    )
    theme = await client.players.create(payload)
    assert theme.name == payload.name
    assert (theme.text, theme.link_hover) == ("rgba(1, 2, 3, 1)", "rgba(9, 9, 9, .5)")
    assert theme.enable_api is False and theme.force_loop is True
    assert await client.players.get(theme.player_id) == theme


async def test_update_changes_only_the_given_fields(client: ApiVideoClient) -> None:
    theme = await client.players.create(
        PlayerThemeCreationPayload(name=unique("upd"), text="rgba(0, 0, 0, 1)")
    )
    updated = await client.players.update(
        theme.player_id, PlayerThemeUpdatePayload(hide_title=True, background_top="red")
    )
    assert updated.hide_title is True and updated.background_top == "red"
    untouched = {n: getattr(theme, n) for n in PLAYER_COLOR_FIELDS + PLAYER_FLAG_FIELDS}
    untouched.pop("hide_title")
    untouched.pop("background_top")
    assert {n: getattr(updated, n) for n in untouched} == untouched
    assert updated.name == theme.name


async def test_list_sorted_by_name(client: ApiVideoClient) -> None:
    marker = unique("list")
    for c in "bac":
        await client.players.create(PlayerThemeCreationPayload(name=f"{marker}-{c}"))
    names = [
        t.name
        async for t in client.players.list(sort_by="name", sort_order="desc", page_size=2)
        if t.name and t.name.startswith(marker)
    ]
    assert names == [f"{marker}-{c}" for c in "cba"]


async def test_logo_upload_with_link_then_delete(client: ApiVideoClient, tmp_path: Path) -> None:
    theme = await client.players.create()
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    with_logo = await client.players.upload_logo(
        theme.player_id, logo, link="https://example.org/home"
    )
    assert with_logo.assets is not None
    assert with_logo.assets.link == "https://example.org/home"
    assert with_logo.assets.logo
    await client.players.delete_logo(theme.player_id)
    assert (await client.players.get(theme.player_id)).assets is None


async def test_logo_too_large_is_400(client: ApiVideoClient) -> None:
    theme = await client.players.create()
    with pytest.raises(ApiError) as caught:
        await client.players.upload_logo(theme.player_id, logo_png((400, 300)), filename="big.png")
    assert caught.value.status == 400


async def test_delete_then_get_is_404(client: ApiVideoClient) -> None:
    theme = await client.players.create()
    await client.players.delete(theme.player_id)
    with pytest.raises(ApiError) as caught:
        await client.players.get(theme.player_id)
    assert caught.value.status == 404 and caught.value.name == "playerId"
