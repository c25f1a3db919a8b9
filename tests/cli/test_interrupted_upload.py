"""An upload interrupted in a child ``studio-cli`` (Ctrl-C or SIGKILL) continues on the next run,
sending only the parts the emulator lacks (``/_emulator/videos/{id}/source`` counts arrivals)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.emulator.config import Faults
from studio.emulator.server import EmulatorServer
from tests.conftest import make_emulator
from tests.services.upload_helpers import MIB, sample_video, sha256_of, source_report

from .cli_helpers import Cli, make_cli, write_settings

SIZE = 20 * MIB + 4321  # five parts of 5 MiB, the last one short
PARTS = 5

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def slow_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """Every API request takes 300 ms more, so a signal lands between parts."""
    server = make_emulator(tmp_path_factory.mktemp("slow-emulator"), faults=Faults(latency_ms=300))
    yield server
    server.stop()


@pytest.fixture
def cli(slow_emulator: EmulatorServer, tmp_path: Path) -> Cli:
    cli = make_cli(slow_emulator, tmp_path / "app")
    write_settings(cli, chunk_size_mib=5, parts_in_flight=1)  # the app's own settings file
    return cli


def start_upload(cli: Cli, movie: Path) -> tuple[subprocess.Popen[str], str]:
    """A child uploading ``movie``, once its first part has landed; and the video id."""
    child = cli.spawn("upload", str(movie))
    assert child.stderr is not None
    video_id = None
    for line in child.stderr:
        found = re.fullmatch(rf"{re.escape(movie.name)}: video (\S+)\n", line)
        if found:
            video_id = found.group(1)
            break
    if video_id is None:
        child.kill()
        raise AssertionError(f"the upload did not start: {child.communicate()}")
    deadline = time.monotonic() + 30
    while not source_report(cli.url, video_id)["partsReceived"]:
        assert time.monotonic() < deadline, "no part landed"
        time.sleep(0.02)
    return child, video_id


def parts_after_settling(cli: Cli, video_id: str) -> dict[str, int]:
    time.sleep(0.5)  # a part that fully arrived before the signal is still being stored
    parts: dict[str, int] = source_report(cli.url, video_id)["partsReceived"]
    return parts


def test_ctrl_c_exits_130_and_resume_sends_only_the_missing_parts(cli: Cli, tmp_path: Path) -> None:
    movie = sample_video(tmp_path / "interview.mp4", SIZE)
    child, video_id = start_upload(cli, movie)
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=30)
    assert child.returncode == 130
    assert "studio-cli resume" in rest
    landed = parts_after_settling(cli, video_id)
    assert 1 <= len(landed) < PARTS, landed

    result = cli("resume", "--json")
    assert result.code == 0, result.err
    (upload,) = result.json()["uploads"]
    assert upload["videoId"] == video_id
    report = source_report(cli.url, video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, PARTS + 1)}


def test_a_killed_upload_continues_when_the_same_file_is_uploaded_again(
    cli: Cli, tmp_path: Path
) -> None:
    movie = sample_video(tmp_path / "keynote.mp4", SIZE, seed=9)
    child, video_id = start_upload(cli, movie)
    child.kill()
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    landed = parts_after_settling(cli, video_id)
    assert 1 <= len(landed) < PARTS, landed

    result = cli("upload", str(movie), "--json")
    assert result.code == 0, result.err
    (upload,) = result.json()["uploads"]
    assert upload["videoId"] == video_id  # the same video, not a second one
    report = source_report(cli.url, video_id)
    assert report["sha256"] == sha256_of(movie)
    assert report["partsReceived"] == {str(n): 1 for n in range(1, PARTS + 1)}
