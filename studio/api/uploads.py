"""Video source uploads (contract 5): single request, ``part i/N`` chunks, progressive sessions.

Parts are streamed from disk, sent up to ``parallel`` at a time, retried with backoff, paced to
the rate limit, and reported through ``on_state`` so that an interrupted upload can be resumed
with :meth:`Uploader.resume`. The part that completes the upload is always sent last and alone,
so the video completes exactly once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import mimetypes
import os
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .errors import ApiError
from .models import Video, VideoStatus, decode
from .multipart_body import FileRange, MultipartBody
from .upload_pacing import RetryPolicy, UploadPacer, is_already_sent, is_retryable
from .upload_progress import DEFAULT_INTERVAL_S, ProgressCallback, ProgressMeter
from .upload_state import FileChangedError, UploadState

if TYPE_CHECKING:
    from .client import ApiVideoClient

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "MIN_CHUNK_SIZE",
    "FileChangedError",
    "FileRange",
    "ProgressiveSession",
    "UploadState",
    "Uploader",
]

MIB = 1 << 20
MIN_CHUNK_SIZE = 5 * MIB  # also the smallest non-final part the API accepts
MAX_CHUNK_SIZE = 128 * MIB
DEFAULT_CHUNK_SIZE = 50 * MIB
MAX_PARALLEL = 8  # well under the client's 16 pooled connections

# ``ingest.status`` values meaning the source is on the server (or coming from a URL) already.
SOURCE_SET = frozenset({"uploaded", "ingesting", "ingested"})

StateCallback = Callable[[UploadState], None]
UploadSource = bytes | str | os.PathLike[str] | FileRange


def check_chunk_size(chunk_size: int) -> int:
    """``chunk_size`` if it is within the API's 5-128 MiB, else ValueError."""
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(
            f"The chunk size must be between 5 MiB and 128 MiB ({MIN_CHUNK_SIZE}-{MAX_CHUNK_SIZE}"
            f" bytes); got {chunk_size}."
        )
    return chunk_size


def check_parallel(parallel: int) -> int:
    if not 1 <= parallel <= MAX_PARALLEL:
        raise ValueError(f"parallel must be between 1 and {MAX_PARALLEL}; got {parallel}.")
    return parallel


@dataclasses.dataclass
class UploadTarget:
    """Where parts go: a video's ``/source`` (API key) or ``/upload?token=`` (the token)."""

    video_id: str | None = None
    token: str | None = None

    def __post_init__(self) -> None:
        if self.token is None and self.video_id is None:
            raise ValueError("An upload needs a video id or an upload token.")

    @property
    def path(self) -> str:
        if self.token is not None:
            return "/upload"
        assert self.video_id is not None
        return f"/videos/{quote(self.video_id, safe='')}/source"

    @property
    def params(self) -> dict[str, str] | None:
        return {"token": self.token} if self.token is not None else None

    @property
    def fields(self) -> list[tuple[str, str]]:
        # Token uploads name the video once the first part has created it (contract 3.3 U5).
        if self.token is not None and self.video_id is not None:
            return [("videoId", self.video_id)]
        return []


class PartSender:
    """Sends one part with retries, pacing and progress; shared by all parts of an upload."""

    def __init__(
        self,
        client: ApiVideoClient,
        target: UploadTarget,
        *,
        filename: str,
        content_type: str,
        retry: RetryPolicy,
        pacer: UploadPacer,
        meter: ProgressMeter,
    ) -> None:
        self.client = client
        self.target = target
        self.filename = filename
        self.content_type = content_type
        self.retry = retry
        self.pacer = pacer
        self.meter = meter

    async def send(self, part: int, total: int | None, source: bytes | FileRange) -> Video | None:
        """Send ``part`` (``total`` None: ``part i/*``) until it lands.

        Returns the answered Video, or None when the server said it already had the part.
        Raises the last error once it is final (4xx) or retries are exhausted.
        """
        failures = 0
        content_range = f"part {part}/{total if total is not None else '*'}"
        while True:
            body = MultipartBody(
                source,
                filename=self.filename,
                content_type=self.content_type,
                fields=self.target.fields,
            )
            headers = {**body.headers, "Content-Range": content_range}

            def stream(body: MultipartBody = body) -> AsyncIterator[bytes]:
                self.meter.start_part(part)  # a replay (after a 401) starts from zero again
                return body.stream(lambda n: self.meter.add(part, n))

            try:
                async with self.pacer.turn():
                    response = await self.client.request(
                        "POST",
                        self.target.path,
                        params=self.target.params,
                        content=stream,
                        headers=headers,
                        auth=self.target.token is None,
                    )
            except Exception as exc:
                self.meter.part_failed(part)
                if isinstance(exc, ApiError):
                    self.pacer.observe(exc.headers)
                if is_already_sent(exc):
                    return None
                failures += 1
                if not is_retryable(exc) or failures >= self.retry.attempts:
                    raise
                await asyncio.sleep(self.retry.delay(failures, exc))
                continue
            self.pacer.observe(response.headers)
            video = decode(Video, response.content)
            if self.target.video_id is None:
                self.target.video_id = video.video_id
            return video


