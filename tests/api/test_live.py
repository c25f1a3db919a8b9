"""LiveStreamsApi against the emulator (contract 3.4)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from studio.api import ApiError, ApiVideoClient
from studio.api.models import (
    LiveStreamCreationPayload,
    LiveStreamUpdatePayload,
    PlayerThemeCreationPayload,
    RestreamPayload,
)
from studio.emulator.server import EmulatorServer


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def raw_client(unrecorded_emulator: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    """For answers api.video does not document (a 404 on GET /live-streams/{id})."""
    async with ApiVideoClient(unrecorded_emulator.api_key, base_url=unrecorded_emulator.url) as c:
        yield c


def restream(n: int) -> RestreamPayload:
    return RestreamPayload(
        name=f"dest {n}", server_url=f"rtmp://restream{n}.example/live", stream_key=f"k{n}"
    )


async def test_create_gives_an_idle_stream_with_a_key(client: ApiVideoClient) -> None:
    name = unique("live")
    live = await client.live_streams.create(name)
    assert live.live_stream_id.startswith("li") and live.name == name
    assert live.stream_key and live.broadcasting is False
    assert live.public is True and live.restreams == []
    assert live.assets is not None and live.assets.hls
    assert (await client.live_streams.get(live.live_stream_id)).stream_key == live.stream_key


async def test_create_with_restreams_player_and_privacy(client: ApiVideoClient) -> None:
    player = await client.players.create(PlayerThemeCreationPayload(name=unique("p")))
    live = await client.live_streams.create(
        LiveStreamCreationPayload(
            name=unique("full"),
            public=False,
            player_id=player.player_id,
            restreams=[restream(1), restream(2)],
        )
    )
    assert live.public is False and live.player_id == player.player_id
    assert [(r.name, r.server_url, r.stream_key) for r in live.restreams] == [
        ("dest 1", "rtmp://restream1.example/live", "k1"),
        ("dest 2", "rtmp://restream2.example/live", "k2"),
    ]


async def test_update_replaces_restreams_and_keeps_the_rest(client: ApiVideoClient) -> None:
    live = await client.live_streams.create(
        LiveStreamCreationPayload(name=unique("upd"), restreams=[restream(1), restream(2)])
    )
    updated = await client.live_streams.update(
        live.live_stream_id, LiveStreamUpdatePayload(restreams=[restream(3)], public=False)
    )
    assert [r.name for r in updated.restreams] == ["dest 3"]
    assert updated.public is False and updated.name == live.name
    renamed = await client.live_streams.update(
        live.live_stream_id, LiveStreamUpdatePayload(name="renamed")
    )
    assert renamed.name == "renamed" and [r.name for r in renamed.restreams] == ["dest 3"]


async def test_six_restreams_are_refused(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await client.live_streams.create(
            LiveStreamCreationPayload(
                name=unique("many"), restreams=[restream(i) for i in range(6)]
            )
        )
    assert caught.value.status == 400 and caught.value.name == "restreams"


async def test_list_filters_by_name_and_stream_key_and_sorts(client: ApiVideoClient) -> None:
    marker = unique("lst")
    made = [await client.live_streams.create(f"{marker} {c}") for c in "bca"]
    by_name = [live.name async for live in client.live_streams.list(name=marker, sort_by="name")]
    assert by_name == [f"{marker} {c}" for c in "abc"]
    desc = [
        live.name
        async for live in client.live_streams.list(
            name=marker, sort_by="name", sort_order="desc", page_size=2
        )
    ]
    assert desc == list(reversed(by_name))
    keyed = await client.live_streams.list(stream_key=made[1].stream_key).all()
    assert [live.live_stream_id for live in keyed] == [made[1].live_stream_id]


async def test_thumbnail_upload_and_delete(client: ApiVideoClient, tmp_path: Path) -> None:
    live = await client.live_streams.create(unique("thumb"))
    image = tmp_path / "live.png"
    Image.new("RGB", (64, 36), (0, 90, 200)).save(image, "PNG")
    with_thumb = await client.live_streams.upload_thumbnail(live.live_stream_id, image)
    assert with_thumb.live_stream_id == live.live_stream_id
    without = await client.live_streams.delete_thumbnail(live.live_stream_id)
    assert without.live_stream_id == live.live_stream_id


async def test_complete_is_accepted_for_an_idle_stream(client: ApiVideoClient) -> None:
    live = await client.live_streams.create(unique("complete"))
    await client.live_streams.complete(live.live_stream_id)
    assert (await client.live_streams.get(live.live_stream_id)).broadcasting is False


async def test_delete_then_get_is_404(raw_client: ApiVideoClient) -> None:
    live = await raw_client.live_streams.create(unique("del"))
    await raw_client.live_streams.delete(live.live_stream_id)
    with pytest.raises(ApiError) as caught:
        await raw_client.live_streams.get(live.live_stream_id)
    assert caught.value.status == 404 and caught.value.name == "liveStreamId"
