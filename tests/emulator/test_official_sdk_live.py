"""Live streams through the official Python SDK: create, list (filters, sort), get, update with
restreams, delete, thumbnail upload and delete, complete (contract 3.4)."""

from __future__ import annotations

import uuid

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.live_streams_api import LiveStreamsApi
from apivideo.api.player_themes_api import PlayerThemesApi
from apivideo.exceptions import NotFoundException
from apivideo.model.live_stream import LiveStream
from apivideo.model.live_stream_creation_payload import LiveStreamCreationPayload
from apivideo.model.live_stream_update_payload import LiveStreamUpdatePayload
from apivideo.model.player_theme_creation_payload import PlayerThemeCreationPayload
from apivideo.model.restreams_request_object import RestreamsRequestObject

from tests.emulator.sdk_support import (
    SdkMedia,
    problem_of,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    with_status,
)


def restream(name: str, server_url: str, key: str) -> RestreamsRequestObject:
    return RestreamsRequestObject(name=name, server_url=server_url, stream_key=key)


def restreams_of(live: LiveStream) -> list[tuple[str, str, str]]:
    return [(r.name, r.server_url, r.stream_key) for r in live.restreams]


def new_live(sdk: AuthenticatedApiClient, name: str, **fields: object) -> LiveStream:
    live: LiveStream = LiveStreamsApi(sdk).create(LiveStreamCreationPayload(name=name, **fields))
    return live


def test_create_with_only_a_name(sdk: AuthenticatedApiClient) -> None:
    name = unique("live")
    live, status = with_status(LiveStreamsApi(sdk).create, LiveStreamCreationPayload(name=name))
    assert status == 200  # not 201 (contract 3.4 L1)
    assert live.live_stream_id.startswith("li") and len(live.live_stream_id) == 24
    assert live.name == name
    assert live.restreams == []  # always present (the SDK requires it)
    assert live.broadcasting is False
    assert str(uuid.UUID(live.stream_key)) == live.stream_key  # a lowercase UUID
    assert "player_id" not in live
    for asset in ("hls", "iframe", "player", "thumbnail"):
        assert live.live_stream_id in live.assets[asset], asset


def test_create_with_restreams_and_privacy(sdk: AuthenticatedApiClient) -> None:
    targets = [
        restream("YouTube", "rtmp://a.rtmp.example.com/live2", "yt-key"),
        restream("Twitch", "rtmps://live.example.tv/app", "tw-key"),
    ]
    live = new_live(sdk, unique("restreamed"), public=False, restreams=targets)
    assert live.public is False
    assert restreams_of(live) == [
        ("YouTube", "rtmp://a.rtmp.example.com/live2", "yt-key"),
        ("Twitch", "rtmps://live.example.tv/app", "tw-key"),
    ]


def test_get_returns_the_created_stream(sdk: AuthenticatedApiClient) -> None:
    created = new_live(sdk, unique("get"))
    fetched, status = with_status(LiveStreamsApi(sdk).get, created.live_stream_id)
    assert status == 200
    for field in ("live_stream_id", "name", "stream_key", "public", "restreams", "created_at"):
        assert fetched[field] == created[field], field


def test_list_filters_by_name_and_stream_key(sdk: AuthenticatedApiClient) -> None:
    stem = unique("filter")
    one = new_live(sdk, f"{stem} one")
    two = new_live(sdk, f"{stem} two")
    lives = LiveStreamsApi(sdk)
    by_name, status = with_status(lives.list, name=stem, page_size=100)
    assert status == 200
    assert {x.live_stream_id for x in by_name.data} == {one.live_stream_id, two.live_stream_id}
    by_key = lives.list(stream_key=two.stream_key)
    assert [x.live_stream_id for x in by_key.data] == [two.live_stream_id]
    assert by_key.pagination.items_total == 1


