"""Delegated upload through the official Python SDK: upload tokens (create, list, get, delete)
and ``POST /upload?token=`` in one request, in 5 MiB chunks and as a progressive session
(contract 3.3, 5.4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.upload_tokens_api import UploadTokensApi
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import NotFoundException, UnauthorizedException
from apivideo.model.token_creation_payload import TokenCreationPayload
from apivideo.model.upload_token import UploadToken
from apivideo.model.video import Video
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_id import VideoId

from tests.emulator.sdk_support import (
    SdkMedia,
    last_status,
    problem_of,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    wait_uploaded,
    with_status,
)


def new_token(sdk: AuthenticatedApiClient, ttl: int = 3600) -> UploadToken:
    token: UploadToken = UploadTokensApi(sdk).create_token(TokenCreationPayload(ttl=ttl))
    return token


def videos_titled(sdk: AuthenticatedApiClient, title: str) -> set[str]:
    listed = VideosApi(sdk).list(title=title, page_size=100)
    return {v.video_id for v in listed.data if v.title == title}


def test_create_token_with_a_ttl(sdk: AuthenticatedApiClient) -> None:
    token, status = with_status(UploadTokensApi(sdk).create_token, TokenCreationPayload(ttl=3600))
    assert status == 200  # not 201 (contract 3.3 U1)
    assert token.token.startswith("to") and token.ttl == 3600
    assert token.expires_at - token.created_at == timedelta(seconds=3600)


def test_create_token_without_expiry(sdk: AuthenticatedApiClient) -> None:
    token = new_token(sdk, ttl=0)
    assert token.ttl == 0
    assert token.get("expires_at") is None  # ttl 0 never expires: null or omitted


def test_get_token(sdk: AuthenticatedApiClient) -> None:
    created = new_token(sdk, ttl=120)
    fetched, status = with_status(UploadTokensApi(sdk).get_token, created.token)
    assert status == 200
    assert (fetched.token, fetched.ttl, fetched.created_at, fetched.expires_at) == (
        created.token,
        120,
        created.created_at,
        created.expires_at,
    )


def test_list_tokens_sorted_by_ttl(sdk: AuthenticatedApiClient) -> None:
    mine = {new_token(sdk, ttl=ttl).token for ttl in (900, 300, 600)}
    listed, status = with_status(
        UploadTokensApi(sdk).list, sort_by="ttl", sort_order="asc", page_size=100
    )
    assert status == 200
    assert mine <= {t.token for t in listed.data}
    ttls = [t.ttl for t in listed.data]
    assert ttls == sorted(ttls)
    assert listed.pagination.items_total >= len(mine)
    descending = UploadTokensApi(sdk).list(sort_by="ttl", sort_order="desc", page_size=100)
    assert [t.ttl for t in descending.data] == sorted(ttls, reverse=True)


def test_delete_token_then_it_is_unknown_and_refused(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    token = new_token(sdk)
    tokens = UploadTokensApi(sdk)
    body, status = with_status(tokens.delete_token, token.token)
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException):
        tokens.get_token(token.token)
    with sdk_media.small_mp4.open("rb") as source, pytest.raises(UnauthorizedException) as refused:
        VideosApi(sdk).upload_with_upload_token(token.token, source)
    assert problem_of(refused.value)["type"].endswith("/authentication-invalid-upload-token")


def test_token_upload_creates_a_video_named_after_the_file(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    token = new_token(sdk)
    videos = VideosApi(sdk)
    # The SDK also sends its Bearer header here; the route must go by the token alone.
    with sdk_media.small_mp4.open("rb") as source:
        video, status = with_status(videos.upload_with_upload_token, token.token, source)
    assert status == 201
    assert isinstance(video, Video) and video.title == sdk_media.small_mp4.name
    assert videos.get(video.video_id).title == sdk_media.small_mp4.name  # in the token's project
    status_after = wait_uploaded(videos, video.video_id)
    assert status_after.ingest.filesize == sdk_media.small_mp4.stat().st_size


def test_chunked_token_upload_builds_one_video(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    # The SDK sends parts 2..3 without a videoId: the emulator must join them by token (U5).
    token = new_token(sdk)
    videos = VideosApi(sdk)
    title = sdk_media.big_mp4.name
    before = videos_titled(sdk, title)
    with sdk_media.big_mp4.open("rb") as source:
        video, status = with_status(videos.upload_with_upload_token, token.token, source)
    assert status == 201 and video.title == title
    assert videos_titled(sdk, title) - before == {video.video_id}  # one new video, not three
    ingest = wait_uploaded(videos, video.video_id).ingest
    assert ingest.received_parts.parts == [1, 2, 3] and ingest.received_parts.total == 3
    assert ingest.filesize == sdk_media.big_mp4.stat().st_size


def test_progressive_token_session(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    token = new_token(sdk)
    videos = VideosApi(sdk)
    session = videos.create_upload_with_upload_token_progressive_session(token.token)
    first, second, last = sdk_media.big_parts
    with first.open("rb") as part:
        started = session.uploadPart(part)  # no videoId yet: a new video
    assert last_status(sdk) == 201
    assert isinstance(started, VideoId) and session.video_id == started.video_id
    with second.open("rb") as part:
        session.uploadPart(part)  # carries the videoId from the previous answer
    with last.open("rb") as part:
        final = session.uploadLastPart(part)
    assert last_status(sdk) == 201
    assert final.video_id == started.video_id
    assert final.title == first.name  # titled after the first part's file name (U5)
    ingest = wait_uploaded(videos, final.video_id).ingest
    assert ingest.received_parts.parts == [1, 2, 3]
    assert ingest.filesize == sdk_media.big_mp4.stat().st_size


def test_progressive_token_session_into_an_existing_video(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    token = new_token(sdk)
    videos = VideosApi(sdk)
    title = unique("prepared")
    video = videos.create(VideoCreationPayload(title=title))
    session = videos.create_upload_with_upload_token_progressive_session(
        token.token, video.video_id
    )
    with sdk_media.small_mp4.open("rb") as part:
        final = session.uploadLastPart(part)
    assert last_status(sdk) == 201
    assert (final.video_id, final.title) == (video.video_id, title)
    wait_uploaded(videos, video.video_id)
