"""CaptionsApi against the emulator (contract 3.5)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from studio.api import ApiError, ApiVideoClient

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n\n00:00:02.000 --> 00:00:04.000\nWorld\n"


async def new_video(client: ApiVideoClient) -> str:
    return (await client.videos.create(f"captions-{uuid.uuid4().hex[:8]}")).video_id


def vtt_file(tmp_path: Path, text: str = VTT) -> Path:
    path = tmp_path / "subs.vtt"
    path.write_text(text, encoding="utf-8")
    return path


async def test_upload_from_a_file_then_get_and_serve(
    client: ApiVideoClient, tmp_path: Path
) -> None:
    video_id = await new_video(client)
    caption = await client.captions.upload(video_id, "fr", vtt_file(tmp_path))
    assert caption.srclang == "fr" and caption.language_name == "Français"
    assert caption.uri == f"/videos/{video_id}/captions/fr"
    assert caption.default is False
    assert await client.captions.get(video_id, "fr") == caption
    async with httpx.AsyncClient() as plain:
        served = await plain.get(caption.src)
    assert served.status_code == 200
    assert served.text.lstrip("\ufeff").startswith("WEBVTT")
    assert "Hello" in served.text


async def test_upload_from_bytes_with_a_region_tag(client: ApiVideoClient) -> None:
    video_id = await new_video(client)
    caption = await client.captions.upload(video_id, "fr-CA", VTT.encode())
    assert caption.srclang == "fr-CA" and caption.language_name == "Français (Canada)"


async def test_list_and_set_default(client: ApiVideoClient, tmp_path: Path) -> None:
    video_id = await new_video(client)
    for language in ("en", "de", "es"):
        await client.captions.upload(video_id, language, vtt_file(tmp_path))
    listed = await client.captions.list(video_id, page_size=2).all()
    assert sorted(c.srclang for c in listed) == ["de", "en", "es"]
    made_default = await client.captions.set_default(video_id, "de")
    assert made_default.default is True and made_default.srclang == "de"
    assert (await client.captions.get(video_id, "de")).default is True
    cleared = await client.captions.set_default(video_id, "de", False)
    assert cleared.default is False


async def test_delete_then_get_is_404(client: ApiVideoClient, tmp_path: Path) -> None:
    video_id = await new_video(client)
    await client.captions.upload(video_id, "en", vtt_file(tmp_path))
    await client.captions.delete(video_id, "en")
    with pytest.raises(ApiError) as caught:
        await client.captions.get(video_id, "en")
    assert caught.value.status == 404
    assert await client.captions.list(video_id).all() == []


async def test_invalid_vtt_and_invalid_language_are_400(
    client: ApiVideoClient, tmp_path: Path
) -> None:
    video_id = await new_video(client)
    with pytest.raises(ApiError) as bad_file:
        await client.captions.upload(video_id, "en", vtt_file(tmp_path, "not a caption file"))
    assert bad_file.value.status == 400
    with pytest.raises(ApiError) as bad_language:
        await client.captions.upload(video_id, "en_US", vtt_file(tmp_path))
    assert bad_language.value.status == 400 and bad_language.value.name == "language"


async def test_captions_of_an_unknown_video_are_404(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await client.captions.upload("vi0000000000000000000000", "en", VTT.encode())
    assert caught.value.status == 404
