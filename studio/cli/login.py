"""``studio-cli login``: check an API key and save the project exactly as the app does.

The project goes into the app's project list and becomes the active one; its key goes into the
OS keyring through the app's :class:`~studio.services.secrets.SecretStore`. Where no keyring is
usable nothing is saved (a key that disappears with the process would fool scripts): use
``$APIVIDEO_API_KEY`` there instead.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from .connection import API_KEY_ENV, ENVIRONMENT_URLS, Folders, add_folder_options
from .failures import FAILED, OK, UNREACHABLE, USAGE, CliFailure
from .options import Commands, CommonOptions
from .output import note, print_json


def register(commands: Commands, common: CommonOptions) -> None:
    p = commands.add_parser(
        "login",
        parents=common.plain,
        help="save a project (API key checked, kept in the OS keyring)",
        description="Check an API key with api.video and save it as the active project, "
        "shared with the desktop app. The key is asked for on the terminal, or read from "
        "stdin with --api-key-stdin.",
    )
    p.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENT_URLS),
        default="production",
        help="api.video environment of the key (default production)",
    )
    p.add_argument("--base-url", metavar="URL", help="another api.video-compatible server")
    p.add_argument("--name", default="", help="the project's name (default: from environment)")
    p.add_argument(
        "--api-key-stdin", action="store_true", help="read the key from the first line of stdin"
    )
    add_folder_options(p)
    p.set_defaults(handler=login)


def read_api_key(from_stdin: bool) -> str:
    """The key from stdin's first line, or typed at a prompt that does not echo it."""
    if from_stdin:
        return sys.stdin.readline().strip()
    if not sys.stdin.isatty():
        raise CliFailure("No terminal to ask for the key on: pipe it with --api-key-stdin.", USAGE)
    return getpass.getpass("api.video API key: ").strip()


async def login(args: argparse.Namespace) -> int:
    # The project list and the secret store bring Qt's core module: loaded when needed only.
    from ..services.context import AppContext
    from ..services.projects import (
        PROJECTS_FILE,
        ProjectManager,
        SignInError,
        base_url_for,
        sign_in,
    )
    from ..services.secrets import SecretStore
    from ..services.task_scope import TaskScope

    environment = "custom" if args.base_url else args.environment
    try:
        base_url = base_url_for(environment, args.base_url or "")
    except SignInError as exc:
        raise CliFailure(exc.message, USAGE) from exc
    api_key = read_api_key(args.api_key_stdin)
    folders = Folders.from_args(args)
    secrets = SecretStore()
    manager = ProjectManager(secrets, folders.config / PROJECTS_FILE)
    try:
        unstorable = await asyncio.to_thread(secrets.backend_problem)
        if unstorable is not None:
            # Still check the key, so the message says whether it is good.
            client = await sign_in(api_key, base_url, environment)
            await client.aclose()
            raise CliFailure(
                f"The key works, but it cannot be saved: {unstorable}. Nothing was saved; "
                f"set ${API_KEY_ENV} (and --base-url or --environment) for each command instead."
            )
        added = await manager.add(args.name, environment, api_key, base_url)
        project = added.project
        if not added.key.persisted:
            await manager.remove(project.id)
            raise CliFailure(f"The key works, but it was not saved: {added.key.notice}")
        client, active = await manager.connect(project.id)
        context = AppContext(client, active, TaskScope(), folders.data, folders.cache)
        await manager.activate(context, project.id)
        # Logging in again under the same name replaces the older entry.
        for older in list(manager.projects):
            if older.id != project.id and (older.name, older.base_url) == (
                project.name,
                project.base_url,
            ):
                await manager.remove(older.id)
    except SignInError as exc:
        unreachable = exc.field == "url"
        raise CliFailure(exc.message, UNREACHABLE if unreachable else FAILED) from exc
    finally:
        await manager.aclose()
    if args.json:
        print_json(
            {
                "id": project.id,
                "name": project.name,
                "environment": project.environment,
                "baseUrl": project.base_url,
                "keyStored": True,
            }
        )
    else:
        print(f"Signed in: “{project.name}” ({project.environment}, {project.base_url}).")
        note(f"{added.key.notice} Commands use this project unless told otherwise.")
    return OK
