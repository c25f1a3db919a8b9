"""``UploadQueue``: files waiting for, being sent to and processed by api.video, persisted.

Each item creates its video (with the title, description, tags and visibility the user set so
far), uploads the file in parts through ``client.uploads`` and then follows the video's status
until it is playable. The client's resume state is stored after every landed part, so after a
restart or a crash :meth:`UploadQueue.start` resumes unfinished items by sending only the parts
the server lacks; paused items stay paused.

An item added with an upload token is a delegated upload: no video is created with the API key;
the first part sent to ``/upload?token=`` creates it (titled with the file name) and the user's
edits follow by PATCH once it exists.

Items belong to the project they were added in and only run while that project is current
(a project switch stops the others until it is current again). Qt is used for signals only;
progress is batched on the event loop so several parallel uploads cost the UI a few updates a
second.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from .context import AppContext
from .media_sniffing import Refusal, screen_paths
from .queue_lock import QueueInUse, QueueLock
from .upload_item import (
    CANCELLABLE,
    FINISHED,
    PAUSABLE,
    UploadItem,
    UploadPhase,
    VideoDetails,
)
from .upload_policy import StatusPolling, UploadLimits, describe_error, project_key
from .upload_store import UploadStore
from .upload_transfer import ItemTransfers

__all__ = ["StatusPolling", "UploadLimits", "UploadQueue", "describe_error", "project_key"]

log = logging.getLogger(__name__)

MIB = 1 << 20
PROGRESS_INTERVAL_S = 0.25  # at most four progress signals a second, whatever the uploads
QUEUE_RETRY_S = 2.0  # while another program runs the queue, try to take it over this often


class UploadQueue(QObject, ItemTransfers):
    """The persisted upload queue of the app (``context.uploads``)."""

    item_added = Signal(int)  # item id, appended at the end of :attr:`items`
    item_changed = Signal(int)  # phase, details, error, note or video id changed
    item_removed = Signal(int)
    progress_changed = Signal(list)  # ids whose bytes, speed or ETA moved (batched)
    refused = Signal(list)  # list[Refusal] from the last add_paths that refused something
    video_ready = Signal(str)  # video id, once api.video says it is playable
    #: Another program runs this queue (its name, in words), or "" once this one has it.
    in_use_elsewhere = Signal(str)

    def __init__(
        self,
        context: AppContext,
        *,
        polling: StatusPolling | None = None,
        progress_interval: float = PROGRESS_INTERVAL_S,
        program: str = "the studio app",
    ) -> None:
        super().__init__()
        self._context = context
        self._store = UploadStore(Path(context.data_dir))
        self._lock = QueueLock(Path(context.data_dir), program)
        self.used_by = ""  # who runs the queue instead of this program ("" = nobody / us)
        # Delegated uploads paused or cancelled while their first part was on its way: they stop
        # once it has landed (see _stop_upload).
        self._stop_after_first_part: set[int] = set()
        self._retry: asyncio.TimerHandle | None = None
        self.polling = polling or StatusPolling()
        self._progress_interval = progress_interval
        self._items: dict[int, UploadItem] = {}  # insertion order is queue order
        self._uploads: dict[int, asyncio.Task[Any]] = {}
        self._followers: dict[int, asyncio.Task[Any]] = {}
        self._edits: dict[int, asyncio.Task[Any]] = {}
        self._dirty: set[int] = set()
        self._flush: asyncio.TimerHandle | None = None
        self._loaded = False
        self._started = False
        self._closed = False
        context.client_changed.connect(self._on_client_changed)
        # More files in parallel may now be allowed.
        settings_changed = getattr(context, "settings_changed", None)
        if settings_changed is not None:
            settings_changed.connect(self._pump)

    # ---- reading -----------------------------------------------------------------------------

    @property
    def items(self) -> list[UploadItem]:
        """Every item, in queue order (a new list; the items themselves are live)."""
        return list(self._items.values())

    def item(self, item_id: int) -> UploadItem | None:
        return self._items.get(item_id)

    def find_video(self, video_id: str) -> UploadItem | None:
        """The item that uploaded ``video_id``, if it is still listed."""
        return next((i for i in self._items.values() if i.video_id == video_id), None)

    @property
    def project(self) -> str:
        """The key of the current project; only its items run."""
        return project_key(self._context.project)

    @property
    def limits(self) -> UploadLimits:
        return UploadLimits.from_settings(self._context.settings)

    # ---- lifecycle ---------------------------------------------------------------------------

    async def load(self) -> None:
        """Read the stored items without starting any work (idempotent).

        Raises :class:`QueueInUse` while another program runs the queue.
        """
        if self._loaded:
            return
        await asyncio.to_thread(self._lock.claim)
        if self._loaded:  # another caller got here during the claim
            return
        self._loaded = True
        if self.used_by:
            self.used_by = ""
            self.in_use_elsewhere.emit("")
        for item in await self._store.load():
            if item.phase is UploadPhase.UPLOADING:
                item.phase = UploadPhase.QUEUED  # it was running when the app stopped
            item.sent = item.bytes_landed()
            self._items[item.id] = item
            self._note_project(item)
            self.item_added.emit(item.id)

    async def start(self) -> None:
        """Load the stored queue and resume unfinished work; paused items stay paused.

        While another program runs the queue, this one waits (``in_use_elsewhere``) and
        tries again every few seconds.
        """
        try:
            await self.load()
        except QueueInUse as exc:
            self._wait_for_queue(exc.owner)
            return
        self._started = True
        for item in self._items.values():
            if item.edits_pending and item.video_id and item.project == self.project:
                self._push_edits_later(item)
        self._pump()

    def _wait_for_queue(self, owner: str) -> None:
        if self._closed:
            return
        if owner != self.used_by:
            self.used_by = owner
            self.in_use_elsewhere.emit(owner)
        if self._retry is None:

            def again() -> None:
                self._retry = None
                if not self._closed:
                    self._context.scope.start(self.start())

            self._retry = asyncio.get_running_loop().call_later(QUEUE_RETRY_S, again)

    async def close(self) -> None:
        """Stop every transfer (their state stays stored, to resume next time) and close."""
        if self._closed:
            return
        self._closed = True
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        tasks = [*self._uploads.values(), *self._followers.values(), *self._edits.values()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self._store.close()
        await asyncio.to_thread(self._lock.release)

    async def flush(self) -> None:
        """Wait until every change so far is on disk."""
        await self._store.flush()

    # ---- adding ------------------------------------------------------------------------------

    async def add_paths(
        self, paths: Iterable[Path | str], *, token: str | None = None
    ) -> list[Refusal]:
        """Queue the video files among ``paths`` (folders walked recursively).

        With ``token`` the files are sent through that upload token instead of the API key.
        Returns the refusals (not a video, empty, unreadable, already queued), which are also
        emitted with :attr:`refused`.
        """
        try:
            await self.load()
        except QueueInUse as exc:
            reason = f"the upload queue is in use by {exc.owner}; add it there or once it is done"
            refusals = [Refusal(Path(p), reason) for p in paths]
            if refusals:
                self.refused.emit(refusals)
            return refusals
        screening = await asyncio.to_thread(screen_paths, list(paths))
        refusals = list(screening.refused)
        queued = {
            i.path
            for i in self._items.values()
            if i.phase not in FINISHED and i.project == self.project
        }
        for candidate in screening.accepted:
            if candidate.path in queued:
                refusals.append(Refusal(candidate.path, "already in the queue"))
                continue
            queued.add(candidate.path)
            item = UploadItem(
                id=0,
                project=self.project,
                project_name=self._context.project.name,
                path=candidate.path,
                size=candidate.size,
                details=(
                    VideoDetails.for_file(candidate.path)
                    if token is None
                    else VideoDetails.for_token_upload(candidate.path)
                ),
                created_at=time.time(),
                token=token,
            )
            item.id = await self._store.add(item)
            if self._closed:
                return refusals
            self._items[item.id] = item
            self.item_added.emit(item.id)
            self._pump()
        if refusals:
            self.refused.emit(refusals)
        return refusals

    # ---- user actions ------------------------------------------------------------------------

    def pause(self, item_id: int) -> None:
        """Stop sending ``item_id``; the parts that landed stay on the server."""
        item = self._items.get(item_id)
        if item is None or item.phase not in PAUSABLE:
            return
        self._set_phase(item, UploadPhase.PAUSED)
        self._stop_upload(item)
        self._pump()

    def resume(self, item_id: int) -> None:
        """Queue a paused item again; it continues with the missing parts."""
        item = self._items.get(item_id)
        if item is None or item.phase is not UploadPhase.PAUSED:
            return
        if item_id in self._stop_after_first_part:  # its run never stopped: it just goes on
            self._stop_after_first_part.discard(item_id)
            self._set_phase(item, UploadPhase.UPLOADING)
            return
        self._set_phase(item, UploadPhase.QUEUED)
        self._pump()

    def retry(self, item_id: int) -> None:
        """Queue a failed item again (it resumes where the server stands)."""
        item = self._items.get(item_id)
        if item is None or item.phase is not UploadPhase.FAILED:
            return
        item.error = ""
        self._set_phase(item, UploadPhase.QUEUED)
        self._pump()

    def cancel(self, item_id: int) -> None:
        """Drop an unfinished item and delete its half-uploaded video (the UI confirms first).

        A finished item is only taken off the list (its video stays).
        """
        item = self._items.get(item_id)
        if item is None:
            return
        if item.phase not in CANCELLABLE:
            self.remove(item_id)
            return
        self._stop_upload(item)
        self._forget(item)
        if item.video_id is not None:
            self._start(self._delete_video(self._context.client, item.video_id))

    def remove(self, item_id: int) -> None:
        """Take a finished item off the list; its video is untouched."""
        item = self._items.get(item_id)
        if item is None or item.phase not in FINISHED:
            return
        follower = self._followers.pop(item_id, None)
        if follower is not None:
            follower.cancel()
        self._forget(item)

    def clear_finished(self) -> None:
        """Remove every playable item."""
        for item in self.items:
            if item.phase is UploadPhase.PLAYABLE:
                self.remove(item.id)

    def edit(self, item_id: int, details: VideoDetails) -> None:
        """Change title, description, tags or visibility.

        Before the video exists the change goes into the create call; afterwards it is sent
        with PATCH (and again later if that fails). A token upload cannot set them when it
        creates its video, so its edits always wait for the video and a PATCH.
        """
        item = self._items.get(item_id)
        if item is None or details == item.details:
            return
        item.details = dataclasses.replace(details, tags=list(details.tags))
        if item.video_id is not None or item.token is not None:
            item.edits_pending = True
        self._store.save(item)
        self.item_changed.emit(item.id)
        if item.video_id is not None and item.project == self.project:
            self._push_edits_later(item)

    # ---- scheduling --------------------------------------------------------------------------

    def _start(self, coro: Any) -> asyncio.Task[Any] | None:
        if self._closed:
            coro.close()
            return None
        return self._context.scope.start(coro)

    def _pump(self) -> None:
        """Start uploads up to ``parallel_files`` and status followers for processing items."""
        if not self._started or self._closed:
            return
        current = self.project
        for item in self._items.values():
            if item.project != current:
                continue
            if item.phase is UploadPhase.PROCESSING and item.id not in self._followers:
                self._track(self._followers, item, self._follow(item))
        running = len(self._uploads)
        limit = self.limits.parallel_files
        for item in self._items.values():
            if running >= limit:
                break
            if item.project == current and item.phase is UploadPhase.QUEUED:
                if item.id in self._uploads:  # a paused run still winding down
                    continue
                self._set_phase(item, UploadPhase.UPLOADING)
                self._track(self._uploads, item, self._run(item))
                running += 1

    def _track(self, tasks: dict[int, asyncio.Task[Any]], item: UploadItem, coro: Any) -> None:
        task = self._start(coro)
        if task is None:
            return
        tasks[item.id] = task

        def done(finished: asyncio.Task[Any]) -> None:
            if tasks.get(item.id) is finished:
                del tasks[item.id]
            self._pump()

        task.add_done_callback(done)

    def _stop_upload(self, item: UploadItem) -> None:
        task = self._uploads.get(item.id)
        if task is not None and not task.done():
            if item.token is not None and item.video_id is None:
                # A delegated upload's first part creates the video and only its answer says
                # which: stopped before it lands, the video would be left behind (and a resume
                # would make a second one). So that part lands first; then the run stops.
                self._stop_after_first_part.add(item.id)
            else:
                task.cancel()
        item.sent = item.bytes_landed()  # bytes of the part in flight are lost
        item.rate.reset()
        self._progressed(item)

    def _on_client_changed(self) -> None:
        """Another project is current: stop this one's transfers; run the new one's items."""
        for item_id, task in list(self._uploads.items()):
            item = self._items.get(item_id)
            if item is not None and item.phase is UploadPhase.UPLOADING:
                self._set_phase(item, UploadPhase.QUEUED)
            task.cancel()
        for task in [*self._followers.values(), *self._edits.values()]:
            task.cancel()
        for item in self._items.values():
            if self._note_project(item):
                self.item_changed.emit(item.id)
        self._pump()

    def _note_project(self, item: UploadItem) -> bool:
        """Say on items of other projects that they wait; True when the note changed."""
        note = ""
        if item.project != self.project and item.phase not in FINISHED:
            name = item.project_name or item.project.split(":", 1)[-1]
            note = f"Waiting for project “{name}” to be the current one."
        if note == item.note:
            return False
        item.note = note
        return True

    # ---- bookkeeping -------------------------------------------------------------------------

    def _set_phase(self, item: UploadItem, phase: UploadPhase) -> None:
        item.phase = phase
        if phase is not UploadPhase.FAILED:
            item.error = ""
        self._store.save(item)
        self.item_changed.emit(item.id)

    def _forget(self, item: UploadItem) -> None:
        self._items.pop(item.id, None)
        self._dirty.discard(item.id)
        self._store.delete(item.id)
        self.item_removed.emit(item.id)
        self._pump()

    def _progressed(self, item: UploadItem) -> None:
        """Note a progress change; one batched signal goes out per interval."""
        self._dirty.add(item.id)
        if self._flush is None and not self._closed:
            loop = asyncio.get_event_loop()
            self._flush = loop.call_later(self._progress_interval, self._emit_progress)

    def _emit_progress(self) -> None:
        self._flush = None
        ids = [i for i in self._dirty if i in self._items]
        self._dirty.clear()
        if ids:
            self.progress_changed.emit(ids)
