"""``ItemTransfers``: the work of one upload-queue item — create its video, send the parts (with
the API key or through an upload token), follow its status, push edits.

A mixin of :class:`~studio.services.upload_queue.UploadQueue`, kept apart so that the queue
module holds the queue (order, lifecycle, user actions, scheduling) and this one the transfer
of a single file. It uses the queue's state and bookkeeping, declared below.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import SignalInstance

from ..api import ApiError, ApiVideoClient, TransportError
from ..api.models import VideoCreationPayload, VideoUpdatePayload
from ..api.upload_state import UploadState
from .context import AppContext
from .upload_item import UploadItem, UploadPhase
from .upload_policy import StatusPolling, UploadLimits, describe_error
from .upload_store import UploadStore

log = logging.getLogger(__name__)


class ItemTransfers:
    """Per-item upload steps; the state and helpers below are the queue's."""

    _context: AppContext
    _store: UploadStore
    _items: dict[int, UploadItem]
    _uploads: dict[int, asyncio.Task[Any]]
    _edits: dict[int, asyncio.Task[Any]]
    _stop_after_first_part: set[int]
    polling: StatusPolling
    item_changed: SignalInstance
    video_ready: SignalInstance

    @property
    def limits(self) -> UploadLimits:
        raise NotImplementedError

    @property
    def project(self) -> str:
        raise NotImplementedError

    def _start(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        raise NotImplementedError

    def _track(self, tasks: dict[int, asyncio.Task[Any]], item: UploadItem, coro: Any) -> None:
        raise NotImplementedError

    def _set_phase(self, item: UploadItem, phase: UploadPhase) -> None:
        raise NotImplementedError

    def _progressed(self, item: UploadItem) -> None:
        raise NotImplementedError

    async def _run(self, item: UploadItem) -> None:
        """Create the video if needed, send the missing parts, then hand over to the follower."""
        client = self._context.client
        limits = self.limits
        item.rate.reset()
        try:
            if item.token is not None:
                await self._send_with_token(client, item, item.token, limits)
                if self._items.get(item.id) is not item:
                    return  # cancelled while its first part landed (its video is deleted)
                self._stop_after_first_part.discard(item.id)  # the only part: it is done
            else:
                fresh = item.video_id is None
                if fresh:
                    await self._create(client, item)
                await self._send(client, item, limits, fresh=fresh)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if item.id in self._stop_after_first_part:
                self._stop_after_first_part.discard(item.id)
                if self._items.get(item.id) is not item or item.phase is UploadPhase.PAUSED:
                    return  # stopped by the user anyway; a resume (if any) starts over
            self._fail(item, exc)
            return
        item.sent = item.size
        self._set_phase(item, UploadPhase.PROCESSING)
        if item.edits_pending:
            await self._push_edits(client, item)
        # The follower starts from _pump once this task is done (its slot is then free).

    async def _create(self, client: ApiVideoClient, item: UploadItem) -> None:
        sent = dataclasses.replace(item.details, tags=list(item.details.tags))
        payload = VideoCreationPayload(
            title=sent.title, description=sent.description, tags=sent.tags, public=sent.public
        )
        creating = asyncio.ensure_future(client.videos.create(payload))
        try:
            # Shielded: a pause during the call must not lose a video the server made.
            video = await asyncio.shield(creating)
        except asyncio.CancelledError:
            creating.add_done_callback(lambda done: self._adopt(client, item, done))
            raise
        self._set_video(item, video.video_id)
        if item.details != sent:  # edited while the create call was in flight
            item.edits_pending = True
            self._store.save(item)

    def _adopt(
        self, client: ApiVideoClient, item: UploadItem, creating: asyncio.Future[Any]
    ) -> None:
        """A create call finished after its run was stopped: keep the video, or delete it."""
        if creating.cancelled() or creating.exception() is not None:
            return
        video_id = creating.result().video_id
        if self._items.get(item.id) is item and item.video_id is None:
            self._set_video(item, video_id)
        else:
            self._start(self._delete_video(client, video_id))

    def _set_video(self, item: UploadItem, video_id: str) -> None:
        item.video_id = video_id
        self._store.save(item)
        self.item_changed.emit(item.id)

    async def _send(
        self, client: ApiVideoClient, item: UploadItem, limits: UploadLimits, *, fresh: bool
    ) -> None:
        assert item.video_id is not None

        def progress(sent: int, _total: int | None) -> None:
            item.sent = sent
            item.rate.sample(sent, time.monotonic())
            self._progressed(item)

        def saved(state: UploadState) -> None:
            item.state = state
            self._store.save(item)

        if fresh:
            await client.uploads.upload(
                item.video_id,
                item.path,
                chunk_size=limits.chunk_size,
                parallel=limits.parts_in_flight,
                on_progress=progress,
                on_state=saved,
            )
            return
        state = item.state
        if state is None or state.video_id != item.video_id:
            # Stopped between creating the video and the first saved state: the server's
            # received parts still tell what is missing.
            state = await asyncio.to_thread(
                UploadState.for_file, item.path, limits.chunk_size, video_id=item.video_id
            )
        await client.uploads.resume(
            state, parallel=limits.parts_in_flight, on_progress=progress, on_state=saved
        )

    async def _send_with_token(
        self, client: ApiVideoClient, item: UploadItem, token: str, limits: UploadLimits
    ) -> None:
        """Send the file through ``token``; the video id comes from the server's answers."""

        def progress(sent: int, _total: int | None) -> None:
            if item.id in self._stop_after_first_part:
                return  # paused or cancelled: the bar stays where the user stopped it
            item.sent = sent
            item.rate.sample(sent, time.monotonic())
            self._progressed(item)

        def saved(state: UploadState) -> None:
            if self._items.get(item.id) is not item:  # cancelled while the first part landed
                if state.video_id is not None:
                    self._stop_after_first_part.discard(item.id)
                    self._start(self._delete_video(client, state.video_id))
                    self._cancel_run(item)
                return
            item.state = state
            self._store.save(item)
            if state.video_id is not None and state.video_id != item.video_id:
                self._video_created(item, state.video_id)
            if state.video_id is not None and item.id in self._stop_after_first_part:
                self._stop_after_first_part.discard(item.id)
                if state.missing_parts:  # paused: it can stop now (if that was all, it is done)
                    self._cancel_run(item)

        if item.state is not None and item.state.token == token:
            # The saved state carries the token and, after the first part, the video id.
            video = await client.uploads.resume(
                item.state, parallel=limits.parts_in_flight, on_progress=progress, on_state=saved
            )
        else:
            video = await client.uploads.upload_with_token(
                token,
                item.path,
                video_id=item.video_id,
                chunk_size=limits.chunk_size,
                parallel=limits.parts_in_flight,
                on_progress=progress,
                on_state=saved,
            )
        if self._items.get(item.id) is not item:  # cancelled while its only part landed
            self._stop_after_first_part.discard(item.id)
            self._start(self._delete_video(client, video.video_id))
            return
        if video.video_id != item.video_id:
            self._video_created(item, video.video_id)

    def _cancel_run(self, item: UploadItem) -> None:
        """Stop the upload task of ``item`` at its next pause point (it may be the caller)."""
        task = self._uploads.get(item.id)
        if task is not None:
            task.cancel()

    def _video_created(self, item: UploadItem, video_id: str) -> None:
        """A token upload's first part made the video: pending edits can go out now."""
        self._set_video(item, video_id)
        if item.edits_pending and item.project == self.project:
            self._push_edits_later(item)

    def _fail(self, item: UploadItem, error: BaseException) -> None:
        reason = describe_error(error)
        if isinstance(error, ApiError) and error.status == 404 and item.video_id is not None:
            # The video was deleted meanwhile: a retry starts over with a new one.
            item.video_id = None
            item.state = None
            reason = "The video no longer exists on api.video; retry to upload it again."
        log.info("upload of %s failed: %s", item.path, reason)
        item.error = reason
        item.sent = item.bytes_landed()
        item.rate.reset()
        self._set_phase(item, UploadPhase.FAILED)
        self._progressed(item)

    async def _follow(self, item: UploadItem) -> None:
        """Poll the video's status with backoff until it is playable (or cannot be)."""
        client = self._context.client
        delay = self.polling.initial
        while item.video_id is not None:
            try:
                status = await client.videos.status(item.video_id)
            except ApiError as exc:
                if exc.status < 500 and exc.status != 429:
                    self._fail(item, exc)
                    return
            except TransportError:
                pass  # the network comes back; keep following
            else:
                if status.playable:
                    self._set_phase(item, UploadPhase.PLAYABLE)
                    self.video_ready.emit(item.video_id)
                    return
                qualities = status.encoding.qualities if status.encoding else []
                if qualities and all(q.status == "failed" for q in qualities):
                    item.error = "api.video could not encode this file."
                    self._set_phase(item, UploadPhase.FAILED)
                    return
            await asyncio.sleep(delay)
            delay = min(self.polling.maximum, delay * self.polling.factor)

    def _push_edits_later(self, item: UploadItem) -> None:
        if item.id not in self._edits:
            self._track(self._edits, item, self._push_edits(self._context.client, item))

    async def _push_edits(self, client: ApiVideoClient, item: UploadItem) -> None:
        """PATCH the details until api.video has the latest (non-fatal when it fails)."""
        while item.edits_pending and item.video_id is not None:
            sent = dataclasses.replace(item.details, tags=list(item.details.tags))
            payload = VideoUpdatePayload(
                title=sent.title, description=sent.description, tags=sent.tags, public=sent.public
            )
            try:
                await client.videos.update(item.video_id, payload)
            except (ApiError, TransportError) as exc:
                item.note = f"Edits not saved yet: {describe_error(exc)}"
                self.item_changed.emit(item.id)
                return
            if item.details == sent:
                item.edits_pending = False
                item.note = ""
                self._store.save(item)
                self.item_changed.emit(item.id)

    @staticmethod
    async def _delete_video(client: ApiVideoClient, video_id: str) -> None:
        try:
            await client.videos.delete(video_id)
        except (ApiError, TransportError) as exc:  # best effort: the user already moved on
            log.info("could not delete the cancelled upload's video %s: %s", video_id, exc)
