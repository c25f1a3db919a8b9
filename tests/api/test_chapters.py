"""ChaptersApi against the emulator (contract 3.6)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from studio.api import ApiError, ApiVideoClient

CHAPTERS = (
    "WEBVTT\n\n"
    "intro\n00:00:00.000 --> 00:00:10.000\nIntro\n\n"
    "00:00:10.000 --> 00:01:00.000\nMain part\n"
)


async def new_video(client: ApiVideoClient) -> str:
    return (await client.videos.create(f"chapters-{uuid.uuid4().hex[:8]}")).video_id


async def test_upload_get_list_delete(client: ApiVideoClient, tmp_path: Path) -> None:
    video_id = await new_video(client)
    path = tmp_path / "chapters.vtt"
    path.write_text(CHAPTERS, encoding="utf-8")
    chapter = await client.chapters.upload(video_id, "en", path)
    assert chapter.language == "en"
    assert chapter.uri == f"/videos/{video_id}/chapters/en"
    assert chapter.src.endswith(".vtt")
    assert await client.chapters.get(video_id, "en") == chapter
    await client.chapters.upload(video_id, "fr", CHAPTERS.encode())
    listed = await client.chapters.list(video_id).all()
    assert sorted(c.language for c in listed) == ["en", "fr"]
    await client.chapters.delete(video_id, "en")
    with pytest.raises(ApiError) as caught:
        await client.chapters.get(video_id, "en")
    assert caught.value.status == 404
    assert [c.language async for c in client.chapters.list(video_id)] == ["fr"]


async def test_invalid_chapters_file_is_400(client: ApiVideoClient) -> None:
    video_id = await new_video(client)
    with pytest.raises(ApiError) as caught:
        await client.chapters.upload(video_id, "en", b"00:00 intro\n")
    assert caught.value.status == 400
