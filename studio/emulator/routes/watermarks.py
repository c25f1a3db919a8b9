"""Watermark images (contract 3.10 M1-M3).

Documents of kind ``watermark`` keyed by ``watermarkId``: ``{"watermarkId", "createdAt"}``.
The image (JPEG or PNG, judged by its bytes) is kept as PNG at :func:`watermark_path`, where
video encoding can find it from ``watermark.id``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web
from PIL import Image

from ..app import store_of
from ..ids import atom_now, new_id, new_uuid
from ..images import image_format
from ..middleware import project_of
from ..multipart import read_multipart
from ..problems import not_found, upload_problem
from ..store import Store
from ..wire import empty_response, json_response, paginate, sort_items

KIND = "watermark"
FORMATS = ("JPEG", "PNG")
EXTENSION_TITLE = "Only [jpeg, jpg, JPG, JPEG, png, PNG] extensions are supported."


def watermark_path(store: Store, project_id: str, watermark_id: str) -> Path:
    """The stored image of a watermark (PNG)."""
    return store.files(project_id, KIND, watermark_id) / "watermark.png"


def _keep_image(staging: Path, dest: Path) -> None:
    try:
        if image_format(staging) not in FORMATS:
            raise upload_problem("uploaded-file-extension-invalid", EXTENSION_TITLE)
        with Image.open(staging) as img:
            img.load()
            img.save(dest, "PNG")
    finally:
        staging.unlink(missing_ok=True)


async def upload_watermark(request: web.Request) -> web.Response:
    """M1: answers 200 (not 201), as the real API does."""
    project = project_of(request)
    store = store_of(request)
    watermark_id = new_id("watermark_")
    dest = watermark_path(store, project.id, watermark_id)
    try:
        upload = await read_multipart(request, dest.with_name(f"upload-{new_uuid()}.tmp"))
        assert upload.path is not None  # read_multipart requires a file
        await asyncio.to_thread(_keep_image, upload.path, dest)
    except BaseException:
        await asyncio.to_thread(store.remove_files, project.id, KIND, watermark_id)
        raise
    doc = {"watermarkId": watermark_id, "createdAt": atom_now()}
    store.put(project.id, KIND, watermark_id, doc)
    return json_response(doc)


async def list_watermarks(request: web.Request) -> web.Response:
    project = project_of(request)
    items = sort_items(request, store_of(request).list(project.id, KIND), ("createdAt",))
    return json_response(paginate(request, items))


async def delete_watermark(request: web.Request) -> web.Response:
    project = project_of(request)
    store = store_of(request)
    watermark_id = request.match_info["watermarkId"]
    if not store.delete(project.id, KIND, watermark_id):
        raise not_found("watermarkId")
    await asyncio.to_thread(store.remove_files, project.id, KIND, watermark_id)
    return empty_response()


def setup(app: web.Application) -> None:
    app.router.add_post("/watermarks", upload_watermark)
    app.router.add_get("/watermarks", list_watermarks)
    app.router.add_delete("/watermarks/{watermarkId}", delete_watermark)
