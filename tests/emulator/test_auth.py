"""Auth routes and the auth middleware of the emulator, over HTTP on loopback."""

from __future__ import annotations

import base64

import httpx

from studio.emulator.server import EmulatorServer


def test_api_key_gives_rotating_tokens(emulator: EmulatorServer) -> None:
    r = httpx.post(f"{emulator.url}/auth/api-key", json={"apiKey": emulator.api_key})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "refresh_token", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    r2 = httpx.post(
        f"{emulator.url}/auth/refresh",
        content=f'{{"refreshToken": "{body["refresh_token"]}"}}',
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert r2.status_code == 200
    assert r2.json()["refresh_token"] != body["refresh_token"]
    # A refresh token works once.
    r3 = httpx.post(f"{emulator.url}/auth/refresh", json={"refreshToken": body["refresh_token"]})
    assert r3.status_code == 400
    assert r3.headers["content-type"] == "application/problem+json"
    assert r3.json()["type"].endswith("authentication-invalid-user-credentials")


def test_wrong_key_is_a_400_problem(emulator: EmulatorServer) -> None:
    r = httpx.post(f"{emulator.url}/auth/api-key", json={"apiKey": "nope"})
    assert r.status_code == 400
    assert r.json() == {
        "type": "https://docs.api.video/reference/authentication-invalid-user-credentials",
        "title": "The user credentials were incorrect.",
        "status": 400,
        "name": "",
    }


def test_missing_and_bad_credentials_are_401(emulator: EmulatorServer) -> None:
    r = httpx.get(f"{emulator.url}/videos")
    assert r.status_code == 401
    assert r.json()["type"].endswith("authentication-missing-authorization-header")
    basic = base64.b64encode(b"wrong:").decode()
    r = httpx.get(f"{emulator.url}/videos", headers={"Authorization": f"Basic {basic}"})
    assert r.status_code == 401
    assert r.json()["type"].endswith("authentication-invalid-api-key")
    r = httpx.get(f"{emulator.url}/videos", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert r.json()["type"].endswith("authentication-invalid-access-token")


def test_unknown_route_is_a_problem(emulator: EmulatorServer) -> None:
    basic = base64.b64encode(f"{emulator.api_key}:".encode()).decode()
    r = httpx.get(f"{emulator.url}/nowhere", headers={"Authorization": f"basic {basic}"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("unrecognized-request-url")


def test_cors_preflight(emulator: EmulatorServer) -> None:
    r = httpx.options(
        f"{emulator.url}/upload",
        headers={
            "Origin": "http://example.test",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-range,authorization",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    allowed = r.headers["access-control-allow-headers"].lower()
    assert "content-range" in allowed and "authorization" in allowed
