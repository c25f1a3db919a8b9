"""The streamed multipart body, parsed back by real multipart parsers (stdlib email, aiohttp)."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import httpx
import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.api.multipart_body import FileRange, MultipartBody, read_blocks
from studio.api.upload_state import FileChangedError

FILE_SIZE = 300_000


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("multipart") / "clip.mp4"
    data = os.urandom(FILE_SIZE)
    path.write_bytes(data)
    return path, data


async def collect(body: MultipartBody, sizes: list[int] | None = None) -> bytes:
    out = bytearray()
    async for block in body.stream(sizes.append if sizes is not None else None):
        out += block
    return bytes(out)


def parse_with_email(body: MultipartBody, raw: bytes) -> list[tuple[str | None, str | None, bytes]]:
    """(field name, filename, payload) of every part, as the stdlib MIME parser reads them."""
    head = f"Content-Type: {body.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    assert message.is_multipart()
    parts = []
    for part in message.iter_parts():
        params = dict(part.get_params(header="content-disposition") or [])
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts.append((params.get("name"), part.get_filename(), payload))
    return parts


@pytest.fixture
async def echo_server() -> AsyncIterator[str]:
    """A loopback aiohttp server that answers with the parts it parsed (the emulator's parser)."""

    async def echo(request: web.Request) -> web.Response:
        assert request.content_length is not None  # framed by Content-Length, not chunked
        reader = await request.multipart()
        parts = []
        while (part := await reader.next()) is not None:
            assert isinstance(part, aiohttp.BodyPartReader)
            data = bytearray()
            while chunk := await part.read_chunk(65536):
                data += chunk
            parts.append([part.name, part.filename, data.hex()])
        return web.json_response({"length": request.content_length, "parts": parts})

    app = web.Application()
    app.router.add_post("/echo", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/echo"
    await runner.cleanup()


async def parse_with_aiohttp(url: str, body: MultipartBody) -> list[tuple[str, str | None, bytes]]:
    """Send ``body`` over loopback with httpx; the server parses it with aiohttp."""
    async with httpx.AsyncClient() as http:
        response = await http.post(url, content=body.stream(), headers=body.headers)
    response.raise_for_status()
    answer = response.json()
    assert answer["length"] == body.content_length
    return [(name, filename, bytes.fromhex(data)) for name, filename, data in answer["parts"]]


async def test_file_range_with_field_round_trips(
    data_file: tuple[Path, bytes], echo_server: str
) -> None:
    path, data = data_file
    body = MultipartBody(
        FileRange(path, 1000, 200_000),
        filename="clip.mp4",
        content_type="video/mp4",
        fields=[("videoId", "vi123")],
        block_size=64 * 1024,
    )
    sizes: list[int] = []
    raw = await collect(body, sizes)

    assert len(raw) == body.content_length == int(body.headers["Content-Length"])
    assert sum(sizes) == 200_000 and max(sizes) <= 64 * 1024
    assert parse_with_email(body, raw) == [
        ("videoId", None, b"vi123"),
        ("file", "clip.mp4", data[1000:201_000]),
    ]
    assert await parse_with_aiohttp(echo_server, body) == [
        ("videoId", None, b"vi123"),
        ("file", "clip.mp4", data[1000:201_000]),
    ]


async def test_stream_is_replayable(data_file: tuple[Path, bytes]) -> None:
    path, _ = data_file
    body = MultipartBody(FileRange(path, 0, FILE_SIZE), filename="a.mp4", block_size=50_000)
    assert await collect(body) == await collect(body)


async def test_bytes_source_and_awkward_filename(echo_server: str) -> None:
    payload = os.urandom(70_001)
    body = MultipartBody(payload, filename='my "best"\nclip.mp4', block_size=10_000)
    raw = await collect(body)
    assert len(raw) == body.content_length
    parsed = await parse_with_aiohttp(echo_server, body)
    assert parsed[0][2] == payload
    assert parsed[0][1] == "my %22best%22%0Aclip.mp4"  # WHATWG escaping, still one header line


async def test_shrunk_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "short.bin"
    path.write_bytes(b"x" * 1000)
    with pytest.raises(FileChangedError):
        async for _ in read_blocks(FileRange(path, 500, 1000), 256):
            pass


async def test_blocks_are_read_off_the_event_loop_thread(data_file: tuple[Path, bytes]) -> None:
    path, _ = data_file
    # While the event loop waits on a block, another task must keep running: count its ticks.
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    blocks = [block async for block in read_blocks(FileRange(path, 0, FILE_SIZE), 4096)]
    stop.set()
    await task
    assert b"".join(blocks) == path.read_bytes()
    assert ticks >= len(blocks)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offset=st.integers(0, FILE_SIZE - 1),
    length=st.integers(1, FILE_SIZE),
    block=st.integers(4096, 100_000),
    field_value=st.text(min_size=1, max_size=30).filter(lambda s: "\r" not in s and "\n" not in s),
)
def test_any_range_parses_back(
    data_file: tuple[Path, bytes], offset: int, length: int, block: int, field_value: str
) -> None:
    path, data = data_file
    length = min(length, FILE_SIZE - offset)
    body = MultipartBody(
        FileRange(path, offset, length),
        filename="f.bin",
        fields=[("videoId", field_value)],
        block_size=block,
    )
    raw = asyncio.run(collect(body))
    assert len(raw) == body.content_length
    assert parse_with_email(body, raw) == [
        ("videoId", None, field_value.encode()),
        ("file", "f.bin", data[offset : offset + length]),
    ]
