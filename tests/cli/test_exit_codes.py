"""Exit codes and messages scripts can rely on; the installed entry point."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from studio import __version__
from studio.emulator.server import EmulatorServer

from .cli_helpers import REPO, Cli, make_cli


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize(
    "argv",
    [("ls",), ("tokens", "ls"), ("players", "ls"), ("live", "create", "x"), ("resume",)],
)
def test_an_unreachable_server_exits_3(cli: Cli, argv: tuple[str, ...]) -> None:
    url = closed_port_url()
    result = cli.run(*argv, "--api-key", "any", "--base-url", url, *cli.folders())
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith(f"studio-cli: Cannot reach {url}")


def test_an_unreachable_server_leaves_the_upload_queue_alone(cli: Cli, tmp_path: Path) -> None:
    movie = tmp_path / "m.mp4"
    movie.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    result = cli.run("upload", str(movie), "--api-key", "k", "--base-url", closed_port_url())
    assert result.code == 3
    assert not (cli.data_dir / "uploads.sqlite3").exists()


def test_a_refused_key_exits_1_with_the_problem_title(cli: Cli) -> None:
    result = cli.run("ls", "--api-key", "wrong", "--base-url", cli.url, *cli.folders())
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("studio-cli: ")
    assert len(result.err.splitlines()) == 1
    assert "credentials" in result.err  # the emulator's problem title for a wrong key


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli.run().code == 2
    assert cli.run("nonsense").code == 2
    assert cli.run("ls", "--sort", "colour").code == 2
    assert cli.run("tokens").code == 2


def test_the_key_can_come_from_the_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIVIDEO_API_KEY", cli.api_key)
    result = cli.run("ls", "--json", "--base-url", cli.url, *cli.folders())
    assert result.code == 0, result.err
    assert isinstance(result.json(), list)


def test_module_and_console_script_run() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli.main", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"studio-cli {__version__}")
    script = shutil.which("studio-cli", path=str(Path(sys.executable).parent))
    assert script is not None, "pip install -e . installs the studio-cli console script"
    done = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "upload" in done.stdout
