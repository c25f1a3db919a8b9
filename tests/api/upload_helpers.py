"""Helpers of the upload tests: constants, the wire recorder, clients, sample files, and the
check that a source landed exactly once."""

from __future__ import annotations

import hashlib
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from studio.api import ApiVideoClient
from studio.api.models import Video
from studio.api.upload_pacing import RetryPolicy
from studio.emulator.server import EmulatorServer

MIB = 1 << 20
CHUNK = 5 * MIB
SOURCE_SIZE = 12 * MIB + 12_345  # three parts of 5 MiB chunks, the last one short
SOURCE_PARTS = 3


def fast_retries() -> RetryPolicy:
    return RetryPolicy(attempts=12, base_delay=0.05, max_delay=0.5, rng=random.Random(7))


@dataclass
class Exchange:
    """One HTTP attempt the client made, as seen by httpx event hooks."""

    method: str
    path: str
    content_range: str | None
    started: float
    answered: float | None = None
    status: int | None = None


@dataclass
class Wire:
    """Every request a client sends and when its answer arrives (httpx event hooks)."""

    exchanges: list[Exchange] = field(default_factory=list)

    def attach(self, client: ApiVideoClient) -> None:
        open_requests: dict[int, Exchange] = {}

        async def on_request(request: httpx.Request) -> None:
            exchange = Exchange(
                request.method,
                request.url.path,
                request.headers.get("content-range"),
                time.monotonic(),
            )
            open_requests[id(request)] = exchange
            self.exchanges.append(exchange)

        async def on_response(response: httpx.Response) -> None:
            exchange = open_requests.pop(id(response.request), None)
            if exchange is not None:
                exchange.answered = time.monotonic()
                exchange.status = response.status_code

        client.http.event_hooks["request"].append(on_request)
        client.http.event_hooks["response"].append(on_response)

    @property
    def uploads(self) -> list[Exchange]:
        return [
            e
            for e in self.exchanges
            if e.method == "POST" and (e.path == "/upload" or e.path.endswith("/source"))
        ]

    @property
    def ranges(self) -> list[str | None]:
        return [e.content_range for e in self.uploads]


def open_client(emu: EmulatorServer, api_key: str | None) -> ApiVideoClient:
    """A client with 5 MiB chunks and quick retries; ``api_key`` None for token-only uploads."""
    client = ApiVideoClient(api_key, base_url=emu.url)
    client.uploads.chunk_size = CHUNK
    client.uploads.retry = fast_retries()
    return client


async def create_video(client: ApiVideoClient, title: str = "upload test") -> str:
    video = await client.request_json("POST", "/videos", json={"title": title})
    return str(video["videoId"])


async def create_token(client: ApiVideoClient) -> str:
    token = await client.request_json("POST", "/upload-tokens", json={"ttl": 0})
    return str(token["token"])


async def landed(emu: EmulatorServer, video_id: str) -> dict[str, Any]:
    """What the emulator stored for a video (control route, outside the API)."""
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{emu.url}/_emulator/videos/{video_id}/source")
    response.raise_for_status()
    return dict(response.json())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_size(path: Path) -> int:
    return path.stat().st_size


def append(path: Path, data: bytes) -> None:
    with open(path, "ab") as out:
        out.write(data)


def overwrite_head_keeping_mtime(path: Path, data: bytes) -> None:
    stat = path.stat()
    with open(path, "r+b") as out:
        out.write(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


async def assert_uploaded_once(
    emu: EmulatorServer, client: ApiVideoClient, video: Video, path: Path, parts: int
) -> None:
    """Each part landed exactly once, the project has this one video, the source is intact."""
    report = await landed(emu, video.video_id)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, parts + 1)}
    assert report["size"] == file_size(path)
    assert report["sha256"] == sha256_of(path)
    listing = await client.request_json("GET", "/videos")
    assert [v["videoId"] for v in listing["data"]] == [video.video_id]


def make_file(directory: Path, name: str, size: int) -> Path:
    path = directory / name
    path.write_bytes(os.urandom(size))
    return path