class Uploader:
    """Uploads video sources; attached to the client as ``client.uploads``.

    ``chunk_size``, ``parallel``, ``retry`` and ``progress_interval`` are defaults for every
    upload and can be overridden per call.
    """

    def __init__(
        self,
        client: ApiVideoClient,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        parallel: int = 1,
        retry: RetryPolicy | None = None,
        progress_interval: float = DEFAULT_INTERVAL_S,
    ) -> None:
        self._client = client
        self.chunk_size = chunk_size
        self.parallel = parallel
        self.retry = retry or RetryPolicy()
        self.progress_interval = progress_interval
        # One pacer for every upload of this client: the rate-limit budget is per project.
        self.pacer = UploadPacer()

    @property
    def chunk_size(self) -> int:
        """Default part size in bytes (5-128 MiB; ValueError otherwise)."""
        return self._chunk_size

    @chunk_size.setter
    def chunk_size(self, value: int) -> None:
        self._chunk_size = check_chunk_size(value)

    @property
    def parallel(self) -> int:
        """Default number of parts in flight (1-8)."""
        return self._parallel

    @parallel.setter
    def parallel(self, value: int) -> None:
        self._parallel = check_parallel(value)

    # ---- whole files -------------------------------------------------------------------------

    async def upload(
        self,
        video_id: str,
        path: str | os.PathLike[str],
        *,
        chunk_size: int | None = None,
        parallel: int | None = None,
        on_progress: ProgressCallback | None = None,
        on_state: StateCallback | None = None,
    ) -> Video:
        """Upload the file at ``path`` as the source of ``video_id``; returns the Video.

        ``on_state`` receives an :class:`UploadState` before the first part and after every part
        that lands; persist it to :meth:`resume` later.
        """
        chunk = check_chunk_size(self.chunk_size if chunk_size is None else chunk_size)
        check_parallel(self.parallel if parallel is None else parallel)
        state = await asyncio.to_thread(UploadState.for_file, path, chunk, video_id=video_id)
        return await self._upload_file(state, parallel, on_progress, on_state)

    async def upload_with_token(
        self,
        token: str,
        path: str | os.PathLike[str],
        *,
        video_id: str | None = None,
        chunk_size: int | None = None,
        parallel: int | None = None,
        on_progress: ProgressCallback | None = None,
        on_state: StateCallback | None = None,
    ) -> Video:
        """Delegated upload with an upload token (no API key needed).

        Without ``video_id`` the first part creates a video titled with the file name; the
        other parts then name that video.
        """
        chunk = check_chunk_size(self.chunk_size if chunk_size is None else chunk_size)
        check_parallel(self.parallel if parallel is None else parallel)
        state = await asyncio.to_thread(
            UploadState.for_file, path, chunk, video_id=video_id, token=token
        )
        return await self._upload_file(state, parallel, on_progress, on_state)

    async def resume(
        self,
        state: UploadState,
        *,
        parallel: int | None = None,
        on_progress: ProgressCallback | None = None,
        on_state: StateCallback | None = None,
    ) -> Video:
        """Finish an interrupted upload, sending only the parts the server does not have.

        Raises :class:`FileChangedError` if the file is not the one ``state`` describes. With an
        API key, the server's ``ingest.receivedParts`` decides what is missing; a token-only
        client relies on ``state.parts_done``. An already complete upload returns the Video
        without sending anything.
        """
        check_parallel(self.parallel if parallel is None else parallel)
        await asyncio.to_thread(state.check_file)
        state = _copy_state(state)
        if state.video_id is not None and self._client.api_key:
            status = await self._status(state.video_id)
            ingest = status.ingest
            if ingest is not None and ingest.status in SOURCE_SET:
                return await self._video(state.video_id)
            received = ingest.received_parts if ingest is not None else None
            if received is not None and received.total not in (None, state.total_parts):
                raise FileChangedError(
                    f"The server expects {received.total} parts, the saved state "
                    f"{state.total_parts}: the state does not belong to this upload."
                )
            state.parts_done = sorted(set(received.parts) if received is not None else set())
        if state.complete:
            if state.video_id is None or not self._client.api_key:
                raise ValueError("Every part has landed; fetch the video with an API key.")
            return await self._video(state.video_id)
        return await self._upload_file(state, parallel, on_progress, on_state)

    async def _upload_file(
        self,
        state: UploadState,
        parallel: int | None,
        on_progress: ProgressCallback | None,
        on_state: StateCallback | None,
    ) -> Video:
        if state.size == 0:
            raise ValueError(f"{state.path} is empty; the API refuses empty sources.")
        limit = check_parallel(self.parallel if parallel is None else parallel)
        total = state.total_parts
        done_bytes = sum(state.part_range(n)[1] for n in set(state.parts_done))
        meter = ProgressMeter(
            on_progress, state.size, already_sent=done_bytes, interval=self.progress_interval
        )
        target = UploadTarget(video_id=state.video_id, token=state.token)
        sender = self._sender(target, Path(state.path).name, meter)

        def landed(part: int) -> None:
            meter.part_landed(part, state.part_range(part)[1])
            state.video_id = target.video_id
            state.parts_done = sorted({*state.parts_done, part})
            if on_state is not None:
                on_state(_copy_state(state))

        async def send(part: int) -> Video | None:
            offset, length = state.part_range(part)
            video = await sender.send(part, total, FileRange(state.path, offset, length))
            landed(part)
            return video

        if on_state is not None:
            on_state(_copy_state(state))
        meter.report(force=True)
        missing = deque(state.missing_parts)
        final = missing.pop()  # completes the upload: sent last, alone
        if target.video_id is None and missing:
            # A token upload's first part creates the video the others must name.
            await send(missing.popleft())
        await run_bounded(missing, limit, send)
        video = await send(final)
        meter.report(force=True)
        if video is None:  # the final part had landed before; its answer was lost
            assert target.video_id is not None
            video = await self._video(target.video_id)
        return video

    # ---- progressive sessions ----------------------------------------------------------------

    def progressive(
        self,
        video_id: str,
        *,
        filename: str = "file",
        on_progress: ProgressCallback | None = None,
    ) -> ProgressiveSession:
        """A session that sends parts as they become available (``part i/*``, then ``n/n``)."""
        return ProgressiveSession(self, UploadTarget(video_id=video_id), filename, on_progress)

    def progressive_with_token(
        self,
        token: str,
        *,
        video_id: str | None = None,
        filename: str = "file",
        on_progress: ProgressCallback | None = None,
    ) -> ProgressiveSession:
        """A progressive session on ``/upload?token=``; the first part creates the video
        (titled ``filename``) unless ``video_id`` is given."""
        target = UploadTarget(video_id=video_id, token=token)
        return ProgressiveSession(self, target, filename, on_progress)

    # ---- helpers -----------------------------------------------------------------------------

    def _sender(self, target: UploadTarget, filename: str, meter: ProgressMeter) -> PartSender:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return PartSender(
            self._client,
            target,
            filename=filename,
            content_type=content_type,
            retry=self.retry,
            pacer=self.pacer,
            meter=meter,
        )

    async def _status(self, video_id: str) -> VideoStatus:
        response = await self._client.request("GET", f"/videos/{quote(video_id, safe='')}/status")
        return decode(VideoStatus, response.content)

    async def _video(self, video_id: str) -> Video:
        response = await self._client.request("GET", f"/videos/{quote(video_id, safe='')}")
        return decode(Video, response.content)


