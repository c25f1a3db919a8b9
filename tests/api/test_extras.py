"""Webhooks, watermarks, summaries and tags against the emulator (contract 3.10)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image

from studio.api import ApiError, ApiVideoClient
from studio.api.models import (
    SummaryCreationPayload,
    SummaryUpdatePayload,
    VideoCreationPayload,
    WebhookEvent,
)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def test_webhook_lifecycle_and_event_filter(client: ApiVideoClient) -> None:
    url = f"https://hooks.example/{unique('h')}"
    hook = await client.webhooks.create(
        url, [WebhookEvent.VIDEO_ENCODING_QUALITY_COMPLETED, WebhookEvent.VIDEO_SOURCE_RECORDED]
    )
    assert hook.webhook_id.startswith("webhook_") and hook.url == url
    assert hook.events == ["video.encoding.quality.completed", "video.source.recorded"]
    assert hook.signature_secret and hook.signature_secret.startswith("sig_sec_")
    assert await client.webhooks.get(hook.webhook_id) == hook
    recorded = {h.webhook_id async for h in client.webhooks.list(event="video.source.recorded")}
    other = {h.webhook_id async for h in client.webhooks.list(event="video.summary.generated")}
    assert hook.webhook_id in recorded and hook.webhook_id not in other
    await client.webhooks.delete(hook.webhook_id)
    assert hook.webhook_id not in {h.webhook_id async for h in client.webhooks.list()}


async def test_watermark_upload_list_delete(client: ApiVideoClient, tmp_path: Path) -> None:
    image = tmp_path / "mark.png"
    Image.new("RGBA", (50, 50), (255, 255, 255, 128)).save(image, "PNG")
    mark = await client.watermarks.upload(image)
    assert mark.watermark_id.startswith("watermark_") and mark.created_at is not None
    listed = [m.watermark_id async for m in client.watermarks.list(sort_by="createdAt")]
    assert mark.watermark_id in listed
    await client.watermarks.delete(mark.watermark_id)
    assert mark.watermark_id not in {m.watermark_id async for m in client.watermarks.list()}


async def test_watermark_must_be_an_image(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await client.watermarks.upload(b"plain text", filename="mark.txt")
    assert caught.value.status == 400


async def test_summary_lifecycle(client: ApiVideoClient) -> None:
    video = await client.videos.create(unique("sum"))
    summary = await client.summaries.create(video.video_id)
    assert summary.summary_id.startswith("summary_") and summary.video_id == video.video_id
    assert summary.origin == "api" and summary.source_status == "missing"
    with pytest.raises(ApiError) as twice:
        await client.summaries.create(SummaryCreationPayload(video_id=video.video_id))
    assert twice.value.status == 409
    source = await client.summaries.update_source(
        summary.summary_id, SummaryUpdatePayload(abstract="About cats.", takeaways=["a", "b"])
    )
    assert source.abstract == "About cats." and source.takeaways == ["a", "b"]
    assert await client.summaries.get_source(summary.summary_id) == source
    mine = await client.summaries.list(video_id=video.video_id).all()
    assert [s.summary_id for s in mine] == [summary.summary_id]
    await client.summaries.delete(summary.summary_id)
    assert await client.summaries.list(video_id=video.video_id).all() == []


async def test_tags_count_videos_and_filter_by_value(client: ApiVideoClient) -> None:
    tag = unique("Tagged")
    for _ in range(2):
        await client.videos.create(VideoCreationPayload(title=unique("t"), tags=[tag]))
    found = await client.tags.list(value=tag.lower()).all()  # case-insensitive match
    assert [(t.value, t.video_count) for t in found] == [(tag, 2)]
    by_count = [t.video_count async for t in client.tags.list(sort_by="videoCount")]
    assert by_count == sorted(by_count)
