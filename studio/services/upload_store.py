"""The upload queue on disk: one SQLite row per item, written on a worker thread.

:class:`UploadDatabase` is the blocking SQLite code; :class:`UploadStore` runs it on one
dedicated thread, so writes keep their order and never block the event loop. Rows are
serialised on the caller's thread (a snapshot), so a later change to an item cannot race the
write. WAL with ``synchronous=NORMAL`` survives a killed process (not a power cut), which is
what resuming after a crash needs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..api.upload_state import UploadState
from .upload_item import UploadItem, UploadPhase, VideoDetails

T = TypeVar("T")

DB_NAME = "uploads.sqlite3"
SCHEMA_VERSION = 2  # 2: upload_token (delegated uploads)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL,
    project_name TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    public INTEGER NOT NULL DEFAULT 1,
    phase TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    video_id TEXT,
    upload_state TEXT,
    edits_pending INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    upload_token TEXT
)
"""

# Columns added after version 1, with their declarations; nullable, so old rows stay valid.
_ADDED_COLUMNS = {"upload_token": "TEXT"}

_COLUMNS = (
    "project, project_name, path, size, title, description, tags, public, phase, error, video_id, "
    "upload_state, edits_pending, created_at, upload_token"
)


def row_of(item: UploadItem) -> tuple[Any, ...]:
    details = item.details
    return (
        item.project,
        item.project_name,
        str(item.path),
        item.size,
        details.title,
        details.description,
        json.dumps(details.tags),
        int(details.public),
        item.phase.value,
        item.error,
        item.video_id,
        json.dumps(item.state.to_json()) if item.state is not None else None,
        int(item.edits_pending),
        item.created_at,
        item.token,
    )


def item_of(row: sqlite3.Row) -> UploadItem:
    state = UploadState.from_json(json.loads(row["upload_state"])) if row["upload_state"] else None
    try:
        phase = UploadPhase(row["phase"])
    except ValueError:  # written by a newer version: treat as something to look at again
        phase = UploadPhase.QUEUED
    return UploadItem(
        id=row["id"],
        project=row["project"],
        project_name=row["project_name"],
        path=Path(row["path"]),
        size=row["size"],
        details=VideoDetails(
            title=row["title"],
            description=row["description"],
            tags=list(json.loads(row["tags"])),
            public=bool(row["public"]),
        ),
        phase=phase,
        error=row["error"],
        video_id=row["video_id"],
        state=state,
        edits_pending=bool(row["edits_pending"]),
        created_at=row["created_at"],
        token=row["upload_token"],
    )


class UploadDatabase:
    """Blocking access to the queue's SQLite file; use it from one thread only."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: one row per write
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Bring a file written by an older version up to this schema, keeping its rows."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return  # current, or from a newer version (which only ever adds columns)
        present = {row["name"] for row in self._db.execute("PRAGMA table_info(uploads)")}
        for name, declaration in _ADDED_COLUMNS.items():
            if name not in present:
                self._db.execute(f"ALTER TABLE uploads ADD COLUMN {name} {declaration}")
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def load(self) -> list[UploadItem]:
        """Every item, oldest first."""
        rows = self._db.execute(f"SELECT id, {_COLUMNS} FROM uploads ORDER BY id").fetchall()
        return [item_of(row) for row in rows]

    def insert(self, row: tuple[Any, ...]) -> int:
        """Store a new item's row; returns its id."""
        marks = ", ".join("?" * len(row))
        cursor = self._db.execute(f"INSERT INTO uploads ({_COLUMNS}) VALUES ({marks})", row)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, item_id: int, row: tuple[Any, ...]) -> None:
        assignments = ", ".join(f"{name.strip()} = ?" for name in _COLUMNS.split(","))
        self._db.execute(f"UPDATE uploads SET {assignments} WHERE id = ?", (*row, item_id))

    def delete(self, item_id: int) -> None:
        self._db.execute("DELETE FROM uploads WHERE id = ?", (item_id,))

    def close(self) -> None:
        self._db.close()


class UploadStore:
    """:class:`UploadDatabase` on its own thread, for the event loop.

    ``save`` and ``delete`` return at once (the write is queued, in order); ``flush`` waits
    until every queued write is on disk.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / DB_NAME
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="upload-store")
        self._db: UploadDatabase | None = None
        self._last: concurrent.futures.Future[Any] | None = None

    def _submit(self, work: Callable[[UploadDatabase], T]) -> concurrent.futures.Future[T]:
        def run() -> T:
            if self._db is None:
                self._db = UploadDatabase(self.path)
            return work(self._db)

        future = self._thread.submit(run)
        self._last = future
        return future

    async def load(self) -> list[UploadItem]:
        """Every stored item, oldest first."""
        return await asyncio.wrap_future(self._submit(UploadDatabase.load))

    async def add(self, item: UploadItem) -> int:
        """Store a new item; returns the id it was given."""
        row = row_of(item)
        return await asyncio.wrap_future(self._submit(lambda db: db.insert(row)))

    def save(self, item: UploadItem) -> None:
        """Queue a write of ``item`` as it is now."""
        row = row_of(item)
        self._submit(lambda db: db.update(item.id, row))

    def delete(self, item_id: int) -> None:
        self._submit(lambda db: db.delete(item_id))

    async def flush(self) -> None:
        """Wait for every write queued so far."""
        await asyncio.wrap_future(self._submit(lambda db: None))

    async def close(self) -> None:
        """Finish the queued writes and close the file."""

        def close(db: UploadDatabase) -> None:
            db.close()
            self._db = None

        if self._db is not None or self._last is not None:
            await asyncio.wrap_future(self._submit(close))
        self._thread.shutdown(wait=False)
