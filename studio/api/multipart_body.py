"""A ``multipart/form-data`` body streamed from disk with an exact Content-Length.

The file part is read in blocks on a worker thread, one block ahead of the network, so a chunk
of any size costs at most two blocks of memory and the event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .upload_state import FileChangedError

BLOCK_SIZE = 1 << 20
CRLF = b"\r\n"


@dataclass(frozen=True)
class FileRange:
    """``length`` bytes of the file at ``path`` starting at ``offset`` (None: up to the end)."""

    path: str | os.PathLike[str]
    offset: int = 0
    length: int | None = None

    def resolved(self) -> FileRange:
        """The same range with ``length`` filled in from the file's current size (blocking)."""
        if self.offset < 0 or (self.length is not None and self.length < 0):
            raise ValueError("A file range cannot start or extend before 0.")
        if self.length is not None:
            return self
        return FileRange(self.path, self.offset, max(0, os.path.getsize(self.path) - self.offset))

    @property
    def size(self) -> int:
        if self.length is None:
            raise ValueError("Resolve the range first.")
        return self.length


def _quote(value: str) -> str:
    # WHATWG form-data escaping: the value sits inside double quotes on one header line.
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class MultipartBody:
    """One file part (plus optional text fields sent before it) as a replayable byte stream.

    Pass ``body.stream`` (the method, not its result) as ``content=`` to
    :meth:`ApiVideoClient.request`: every call starts a fresh pass over the data.
    """

    def __init__(
        self,
        source: bytes | FileRange,
        *,
        filename: str,
        field_name: str = "file",
        content_type: str = "application/octet-stream",
        fields: Sequence[tuple[str, str]] = (),
        boundary: str | None = None,
        block_size: int = BLOCK_SIZE,
    ) -> None:
        if isinstance(source, FileRange) and source.length is None:
            raise ValueError("FileRange.length must be known; call resolved() first.")
        self.source = source
        self.block_size = block_size
        self.boundary = boundary or f"studio-{secrets.token_hex(16)}"
        dash = b"--" + self.boundary.encode("ascii")
        head = bytearray()
        for name, value in fields:
            head += dash + CRLF
            head += f'Content-Disposition: form-data; name="{_quote(name)}"'.encode() + CRLF
            head += CRLF + value.encode() + CRLF
        head += dash + CRLF
        head += (
            f'Content-Disposition: form-data; name="{_quote(field_name)}"; '
            f'filename="{_quote(filename)}"'
        ).encode() + CRLF
        head += f"Content-Type: {content_type}".encode() + CRLF + CRLF
        self._head = bytes(head)
        self._tail = CRLF + dash + b"--" + CRLF

    @property
    def file_size(self) -> int:
        return len(self.source) if isinstance(self.source, bytes) else self.source.size

    @property
    def content_length(self) -> int:
        return len(self._head) + self.file_size + len(self._tail)

    @property
    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(self.content_length),
        }

    async def stream(self, on_bytes: Callable[[int], None] | None = None) -> AsyncIterator[bytes]:
        """Yield the whole body; ``on_bytes(n)`` is told of every ``n`` file bytes handed over."""
        yield self._head
        if isinstance(self.source, bytes):
            view = memoryview(self.source)
            for start in range(0, len(view), self.block_size):
                block = bytes(view[start : start + self.block_size])
                yield block
                if on_bytes is not None:
                    on_bytes(len(block))
        else:
            async for block in read_blocks(self.source, self.block_size):
                yield block
                if on_bytes is not None:
                    on_bytes(len(block))
        yield self._tail


async def read_blocks(file_range: FileRange, block_size: int = BLOCK_SIZE) -> AsyncIterator[bytes]:
    """The bytes of ``file_range`` in blocks, read on a worker thread one block ahead.

    Raises :class:`FileChangedError` if the file ends before the range does (it shrank).
    """
    remaining = file_range.size
    handle: BinaryIO = await asyncio.to_thread(_open_at, Path(file_range.path), file_range.offset)
    pending: asyncio.Future[bytes] | None = None
    try:
        if remaining > 0:
            pending = asyncio.ensure_future(
                asyncio.to_thread(handle.read, min(block_size, remaining))
            )
        while pending is not None:
            block = await pending
            pending = None
            if not block:
                raise FileChangedError(f"{file_range.path} is shorter than the range being sent.")
            remaining -= len(block)
            if remaining > 0:
                # Start the next read before handing this block to the network: disk and
                # socket then overlap.
                pending = asyncio.ensure_future(
                    asyncio.to_thread(handle.read, min(block_size, remaining))
                )
            yield block
    finally:
        if pending is not None:
            # A thread cannot be interrupted: let its read finish before closing the file.
            await asyncio.gather(pending, return_exceptions=True)
        handle.close()


def _open_at(path: Path, offset: int) -> BinaryIO:
    handle = open(path, "rb")  # closed by the caller's finally
    handle.seek(offset)
    return handle
