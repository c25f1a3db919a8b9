"""Persistence of the emulator: stdlib sqlite3 for documents, a folder tree for files.

Every api.video object (video, live stream, player, caption, ...) is a JSON document keyed by
``(project, kind, id)`` and kept in creation order, so each route module owns its own shapes
without schema migrations. Projects are strictly isolated: every call names its project.
Thread-safe: one connection guarded by a lock (the server loop and worker threads share it).
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ids import atom_now, new_id

_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    api_key TEXT NOT NULL UNIQUE,
    environment TEXT NOT NULL DEFAULT 'sandbox',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    project TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (project, kind, id)
);
CREATE INDEX IF NOT EXISTS documents_order ON documents (project, kind, seq);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    project TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Project:
    """A tenant of the emulator: its own API key and its own objects."""

    id: str
    name: str
    api_key: str
    environment: str


class Store:
    """Documents, projects, auth tokens and file folders under one data directory."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.data_dir / "emulator.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.executescript(_SCHEMA)
        self._seq = int(
            self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
        )
        # Parsed documents per (project, kind), in creation order; the store is the only writer.
        self._cache: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the store lock (and one sqlite transaction) across several calls."""
        with self._lock:
            if self._db.in_transaction:
                yield
                return
            self._db.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                self._cache.clear()
                raise
            self._db.execute("COMMIT")

    # ---- projects --------------------------------------------------------------------------

    def ensure_project(
        self, api_key: str, name: str = "Default project", environment: str = "sandbox"
    ) -> Project:
        """The project owning ``api_key``, created if it does not exist yet."""
        with self._lock:
            found = self.project_by_key(api_key)
            if found:
                return found
            project = Project(new_id("pr"), name, api_key, environment)
            self._db.execute(
                "INSERT INTO projects (id, name, api_key, environment, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (project.id, name, api_key, environment, atom_now()),
            )
            return project

    def project_by_key(self, api_key: str) -> Project | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, api_key, environment FROM projects WHERE api_key = ?",
                (api_key,),
            ).fetchone()
        return Project(*row) if row else None

    def project(self, project_id: str) -> Project | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, api_key, environment FROM projects WHERE id = ?", (project_id,)
            ).fetchone()
        return Project(*row) if row else None

    def projects(self) -> list[Project]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, api_key, environment FROM projects ORDER BY created_at"
            ).fetchall()
        return [Project(*r) for r in rows]

    # ---- documents -------------------------------------------------------------------------

    def _load(self, project: str, kind: str) -> dict[str, dict[str, Any]]:
        key = (project, kind)
        cached = self._cache.get(key)
        if cached is None:
            rows = self._db.execute(
                "SELECT id, body FROM documents WHERE project = ? AND kind = ? ORDER BY seq",
                (project, kind),
            ).fetchall()
            cached = {doc_id: json.loads(body) for doc_id, body in rows}
            self._cache[key] = cached
        return cached

    def get(self, project: str, kind: str, doc_id: str) -> dict[str, Any] | None:
        """A private copy of one document, or None."""
        with self._lock:
            doc = self._load(project, kind).get(doc_id)
            return copy.deepcopy(doc) if doc is not None else None

    def list(self, project: str, kind: str) -> list[dict[str, Any]]:
        """All documents of a kind in creation order. Treat them as read-only: get() to edit."""
        with self._lock:
            return list(self._load(project, kind).values())

    def ids(self, project: str, kind: str) -> tuple[str, ...]:
        """Ids of all documents of a kind, in creation order."""
        with self._lock:
            return tuple(self._load(project, kind))

    def put(self, project: str, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        """Insert or replace a document (a replaced one keeps its place in creation order)."""
        self.put_many(project, kind, [(doc_id, doc)])

    def put_many(self, project: str, kind: str, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        with self._lock:
            cache = self._load(project, kind)
            rows = []
            for doc_id, doc in docs:
                stored = copy.deepcopy(doc)
                if doc_id in cache:
                    self._db.execute(
                        "UPDATE documents SET body = ? WHERE project = ? AND kind = ? AND id = ?",
                        (json.dumps(stored), project, kind, doc_id),
                    )
                else:
                    self._seq += 1
                    rows.append((project, kind, doc_id, self._seq, json.dumps(stored)))
                cache[doc_id] = stored
            if rows:
                self._db.executemany(
                    "INSERT INTO documents (project, kind, id, seq, body) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )

    def delete(self, project: str, kind: str, doc_id: str) -> bool:
        """Remove a document; True if it existed."""
        with self._lock:
            cache = self._load(project, kind)
            if doc_id not in cache:
                return False
            del cache[doc_id]
            self._db.execute(
                "DELETE FROM documents WHERE project = ? AND kind = ? AND id = ?",
                (project, kind, doc_id),
            )
            return True

    def find(self, kind: str, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        """Look a document up across projects (delivery routes know only the id)."""
        with self._lock:
            row = self._db.execute(
                "SELECT project, body FROM documents WHERE kind = ? AND id = ?", (kind, doc_id)
            ).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    # ---- files -----------------------------------------------------------------------------

    def files(self, project: str, kind: str, doc_id: str) -> Path:
        """The folder holding files of one object (created on demand)."""
        path = self.files_dir / project / kind / doc_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def remove_files(self, project: str, kind: str, doc_id: str) -> None:
        shutil.rmtree(self.files_dir / project / kind / doc_id, ignore_errors=True)

    def bytes_used(self, project: str) -> int:
        """Bytes stored for a project (account quota)."""
        root = self.files_dir / project
        if not root.exists():
            return 0
        return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())

    # ---- auth tokens -----------------------------------------------------------------------

    def add_token(self, token: str, kind: str, project: str, lifetime_s: float) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO tokens (token, kind, project, expires_at) VALUES (?,?,?,?)",
                (token, kind, project, time.time() + lifetime_s),
            )

    def token_project(self, token: str, kind: str) -> str | None:
        """The project of a live token of that kind, or None (unknown or expired)."""
        with self._lock:
            row = self._db.execute(
                "SELECT project, expires_at FROM tokens WHERE token = ? AND kind = ?",
                (token, kind),
            ).fetchone()
        if not row or row[1] < time.time():
            return None
        return str(row[0])

    def revoke_token(self, token: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM tokens WHERE token = ?", (token,))
