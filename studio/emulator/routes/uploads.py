"""Source uploads: ``POST /videos/{videoId}/source`` and ``POST /upload?token=`` (contract 5, U5).

Each request body is streamed to disk first (``incoming/``), hashed, then checked against the
video's ledger (ingest.py) under a per-video lock, so parts may arrive out of order and several
at once; the piece that completes the upload assembles the source (streamed file copies, in part
order) exactly once and starts the media pipeline. A byte-identical re-sent part is accepted
again and counted. Every accepted chunk answers 201 with the full Video.

Control route (no auth): ``GET /_emulator/videos/{videoId}/source`` -> ``{"size", "sha256",
"partsReceived": {"1": 1, ...}}`` (arrival count per part) to prove what landed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from ..app import public_url, store_of
from ..content_range import ContentRange, ContentRangeError, PartRange, parse_content_range
from ..ids import new_uuid, now, parse_atom
from ..ingest import Ledger, Piece, arrivals, keys_in_order, new_ledger, register
from ..middleware import project_of
from ..multipart import read_multipart
from ..pipeline import file_sha256, incoming_dir, install, new_media_state, pipeline_of, video_dir
from ..problems import Problem, not_found, upload_problem
from ..store import Store
from ..video_model import KIND, get_video, new_video, to_wire, update_video
from ..wire import json_response

_BLOCK = 1 << 20


@dataclass
class Received:
    """A request body saved to disk, with its text fields."""

    path: Path
    size: int
    filename: str
    fields: dict[str, str] = field(default_factory=dict)
    sha256: str = ""


async def _receive(request: web.Request) -> Received:
    dest = incoming_dir(request.app) / f"{new_uuid()}.part"
    try:
        upload = await read_multipart(request, dest)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    assert upload.path is not None  # read_multipart refuses requests without a file
    received = Received(upload.path, upload.size, upload.filename, dict(upload.fields))
    received.sha256 = await asyncio.to_thread(file_sha256, received.path)
    return received


async def _drain(request: web.Request) -> None:
    """Read and drop a body we refuse before looking at it, so the client sees our answer."""
    while await request.content.read(_BLOCK):
        pass


def _content_range(request: web.Request) -> ContentRange | None:
    try:
        return parse_content_range(request.headers.get("Content-Range"))
    except ContentRangeError as exc:
        raise upload_problem(exc.slug, exc.title) from None


def _part_path(folder: Path, key: str) -> Path:
    return folder / "parts" / f"part-{key}"


def _register(
    store: Store,
    project: str,
    video_id: str,
    received: Received,
    rng: ContentRange | None,
    token: str | None,
) -> bool:
    """Record one piece (call under the video's lock); True when it completed the upload."""
    doc = get_video(store, project, video_id)
    ledger: Ledger = doc.get("_upload") or new_ledger(filename=received.filename, token=token)
    try:
        outcome = register(ledger, Piece(rng, received.size, received.sha256))
    except ContentRangeError as exc:
        raise upload_problem(exc.slug, exc.title) from None
    if outcome.stored:
        folder = store.files(project, KIND, video_id)
        target = _part_path(folder, Piece(rng, received.size, received.sha256).key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(received.path, target)
    doc["_upload"] = ledger
    store.put(project, KIND, video_id, doc)
    return outcome.completed


def _assemble(folder: Path, keys: list[str], single_sha: str | None) -> tuple[int, str]:
    """Concatenate the parts in order into ``source`` (streamed), hashing on the way."""
    source = folder / "source"
    if len(keys) == 1 and single_sha is not None:
        os.replace(_part_path(folder, keys[0]), source)
        shutil.rmtree(folder / "parts", ignore_errors=True)
        return source.stat().st_size, single_sha
    digest = hashlib.sha256()
    tmp = folder / "source.assembling"
    size = 0
    with open(tmp, "wb") as out:
        for key in keys:
            with open(_part_path(folder, key), "rb") as part:
                while block := part.read(_BLOCK):
                    digest.update(block)
                    out.write(block)
                    size += len(block)
    os.replace(tmp, source)
    shutil.rmtree(folder / "parts", ignore_errors=True)
    return size, digest.hexdigest()


async def _complete(request: web.Request, project: str, video_id: str) -> None:
    """Assemble the source of a just-completed upload and start processing (under the lock)."""
    store = store_of(request)
    doc = store.get(project, KIND, video_id)
    if doc is None:
        return
    ledger = doc["_upload"]
    keys = keys_in_order(ledger)
    single_sha = ledger["pieces"][keys[0]]["sha256"] if len(keys) == 1 else None
    folder = video_dir(request.app, project, video_id)
    size, digest = await asyncio.to_thread(_assemble, folder, keys, single_sha)

    def assembled(doc: dict[str, Any]) -> None:
        doc["_upload"].update(assembled=True, size=size, sha256=digest)
        doc["_media"] = new_media_state()

    if update_video(store, project, video_id, assembled) is not None:
        pipeline_of(request.app).start(project, video_id)


async def _accept(
    request: web.Request,
    project: str,
    video_id: str,
    received: Received,
    rng: ContentRange | None,
    token: str | None = None,
) -> None:
    pipeline = pipeline_of(request.app)
    async with pipeline.lock(project, video_id):
        if _register(store_of(request), project, video_id, received, rng, token):
            await _complete(request, project, video_id)


def _answer(request: web.Request, project: str, video_id: str) -> web.Response:
    store = store_of(request)
    doc = get_video(store, project, video_id)
    return json_response(to_wire(doc, public_url(request), store, project), status=201)


async def upload_source(request: web.Request) -> web.Response:
    """V7: one chunk (or the whole file) of a video's source."""
    project = project_of(request).id
    video_id = request.match_info["videoId"]
    received = await _receive(request)
    try:
        get_video(store_of(request), project, video_id)
        rng = _content_range(request)
        await _accept(request, project, video_id, received, rng)
    finally:
        received.path.unlink(missing_ok=True)
    return _answer(request, project, video_id)


# ---- token uploads ---------------------------------------------------------------------------


def _token_problem(slug: str, title: str) -> Problem:
    return Problem(401, slug, title)


def _token_project(store: Store, token: str | None) -> str:
    """The project of a live upload token, else the 401 problems of contract 1.5."""
    if not token:
        raise _token_problem("authentication-missing-upload-token", "The upload token is missing.")
    found = store.find("upload_token", token)
    if found is None:
        raise _token_problem(
            "authentication-invalid-upload-token", "The upload token is invalid or expired."
        )
    project, doc = found
    expires = doc.get("expiresAt")
    if isinstance(expires, str) and parse_atom(expires) <= now():
        raise _token_problem(
            "authentication-invalid-upload-token", "The upload token is invalid or expired."
        )
    return project


def _open_upload(store: Store, project: str, token: str, rng: ContentRange | None) -> str | None:
    """The unfinished ranged upload of this token a chunk without videoId continues (U5)."""
    if rng is None:
        return None
    mode = "part" if isinstance(rng, PartRange) else "bytes"
    key = Piece(rng, 0, "").key
    best = None
    for doc in store.list(project, KIND):
        ledger = doc.get("_upload")
        if (
            not ledger
            or ledger.get("token") != token
            or ledger.get("complete")
            or ledger.get("mode") != mode
            or doc.get("discarded")
            or key in ledger["pieces"]
        ):
            continue
        if rng.total is not None and ledger["total"] not in (None, rng.total):
            continue
        best = doc["videoId"]  # the most recent one wins (documents come in creation order)
    return best


async def upload_with_token(request: web.Request) -> web.Response:
    """U5: token-authenticated upload; without videoId the first chunk creates the video."""
    store = store_of(request)
    token = request.query.get("token")
    try:
        project = _token_project(store, token)
    except Problem:
        await _drain(request)
        raise
    assert token is not None
    received = await _receive(request)
    try:
        rng = _content_range(request)
        video_id = (received.fields.get("videoId") or "").strip()
        if video_id:
            get_video(store, project, video_id)
            await _accept(request, project, video_id, received, rng, token)
        else:
            pipeline = pipeline_of(request.app)
            async with pipeline.token_lock:
                video_id = _open_upload(store, project, token, rng) or ""
                created = not video_id
                if created:
                    doc = new_video(title=received.filename or "file")
                    doc["_upload"] = new_ledger(filename=received.filename, token=token)
                    video_id = doc["videoId"]
                    store.put(project, KIND, video_id, doc)
                try:
                    async with pipeline.lock(project, video_id):
                        completed = _register(store, project, video_id, received, rng, token)
                except Problem:
                    if created:  # a refused first chunk leaves no empty video behind
                        store.delete(project, KIND, video_id)
                        store.remove_files(project, KIND, video_id)
                    raise
            if completed:
                async with pipeline.lock(project, video_id):
                    await _complete(request, project, video_id)
    finally:
        received.path.unlink(missing_ok=True)
    return _answer(request, project, video_id)


# ---- control ---------------------------------------------------------------------------------


async def source_info(request: web.Request) -> web.Response:
    """What landed for a video: assembled size and sha256, and arrivals per part."""
    found = store_of(request).find(KIND, request.match_info["videoId"])
    if found is None:
        raise not_found("videoId")
    _, doc = found
    ledger = doc.get("_upload") or {}
    return json_response(
        {
            "size": ledger.get("size"),
            "sha256": ledger.get("sha256"),
            "partsReceived": arrivals(ledger) if ledger else {},
            "complete": bool(ledger.get("complete")),
            "assembled": bool(ledger.get("assembled")),
        }
    )


def setup(app: web.Application) -> None:
    install(app)
    app.router.add_post("/videos/{videoId}/source", upload_source)
    app.router.add_post("/upload", upload_with_token)
    app.router.add_get("/_emulator/videos/{videoId}/source", source_info)
