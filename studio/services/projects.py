"""Projects: saved api.video connections (name, environment, URL), sign-in and switching.

A project's API key lives in the :class:`~studio.services.secrets.SecretStore` under the
project's id; ``projects.toml`` holds only names, environments and URLs. The offline demo is the
pseudo-project :data:`DEMO_ID`, served by the embedded emulator the composition root provides.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..api import PRODUCTION_URL, SANDBOX_URL, ApiError, ApiVideoClient, TransportError
from .context import ActiveProject, AppContext
from .secrets import SaveResult, SecretStore
from .settings import config_dir
from .toml_file import read_toml, write_toml

PROJECTS_FILE = "projects.toml"
DEMO_ID = "demo"
DEMO_NAME = "Demo (offline)"
ENVIRONMENTS = ("production", "sandbox", "custom")
ENVIRONMENT_URLS = {"production": PRODUCTION_URL, "sandbox": SANDBOX_URL}
SIGN_IN_TIMEOUT_S = 15.0

# Starts (once) the embedded emulator and returns its (base URL, API key).
DemoConnector = Callable[[], Awaitable[tuple[str, str]]]


@dataclass(frozen=True)
class Project:
    """A saved connection; its key is in the keyring under ``id``."""

    id: str
    name: str
    environment: str  # "production", "sandbox" or "custom"
    base_url: str

    def active(self) -> ActiveProject:
        return ActiveProject(self.name, self.environment, self.base_url, self.id)


class SignInError(Exception):
    """A sign-in that did not work, with a message written for the user."""

    def __init__(self, message: str, *, field: str = "key") -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # which input to point at: "key", "url" or "name"


def base_url_for(environment: str, custom_url: str = "") -> str:
    """The API URL of an environment; ``custom`` needs an http(s) URL (raises SignInError)."""
    if environment in ENVIRONMENT_URLS:
        return ENVIRONMENT_URLS[environment]
    if environment != "custom":
        raise SignInError(f"Unknown environment {environment!r}.", field="url")
    url = custom_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SignInError(
            "Enter the server's address, starting with https:// (or http:// for a local server).",
            field="url",
        )
    return url


async def sign_in(api_key: str, base_url: str, environment: str) -> ApiVideoClient:
    """Check ``api_key`` with ``POST /auth/api-key``; return the signed-in client.

    Raises :class:`SignInError` with a message for the user (wrong key, unreachable server...).
    """
    api_key = api_key.strip()
    if not api_key:
        raise SignInError("Enter your API key (api.video dashboard → API keys).")
    client = ApiVideoClient(api_key, base_url=base_url, timeout=SIGN_IN_TIMEOUT_S)
    try:
        await client.authenticate()
    except ApiError as exc:
        await client.aclose()
        raise SignInError(_refusal_message(exc, environment)) from exc
    except TransportError as exc:
        await client.aclose()
        raise SignInError(
            f"Cannot reach {base_url}. Check the address and your network connection. ({exc})",
            field="url",
        ) from exc
    except BaseException:
        await client.aclose()
        raise
    return client


def _refusal_message(exc: ApiError, environment: str) -> str:
    if exc.status in (400, 401, 403):
        where = {"production": "production", "sandbox": "sandbox"}.get(environment)
        hint = (
            f" Make sure it is a {where} key: sandbox and production keys are different."
            if where
            else ""
        )
        return f"This API key was refused.{hint} Copy it again from the api.video dashboard."
    if exc.status == 429:
        wait = f" Try again in {int(exc.retry_after)} s." if exc.retry_after else ""
        return f"Too many sign-in attempts.{wait}"
    if exc.status == 404:
        return "This address does not look like an api.video server (no /auth/api-key)."
    return f"The server could not check the key: {exc.message} (HTTP {exc.status})."


@dataclass(frozen=True)
class AddedProject:
    """The outcome of :meth:`ProjectManager.add`: the project and where its key went."""

    project: Project
    key: SaveResult


class ProjectManager:
    """The saved projects, which one is active, and switching ``context.client`` between them."""

    def __init__(
        self,
        secrets: SecretStore,
        path: Path | None = None,
        demo: DemoConnector | None = None,
    ) -> None:
        self.secrets = secrets
        self.path = path if path is not None else config_dir() / PROJECTS_FILE
        self._demo = demo
        self.projects: list[Project] = []
        self.active_id: str = DEMO_ID
        self._clients: dict[str, ApiVideoClient] = {}
        # Connections that are not saved projects (a key from the environment).
        self._unsaved: dict[str, ActiveProject] = {}
        self.load()

    # ---- the list ---------------------------------------------------------------------------

    def load(self) -> None:
        stored = read_toml(self.path)
        self.projects = []
        for row in stored.get("projects", []):
            try:
                self.projects.append(
                    Project(
                        str(row["id"]),
                        str(row["name"]),
                        str(row["environment"]),
                        str(row["base_url"]),
                    )
                )
            except (KeyError, TypeError):
                continue  # a hand-edited, incomplete entry is skipped, not fatal
        active = stored.get("active")
        ids = {p.id for p in self.projects}
        self.active_id = active if isinstance(active, str) and active in ids else DEMO_ID
        self._saved_active = self.active_id

    def save(self) -> None:
        rows = [
            {"id": p.id, "name": p.name, "environment": p.environment, "base_url": p.base_url}
            for p in self.projects
        ]
        write_toml(
            self.path,
            # A connection from the environment is never remembered as the active project.
            {"active": self._saved_active, "projects": rows},
            header="api.video Studio projects. Their API keys are in the OS keyring, not here.",
        )

    def get(self, project_id: str) -> Project | None:
        return next((p for p in self.projects if p.id == project_id), None)

    @property
    def has_projects(self) -> bool:
        return bool(self.projects)

    # ---- adding and removing ----------------------------------------------------------------

    async def add(
        self, name: str, environment: str, api_key: str, custom_url: str = ""
    ) -> AddedProject:
        """Check the key, then save the project and put the key in the keyring.

        Raises :class:`SignInError` (and saves nothing) when the key or the address is wrong.
        """
        base_url = base_url_for(environment, custom_url)
        client = await sign_in(api_key, base_url, environment)
        name = name.strip() or _default_name(environment, base_url, len(self.projects) + 1)
        project = Project(uuid.uuid4().hex[:12], name, environment, base_url)
        saved = await self.secrets.save(project.id, api_key.strip())
        self.projects.append(project)
        self._clients[project.id] = client
        self.save()
        return AddedProject(project, saved)

    async def remove(self, project_id: str) -> None:
        """Forget a project and its key (the active one cannot be removed)."""
        if project_id == self.active_id:
            raise ValueError("Switch to another project before removing this one.")
        client = self._clients.pop(project_id, None)
        if client is not None:
            await client.aclose()
        await self.secrets.delete(project_id)
        # The list changes last: once a project is gone from it, its key is gone too.
        self.projects = [p for p in self.projects if p.id != project_id]
        if self._saved_active == project_id:
            self._saved_active = DEMO_ID
        self.save()

    # ---- clients ----------------------------------------------------------------------------

    async def connect(self, project_id: str) -> tuple[ApiVideoClient, ActiveProject]:
        """A client for ``project_id`` (cached per project) and what the status bar shows."""
        if project_id == DEMO_ID:
            if self._demo is None:
                raise SignInError("The offline demo is not available in this build.")
            url, key = await self._demo()
            client = self._clients.get(DEMO_ID)
            if client is None or client.base_url != url:
                client = self._clients[DEMO_ID] = ApiVideoClient(key, base_url=url)
            return client, ActiveProject(DEMO_NAME, "demo", url, DEMO_ID)
        if project_id in self._unsaved:
            return self._clients[project_id], self._unsaved[project_id]
        project = self.get(project_id)
        if project is None:
            raise SignInError("This project is no longer saved.")
        client = self._clients.get(project_id)
        if client is None:
            api_key = await self.secrets.load(project_id)
            if not api_key:
                raise SignInError(
                    f"The API key of “{project.name}” is not available (it was kept for one "
                    "session only, or removed from the keyring). Add the project again."
                )
            client = self._clients[project_id] = ApiVideoClient(api_key, base_url=project.base_url)
        return client, project.active()

    def adopt(
        self, project_id: str, client: ApiVideoClient, active: ActiveProject | None = None
    ) -> None:
        """Use a client built elsewhere for ``project_id``.

        With ``active``, the connection is not a saved project (a key from the environment) and
        is never written to the project list.
        """
        self._clients[project_id] = client
        if active is not None:
            self._unsaved[project_id] = active

    async def activate(self, context: AppContext, project_id: str) -> ActiveProject:
        """Make ``project_id`` the context's project (panels reload on ``client_changed``)."""
        client, active = await self.connect(project_id)
        # Set before switching: client_changed handlers read the active id.
        self.active_id = project_id
        if project_id not in self._unsaved:
            self._saved_active = project_id
            self.save()
        if client is not context.client:
            # The previous client stays open (cached): an upload may still be finishing on it.
            context.switch(client, active)
        return active

    async def aclose(self) -> None:
        """Close every client this manager opened."""
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()


def _default_name(environment: str, base_url: str, number: int) -> str:
    if environment == "custom":
        return urlsplit(base_url).netloc or f"Project {number}"
    return f"{environment.capitalize()} project {number}"
