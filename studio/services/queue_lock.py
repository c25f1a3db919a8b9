"""``QueueLock``: one program at a time runs an upload queue database.

The app and ``studio-cli`` share ``uploads.sqlite3``; each keeps its own copy of the items it
loaded, so two of them running the same queue would send the same parts twice and overwrite
each other's progress. The lock is an OS file lock (``filelock``: ``flock`` on Unix, ``msvcrt``
on Windows): the operating system drops it when its process ends, a crash or a SIGKILL included,
so a dead holder never blocks the queue. Who holds it is written beside it, for the message.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import filelock

LOCK_NAME = "uploads.lock"
OWNER_NAME = "uploads.lock.owner"


class QueueInUse(Exception):
    """Another program runs this queue; ``owner`` says which, in words."""

    def __init__(self, owner: str) -> None:
        super().__init__(f"The upload queue is in use by {owner}.")
        self.owner = owner


class QueueLock:
    """The right to run the queue in ``folder``; ``program`` names this process in messages.

    Blocking file I/O (tiny): call :meth:`claim` and :meth:`release` off the UI thread.
    """

    def __init__(self, folder: Path, program: str) -> None:
        self.folder = Path(folder)
        self.program = program
        # Not thread-local: claimed on one worker thread, released on another.
        self._lock = filelock.FileLock(self.folder / LOCK_NAME, timeout=0, thread_local=False)

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._lock.is_locked

    def claim(self) -> None:
        """Take the lock now or raise :class:`QueueInUse` (never waits)."""
        if self._lock.is_locked:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise QueueInUse(self.owner()) from None
        owner = {"pid": os.getpid(), "program": self.program}
        (self.folder / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")

    def owner(self) -> str:
        """Who holds the lock, as written by the holder ("another studio program" if unknown)."""
        try:
            info = json.loads((self.folder / OWNER_NAME).read_text(encoding="utf-8"))
            return f"{info['program']} (process {int(info['pid'])})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another studio program"

    def release(self) -> None:
        """Let another program run the queue."""
        if self._lock.is_locked:
            self._lock.release(force=True)
