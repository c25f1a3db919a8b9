"""Source uploads over HTTP (contract 5, 3.3 U5) and the ingest ledger's rules."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.emulator.content_range import ContentRangeError, PartRange
from studio.emulator.ingest import Piece, is_complete, new_ledger, register
from studio.emulator.server import EmulatorServer

from .media_samples import MIB, basic, random_file, wait_status

PART = 5 * MIB
BIG_SIZE = 13 * MIB + 12345  # three parts: 5 MiB, 5 MiB, the rest


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return random_file(tmp_path_factory.mktemp("media") / "big.bin", BIG_SIZE, seed=7)


@pytest.fixture(scope="module")
def parts(big_file: Path) -> list[bytes]:
    data = big_file.read_bytes()
    return [data[i : i + PART] for i in range(0, len(data), PART)]


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key), timeout=60) as c:
        yield c


@pytest.fixture
def raw_api(unrecorded_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=unrecorded_emulator.url, auth=basic(unrecorded_emulator.api_key), timeout=60
    ) as c:
        yield c


def new_video(api: httpx.Client, title: str = "upload test") -> str:
    r = api.post("/videos", json={"title": title})
    assert r.status_code == 201
    return str(r.json()["videoId"])


def send(
    api: httpx.Client,
    video_id: str,
    data: bytes,
    content_range: str | None = None,
    filename: str = "clip.bin",
) -> httpx.Response:
    headers = {"Content-Range": content_range} if content_range else {}
    return api.post(
        f"/videos/{video_id}/source",
        files={"file": (filename, data, "application/octet-stream")},
        headers=headers,
    )


def landed(emulator: EmulatorServer, video_id: str) -> dict:
    r = httpx.get(f"{emulator.url}/_emulator/videos/{video_id}/source")
    assert r.status_code == 200
    return dict(r.json())


def problem_slug(r: httpx.Response) -> str:
    assert r.headers["content-type"] == "application/problem+json", r.text
    return str(r.json()["type"]).rsplit("/", 1)[-1]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- /videos/{id}/source ---------------------------------------------------------------------


def test_single_request_upload_answers_201_with_the_video(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    video_id = new_video(api)
    data = b"not really a video, but bytes all the same" * 100
    r = send(api, video_id, data)
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["videoId"] == video_id and body["title"] == "upload test"
    assert "assets" in body and body["source"]["uri"] == f"/videos/{video_id}/source"
    assert landed(emulator, video_id) == {
        "size": len(data),
        "sha256": sha(data),
        "partsReceived": {"1": 1},
        "complete": True,
        "assembled": True,
    }
    ingest = api.get(f"/videos/{video_id}/status").json()["ingest"]
    assert ingest == {
        "status": "uploaded",
        "filesize": len(data),
        "receivedBytes": [],
        "receivedParts": {"parts": [1], "total": 1},
    }


async def test_parts_out_of_order_and_in_parallel_land_once(
    emulator: EmulatorServer, parts: list[bytes], big_file: Path
) -> None:
    with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key)) as api:
        video_id = new_video(api, "parallel")
    total = len(parts)
    async with httpx.AsyncClient(
        base_url=emulator.url, auth=basic(emulator.api_key), timeout=60
    ) as client:

        async def post(index: int) -> httpx.Response:
            return await client.post(
                f"/videos/{video_id}/source",
                files={"file": ("big.bin", parts[index - 1], "application/octet-stream")},
                headers={"Content-Range": f"part {index}/{total}"},
            )

        # Last part first, then the others (one of them twice) all in flight at once.
        first = await post(total)
        rest = await asyncio.gather(*(post(i) for i in [1, 2, 2, *range(3, total)]))
    for r in [first, *rest]:
        assert r.status_code == 201, r.text
        assert r.json()["videoId"] == video_id
    source = landed(emulator, video_id)
    expected_sha = await asyncio.to_thread(lambda: sha(big_file.read_bytes()))
    counts = {str(i): 1 for i in range(1, total + 1)}
    counts["2"] = 2
    assert source == {
        "size": BIG_SIZE,
        "sha256": expected_sha,
        "partsReceived": counts,
        "complete": True,
        "assembled": True,
    }
    with httpx.Client(base_url=emulator.url, auth=basic(emulator.api_key)) as api:
        ingest = wait_status(api, video_id, "uploaded")["ingest"]
    assert ingest["receivedParts"] == {"parts": list(range(1, total + 1)), "total": total}
    assert ingest["filesize"] == BIG_SIZE
    ranges = ingest["receivedBytes"]
    assert ranges[0]["from"] == 0 and ranges[-1]["to"] == BIG_SIZE - 1
    assert all(a["to"] + 1 == b["from"] for a, b in itertools.pairwise(ranges))


def test_progressive_session_completes_on_the_last_part(
    api: httpx.Client, emulator: EmulatorServer, parts: list[bytes], big_file: Path
) -> None:
    video_id = new_video(api, "progressive")
    assert send(api, video_id, parts[0], "part 1/*").status_code == 201
    assert send(api, video_id, parts[1], "part 2/*").status_code == 201
    ingest = api.get(f"/videos/{video_id}/status").json()["ingest"]
    assert ingest["status"] == "uploading"
    assert ingest["receivedParts"] == {"parts": [1, 2], "total": None}
    assert ingest["filesize"] is None
    r = send(api, video_id, parts[2], "part 3/3")
    assert r.status_code == 201 and r.json()["videoId"] == video_id
    assert landed(emulator, video_id)["sha256"] == sha(big_file.read_bytes())
    ingest = api.get(f"/videos/{video_id}/status").json()["ingest"]
    assert ingest["receivedParts"] == {"parts": [1, 2, 3], "total": 3}
    assert ingest["status"] == "uploaded"


def test_byte_ranges_build_the_source(
    api: httpx.Client, emulator: EmulatorServer, parts: list[bytes], big_file: Path
) -> None:
    video_id = new_video(api, "bytes")
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    order = [1, 0, 2]  # out of order on purpose
    for i in order:
        header = f"bytes {offsets[i]}-{offsets[i + 1] - 1}/{BIG_SIZE}"
        assert send(api, video_id, parts[i], header).status_code == 201
    assert landed(emulator, video_id)["sha256"] == sha(big_file.read_bytes())
    ingest = api.get(f"/videos/{video_id}/status").json()["ingest"]
    assert ingest["filesize"] == BIG_SIZE and "receivedParts" not in ingest
    assert [(b["from"], b["to"]) for b in ingest["receivedBytes"]] == [
        (offsets[i], offsets[i + 1] - 1) for i in range(3)
    ]


def test_a_resent_part_is_idempotent_only_when_identical(
    api: httpx.Client, emulator: EmulatorServer, parts: list[bytes]
) -> None:
    video_id = new_video(api)
    assert send(api, video_id, parts[0], "part 1/3").status_code == 201
    again = send(api, video_id, parts[0], "part 1/3")
    assert again.status_code == 201 and again.json()["videoId"] == video_id
    changed = bytes([parts[0][0] ^ 1]) + parts[0][1:]
    r = send(api, video_id, changed, "part 1/3")
    assert r.status_code == 400
    assert problem_slug(r) == "video-content-range-part-already-sent"
    assert landed(emulator, video_id)["partsReceived"] == {"1": 2}


BYTES_1 = f"bytes 0-{PART - 1}/{3 * PART}"
BYTES_OVERLAP = f"bytes 10-{PART + 9}/{3 * PART}"
CR = "video-content-range-"
REFUSALS = [
    # (earlier pieces, refused piece, slug)
    ([], ("small", "part 1/2"), CR + "by-part-uploaded-file-too-small"),
    ([], ("small", "part 1/*"), CR + "by-part-uploaded-file-too-small"),
    ([], ("small", "part one/2"), CR + "malformed"),
    ([], ("small", "part 3/2"), CR + "part-too-high-total"),
    ([], ("small", "part 0/2"), CR + "part-zero"),
    ([("big", "part 1/3")], ("big", "part 2/4"), CR + "different-total-parts"),
    ([("big", "part 2/*"), ("big", "part 3/*")], ("small", "part 1/2"), CR + "total-parts-too-low"),
    ([("big", "part 1/3")], ("small", None), CR + "already-initiated"),
    ([("big", "part 1/3")], ("big", BYTES_1), CR + "started-with-part"),
    ([("big", BYTES_1)], ("big", "part 2/3"), CR + "started-with-bytes"),
    ([], ("small", "bytes 0-199/1000"), CR + "range-mismatch"),
    ([("big", BYTES_1)], ("big", BYTES_OVERLAP), CR + "overlapping-ranges"),
    ([("small", None)], ("small", None), "video-source-already-uploaded"),
    ([("small", "part 1/1")], ("big", "part 2/2"), "video-source-already-uploaded"),
]


@pytest.mark.parametrize(("earlier", "refused", "slug"), REFUSALS)
def test_refused_chunks_name_their_rule(
    api: httpx.Client,
    parts: list[bytes],
    earlier: list[tuple[str, str | None]],
    refused: tuple[str, str | None],
    slug: str,
) -> None:
    samples = {"big": parts[0], "small": b"0123456789" * 10}
    video_id = new_video(api)
    for kind, header in earlier:
        assert send(api, video_id, samples[kind], header).status_code == 201
    r = send(api, video_id, samples[refused[0]], refused[1])
    assert r.status_code == 400
    assert problem_slug(r) == slug
    assert r.json()["status"] == 400 and r.json()["name"] == "file"


def test_file_part_problems(api: httpx.Client, raw_api: httpx.Client) -> None:
    video_id = new_video(api)
    empty = send(api, video_id, b"")
    assert empty.status_code == 400 and problem_slug(empty) == "uploaded-file-empty"
    two = api.post(
        f"/videos/{video_id}/source",
        files=[("a", ("a.mp4", b"aaa", "video/mp4")), ("b", ("b.mp4", b"bbb", "video/mp4"))],
    )
    assert two.status_code == 400 and problem_slug(two) == "uploaded-file-multiple-files"
    # Without any file part (outside the request schema: not recorded).
    other = new_video(raw_api)
    none = raw_api.post(f"/videos/{other}/source", files={"videoId": (None, other)})
    assert none.status_code == 400 and problem_slug(none) == "uploaded-file-no-file"
    # Any field name is accepted for the one file part (Node uses the file's basename).
    named = api.post(
        f"/videos/{video_id}/source", files={"clip.mp4": ("clip.mp4", b"abc", "video/mp4")}
    )
    assert named.status_code == 201


def test_upload_to_an_unknown_video_is_404(api: httpx.Client) -> None:
    r = send(api, "vi0000000000000000000000", b"abc")
    assert r.status_code == 404
    assert r.json()["name"] == "videoId" and problem_slug(r) == "resource-not-found"


@pytest.mark.slow
def test_a_single_request_over_200_mib_is_too_large(api: httpx.Client) -> None:
    video_id = new_video(api)

    def body() -> Iterator[bytes]:
        block = b"\0" * MIB
        for _ in range(201):
            yield block

    boundary = "studio-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def stream() -> Iterator[bytes]:
        yield head
        yield from body()
        yield f"\r\n--{boundary}--\r\n".encode()

    r = api.post(
        f"/videos/{video_id}/source",
        content=stream(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 400 and problem_slug(r) == "uploaded-file-too-large"


# ---- /upload?token= --------------------------------------------------------------------------


def upload_token(api: httpx.Client, ttl: int = 0) -> str:
    r = api.post("/upload-tokens", json={"ttl": ttl})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def token_send(
    emulator: EmulatorServer,
    token: str | None,
    data: bytes,
    content_range: str | None = None,
    *,
    filename: str = "holiday.mp4",
    video_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    files: dict[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]] = {
        "file": (filename, data, "video/mp4")
    }
    if video_id:
        files["videoId"] = (None, video_id)
    all_headers = dict(headers or {})
    if content_range:
        all_headers["Content-Range"] = content_range
    params = {"token": token} if token is not None else {}
    return httpx.post(
        f"{emulator.url}/upload", params=params, files=files, headers=all_headers, timeout=60
    )


def test_token_upload_creates_a_video_titled_with_the_file_name(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    token = upload_token(api)
    # Any Authorization header is ignored: the token alone authenticates (contract 1.2).
    r = token_send(emulator, token, b"abc" * 1000, headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 201, r.text
    video = r.json()
    assert video["title"] == "holiday.mp4"
    fetched = api.get(f"/videos/{video['videoId']}")
    assert fetched.status_code == 200 and fetched.json()["title"] == "holiday.mp4"
    assert landed(emulator, video["videoId"])["size"] == 3000


def test_chunked_token_upload_without_video_id_builds_one_video(
    api: httpx.Client, emulator: EmulatorServer, parts: list[bytes], big_file: Path
) -> None:
    token = upload_token(api)
    total = len(parts)
    before = api.get("/videos", params={"title": "big.mp4"}).json()["pagination"]["itemsTotal"]
    ids = set()
    for i, data in enumerate(parts, start=1):
        r = token_send(emulator, token, data, f"part {i}/{total}", filename="big.mp4")
        assert r.status_code == 201, r.text
        ids.add(r.json()["videoId"])
    assert len(ids) == 1
    (video_id,) = ids
    assert landed(emulator, video_id)["sha256"] == sha(big_file.read_bytes())
    after = api.get("/videos", params={"title": "big.mp4"}).json()["pagination"]["itemsTotal"]
    assert after == before + 1


def test_progressive_token_session_carries_the_video_id(
    api: httpx.Client, emulator: EmulatorServer, parts: list[bytes], big_file: Path
) -> None:
    token = upload_token(api)
    first = token_send(emulator, token, parts[0], "part 1/*", filename="live.mp4")
    assert first.status_code == 201
    video_id = first.json()["videoId"]
    r = token_send(emulator, token, parts[1], "part 2/*", video_id=video_id)
    assert r.status_code == 201 and r.json()["videoId"] == video_id
    r = token_send(emulator, token, parts[2], "part 3/3", video_id=video_id)
    assert r.status_code == 201 and r.json()["title"] == "live.mp4"
    assert landed(emulator, video_id)["sha256"] == sha(big_file.read_bytes())


def test_token_upload_into_an_existing_video(api: httpx.Client, emulator: EmulatorServer) -> None:
    token = upload_token(api)
    video_id = new_video(api, "named by the API")
    r = token_send(emulator, token, b"xyz" * 100, video_id=video_id)
    assert r.status_code == 201 and r.json()["title"] == "named by the API"
    missing = token_send(emulator, token, b"xyz", video_id="vi0000000000000000000000")
    assert missing.status_code == 404 and missing.json()["name"] == "videoId"


def test_refused_first_token_chunk_leaves_no_video(
    api: httpx.Client, emulator: EmulatorServer
) -> None:
    token = upload_token(api)
    before = api.get("/videos", params={"title": "tiny.mp4"}).json()["pagination"]["itemsTotal"]
    r = token_send(emulator, token, b"too small", "part 1/2", filename="tiny.mp4")
    assert r.status_code == 400
    after = api.get("/videos", params={"title": "tiny.mp4"}).json()["pagination"]["itemsTotal"]
    assert after == before


def test_token_problems_are_401(api: httpx.Client, emulator: EmulatorServer) -> None:
    missing = token_send(emulator, None, b"abc")
    assert missing.status_code == 401
    assert problem_slug(missing) == "authentication-missing-upload-token"
    unknown = token_send(emulator, "to0000000000000000000000", b"abc")
    assert unknown.status_code == 401
    assert problem_slug(unknown) == "authentication-invalid-upload-token"
    deleted = upload_token(api)
    assert api.delete(f"/upload-tokens/{deleted}").status_code == 204
    assert problem_slug(token_send(emulator, deleted, b"abc")) == (
        "authentication-invalid-upload-token"
    )
    expiring = upload_token(api, ttl=1)
    time.sleep(2.1)
    expired = token_send(emulator, expiring, b"abc")
    assert expired.status_code == 401
    assert problem_slug(expired) == "authentication-invalid-upload-token"


# ---- the ledger, without HTTP ----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.permutations(list(range(1, n + 1)))), st.data())
def test_any_arrival_order_completes_exactly_once(order: list[int], data: st.DataObject) -> None:
    total = len(order)
    repeats = data.draw(st.lists(st.sampled_from(order), max_size=4))
    arrivals = list(order)
    for part in repeats:  # a repeat arrives some time after its first copy
        first = arrivals.index(part)
        arrivals.insert(data.draw(st.integers(first + 1, len(arrivals))), part)
    progressive = data.draw(st.booleans())
    ledger = new_ledger()
    completions = 0
    for part in arrivals:
        declared = None if progressive and part != total else total
        size = PART if part != total else 10
        outcome = register(ledger, Piece(PartRange(part, declared), size, f"sha-{part}"))
        completions += outcome.completed
    assert completions == 1
    assert is_complete(ledger)
    counts = {str(p): 1 + repeats.count(p) for p in order}
    assert {k: v["count"] for k, v in ledger["pieces"].items()} == counts


def test_a_different_part_after_completion_is_refused() -> None:
    ledger = new_ledger()
    register(ledger, Piece(PartRange(1, 1), 10, "a"))
    with pytest.raises(ContentRangeError) as caught:
        register(ledger, Piece(PartRange(1, 1), 10, "b"))
    assert caught.value.slug == "video-source-already-uploaded"
    assert not register(ledger, Piece(PartRange(1, 1), 10, "a")).completed  # identical repeat
