"""Client authentication against the emulator: key exchange, refresh before expiry and on 401."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from studio.api import ApiError, ApiVideoClient
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An emulator whose access tokens live two seconds."""
    server = make_emulator(Path(tmp_path_factory.mktemp("short-tokens")), token_lifetime_s=2)
    yield server
    server.stop()


def record_paths(client: ApiVideoClient) -> list[tuple[str, str, int]]:
    """Log (method, path, status) of every response the client receives."""
    seen: list[tuple[str, str, int]] = []

    async def hook(response: httpx.Response) -> None:
        seen.append((response.request.method, response.request.url.path, response.status_code))

    client.http.event_hooks["response"].append(hook)
    return seen


async def test_authenticate_exchanges_the_key(client: ApiVideoClient) -> None:
    seen = record_paths(client)
    assert not client.authenticated
    await client.authenticate()
    assert client.authenticated
    assert seen == [("POST", "/auth/api-key", 200)]


async def test_wrong_key_is_an_api_error_400(emulator: EmulatorServer) -> None:
    async with ApiVideoClient("not-a-key", base_url=emulator.url) as bad:
        with pytest.raises(ApiError) as caught:
            await bad.authenticate()
        assert caught.value.status == 400
        assert caught.value.slug == "authentication-invalid-user-credentials"
        assert caught.value.title == "The user credentials were incorrect."
        # Any call needing a token fails the same way (no silent anonymous request).
        with pytest.raises(ApiError) as again:
            await bad.videos.list().page(1)
        assert again.value.status == 400
        assert not bad.authenticated


async def test_first_request_signs_in_lazily(client: ApiVideoClient) -> None:
    seen = record_paths(client)
    await client.videos.list().page(1)
    assert [path for _, path, _ in seen] == ["/auth/api-key", "/videos"]


async def test_token_is_refreshed_before_it_expires(short_lived: EmulatorServer) -> None:
    async with ApiVideoClient(short_lived.api_key, base_url=short_lived.url) as c:
        seen = record_paths(c)
        await c.videos.list().page(1)
        await asyncio.sleep(2.2)  # the first access token has now expired server-side
        page = await c.videos.list().page(1)
        assert page.pagination.current_page == 1
        paths = [(path, status) for _, path, status in seen]
        assert paths == [
            ("/auth/api-key", 200),
            ("/videos", 200),
            ("/auth/refresh", 200),
            ("/videos", 200),
        ]


async def test_a_401_triggers_one_refresh_and_a_replay(short_lived: EmulatorServer) -> None:
    async with ApiVideoClient(short_lived.api_key, base_url=short_lived.url) as c:
        await c.authenticate()
        # Simulate a clock disagreement: the client believes its token is still fresh, so
        # only the server's 401 can tell it otherwise.
        c._expires_at = float("inf")
        await asyncio.sleep(2.2)
        seen = record_paths(c)
        await c.videos.list().page(1)
        assert [(path, status) for _, path, status in seen] == [
            ("/videos", 401),
            ("/auth/refresh", 200),
            ("/videos", 200),
        ]


async def test_a_rejected_refresh_token_falls_back_to_the_api_key(
    short_lived: EmulatorServer,
) -> None:
    async with ApiVideoClient(short_lived.api_key, base_url=short_lived.url) as c:
        await c.authenticate()
        c._refresh_token = "revoked"
        await asyncio.sleep(2.2)
        seen = record_paths(c)
        await c.videos.list().page(1)
        assert [(path, status) for _, path, status in seen] == [
            ("/auth/refresh", 400),
            ("/auth/api-key", 200),
            ("/videos", 200),
        ]
