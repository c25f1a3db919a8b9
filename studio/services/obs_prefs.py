"""``LivePrefs``: where OBS listens, and each project's chosen ingest server, in a TOML file.

Nothing secret lives here: the obs-websocket password goes to the OS keyring (SecretStore,
account :func:`~studio.services.obs.password_account`), and stream keys come from the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .obs import DEFAULT_HOST, DEFAULT_PORT
from .toml_file import read_toml, write_toml

if TYPE_CHECKING:
    from .context import AppContext

PREFS_FILE = "live.toml"


@dataclass
class IngestChoice:
    """A project's ingest server: the chosen option and its custom URL (if any)."""

    choice: str = ""  # an IngestServer.key; "" = the recommended one
    custom_url: str = ""


@dataclass
class LivePrefs:
    """OBS connection and per-project ingest choices; ``path`` None keeps them in memory."""

    path: Path | None = None
    obs_host: str = DEFAULT_HOST
    obs_port: int = DEFAULT_PORT
    start_streaming: bool = True  # "Send to OBS" also starts the stream
    projects: dict[str, IngestChoice] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> LivePrefs:
        """Read ``path``; a missing or damaged file gives the defaults."""
        data = read_toml(path)
        prefs = cls(path=path)
        host = data.get("obs_host")
        if isinstance(host, str) and host.strip():
            prefs.obs_host = host.strip()
        port = data.get("obs_port")
        if type(port) is int and 0 < port < 65536:
            prefs.obs_port = port
        start = data.get("start_streaming")
        if isinstance(start, bool):
            prefs.start_streaming = start
        rows = data.get("projects")
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("key"), str):
                prefs.projects[row["key"]] = IngestChoice(
                    str(row.get("choice", "")), str(row.get("custom_url", ""))
                )
        return prefs

    @classmethod
    def for_context(cls, context: AppContext) -> LivePrefs:
        return cls.load(Path(context.data_dir) / PREFS_FILE)

    def ingest(self, project_key: str) -> IngestChoice:
        return self.projects.setdefault(project_key, IngestChoice())

    def save(self) -> None:
        if self.path is None:
            return
        write_toml(
            self.path,
            {
                "obs_host": self.obs_host,
                "obs_port": self.obs_port,
                "start_streaming": self.start_streaming,
                "projects": [
                    {"key": key, "choice": c.choice, "custom_url": c.custom_url}
                    for key, c in sorted(self.projects.items())
                ],
            },
            header="api.video Studio: OBS and ingest preferences (no passwords or keys here).",
        )


def project_key(context: AppContext) -> str:
    """A stable name for the active project (its saved id, else environment and URL)."""
    project = context.project
    if project.id:
        return project.id
    return f"{project.environment}:{project.base_url}"
