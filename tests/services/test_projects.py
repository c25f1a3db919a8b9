"""Projects: sign-in against the emulator, saving (key in the keyring only), switching."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.projects import (
    DEMO_ID,
    ProjectManager,
    SignInError,
    base_url_for,
    sign_in,
)
from studio.services.secrets import SERVICE, SecretStore
from studio.services.task_scope import TaskScope
from tests.conftest import OTHER_KEY

from .keyring_backends import MemoryKeyring, using_keyring


def closed_port_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


async def test_sign_in_with_a_good_key_returns_an_authenticated_client(
    emulator: EmulatorServer,
) -> None:
    client = await sign_in(emulator.api_key, emulator.url, "custom")
    try:
        assert client.authenticated
        page = await client.videos.list(page_size=1).page(1)
        assert page.pagination.current_page == 1
    finally:
        await client.aclose()


async def test_a_wrong_key_gets_a_clear_message(emulator: EmulatorServer) -> None:
    with pytest.raises(SignInError) as refused:
        await sign_in("not-a-real-key", emulator.url, "sandbox")
    assert "refused" in refused.value.message
    assert "sandbox" in refused.value.message  # the environment hint
    assert refused.value.field == "key"


async def test_an_empty_key_is_refused_before_any_request() -> None:
    with pytest.raises(SignInError) as refused:
        await sign_in("   ", closed_port_url(), "custom")
    assert "Enter your API key" in refused.value.message


async def test_an_unreachable_server_gets_a_clear_message() -> None:
    url = closed_port_url()
    with pytest.raises(SignInError) as refused:
        await sign_in("any-key", url, "custom")
    assert refused.value.message.startswith(f"Cannot reach {url}")
    assert refused.value.field == "url"


def test_environment_urls() -> None:
    assert base_url_for("production") == "https://ws.api.video"
    assert base_url_for("sandbox") == "https://sandbox.api.video"
    assert base_url_for("custom", " http://localhost:8080/ ") == "http://localhost:8080"
    for bad in ("", "localhost:8080", "ftp://host", "https://"):
        with pytest.raises(SignInError) as refused:
            base_url_for("custom", bad)
        assert refused.value.field == "url"


async def test_a_saved_project_keeps_its_key_in_the_keyring_only(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    with using_keyring(MemoryKeyring()) as backend:
        manager = ProjectManager(SecretStore(), config / "projects.toml")
        added = await manager.add("Emulator", "custom", emulator.api_key, emulator.url)
        await manager.aclose()
        assert added.key.persisted
        assert added.project.base_url == emulator.url
        assert isinstance(backend, MemoryKeyring)
        assert backend.secrets == {(SERVICE, added.project.id): emulator.api_key}

        # The config folder names the project but never holds the key.
        saved = files_under(config)
        assert saved
        assert any(b"Emulator" in p.read_bytes() for p in saved)
        for path in saved:
            assert emulator.api_key.encode() not in path.read_bytes(), path

        # Next start: the list comes from the file, the key from the keyring.
        again = ProjectManager(SecretStore(), config / "projects.toml")
        assert [p.name for p in again.projects] == ["Emulator"]
        client, active = await again.connect(added.project.id)
        try:
            assert active.name == "Emulator" and active.environment == "custom"
            await client.videos.list(page_size=1).page(1)
        finally:
            await again.aclose()


async def test_without_a_keyring_a_project_works_for_the_session_and_asks_again_later(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "projects.toml"
    manager = ProjectManager(SecretStore(), path)
    added = await manager.add("Session", "custom", emulator.api_key, emulator.url)
    assert not added.key.persisted
    assert "this session only" in added.key.notice
    client, _ = await manager.connect(added.project.id)
    await client.videos.list(page_size=1).page(1)
    await manager.aclose()
    assert emulator.api_key not in path.read_text()

    later = ProjectManager(SecretStore(), path)
    with pytest.raises(SignInError) as missing:
        await later.connect(added.project.id)
    assert "not available" in missing.value.message


async def test_a_wrong_key_saves_nothing(emulator: EmulatorServer, tmp_path: Path) -> None:
    path = tmp_path / "projects.toml"
    with using_keyring(MemoryKeyring()) as backend:
        manager = ProjectManager(SecretStore(), path)
        with pytest.raises(SignInError):
            await manager.add("Nope", "custom", "wrong-key", emulator.url)
        assert manager.projects == []
        assert not path.exists()
        assert isinstance(backend, MemoryKeyring) and backend.secrets == {}


async def test_switching_projects_changes_the_context_client(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    async def demo() -> tuple[str, str]:
        return emulator.url, emulator.api_key

    with using_keyring(MemoryKeyring()):
        manager = ProjectManager(SecretStore(), tmp_path / "projects.toml", demo=demo)
        first_client, first = await manager.connect(DEMO_ID)
        context = AppContext(
            first_client, first, TaskScope(), tmp_path / "data", tmp_path / "cache"
        )
        changes: list[ActiveProject] = []
        context.client_changed.connect(lambda: changes.append(context.project))

        mine = await first_client.videos.create("only in the default project")
        other = await manager.add("Other", "custom", OTHER_KEY, emulator.url)
        active = await manager.activate(context, other.project.id)
        assert active.name == "Other"
        assert [c.name for c in changes] == ["Other"]
        assert context.client is not first_client
        other_titles = [v.title for v in await context.client.videos.list().all()]
        assert mine.title not in other_titles

        await manager.activate(context, DEMO_ID)
        assert context.client is first_client  # clients are kept per project
        assert context.project.environment == "demo"
        assert [c.name for c in changes] == ["Other", "Demo (offline)"]

        # The active project is remembered for the next start.
        assert ProjectManager(SecretStore(), tmp_path / "projects.toml").active_id == DEMO_ID
        await manager.activate(context, other.project.id)
        assert (
            ProjectManager(SecretStore(), tmp_path / "projects.toml").active_id == other.project.id
        )

        # The active project cannot be removed; another one can, with its key.
        with pytest.raises(ValueError):
            await manager.remove(other.project.id)
        await manager.activate(context, DEMO_ID)
        await manager.remove(other.project.id)
        assert manager.get(other.project.id) is None
        assert await SecretStore().load(other.project.id) is None
        await manager.aclose()


async def test_a_key_from_the_environment_is_used_but_never_saved(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "projects.toml"
    manager = ProjectManager(SecretStore(), path)
    client = ApiVideoClient(emulator.api_key, base_url=emulator.url)
    manager.adopt("env", client, ActiveProject("From APIVIDEO_API_KEY", "custom", emulator.url))
    got, active = await manager.connect("env")
    assert got is client and active.name == "From APIVIDEO_API_KEY"
    await manager.aclose()
    assert not path.exists()
