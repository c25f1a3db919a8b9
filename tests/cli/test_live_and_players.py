"""``studio-cli live create`` and ``studio-cli players ls`` against the emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.api.models import PlayerThemeCreationPayload
from studio.emulator.server import EmulatorServer

from .cli_helpers import Cli, make_cli, with_client


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path)


def test_live_create_prints_what_an_encoder_needs(cli: Cli, emulator: EmulatorServer) -> None:
    result = cli("live", "create", "Weekly show")
    assert result.code == 0, result.err
    fields = dict(line.split(None, 1) for line in result.out.splitlines())
    stream = with_client(emulator, lambda c: c.live_streams.get(fields["liveStreamId"]))
    assert (stream.name, stream.stream_key, stream.public) == (
        "Weekly show",
        fields["streamKey"],
        True,
    )
    # A self-hosted server's ingest is not known: no api.video RTMP URL is made up for it.
    assert "rtmp" not in fields and "rtmps" not in fields
    assert "RTMP" in result.err


def test_live_create_json_and_private(cli: Cli, emulator: EmulatorServer) -> None:
    result = cli("live", "create", "Backstage", "--private", "--json")
    assert result.code == 0, result.err
    shown = result.json()
    assert (shown["name"], shown["public"]) == ("Backstage", False)
    stream = with_client(emulator, lambda c: c.live_streams.get(shown["liveStreamId"]))
    assert stream.public is False


def test_players_ls(cli: Cli, emulator: EmulatorServer) -> None:
    async def seed(client: ApiVideoClient) -> list[str]:
        names = ["CLI dark", "CLI light"]
        return [
            (await client.players.create(PlayerThemeCreationPayload(name=n))).player_id
            for n in names
        ]

    ids = with_client(emulator, seed)
    result = cli("players", "ls", "--json", "--sort", "name")
    assert result.code == 0, result.err
    shown = {p["playerId"]: p["name"] for p in result.json()}
    assert {shown[i] for i in ids} == {"CLI dark", "CLI light"}

    table = cli("players", "ls")
    assert table.code == 0
    assert table.out.splitlines()[0].split()[:3] == ["PLAYER", "ID", "NAME"]
    assert all(any(line.startswith(i) for line in table.out.splitlines()) for i in ids)
