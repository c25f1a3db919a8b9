"""``studio-cli login``: the key is checked, then saved exactly where the app keeps it."""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.emulator.server import EmulatorServer
from studio.services.secrets import SERVICE
from tests.services.keyring_backends import MemoryKeyring, using_keyring

from .cli_helpers import Cli, make_cli


@pytest.fixture
def keyring() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path)


def login(cli: Cli, key: str, *argv: str, url: str | None = None) -> tuple[int, str, str]:
    result = cli.run(
        "login",
        "--base-url",
        url or cli.url,
        "--api-key-stdin",
        *cli.folders(),
        *argv,
        stdin=key + "\n",
    )
    return result.code, result.out, result.err


def saved_projects(cli: Cli) -> dict[str, Any]:
    path = cli.config_dir / "projects.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def test_a_good_key_is_saved_as_the_active_project(cli: Cli, keyring: MemoryKeyring) -> None:
    result = cli.run(
        "login",
        "--base-url",
        cli.url,
        "--name",
        "Studio tests",
        "--api-key-stdin",
        "--json",
        *cli.folders(),
        stdin=cli.api_key + "\n",
    )
    assert result.code == 0, result.err
    shown = result.json()
    assert (shown["name"], shown["environment"], shown["baseUrl"]) == (
        "Studio tests",
        "custom",
        cli.url,
    )
    stored = saved_projects(cli)
    assert stored["active"] == shown["id"]
    assert stored["projects"] == [
        {"id": shown["id"], "name": "Studio tests", "environment": "custom", "base_url": cli.url}
    ]
    # The key is in the keyring under the project's id, and in no file.
    assert keyring.secrets == {(SERVICE, shown["id"]): cli.api_key}
    assert cli.api_key not in (cli.config_dir / "projects.toml").read_text()

    # Later commands need no key: they use the saved project.
    listed = cli.run("ls", "--json", *cli.folders())
    assert listed.code == 0, listed.err
    assert isinstance(listed.json(), list)


def test_logging_in_again_under_the_same_name_replaces_the_project(
    cli: Cli, keyring: MemoryKeyring
) -> None:
    assert login(cli, cli.api_key, "--name", "Same")[0] == 0
    first = saved_projects(cli)["active"]
    assert login(cli, cli.api_key, "--name", "Same")[0] == 0
    stored = saved_projects(cli)
    assert stored["active"] != first
    assert [p["id"] for p in stored["projects"]] == [stored["active"]]
    assert list(keyring.secrets) == [(SERVICE, stored["active"])]


def test_a_wrong_key_exits_1_and_saves_nothing(cli: Cli, keyring: MemoryKeyring) -> None:
    code, out, err = login(cli, "not-the-key")
    assert (code, out) == (1, "")
    assert "refused" in err
    assert saved_projects(cli) == {}
    assert keyring.secrets == {}


def test_an_unreachable_server_exits_3(cli: Cli, keyring: MemoryKeyring) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    code, _, err = login(cli, cli.api_key, url=closed)
    assert code == 3
    assert f"Cannot reach {closed}" in err
    assert saved_projects(cli) == {}


def test_without_a_keyring_nothing_is_saved(cli: Cli) -> None:
    # The test suite's keyring is the null backend: keys cannot be kept.
    code, _, err = login(cli, cli.api_key)
    assert code == 1
    assert "The key works, but it cannot be saved" in err
    assert "APIVIDEO_API_KEY" in err
    assert saved_projects(cli) == {}


def test_no_terminal_and_no_stdin_flag_is_a_usage_error(cli: Cli) -> None:
    result = cli.run("login", "--base-url", cli.url, *cli.folders())
    assert result.code == 2
    assert "--api-key-stdin" in result.err


def test_commands_without_any_project_explain_what_to_do(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("APIVIDEO_API_KEY", raising=False)
    result = cli.run("ls", *cli.folders())
    assert result.code == 1
    assert "studio-cli login" in result.err


def test_project_chooses_a_saved_project_by_name_or_id(cli: Cli, keyring: MemoryKeyring) -> None:
    assert login(cli, cli.api_key, "--name", "First")[0] == 0
    first = saved_projects(cli)["active"]
    assert login(cli, cli.api_key, "--name", "Second")[0] == 0
    for chosen in ("first", first, "Second"):
        result = cli.run("tokens", "ls", "--json", "--project", chosen, *cli.folders())
        assert result.code == 0, result.err
    missing = cli.run("ls", "--project", "Third", *cli.folders())
    assert missing.code == 1
    assert "“Third” is not a saved project" in missing.err
    assert f"“First” ({first})" in missing.err
