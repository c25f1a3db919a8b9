"""Every non-2xx answer is an ApiError carrying the problem fields (contract 1.5)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from studio.api import ApiError, ApiVideoClient, TransportError
from studio.api.models import LiveStreamCreationPayload, RestreamPayload
from studio.emulator.server import EmulatorServer

MISSING_VIDEO = "vi0000000000000000000000"


@pytest.fixture
async def raw_client(unrecorded_emulator: EmulatorServer) -> AsyncIterator[ApiVideoClient]:
    """A client for requests that deliberately break the request schema (never recorded)."""
    async with ApiVideoClient(unrecorded_emulator.api_key, base_url=unrecorded_emulator.url) as c:
        yield c


async def test_unknown_video_is_a_404_problem_naming_the_id(client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await client.videos.get(MISSING_VIDEO)
    error = caught.value
    assert error.status == 404
    assert error.type == "https://docs.api.video/reference/resource-not-found"
    assert error.slug == "resource-not-found"
    assert error.title == "The requested resource was not found."
    assert error.name == "videoId"
    assert error.body["status"] == 404
    assert error.headers["content-type"] == "application/problem+json"
    assert "(videoId)" in error.message and str(error) == error.message


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.videos.status(MISSING_VIDEO), "videoId"),
        (lambda c: c.videos.delete(MISSING_VIDEO), "videoId"),
        (lambda c: c.players.get("pl0000000000000000000000"), "playerId"),
        (lambda c: c.upload_tokens.get("to0000000000000000000000"), None),
        (lambda c: c.captions.list(MISSING_VIDEO).page(1), "videoId"),
    ],
)
async def test_other_missing_resources_are_404s(
    client: ApiVideoClient, call: object, name: str | None
) -> None:
    with pytest.raises(ApiError) as caught:
        await call(client)  # type: ignore[operator]
    assert caught.value.status == 404
    assert caught.value.slug == "resource-not-found"
    if name is not None:
        assert caught.value.name == name


async def test_invalid_restream_is_a_400_naming_the_field(client: ApiVideoClient) -> None:
    payload = LiveStreamCreationPayload(
        name="bad restream",
        restreams=[RestreamPayload(name="x", server_url="http://not-rtmp", stream_key="k")],
    )
    with pytest.raises(ApiError) as caught:
        await client.live_streams.create(payload)
    error = caught.value
    assert error.status == 400
    assert error.slug == "invalid-attribute"
    assert error.name == "restreams[0][serverUrl]"
    assert error.title


async def test_missing_title_is_attribute_required(raw_client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await raw_client.request_json("POST", "/videos", json={"description": "no title"})
    assert caught.value.status == 400
    assert caught.value.slug == "attribute-required"
    assert caught.value.name == "title"


async def test_several_missing_attributes_are_listed_in_problems(
    raw_client: ApiVideoClient,
) -> None:
    with pytest.raises(ApiError) as caught:
        await raw_client.request_json("POST", "/webhooks", json={})
    error = caught.value
    assert error.status == 400 and error.slug == "attribute-required"
    assert {p.get("name") for p in error.problems} == {"events", "url"}


async def test_page_size_out_of_range_reports_the_range(raw_client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await raw_client.request_json("GET", "/videos", params={"pageSize": "101"})
    error = caught.value
    assert error.status == 400 and error.name == "pageSize"
    assert error.body["range"]["max"] == 100


async def test_unknown_route_is_unrecognized_url(raw_client: ApiVideoClient) -> None:
    with pytest.raises(ApiError) as caught:
        await raw_client.request_json("GET", "/no-such-route")
    assert caught.value.status == 404 and caught.value.slug == "unrecognized-request-url"


async def test_no_server_is_a_transport_error() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ApiVideoClient("key", base_url=f"http://127.0.0.1:{port}") as nowhere:
        with pytest.raises(TransportError):
            await nowhere.authenticate()
