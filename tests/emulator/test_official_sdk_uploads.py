"""Video source uploads through the official Python SDK: one request (``part 1/1``), chunks of
5 MiB (``part i/3``) and a progressive session (``part i/*`` then ``part 3/3``), contract 5."""

from __future__ import annotations

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import ApiException
from apivideo.model.video import Video
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_id import VideoId
from apivideo.model.video_status import VideoStatus

from tests.emulator.sdk_support import (
    SdkMedia,
    last_status,
    problem_of,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    wait_for,
    wait_uploaded,
    with_status,
)

# Real encoding of a 6 s 960x540 source can take a while on a busy machine.
ENCODING_TIMEOUT_S = 120.0


def new_video(sdk: AuthenticatedApiClient) -> Video:
    video: Video = VideosApi(sdk).create(VideoCreationPayload(title=unique("upload")))
    return video


def assert_parts(status: VideoStatus, count: int, size: int) -> None:
    """Every part landed and the file size is the sum of the parts (contract 5.2)."""
    assert status.ingest.status == "uploaded"
    assert status.ingest.filesize == size
    assert status.ingest.received_parts.parts == list(range(1, count + 1))
    assert status.ingest.received_parts.total == count


def test_single_request_upload(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    video = new_video(sdk)
    with sdk_media.small_mp4.open("rb") as source:
        uploaded, status = with_status(videos.upload, video.video_id, source)
    assert status == 201
    assert isinstance(uploaded, Video) and uploaded.video_id == video.video_id
    assert uploaded.title == video.title  # an upload to an existing video keeps its title
    assert_parts(wait_uploaded(videos, video.video_id), 1, sdk_media.small_mp4.stat().st_size)


def test_second_upload_is_refused(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    video = new_video(sdk)
    with sdk_media.small_mp4.open("rb") as source:
        videos.upload(video.video_id, source)
    wait_uploaded(videos, video.video_id)
    # A different file: a byte-identical re-send may be taken as a client retry (contract 5.4).
    with sdk_media.other_mp4.open("rb") as source, pytest.raises(ApiException) as refused:
        videos.upload(video.video_id, source)
    assert refused.value.status == 400
    problem = problem_of(refused.value)
    assert problem["type"].endswith("/video-source-already-uploaded")


def test_chunked_upload_in_5_mib_parts(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    video = new_video(sdk)
    size = sdk_media.big_mp4.stat().st_size
    progress: list[tuple[int, int]] = []
    with sdk_media.big_mp4.open("rb") as source:
        uploaded, status = with_status(
            videos.upload,
            video.video_id,
            source,
            _progress_listener=lambda sent, total: progress.append((sent, total)),
        )
    assert len(progress) == 3  # the SDK really sent three chunks
    assert status == 201 and uploaded.video_id == video.video_id
    assert_parts(wait_uploaded(videos, video.video_id), 3, size)

    # The parts were joined in order: the source probes as the generated video.
    def playable() -> VideoStatus | None:
        status: VideoStatus = videos.get_status(video.video_id)
        return status if status.encoding.playable else None

    encoded = wait_for(playable, "a playable rendition", timeout_s=ENCODING_TIMEOUT_S)
    assert encoded.encoding.metadata.width == sdk_media.big_width
    assert encoded.encoding.metadata.height == sdk_media.big_height
    assert {q.type for q in encoded.encoding.qualities} <= {"hls", "mp4"}


def test_progressive_session(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    video = new_video(sdk)
    session = videos.create_upload_progressive_session(video.video_id)
    first, second, last = sdk_media.big_parts
    with first.open("rb") as part:
        response = session.uploadPart(part)  # "part 1/*"
    assert last_status(sdk) == 201
    assert isinstance(response, VideoId) and response.video_id == video.video_id
    # While the total is unknown, receivedParts.total is null (contract 5.2).
    during = videos.get_status(video.video_id)
    assert during.ingest.status == "uploading"
    assert during.ingest.received_parts.parts == [1]
    assert during.ingest.received_parts.total is None
    with second.open("rb") as part:
        session.uploadPart(part)  # "part 2/*"
    with last.open("rb") as part:
        final = session.uploadLastPart(part)  # "part 3/3"
    assert last_status(sdk) == 201
    assert isinstance(final, Video) and final.video_id == video.video_id
    assert_parts(wait_uploaded(videos, video.video_id), 3, sdk_media.big_mp4.stat().st_size)


def test_progressive_session_of_one_part(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    videos = VideosApi(sdk)
    video = new_video(sdk)
    session = videos.create_upload_progressive_session(video.video_id)
    with sdk_media.small_mp4.open("rb") as part:
        final = session.uploadLastPart(part)  # a session may start with "part 1/1"
    assert last_status(sdk) == 201 and final.video_id == video.video_id
    assert_parts(wait_uploaded(videos, video.video_id), 1, sdk_media.small_mp4.stat().st_size)
