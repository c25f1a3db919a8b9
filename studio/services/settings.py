"""``Settings``: the user's preferences, typed, range-checked and kept in a TOML file.

The file lives in the per-user config folder (``platformdirs``). It never holds an API key: keys
go to the OS keyring through :class:`~studio.services.secrets.SecretStore`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from .toml_file import read_toml, write_toml

APP_DIR_NAME = "apivideo-studio"
SETTINGS_FILE = "settings.toml"
THEMES = ("system", "light", "dark")

# (minimum, maximum) of each integer setting; values outside are clamped on load and on set.
LIMITS: dict[str, tuple[int, int]] = {
    "chunk_size_mib": (5, 128),  # api.video accepts parts of 5 MiB to 128 MiB
    "parts_in_flight": (1, 4),
    "parallel_files": (1, 4),
    "cache_size_mib": (64, 8192),
}


def config_dir() -> Path:
    """The per-user folder for settings and the project list."""
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False))


@dataclass
class Settings:
    """Preferences every panel reads (``context.settings``); :meth:`save` persists them.

    ``path`` None keeps them in memory only (tests, or a read-only config folder).
    """

    path: Path | None = None
    chunk_size_mib: int = 50
    parts_in_flight: int = 1
    parallel_files: int = 2
    theme: str = "system"
    cache_size_mib: int = 512
    onboarded: bool = False  # the first-run choice (demo or a project) has been made

    def __post_init__(self) -> None:
        if self.path is not None:
            self.path = Path(self.path)
        self.normalise()

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read ``path`` (default: the user's settings file); missing or bad values get defaults."""
        path = path if path is not None else config_dir() / SETTINGS_FILE
        settings = cls(path=path)
        stored = read_toml(path)
        for f in fields(cls):
            if f.name == "path" or f.name not in stored:
                continue
            value = stored[f.name]
            default = getattr(settings, f.name)
            # bool is an int subclass: compare exact types so `theme = 3` or `onboarded = 1`
            # fall back to the default instead of sneaking in.
            if type(value) is type(default):
                setattr(settings, f.name, value)
        settings.normalise()
        return settings

    def normalise(self) -> None:
        """Clamp integers into their ranges and reset an unknown theme."""
        for name, (low, high) in LIMITS.items():
            setattr(self, name, max(low, min(high, int(getattr(self, name)))))
        if self.theme not in THEMES:
            self.theme = "system"

    @property
    def chunk_size_bytes(self) -> int:
        return self.chunk_size_mib * 1024 * 1024

    @property
    def cache_size_bytes(self) -> int:
        return self.cache_size_mib * 1024 * 1024

    def as_dict(self) -> dict[str, Any]:
        """Every preference by name (``path`` excluded)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "path"}

    def save(self) -> None:
        """Write the preferences to ``path`` (nothing to do for in-memory settings)."""
        self.normalise()
        if self.path is None:
            return
        write_toml(
            self.path,
            self.as_dict(),
            header="api.video Studio preferences. API keys are kept in the OS keyring, not here.",
        )
