"""Captions and chapters through the official Python SDK: upload, get, list, set default,
delete (contract 3.5, 3.6)."""

from __future__ import annotations

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.captions_api import CaptionsApi
from apivideo.api.chapters_api import ChaptersApi
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import NotFoundException
from apivideo.model.caption import Caption
from apivideo.model.captions_update_payload import CaptionsUpdatePayload
from apivideo.model.chapter import Chapter
from apivideo.model.video_creation_payload import VideoCreationPayload

from tests.emulator.sdk_support import (
    SdkMedia,
    sdk_fixture,  # noqa: F401 (fixture "sdk")
    sdk_media_fixture,  # noqa: F401 (fixture "sdk_media")
    unique,
    with_status,
)


def new_video_id(sdk: AuthenticatedApiClient) -> str:
    # Captions and chapters may be added before any source is uploaded (vendor test, V9).
    video_id: str = VideosApi(sdk).create(VideoCreationPayload(title=unique("tracks"))).video_id
    return video_id


def upload_caption(
    sdk: AuthenticatedApiClient, media: SdkMedia, video_id: str, lang: str
) -> Caption:
    with media.captions_vtt.open("rb") as vtt:
        caption: Caption = CaptionsApi(sdk).upload(video_id, lang, vtt)
    return caption


def test_caption_upload_describes_the_track(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    video_id = new_video_id(sdk)
    with sdk_media.captions_vtt.open("rb") as vtt:
        caption, status = with_status(CaptionsApi(sdk).upload, video_id, "en", vtt)
    assert status == 200
    assert caption.uri == f"/videos/{video_id}/captions/en"
    assert caption.srclang == "en"
    assert caption.language_name == "English"
    assert caption.default is False
    assert video_id in caption.src and caption.src.endswith("/captions/en.vtt")


def test_caption_language_names_are_native(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    video_id = new_video_id(sdk)
    assert upload_caption(sdk, sdk_media, video_id, "fr").language_name == "Français"
    regional = upload_caption(sdk, sdk_media, video_id, "fr-CA")
    assert (regional.srclang, regional.language_name) == ("fr-CA", "Français (Canada)")


def test_caption_get_and_list(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    video_id = new_video_id(sdk)
    uploaded = {lang: upload_caption(sdk, sdk_media, video_id, lang) for lang in ("en", "de")}
    captions = CaptionsApi(sdk)
    fetched, status = with_status(captions.get, video_id, "de")
    assert status == 200
    assert fetched.to_dict() == uploaded["de"].to_dict()
    listed, status = with_status(captions.list, video_id)
    assert status == 200
    assert sorted(c.srclang for c in listed.data) == ["de", "en"]
    assert (listed.pagination.items_total, listed.pagination.current_page_items) == (2, 2)


def test_caption_set_default(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    video_id = new_video_id(sdk)
    upload_caption(sdk, sdk_media, video_id, "en")
    captions = CaptionsApi(sdk)
    updated, status = with_status(
        captions.update, video_id, "en", CaptionsUpdatePayload(default=True)
    )
    assert status == 200
    assert updated.default is True and updated.srclang == "en"  # the vendor test's check
    assert captions.get(video_id, "en").default is True
    unset = captions.update(video_id, "en", CaptionsUpdatePayload(default=False))
    assert unset.default is False


def test_caption_delete(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    video_id = new_video_id(sdk)
    upload_caption(sdk, sdk_media, video_id, "en")
    upload_caption(sdk, sdk_media, video_id, "es")
    captions = CaptionsApi(sdk)
    body, status = with_status(captions.delete, video_id, "en")
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException):
        captions.get(video_id, "en")
    assert [c.srclang for c in captions.list(video_id).data] == ["es"]


def test_captions_of_an_unknown_video_are_404(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    ghost = "vi0000000000000000000000"
    with pytest.raises(NotFoundException):
        upload_caption(sdk, sdk_media, ghost, "en")
    with pytest.raises(NotFoundException):
        CaptionsApi(sdk).list(ghost)


def test_chapter_upload_get_list_delete(sdk: AuthenticatedApiClient, sdk_media: SdkMedia) -> None:
    video_id = new_video_id(sdk)
    chapters = ChaptersApi(sdk)
    with sdk_media.chapters_vtt.open("rb") as vtt:
        chapter, status = with_status(chapters.upload, video_id, "en", vtt)
    assert status == 200
    assert isinstance(chapter, Chapter)
    assert chapter.uri == f"/videos/{video_id}/chapters/en"
    assert chapter.language == "en"
    assert video_id in chapter.src and chapter.src.endswith("/chapters/en.vtt")

    fetched, status = with_status(chapters.get, video_id, "en")
    assert status == 200 and fetched.to_dict() == chapter.to_dict()
    with sdk_media.chapters_vtt.open("rb") as vtt:
        chapters.upload(video_id, "fr", vtt)
    listed, status = with_status(chapters.list, video_id)
    assert status == 200
    assert sorted(c.language for c in listed.data) == ["en", "fr"]
    assert listed.pagination.items_total == 2

    body, status = with_status(chapters.delete, video_id, "en")
    assert (body, status) == (None, 204)
    with pytest.raises(NotFoundException):
        chapters.get(video_id, "en")
    assert [c.language for c in chapters.list(video_id).data] == ["fr"]


def test_chapters_of_an_unknown_video_are_404(
    sdk: AuthenticatedApiClient, sdk_media: SdkMedia
) -> None:
    ghost = "vi0000000000000000000000"
    with sdk_media.chapters_vtt.open("rb") as vtt, pytest.raises(NotFoundException):
        ChaptersApi(sdk).upload(ghost, "en", vtt)
    with pytest.raises(NotFoundException):
        ChaptersApi(sdk).list(ghost)