def test_list_sorts_and_pages(sdk: AuthenticatedApiClient) -> None:
    stem = unique("sort")
    names = [f"{stem} c", f"{stem} a", f"{stem} b"]
    for name in names:
        new_live(sdk, name)
    lives = LiveStreamsApi(sdk)
    ascending = lives.list(name=stem, sort_by="name", sort_order="asc")
    descending = lives.list(name=stem, sort_by="name", sort_order="desc")
    assert [x.name for x in ascending.data] == sorted(names)
    assert [x.name for x in descending.data] == sorted(names, reverse=True)
    second = lives.list(name=stem, sort_by="name", sort_order="asc", page_size=2, current_page=2)
    assert [x.name for x in second.data] == sorted(names)[2:]
    assert (second.pagination.pages_total, second.pagination.items_total) == (2, 3)


def test_update_replaces_restreams(sdk: AuthenticatedApiClient) -> None:
    live = new_live(
        sdk, unique("upd"), restreams=[restream("Old", "rtmp://old.example.com/app", "old")]
    )
    lives = LiveStreamsApi(sdk)
    payload = LiveStreamUpdatePayload(
        name="renamed",
        public=False,
        restreams=[
            restream("New A", "rtmp://a.example.com/live", "a"),
            restream("New B", "rtmps://b.example.com/live", "b"),
        ],
    )
    updated, status = with_status(lives.update, live.live_stream_id, payload)
    assert status == 200
    assert (updated.name, updated.public) == ("renamed", False)
    # The list is replaced; omitted destinations are removed (L4).
    assert restreams_of(updated) == [
        ("New A", "rtmp://a.example.com/live", "a"),
        ("New B", "rtmps://b.example.com/live", "b"),
    ]
    emptied = lives.update(live.live_stream_id, LiveStreamUpdatePayload(restreams=[]))
    assert emptied.restreams == [] and emptied.name == "renamed"
    assert lives.get(live.live_stream_id).restreams == []


def test_update_sets_the_player(sdk: AuthenticatedApiClient) -> None:
    player = PlayerThemesApi(sdk).create(PlayerThemeCreationPayload(name=unique("player")))
    live = new_live(sdk, unique("with-player"))
    updated = LiveStreamsApi(sdk).update(
        live.live_stream_id, LiveStreamUpdatePayload(player_id=player.player_id)
    )
    assert updated.player_id == player.player_id


def test_delete_then_the_stream_is_gone(sdk: AuthenticatedApiClient) -> None:
    live = new_live(sdk, unique("doomed"))
    lives = LiveStreamsApi(sdk)
    body, status = with_status(lives.delete, live.live_stream_id)
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException) as missing:
        lives.get(live.live_stream_id)
    problem = problem_of(missing.value)
    assert problem["type"].endswith("/resource-not-found")
    assert problem["name"] == "liveStreamId"


def test_thumbnail_upload_then_delete(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    live = new_live(sdk, unique("thumb"))
    lives = LiveStreamsApi(sdk)
    with sdk_media.thumbnail_jpg.open("rb") as image:
        with_thumb, status = with_status(lives.upload_thumbnail, live.live_stream_id, image)
    assert status == 201  # (contract 3.4 L6)
    assert with_thumb.live_stream_id == live.live_stream_id
    assert "thumbnail" in with_thumb.assets
    without, status = with_status(lives.delete_thumbnail, live.live_stream_id)
    assert status == 200  # with a LiveStream body, not 204 (L7)
    assert isinstance(without, LiveStream) and without.live_stream_id == live.live_stream_id


def test_complete(sdk: AuthenticatedApiClient) -> None:
    live = new_live(sdk, unique("complete"))
    body, status = with_status(LiveStreamsApi(sdk).complete, live.live_stream_id)
    assert (body, status) == (None, 202)  # empty body (L8)
    assert LiveStreamsApi(sdk).get(live.live_stream_id).broadcasting is False


def test_unknown_stream_is_404(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    lives = LiveStreamsApi(sdk)
    ghost = "li0000000000000000000000"
    with pytest.raises(NotFoundException):
        lives.get(ghost)
    with pytest.raises(NotFoundException):
        lives.update(ghost, LiveStreamUpdatePayload(name="x"))
    with pytest.raises(NotFoundException):
        lives.delete(ghost)
    with pytest.raises(NotFoundException):
        lives.complete(ghost)
    with sdk_media.thumbnail_jpg.open("rb") as image, pytest.raises(NotFoundException):
        lives.upload_thumbnail(ghost, image)
