"""Running ``studio-cli`` in tests: in this process through ``main(argv)``, or as a child.

In-process runs capture stdout and stderr (and can feed stdin or pretend stderr is a terminal);
child processes are for what needs a real process: signals, kills, the entry point.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.api import ApiVideoClient
from studio.cli.main import main
from studio.emulator.server import EmulatorServer

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    """What one run printed, and its exit code."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as one JSON document (fails the test when anything else is on stdout)."""
        return json.loads(self.out)


class TerminalStream(io.StringIO):
    """A captured stream that says it is a terminal (the progress bar's mode)."""

    def isatty(self) -> bool:
        return True


@dataclass(frozen=True)
class Cli:
    """``studio-cli`` pointed at an emulator, with its own app folders."""

    url: str
    api_key: str
    config_dir: Path
    data_dir: Path

    def folders(self) -> list[str]:
        return ["--config-dir", str(self.config_dir), "--data-dir", str(self.data_dir)]

    def connection(self) -> list[str]:
        """A key and URL on the command line (the path that needs no keyring)."""
        return ["--api-key", self.api_key, "--base-url", self.url, *self.folders()]

    def run(self, *argv: str, stdin: str = "", terminal: bool = False) -> Result:
        """Run ``studio-cli argv...`` in this process (connection options not added)."""
        out = io.StringIO()
        err: io.StringIO = TerminalStream() if terminal else io.StringIO()
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _stdin(io.StringIO(stdin)),
        ):
            try:
                code = main(list(argv))
            except SystemExit as exit_:  # argparse's own exits
                code = exit_.code if isinstance(exit_.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    def __call__(self, *argv: str, **kwargs: Any) -> Result:
        """Run a command with this CLI's key, URL and folders after it."""
        return self.run(*argv, *self.connection(), **kwargs)

    def spawn(self, *argv: str) -> subprocess.Popen[str]:
        """``python -m studio.cli.main argv...`` with this CLI's connection, as a child."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        return subprocess.Popen(
            [sys.executable, "-m", "studio.cli.main", *argv, *self.connection()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Iterator[None]:
    previous = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = previous


def make_cli(emulator: EmulatorServer, folder: Path, api_key: str | None = None) -> Cli:
    return Cli(emulator.url, api_key or emulator.api_key, folder / "config", folder / "data")


def with_client(emulator: EmulatorServer, work: Callable[[ApiVideoClient], Any]) -> Any:
    """Run ``await work(client)`` on a fresh loop (tests here are synchronous: main() runs its
    own loop)."""

    async def go() -> Any:
        async with ApiVideoClient(emulator.api_key, base_url=emulator.url) as client:
            return await work(client)

    return asyncio.run(go())


def write_settings(cli: Cli, **values: int) -> None:
    """The app's settings file in the CLI's config folder (the CLI reads the same one)."""
    cli.config_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"{name} = {value}" for name, value in values.items()]
    (cli.config_dir / "settings.toml").write_text("\n".join(lines) + "\n")
