"""``studio-cli ls``: filters and sort reach the API, ``--json`` is clean, tables are readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.api.models import VideoCreationPayload
from studio.api.models.common import Metadata
from studio.emulator.server import EmulatorServer

from .cli_helpers import Cli, make_cli, with_client

TAG = "cli-ls"
SEEDED = [
    # title, tags, metadata
    ("Bravo interview", [TAG, "interview"], {"team": "red"}),
    ("Alpha keynote", [TAG, "keynote"], {"team": "blue"}),
    ("Charlie interview", [TAG, "interview"], {"team": "blue"}),
]


@pytest.fixture(scope="module")
def seeded(emulator: EmulatorServer) -> dict[str, str]:
    """Three videos with titles, tags and metadata; title -> videoId."""

    async def seed(client: ApiVideoClient) -> dict[str, str]:
        ids = {}
        for title, tags, metadata in SEEDED:
            payload = VideoCreationPayload(
                title=title,
                tags=tags,
                metadata=[Metadata(key=k, value=v) for k, v in metadata.items()],
            )
            ids[title] = (await client.videos.create(payload)).video_id
        return ids

    ids: dict[str, str] = with_client(emulator, seed)
    return ids


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path)


def titles(cli: Cli, *argv: str) -> list[str]:
    result = cli("ls", "--json", "--tag", TAG, *argv)
    assert result.code == 0, result.err
    return [video["title"] for video in result.json()]


def test_json_lists_the_videos_with_their_api_fields(cli: Cli, seeded: dict[str, str]) -> None:
    result = cli("ls", "--json", "--tag", TAG)
    assert result.code == 0, result.err
    videos = result.json()
    assert {v["videoId"]: v["title"] for v in videos} == {i: t for t, i in seeded.items()}
    for video in videos:
        assert TAG in video["tags"]
        assert video["createdAt"].endswith("Z")
    assert result.err == ""


def test_filters_combine(cli: Cli, seeded: dict[str, str]) -> None:
    assert sorted(titles(cli, "--tag", "interview")) == ["Bravo interview", "Charlie interview"]
    assert titles(cli, "--metadata", "team=red") == ["Bravo interview"]
    assert titles(cli, "--tag", "interview", "--metadata", "team=blue") == ["Charlie interview"]
    assert titles(cli, "--title", "Alpha") == ["Alpha keynote"]
    assert titles(cli, "--tag", "nobody-has-this") == []


def test_sort_and_limit(cli: Cli, seeded: dict[str, str]) -> None:
    ordered = sorted(seeded)
    assert titles(cli, "--sort", "title", "--order", "asc") == ordered
    assert titles(cli, "--sort", "title", "--order", "desc") == ordered[::-1]
    assert titles(cli, "--sort", "title", "--limit", "2") == ordered[:2]


def test_table_for_people(cli: Cli, seeded: dict[str, str]) -> None:
    result = cli("ls", "--tag", TAG, "--sort", "title", "--limit", "2")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header.split()[:3] == ["VIDEO", "ID", "TITLE"]
    assert [row.split()[0] for row in rows] == [seeded[t] for t in sorted(seeded)[:2]]
    assert "Alpha keynote" in rows[0]
    assert "Showing 2 of 3 videos" in result.err


def test_nothing_matches_is_not_an_error(cli: Cli, seeded: dict[str, str]) -> None:
    result = cli("ls", "--tag", "nobody-has-this")
    assert (result.code, result.out) == (0, "")
    assert "No videos match" in result.err


def test_malformed_filter_is_a_usage_error(cli: Cli) -> None:
    result = cli("ls", "--metadata", "no-equals-sign")
    assert result.code == 2
    assert "KEY=VALUE" in result.err
