"""VideosApi against the emulator: create, filters, sort, update, delete, status, thumbnails."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image

from studio.api import ApiError, ApiVideoClient
from studio.api.models import (
    UNSET,
    PlayerThemeCreationPayload,
    VideoCreationPayload,
    VideoUpdatePayload,
    metadata_list,
)
from studio.emulator.server import EmulatorServer


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def ids(listing: object) -> set[str]:
    return {video.video_id async for video in listing}  # type: ignore[attr-defined]


async def test_create_with_a_title_only_gives_the_documented_defaults(
    client: ApiVideoClient,
) -> None:
    title = unique("defaults")
    video = await client.videos.create(title)
    assert video.video_id.startswith("vi") and video.title == title
    assert video.description == ""
    assert (video.public, video.panoramic, video.mp4_support) == (True, False, True)
    assert video.tags == [] and video.metadata == [] and video.player_id is None
    assert video.discarded is False and video.discarded_at is None
    assert video.created_at is not None and video.created_at.tzinfo is not None
    assert video.assets is not None and video.assets.mp4 is not None


async def test_create_sends_every_field_and_get_returns_them(client: ApiVideoClient) -> None:
    payload = VideoCreationPayload(
        title=unique("full"),
        description="a description",
        tags=["one", "two"],
        metadata=metadata_list({"team": "blue", "kind": "demo"}),
        public=True,
        panoramic=True,
        mp4_support=False,
        language="fr",
    )
    created = await client.videos.create(payload)
    fetched = await client.videos.get(created.video_id)
    for video in (created, fetched):
        assert video.description == "a description"
        assert video.tags == ["one", "two"]
        assert video.metadata_map == {"team": "blue", "kind": "demo"}
        assert video.panoramic is True and video.mp4_support is False
        assert video.language == "fr" and video.language_origin == "api"
        assert video.assets is not None and video.assets.mp4 is None


async def test_update_changes_only_what_is_set(client: ApiVideoClient) -> None:
    video = await client.videos.create(
        VideoCreationPayload(title=unique("upd"), tags=["a", "b"], description="keep me")
    )
    updated = await client.videos.update(
        video.video_id,
        VideoUpdatePayload(
            title="renamed", tags=["c"], metadata=metadata_list({"k": "v"}), public=False
        ),
    )
    assert updated.title == "renamed"
    assert updated.tags == ["c"]  # replaced, not merged
    assert updated.metadata_map == {"k": "v"}
    assert updated.description == "keep me"
    assert updated.public is False
    again = await client.videos.get(video.video_id)
    assert (again.title, again.tags, again.public) == ("renamed", ["c"], False)


async def test_private_videos_get_a_fresh_token_on_every_read(client: ApiVideoClient) -> None:
    video = await client.videos.create(VideoCreationPayload(title=unique("priv"), public=False))
    first = await client.videos.get(video.video_id)
    second = await client.videos.get(video.video_id)
    assert first.assets is not None and second.assets is not None
    assert first.assets.player != second.assets.player


async def test_player_is_attached_then_removed_with_null(client: ApiVideoClient) -> None:
    player = await client.players.create(PlayerThemeCreationPayload(name=unique("pl")))
    video = await client.videos.create(
        VideoCreationPayload(title=unique("with-player"), player_id=player.player_id)
    )
    assert video.player_id == player.player_id
    kept = await client.videos.update(video.video_id, VideoUpdatePayload(title="still"))
    assert kept.player_id == player.player_id  # an UNSET player_id is not sent
    removed = await client.videos.update(video.video_id, VideoUpdatePayload(player_id=None))
    assert removed.player_id is None
    assert (await client.videos.get(video.video_id)).player_id is None


async def test_delete_then_get_is_404(client: ApiVideoClient) -> None:
    video = await client.videos.create(unique("gone"))
    await client.videos.delete(video.video_id)
    with pytest.raises(ApiError) as caught:
        await client.videos.get(video.video_id)
    assert caught.value.status == 404 and caught.value.name == "videoId"


async def test_status_of_a_video_without_source(client: ApiVideoClient) -> None:
    video = await client.videos.create(unique("status"))
    status = await client.videos.status(video.video_id)
    assert status.ingest is None
    assert status.encoding is not None and status.encoding.playable is False
    assert status.encoding.qualities == []


async def test_filters_title_tags_metadata_description(client: ApiVideoClient) -> None:
    marker = unique("flt")
    both = await client.videos.create(
        VideoCreationPayload(
            title=f"{marker} alpha",
            tags=[marker, "x"],
            metadata=metadata_list({"m": marker, "n": "1"}),
            description=f"{marker} words",
        )
    )
    one = await client.videos.create(
        VideoCreationPayload(
            title=f"{marker} beta", tags=[marker], metadata=metadata_list({"m": marker})
        )
    )
    assert await ids(client.videos.list(title=marker)) == {both.video_id, one.video_id}
    assert await ids(client.videos.list(title=f"{marker} al")) == {both.video_id}
    assert await ids(client.videos.list(tags=[marker])) == {both.video_id, one.video_id}
    assert await ids(client.videos.list(tags=[marker, "x"])) == {both.video_id}  # all-of
    assert await ids(client.videos.list(metadata={"m": marker})) == {both.video_id, one.video_id}
    assert await ids(client.videos.list(metadata={"m": marker, "n": "1"})) == {both.video_id}
    assert await ids(client.videos.list(description=marker)) == {both.video_id}
    # After an update removes a tag, the all-of filter no longer matches (vendor test).
    await client.videos.update(both.video_id, VideoUpdatePayload(tags=[marker]))
    assert await ids(client.videos.list(tags=[marker, "x"])) == set()


async def test_live_stream_filter_returns_only_its_recordings(client: ApiVideoClient) -> None:
    live = await client.live_streams.create(unique("rec"))
    await client.videos.create(unique("not-a-recording"))
    assert await ids(client.videos.list(live_stream_id=live.live_stream_id)) == set()


async def test_sort_by_title_both_ways(client: ApiVideoClient) -> None:
    tag = unique("sort")
    for letter in "cab":
        await client.videos.create(VideoCreationPayload(title=f"{letter}-{tag}", tags=[tag]))
    up = [v.title async for v in client.videos.list(tags=[tag], sort_by="title")]
    down = [
        v.title async for v in client.videos.list(tags=[tag], sort_by="title", sort_order="desc")
    ]
    assert up == [f"{c}-{tag}" for c in "abc"]
    assert down == list(reversed(up))


def jpeg(path: Path, size: tuple[int, int] = (320, 180)) -> Path:
    Image.new("RGB", size, (200, 30, 90)).save(path, "JPEG")
    return path


async def test_thumbnail_upload_from_a_file_is_served(
    client: ApiVideoClient, tmp_path: Path
) -> None:
    video = await client.videos.create(unique("thumb"))
    updated = await client.videos.upload_thumbnail(video.video_id, jpeg(tmp_path / "t.jpg"))
    assert updated.video_id == video.video_id
    assert updated.assets is not None and updated.assets.thumbnail
    async with httpx.AsyncClient() as plain:
        served = await plain.get(updated.assets.thumbnail)
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("image/")


async def test_thumbnail_with_a_wrong_extension_is_refused(
    client: ApiVideoClient, tmp_path: Path
) -> None:
    video = await client.videos.create(unique("thumb-bad"))
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    with pytest.raises(ApiError) as caught:
        await client.videos.upload_thumbnail(video.video_id, text)
    assert caught.value.status == 400


async def test_thumbnail_pick_by_timecode(client: ApiVideoClient) -> None:
    video = await client.videos.create(unique("pick"))
    picked = await client.videos.pick_thumbnail(video.video_id, "00:00:01.00")
    assert picked.video_id == video.video_id


async def test_discarded_videos_can_be_listed_and_restored(
    client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    video = await client.videos.create(unique("discard"))
    # The emulator's projects lack Video Restore (DELETE is final): its control route discards.
    async with httpx.AsyncClient(base_url=emulator.url) as control:
        answer = await control.post(f"/_emulator/videos/{video.video_id}/discard")
    assert answer.status_code == 200
    discarded = await client.videos.get_discarded(video.video_id)
    assert discarded.discarded is True and discarded.assets is None
    assert discarded.discarded_at is not None and discarded.deletes_at is not None
    assert discarded.deletes_at - discarded.discarded_at == timedelta(days=90)
    assert video.video_id in await ids(client.videos.list_discarded(title=video.title))
    assert video.video_id not in await ids(client.videos.list(title=video.title))
    restored = await client.videos.restore(video.video_id)
    assert restored.discarded is False and restored.discarded_at is None
    assert (await client.videos.get(video.video_id)).title == video.title
    assert await ids(client.videos.list_discarded(title=video.title)) == set()


def test_payload_defaults_are_unset() -> None:
    # Guards the rule the update tests rely on: nothing is sent unless set.
    payload = VideoUpdatePayload()
    assert all(getattr(payload, f) is UNSET for f in payload.__struct_fields__)
