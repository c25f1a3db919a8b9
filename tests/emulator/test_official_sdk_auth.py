"""The official Python SDK's authentication against the emulator: api-key, refresh, expiry."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import ApiAuthException, ApiException, UnauthorizedException
from apivideo.model.videos_list_response import VideosListResponse

from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator
from tests.emulator.sdk_support import problem_of, sdk_client

SHORT_LIFETIME_S = 15
# The SDK refreshes this long before expiry (auth_api_client.py: expires_in - 10).
SDK_REFRESH_MARGIN_S = 10


def assert_bad_credentials(error: ApiException) -> None:
    """A refused /auth/* call: 400 authentication-invalid-user-credentials (contract 3.1)."""
    assert error.status == 400
    problem = problem_of(error)
    assert problem["type"].endswith("/authentication-invalid-user-credentials")
    assert problem["status"] == 400


def test_connect_gets_a_bearer_token_that_calls_accept(emulator: EmulatorServer) -> None:
    client = sdk_client(emulator)
    try:
        client.connect()
        # The SDK copies token_type verbatim into the Authorization header (contract 3.1).
        assert client.token_type == "Bearer"
        assert client._access_token and client._refresh_token
        listed = VideosApi(client).list()
        assert isinstance(listed, VideosListResponse)
        assert listed.pagination.current_page == 1
    finally:
        client.close()


def test_wrong_api_key_is_refused(emulator: EmulatorServer) -> None:
    client = sdk_client(emulator, api_key="not-a-project-key")
    with pytest.raises(ApiException) as refused:
        client.connect()
    assert_bad_credentials(refused.value)


def test_calls_before_connect_are_refused_client_side(emulator: EmulatorServer) -> None:
    # No token yet: the SDK refuses locally; a call that reached the server would be a 401.
    with pytest.raises(ApiAuthException):
        VideosApi(sdk_client(emulator)).list()


def test_refresh_rotates_both_tokens(emulator: EmulatorServer) -> None:
    client = sdk_client(emulator)
    try:
        client.connect()
        first_access, first_refresh = client._access_token, client._refresh_token
        client.refresh_token()
        assert client._access_token != first_access
        assert client._refresh_token != first_refresh
        assert VideosApi(client).list().pagination.items_total >= 0
        # The SDK always refreshes with the latest refresh token; the spent one is refused.
        client._refresh_token = first_refresh
        with pytest.raises(ApiException) as refused:
            client.refresh_token()
        assert_bad_credentials(refused.value)
    finally:
        client.close()


def test_background_refresh_outlives_the_token_lifetime(tmp_path: Path) -> None:
    server = make_emulator(tmp_path, token_lifetime_s=SHORT_LIFETIME_S)
    idle = sdk_client(server)  # connected, but never refreshed
    try:
        idle.connect()
        connected_at = time.time()
        with sdk_client(server) as refreshing:
            first_access = refreshing._access_token
            # expires_in is honoured: the first refresh is planned at expires_in - 10 s.
            planned_in = refreshing.next_refresh - connected_at
            expected = SHORT_LIFETIME_S - SDK_REFRESH_MARGIN_S
            assert expected - 2 <= planned_in <= expected + 2
            time.sleep(SHORT_LIFETIME_S + 2)  # past the first token's expiry
            listed = VideosApi(refreshing).list()
            assert isinstance(listed, VideosListResponse)
            assert refreshing._access_token != first_access
        # Without the refresh the same calls fail: the token really expired.
        with pytest.raises(UnauthorizedException) as refused:
            VideosApi(idle).list()
        assert refused.value.status == 401
    finally:
        idle.close()
        server.stop()
