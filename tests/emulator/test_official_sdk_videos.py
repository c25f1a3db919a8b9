"""Videos through the official Python SDK: create, list (filters, sort, pages), get, update,
delete, status, thumbnails. The SDK parses every response strictly, so each call also checks the
emulator's shapes (contract 3.2, 4.1, 1.7, 1.11)."""

from __future__ import annotations

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.player_themes_api import PlayerThemesApi
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import NotFoundException
from apivideo.model.metadata import Metadata
from apivideo.model.player_theme_creation_payload import PlayerThemeCreationPayload
from apivideo.model.video import Video
from apivideo.model.video_clip import VideoClip
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_thumbnail_pick_payload import VideoThumbnailPickPayload
from apivideo.model.video_update_payload import VideoUpdatePayload

from tests.emulator.sdk_support import (
    SdkMedia,
    problem_of,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    wait_uploaded,
    with_status,
)


def create_video(sdk: AuthenticatedApiClient, title: str, **fields: object) -> Video:
    video: Video = VideosApi(sdk).create(VideoCreationPayload(title=title, **fields))
    return video


def metadata_of(video: Video) -> dict[str, str]:
    return {m.key: m.value for m in video.metadata}


def test_create_with_only_a_title_fills_the_documented_defaults(
    sdk: AuthenticatedApiClient,
) -> None:
    title = unique("defaults")
    video, status = with_status(VideosApi(sdk).create, VideoCreationPayload(title=title))
    assert status == 201
    assert video.video_id.startswith("vi") and len(video.video_id) == 24
    assert video.title == title
    assert video.description == ""
    assert video.public is True and video.panoramic is False and video.mp4_support is True
    assert video.tags == [] and video.metadata == []
    assert video.discarded is False
    assert video.discarded_at is None and video.deletes_at is None
    assert "player_id" not in video
    assert video.source.uri == f"/videos/{video.video_id}/source"
    assert video.created_at.tzinfo is not None and video.updated_at >= video.created_at
    for asset in ("iframe", "player", "hls", "thumbnail", "mp4"):
        assert video.video_id in video.assets[asset], asset


def test_create_with_every_field_echoes_them(sdk: AuthenticatedApiClient) -> None:
    title = unique("full")
    video = create_video(
        sdk,
        title,
        description="made by the official SDK",
        public=False,
        panoramic=True,
        mp4_support=False,
        tags=["sdk", "full"],
        metadata=[Metadata(key="origin", value="sdk"), Metadata(key="team", value="qa")],
        clip=VideoClip(start_timecode="00:00:01", end_timecode="00:00:02"),
        language="fr",
    )
    assert video.description == "made by the official SDK"
    assert video.public is False and video.panoramic is True and video.mp4_support is False
    assert video.tags == ["sdk", "full"]
    assert metadata_of(video) == {"origin": "sdk", "team": "qa"}
    assert video.language == "fr" and video.language_origin == "api"
    assert "mp4" not in video.assets  # mp4Support false (contract 6.1)


def test_get_returns_the_created_video(sdk: AuthenticatedApiClient) -> None:
    created = create_video(sdk, unique("get"), tags=["one"])
    fetched, status = with_status(VideosApi(sdk).get, created.video_id)
    assert status == 200
    for field in ("video_id", "title", "description", "tags", "public", "created_at", "source"):
        assert fetched[field] == created[field], field


def test_private_video_gets_a_fresh_token_per_get(sdk: AuthenticatedApiClient) -> None:
    created = create_video(sdk, unique("private"), public=False)
    first = VideosApi(sdk).get(created.video_id)
    second = VideosApi(sdk).get(created.video_id)
    assert "/token/" in first.assets.hls  # tokenised asset URLs (contract 6.1)
    assert first.assets.hls != second.assets.hls  # a new private token each GET (6.2)


def test_list_filters_by_tags_metadata_and_title(sdk: AuthenticatedApiClient) -> None:
    tag, key = unique("tag"), unique("key")
    alpha = create_video(
        sdk, unique("alpha"), tags=[tag, "extra"], metadata=[Metadata(key=key, value="one")]
    )
    beta = create_video(sdk, unique("beta"), tags=[tag], metadata=[Metadata(key=key, value="two")])
    gamma = create_video(sdk, unique("gamma"), tags=[tag, "extra"])
    videos = VideosApi(sdk)

    def ids(**filters: object) -> set[str]:
        return {v.video_id for v in videos.list(page_size=100, **filters).data}

    assert ids(tags=[tag]) == {alpha.video_id, beta.video_id, gamma.video_id}
    assert ids(tags=[tag, "extra"]) == {alpha.video_id, gamma.video_id}  # all tags required
    assert ids(metadata={key: "one"}) == {alpha.video_id}
    assert ids(metadata={key: "two"}) == {beta.video_id}
    assert ids(title=alpha.title) == {alpha.video_id}
    assert ids(title=alpha.title[2:-2]) == {alpha.video_id}  # titles containing the term


def test_list_sorts_by_title_both_ways(sdk: AuthenticatedApiClient) -> None:
    tag = unique("sort")
    titles = [f"{tag}-b", f"{tag}-c", f"{tag}-a"]
    for title in titles:
        create_video(sdk, title, tags=[tag])
    videos = VideosApi(sdk)
    ascending = [v.title for v in videos.list(tags=[tag], sort_by="title", sort_order="asc").data]
    descending = [v.title for v in videos.list(tags=[tag], sort_by="title", sort_order="desc").data]
    assert ascending == sorted(titles)
    assert descending == sorted(titles, reverse=True)