class ProgressiveSession:
    """Parts of a source whose total size is not known yet (a file still being written).

    ``await session.send(part)`` sends ``part i/*``; ``await session.finish(last)`` sends
    ``part n/n`` once every earlier part has landed and returns the complete Video. Every part but
    the last must be at least 5 MiB. Sends may overlap (several in flight); part numbers follow
    the order of the calls.
    """

    def __init__(
        self,
        uploader: Uploader,
        target: UploadTarget,
        filename: str,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.target = target
        self._meter = ProgressMeter(on_progress, None, interval=uploader.progress_interval)
        self._sender = uploader._sender(target, filename, self._meter)
        self._chunk_size = uploader.chunk_size
        self._next_part = 1
        self._pending: set[asyncio.Future[Video | None]] = set()
        self._first_part = asyncio.Lock()
        self._finished = False
        self.video: Video | None = None

    @property
    def video_id(self) -> str | None:
        return self.target.video_id

    @property
    def parts_sent(self) -> int:
        return self._next_part - 1

    async def send(self, source: UploadSource) -> Video | None:
        """Send a non-final part (at least 5 MiB). Returns the Video the server answered."""
        return await self._send(source, final=False)

    async def finish(self, source: UploadSource) -> Video:
        """Send the last part after all others have landed; returns the complete Video."""
        video = await self._send(source, final=True)
        if video is None:  # the last part had landed before; its answer was lost
            video = await self._sender.client.request_json(
                "GET", f"/videos/{quote(self.target.video_id or '', safe='')}"
            )
            video = decode(Video, video)
        self.video = video
        return video

    async def follow(
        self,
        path: str | os.PathLike[str],
        finished: asyncio.Event,
        *,
        chunk_size: int | None = None,
        poll_interval: float = 0.2,
    ) -> Video:
        """Upload a file that is still being written: a part whenever ``chunk_size`` (default:
        the uploader's) new bytes exist beyond it, the rest once ``finished`` is set. Returns the
        complete Video."""
        chunk_size = check_chunk_size(self._chunk_size if chunk_size is None else chunk_size)
        offset = 0
        while True:
            done = finished.is_set()  # read before the size, so no byte written after is missed
            size = await asyncio.to_thread(os.path.getsize, path)
            # Keep at least one byte back: the final part must not be empty.
            while size - offset > chunk_size:
                await self.send(FileRange(path, offset, chunk_size))
                offset += chunk_size
            if done:
                return await self.finish(FileRange(path, offset, size - offset))
            try:
                await asyncio.wait_for(finished.wait(), poll_interval)
            except TimeoutError:
                pass

    async def _send(self, source: UploadSource, *, final: bool) -> Video | None:
        if self._finished:
            raise RuntimeError("This progressive session is finished.")
        data = await asyncio.to_thread(_resolve_source, source)
        size = len(data) if isinstance(data, bytes) else data.size
        if size == 0:
            raise ValueError("A part cannot be empty.")
        if not final and size < MIN_CHUNK_SIZE:
            raise ValueError(f"Every part but the last must be at least 5 MiB; got {size} bytes.")
        part = self._next_part
        self._next_part += 1
        if final:
            self._finished = True
            # The last part completes the upload: every earlier part must be on the server.
            await asyncio.gather(*self._pending)
            self._meter.total = self._meter.sent + size
        future = asyncio.ensure_future(self._send_part(part, part if final else None, data, size))
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return await future

    async def _send_part(
        self, part: int, total: int | None, data: bytes | FileRange, size: int
    ) -> Video | None:
        if self.target.video_id is None:
            async with self._first_part:  # a token session's first part creates the video
                if self.target.video_id is None:
                    video = await self._sender.send(part, total, data)
                    self._meter.part_landed(part, size)
                    return video
        video = await self._sender.send(part, total, data)
        self._meter.part_landed(part, size)
        if total is not None:
            self._meter.report(force=True)
        return video


async def run_bounded[T](
    items: Iterable[T], limit: int, work: Callable[[T], Awaitable[object]]
) -> None:
    """Run ``work`` on every item, at most ``limit`` at a time, in order of the items.

    The first failure cancels the rest and is raised as is; so is a cancellation of the caller.
    """
    queue = deque(items)
    if not queue:
        return

    async def worker() -> None:
        while queue:
            await work(queue.popleft())

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(queue)))]
    try:
        done, _ = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.cancelled():  # someone cancelled a part: the upload stops as a whole
                raise asyncio.CancelledError
            error = task.exception()
            if error is not None:
                raise error
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


def _resolve_source(source: UploadSource) -> bytes | FileRange:
    if isinstance(source, bytes):
        return source
    if isinstance(source, FileRange):
        return source.resolved()
    return FileRange(source).resolved()


def _copy_state(state: UploadState) -> UploadState:
    return dataclasses.replace(state, parts_done=list(state.parts_done))
