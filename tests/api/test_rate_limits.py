"""Rate-limit headers per budget: api.video counts uploads, other writes and reads apart
(contract 1.6), and the client keeps what each budget said last."""

from __future__ import annotations

from pathlib import Path

from studio.api import ApiVideoClient
from studio.api.client import READS, UPLOADS, WRITES, rate_category


def test_each_request_counts_against_its_budget() -> None:
    assert rate_category("GET", "/videos") == READS
    assert rate_category("HEAD", "/videos/vi1") == READS
    assert rate_category("POST", "/videos") == WRITES
    assert rate_category("PATCH", "/videos/vi1") == WRITES
    assert rate_category("DELETE", "/videos/vi1") == WRITES
    assert rate_category("POST", "/videos/vi1/source") == UPLOADS
    assert rate_category("POST", "/upload") == UPLOADS
    assert rate_category("POST", "/videos/vi1/thumbnail") == WRITES


async def test_the_client_keeps_each_budget(client: ApiVideoClient, tmp_path: Path) -> None:
    source = tmp_path / "tiny.mp4"
    source.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(4096))
    video = await client.videos.create("Budgets")
    await client.videos.list(page_size=1).page(1)
    await client.uploads.upload(video.video_id, source)
    budgets = client.rate_limits
    assert set(budgets) == {READS, WRITES, UPLOADS}
    # The emulator's sandbox limits (contract 1.6): uploads 40, writes 40, reads 100 a minute.
    assert (budgets[UPLOADS].limit, budgets[WRITES].limit, budgets[READS].limit) == (40, 40, 100)
    assert all(b.category == name for name, b in budgets.items())
    assert client.rate_limit.limit == budgets[UPLOADS].limit  # the last response's