def test_list_pages_through_results(sdk: AuthenticatedApiClient) -> None:
    tag = unique("page")
    created = {create_video(sdk, f"{tag}-{i}", tags=[tag]).video_id for i in range(5)}
    videos = VideosApi(sdk)
    first, status = with_status(videos.list, tags=[tag], page_size=2, sort_by="createdAt")
    assert status == 200
    page = first.pagination
    assert (page.current_page, page.page_size, page.pages_total) == (1, 2, 3)
    assert (page.items_total, page.current_page_items) == (5, 2)
    assert {link.rel for link in page.links} == {"self", "first", "next", "last"}
    last = videos.list(tags=[tag], page_size=2, current_page=3, sort_by="createdAt")
    assert last.pagination.current_page_items == 1
    assert {link.rel for link in last.pagination.links} == {"self", "first", "previous", "last"}
    seen = {
        v.video_id
        for n in (1, 2, 3)
        for v in videos.list(tags=[tag], page_size=2, current_page=n, sort_by="createdAt").data
    }
    assert seen == created


def test_update_replaces_fields_and_tags(sdk: AuthenticatedApiClient) -> None:
    tag = unique("upd")
    video = create_video(sdk, unique("before"), tags=[tag, "other"])
    videos = VideosApi(sdk)
    payload = VideoUpdatePayload(
        title="after",
        description="changed",
        public=False,
        panoramic=True,
        mp4_support=False,
        tags=[tag],
        metadata=[Metadata(key="k", value="v")],
    )
    updated, status = with_status(videos.update, video.video_id, payload)
    assert status == 200
    assert (updated.title, updated.description) == ("after", "changed")
    assert updated.public is False and updated.panoramic is True and updated.mp4_support is False
    assert updated.tags == [tag]  # replaced, not merged (contract 10.11)
    assert metadata_of(updated) == {"k": "v"}
    assert videos.get(video.video_id).title == "after"
    # The vendor's own check: the dropped tag no longer matches.
    assert videos.list(tags=[tag, "other"]).data == []
    assert [v.video_id for v in videos.list(tags=[tag]).data] == [video.video_id]


def test_update_sets_then_clears_the_player(sdk: AuthenticatedApiClient) -> None:
    player = PlayerThemesApi(sdk).create(PlayerThemeCreationPayload(name=unique("player")))
    video = create_video(sdk, unique("with-player"))
    videos = VideosApi(sdk)
    linked = videos.update(video.video_id, VideoUpdatePayload(player_id=player.player_id))
    assert linked.player_id == player.player_id
    # The SDK sends an explicit "playerId": null, which removes the association (V4).
    cleared = videos.update(video.video_id, VideoUpdatePayload(player_id=None))
    assert "player_id" not in cleared
    assert "player_id" not in videos.get(video.video_id)


def test_delete_then_the_video_is_gone(sdk: AuthenticatedApiClient) -> None:
    video = create_video(sdk, unique("doomed"))
    videos = VideosApi(sdk)
    body, status = with_status(videos.delete, video.video_id)
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException) as missing:
        videos.get(video.video_id)
    problem = problem_of(missing.value)
    assert problem["type"].endswith("/resource-not-found")
    assert problem["name"] == "videoId"


def test_unknown_video_is_404_on_every_route(sdk: AuthenticatedApiClient) -> None:
    videos = VideosApi(sdk)
    ghost = "vi0000000000000000000000"
    for call in (
        lambda: videos.get(ghost),
        lambda: videos.update(ghost, VideoUpdatePayload(title="x")),
        lambda: videos.delete(ghost),
        lambda: videos.get_status(ghost),
    ):
        with pytest.raises(NotFoundException):
            call()


def test_status_before_any_upload(sdk: AuthenticatedApiClient) -> None:
    video = create_video(sdk, unique("empty"))
    status, code = with_status(VideosApi(sdk).get_status, video.video_id)
    assert code == 200
    assert status.encoding.playable is False
    assert status.encoding.qualities == []


def test_thumbnail_upload_on_a_video_without_source(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    video = create_video(sdk, unique("thumb"))
    with sdk_media.thumbnail_jpg.open("rb") as image:
        updated, status = with_status(VideosApi(sdk).upload_thumbnail, video.video_id, image)
    assert status == 200
    assert updated.video_id == video.video_id
    assert "thumbnail" in updated.assets


def test_pick_thumbnail_by_timecode(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    # The vendor's test picks a frame on a video with no source yet: 200 all the same (V9).
    empty = create_video(sdk, unique("pick-empty"))
    picked, status = with_status(
        videos.pick_thumbnail, empty.video_id, VideoThumbnailPickPayload(timecode="00:15:22.05")
    )
    assert (status, picked.video_id) == (200, empty.video_id)
    uploaded = create_video(sdk, unique("pick"))
    with sdk_media.small_mp4.open("rb") as source:
        videos.upload(uploaded.video_id, source)
    wait_uploaded(videos, uploaded.video_id)
    picked, status = with_status(
        videos.pick_thumbnail, uploaded.video_id, VideoThumbnailPickPayload(timecode="00:00:01.00")
    )
    assert (status, picked.video_id) == (200, uploaded.video_id)
    assert "thumbnail" in picked.assets
