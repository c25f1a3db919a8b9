"""``studio-cli tokens create|ls|rm`` against the emulator."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from studio.emulator.server import EmulatorServer

from .cli_helpers import Cli, make_cli


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path)


def listed(cli: Cli) -> dict[str, dict[str, object]]:
    result = cli("tokens", "ls", "--json")
    assert result.code == 0, result.err
    return {t["token"]: t for t in result.json()}


def test_create_list_and_remove(cli: Cli) -> None:
    created = cli("tokens", "create", "--ttl", "1h30m", "--json")
    assert created.code == 0, created.err
    token = created.json()
    assert token["ttl"] == 5400
    starts = datetime.fromisoformat(token["createdAt"])
    assert datetime.fromisoformat(token["expiresAt"]) - starts == timedelta(seconds=5400)

    plain = cli("tokens", "create")  # for `TOKEN=$(studio-cli tokens create)`
    assert plain.code == 0, plain.err
    forever = plain.out.strip()
    assert forever.startswith("to") and "\n" not in forever
    assert f"{cli.url}/upload?token={forever}" in plain.err
    assert "never expires" in plain.err

    tokens = listed(cli)
    assert tokens[token["token"]]["ttl"] == 5400
    assert tokens[forever]["ttl"] == 0

    table = cli("tokens", "ls", "--sort", "ttl", "--order", "desc")
    assert table.code == 0
    rows = {line.split()[0]: line for line in table.out.splitlines()[1:]}
    assert "1h 30m" in rows[token["token"]]
    assert "never" in rows[forever]

    removed = cli("tokens", "rm", token["token"], forever)
    assert (removed.code, removed.out) == (0, "")
    assert not {token["token"], forever} & set(listed(cli))


def test_removing_an_unknown_token_exits_1_with_the_problem_title(cli: Cli) -> None:
    kept = cli("tokens", "create", "--json").json()["token"]
    result = cli("tokens", "rm", "toDoesNotExist000000000", kept, "--json")
    assert result.code == 1
    assert "studio-cli: toDoesNotExist000000000: The requested resource was not found" in (
        result.err
    )
    outcome = result.json()
    assert [o["deleted"] for o in outcome] == [False, True]  # the others are still removed
    assert kept not in listed(cli)


@pytest.mark.parametrize("ttl", ["soon", "-5", "10x", "9999999999"])
def test_a_bad_ttl_is_a_usage_error(cli: Cli, ttl: str) -> None:
    result = cli("tokens", "create", "--ttl", ttl)
    assert result.code == 2
    assert "--ttl" in result.err
