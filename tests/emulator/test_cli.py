"""``studio-emulator`` as a user starts it: it prints its URL and key, then serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx


def test_standalone_emulator_prints_url_and_key(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio.emulator.cli",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path),
            "--api-key",
            "cli-key",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        second = proc.stdout.readline().strip()
        assert first.startswith("api.video emulator listening on http://127.0.0.1:")
        assert second == "API key: cli-key"
        url = first.rsplit(" ", 1)[-1]
        r = httpx.post(f"{url}/auth/api-key", json={"apiKey": "cli-key"})
        assert r.status_code == 200
    finally:
        proc.terminate()
        assert proc.wait(10) == 0
    # The data dir persists what the server created.
    assert (tmp_path / "emulator.sqlite3").exists()
