"""PageIterator over real list answers: items across pages, pages, single pages, counts."""

from __future__ import annotations

import uuid

import httpx
import pytest

from studio.api import ApiVideoClient
from studio.api.models import Video, VideoCreationPayload


async def make_videos(client: ApiVideoClient, count: int) -> tuple[str, list[Video]]:
    """``count`` videos sharing a fresh tag (so each test sees only its own)."""
    tag = f"page-{uuid.uuid4().hex[:8]}"
    videos = [
        await client.videos.create(VideoCreationPayload(title=f"{tag}-{i:02d}", tags=[tag]))
        for i in range(count)
    ]
    return tag, videos


def count_requests(client: ApiVideoClient, path: str) -> list[httpx.URL]:
    urls: list[httpx.URL] = []

    async def hook(request: httpx.Request) -> None:
        if request.url.path == path:
            urls.append(request.url)

    client.http.event_hooks["request"].append(hook)
    return urls


async def test_items_are_yielded_across_pages_in_order(client: ApiVideoClient) -> None:
    tag, created = await make_videos(client, 7)
    requests = count_requests(client, "/videos")
    listing = client.videos.list(tags=[tag], sort_by="title", sort_order="asc", page_size=3)
    assert requests == []  # nothing is fetched before iteration
    titles = [video.title async for video in listing]
    assert titles == sorted(v.title for v in created)
    assert [url.params["currentPage"] for url in requests] == ["1", "2", "3"]
    assert {url.params["pageSize"] for url in requests} == {"3"}


async def test_pages_carry_their_pagination_block(client: ApiVideoClient) -> None:
    tag, _ = await make_videos(client, 5)
    pages = [page async for page in client.videos.list(tags=[tag], page_size=2).pages()]
    assert [len(p.data) for p in pages] == [2, 2, 1]
    assert [p.pagination.current_page for p in pages] == [1, 2, 3]
    assert {p.pagination.pages_total for p in pages} == {3}
    assert {p.pagination.items_total for p in pages} == {5}
    assert pages[0].pagination.link("next") is not None
    assert pages[0].pagination.link("previous") is None
    assert pages[-1].pagination.link("next") is None and not pages[-1].pagination.has_next
    assert pages[1].pagination.link("previous") is not None


async def test_one_page_on_demand_and_resuming_from_a_page(client: ApiVideoClient) -> None:
    tag, _ = await make_videos(client, 5)
    listing = client.videos.list(tags=[tag], sort_by="title", page_size=2)
    second = await listing.page(2)
    assert second.pagination.current_page == 2 and len(second.data) == 2
    rest = [page async for page in listing.pages(start=2)]
    assert [p.pagination.current_page for p in rest] == [2, 3]
    assert rest[0].data == second.data


async def test_all_first_and_count(client: ApiVideoClient) -> None:
    tag, created = await make_videos(client, 4)
    listing = client.videos.list(tags=[tag], sort_by="title", page_size=3)
    assert await listing.count() == 4
    everything = await listing.all()
    assert [v.video_id for v in everything] == [
        v.video_id for v in sorted(created, key=lambda v: v.title)
    ]
    requests = count_requests(client, "/videos")
    assert len(await listing.all(limit=2)) == 2
    assert len(requests) == 1  # a limit within the first page costs one request
    first = await listing.first()
    assert first is not None and first.video_id == everything[0].video_id


async def test_an_empty_list_is_one_request_and_no_items(client: ApiVideoClient) -> None:
    requests = count_requests(client, "/videos")
    listing = client.videos.list(tags=[f"none-{uuid.uuid4().hex}"])
    assert await listing.all() == []
    assert await listing.first() is None
    assert len(requests) == 2
    page = await listing.page(1)
    assert page.data == [] and page.pagination.items_total == 0


async def test_default_page_size_is_the_servers(client: ApiVideoClient) -> None:
    requests = count_requests(client, "/videos")
    page = await client.videos.list().page(1)
    assert "pageSize" not in requests[0].params
    assert page.pagination.page_size == 25


def test_page_size_and_page_number_are_checked_before_sending(client: ApiVideoClient) -> None:
    with pytest.raises(ValueError):
        client.videos.list(page_size=0)
    with pytest.raises(ValueError):
        client.videos.list(page_size=101)


async def test_page_zero_is_refused_client_side(client: ApiVideoClient) -> None:
    with pytest.raises(ValueError):
        await client.videos.list().page(0)
