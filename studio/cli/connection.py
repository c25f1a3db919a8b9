"""Which api.video project a command talks to, and the folders it shares with the desktop app.

A key on the command line (``--api-key``) or in ``$APIVIDEO_API_KEY`` wins, exactly as in the
app, and needs no keyring (scripts, CI, tests). Otherwise the project comes from the app's saved
project list (``projects.toml`` in the config folder, keys in the OS keyring): ``--project`` by
name or id, else the app's active project.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

from ..api import PRODUCTION_URL, SANDBOX_URL, ApiVideoClient, TransportError
from ..services.settings import APP_DIR_NAME, config_dir
from .failures import UNREACHABLE, CliFailure

API_KEY_ENV = "APIVIDEO_API_KEY"
# The app's id for a connection made with a key from the environment (studio.app): uploads
# queued that way belong to the same queue in both programs.
ENV_PROJECT_ID = "env"
ENVIRONMENT_URLS = {"production": PRODUCTION_URL, "sandbox": SANDBOX_URL}


@dataclass(frozen=True)
class Target:
    """The project a command works on (what the app calls the active project)."""

    name: str
    environment: str  # "production", "sandbox" or "custom"
    base_url: str
    project_id: str  # the saved project's id, or ENV_PROJECT_ID for a key given directly


@dataclass(frozen=True)
class Folders:
    """The app's per-user folders: settings and projects, queue database, caches."""

    config: Path
    data: Path
    cache: Path

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Folders:
        return cls(
            config=args.config_dir or config_dir(),
            data=args.data_dir or Path(user_data_dir(APP_DIR_NAME, appauthor=False)),
            cache=Path(user_cache_dir(APP_DIR_NAME, appauthor=False)),
        )


@dataclass
class Session:
    """An open client on the chosen project, with the folders of the app."""

    client: ApiVideoClient
    target: Target
    folders: Folders


def add_folder_options(parser: argparse.ArgumentParser) -> None:
    """``--config-dir`` and ``--data-dir``, defaulting to the app's folders."""
    group = parser.add_argument_group("folders (shared with the desktop app)")
    group.add_argument(
        "--config-dir", type=Path, help="settings and the project list (default: the app's)"
    )
    group.add_argument("--data-dir", type=Path, help="the upload queue (default: the app's)")


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """How to reach api.video: a key and URL, or a project saved by ``login``."""
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"API key to use (default ${API_KEY_ENV}; without either, the project saved by "
        "`studio-cli login`). Prefer the variable: arguments show in process lists",
    )
    group.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENT_URLS),
        default="production",
        help="environment of --api-key (default production)",
    )
    group.add_argument("--base-url", metavar="URL", help="API URL of --api-key (any server)")
    group.add_argument(
        "--project", metavar="NAME_OR_ID", help="a project saved by `login` (default: the active)"
    )
    add_folder_options(parser)


def base_url_of(args: argparse.Namespace) -> str:
    """The API URL for a key given directly: ``--base-url``, else the environment's."""
    if args.base_url:
        return str(args.base_url).rstrip("/")
    return ENVIRONMENT_URLS[args.environment]


def environment_of(base_url: str) -> str:
    """``production``, ``sandbox`` or ``custom``, from an API URL."""
    for name, url in ENVIRONMENT_URLS.items():
        if base_url.rstrip("/") == url:
            return name
    return "custom"


@asynccontextmanager
async def open_session(args: argparse.Namespace) -> AsyncIterator[Session]:
    """A client on the project the arguments choose, closed afterwards.

    Network failures inside the block become :class:`CliFailure` with the "unreachable" code.
    """
    folders = Folders.from_args(args)
    api_key = args.api_key or os.environ.get(API_KEY_ENV)
    if api_key:
        base_url = base_url_of(args)
        target = Target(
            f"Key from ${API_KEY_ENV}", environment_of(base_url), base_url, ENV_PROJECT_ID
        )
        client = ApiVideoClient(api_key, base_url=base_url)
    else:
        client, target = await _saved_project(args.project, folders)
    try:
        yield Session(client, target, folders)
    except TransportError as exc:
        raise CliFailure(f"Cannot reach {target.base_url}: {exc}", UNREACHABLE) from exc
    finally:
        await client.aclose()


async def _saved_project(wanted: str | None, folders: Folders) -> tuple[ApiVideoClient, Target]:
    # Imported here: the project list brings Qt's core module, which a key alone never needs.
    from ..services.projects import DEMO_ID, PROJECTS_FILE, ProjectManager, SignInError
    from ..services.secrets import SecretStore

    manager = ProjectManager(SecretStore(), folders.config / PROJECTS_FILE)
    if wanted:
        found = [p for p in manager.projects if wanted in (p.id, p.name)]
        if not found:
            lowered = wanted.casefold()
            found = [p for p in manager.projects if p.name.casefold() == lowered]
        if len(found) != 1:
            names = ", ".join(f"“{p.name}” ({p.id})" for p in manager.projects) or "none"
            problem = "matches several" if found else "is not a saved project"
            raise CliFailure(f"“{wanted}” {problem}. Saved projects: {names}.")
        project_id = found[0].id
    elif manager.active_id != DEMO_ID:
        project_id = manager.active_id
    else:
        raise CliFailure(
            f"No project: run `studio-cli login`, or set ${API_KEY_ENV} (with --base-url or "
            "--environment for a server other than production)."
        )
    try:
        client, active = await manager.connect(project_id)
    except SignInError as exc:
        raise CliFailure(exc.message) from exc
    return client, Target(active.name, active.environment, active.base_url, active.id)
