"""Send one file as a streamed multipart request (thumbnails, captions, logos, watermarks).

Reuses the uploader's :class:`MultipartBody`, so big files are streamed from disk and never
loaded whole; a body given as ``bytes`` is sent as is.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .multipart_body import FileRange, MultipartBody

if TYPE_CHECKING:
    from .client import ApiVideoClient

FileSource = str | os.PathLike[str] | bytes


async def post_file(
    client: ApiVideoClient,
    path: str,
    source: FileSource,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    fields: Sequence[tuple[str, str]] = (),
) -> Any:
    """POST ``source`` (a file path, or bytes) as the single ``file`` part; return the JSON.

    ``filename`` defaults to the path's basename (``file`` for bytes); ``content_type`` is
    guessed from the filename.
    """
    if isinstance(source, bytes):
        name = filename or "file"
        body_source: bytes | FileRange = source
    else:
        name = filename or Path(source).name
        body_source = await asyncio.to_thread(FileRange(source).resolved)
    mime = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    body = MultipartBody(body_source, filename=name, content_type=mime, fields=fields)
    return await client.request_json("POST", path, content=body.stream, headers=body.headers)
