"""Streaming multipart reader: the single file part goes straight to disk, never into memory.

api.video rules (contract 1.12): exactly one file part whatever its field name, text fields may
come before or after it, and all parts are read before acting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from .problems import invalid_payload, upload_problem

_BLOCK = 1 << 20


@dataclass
class MultipartUpload:
    """What a multipart request carried: text fields and the one file, saved at ``path``."""

    fields: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    filename: str = ""
    field_name: str = ""
    content_type: str = ""
    size: int = 0

    def record(self) -> dict[str, Any]:
        files = []
        if self.path is not None:
            files.append({"field": self.field_name, "filename": self.filename, "size": self.size})
        return {"fields": dict(self.fields), "files": files}


async def read_multipart(
    request: web.Request, dest: Path, *, require_file: bool = True
) -> MultipartUpload:
    """Read every part; the file part is written to ``dest``. Records the request shape."""
    ctype = request.headers.get("Content-Type", "")
    if not ctype.lower().startswith("multipart/"):
        if require_file:
            raise upload_problem(
                "uploaded-file-no-file", "There is no uploaded file in the request."
            )
        raise invalid_payload()
    upload = MultipartUpload()
    reader = await request.multipart()
    files = 0
    try:
        while True:
            part = await reader.next()
            if part is None:
                break
            if part.filename is None:  # type: ignore[union-attr]
                # part.text() applies client_max_size, and the app's 0 ("no limit" for bodies)
                # makes aiohttp >= 3.14 refuse every non-empty text field: read chunks instead.
                raw = bytearray()
                while chunk := await part.read_chunk(_BLOCK):  # type: ignore[union-attr]
                    raw += chunk
                charset = part.get_charset(default="utf-8")  # type: ignore[union-attr]
                text = raw.decode(charset, errors="replace")
                upload.fields[part.name or ""] = text  # type: ignore[union-attr]
                continue
            files += 1
            if files > 1:
                # Drain the rest so the connection stays usable, then refuse.
                while await part.read_chunk(_BLOCK):  # type: ignore[union-attr]
                    pass
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            upload.path = dest
            # Go's client sends a path as the filename; only the basename is a title.
            raw_name = part.filename or ""  # type: ignore[union-attr]
            upload.filename = os.path.basename(raw_name.replace("\\", "/"))
            upload.field_name = part.name or ""  # type: ignore[union-attr]
            upload.content_type = part.headers.get("Content-Type", "")  # type: ignore[union-attr]
            # Blocking writes on purpose: this loop is the emulator's own (never the UI's), and a
            # 1 MiB page-cache write takes well under a millisecond, less than a thread hop.
            with open(dest, "wb") as out:  # noqa: ASYNC230
                while True:
                    chunk = await part.read_chunk(_BLOCK)  # type: ignore[union-attr]
                    if not chunk:
                        break
                    out.write(chunk)
                    upload.size += len(chunk)
    finally:
        request["multipart_record"] = upload.record()
    if files > 1:
        dest.unlink(missing_ok=True)  # noqa: ASYNC240
        raise upload_problem(
            "uploaded-file-multiple-files", "There is more than one uploaded file in the request."
        )
    if files == 0 and require_file:
        raise upload_problem("uploaded-file-no-file", "There is no uploaded file in the request.")
    if upload.path is not None and upload.size == 0 and require_file:
        dest.unlink(missing_ok=True)  # noqa: ASYNC240
        raise upload_problem("uploaded-file-empty", "The uploaded file is empty.")
    return upload
