"""``studio-cli upload`` / ``resume``: files and folders through the app's persisted queue."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.cli.failures import FAILED
from studio.emulator.server import EmulatorServer
from studio.services.context import ActiveProject, AppContext
from studio.services.queue_lock import QueueLock
from studio.services.settings import Settings
from studio.services.task_scope import TaskScope
from studio.services.upload_item import UploadItem, UploadPhase
from studio.services.upload_queue import UploadQueue
from tests.services.upload_helpers import sample_video, sha256_of, source_report

from .cli_helpers import Cli, make_cli, with_client


@pytest.fixture
def cli(emulator: EmulatorServer, tmp_path: Path) -> Cli:
    return make_cli(emulator, tmp_path / "app")


def app_queue_items(cli: Cli) -> list[UploadItem]:
    """What the desktop app's queue holds for the CLI's key, read as the app reads it."""

    async def read() -> list[UploadItem]:
        async with ApiVideoClient(cli.api_key, base_url=cli.url) as client:
            queue = UploadQueue(app_context(cli, client))
            await queue.load()
            items = [i for i in queue.items if i.project == queue.project]
            await queue.close()
            return items

    return asyncio.run(read())


def app_context(cli: Cli, client: ApiVideoClient) -> AppContext:
    # The app's project for a key given in the environment (studio.app: id "env").
    project = ActiveProject("Key from $APIVIDEO_API_KEY", "custom", cli.url, "env")
    return AppContext(
        client, project, TaskScope(), cli.data_dir, cli.data_dir / "cache", Settings(path=None)
    )


def test_a_file_is_uploaded_with_its_details(cli: Cli, emulator: EmulatorServer) -> None:
    movie = sample_video(cli.data_dir.parent / "media" / "holiday.mp4")
    result = cli(
        "upload", str(movie), "--title", "Holiday", "--tag", "cli", "--tag", "summer", "--json"
    )
    assert result.code == 0, result.err
    (upload,) = result.json()["uploads"]
    assert upload["file"] == str(movie)
    assert upload["status"] == "processing"
    video_id = upload["videoId"]
    report = source_report(cli.url, video_id)
    assert report["sha256"] == sha256_of(movie)
    video = with_client(emulator, lambda c: c.videos.get(video_id))
    assert (video.title, video.tags, video.public) == ("Holiday", ["cli", "summer"], True)
    # Progress went to stderr as plain lines (not a terminal), stdout held only the JSON.
    assert "holiday.mp4: video " + video_id in result.err
    assert "holiday.mp4: uploaded" in result.err

    # The app's queue shows the same upload (same database, same project).
    (item,) = app_queue_items(cli)
    assert (item.path, item.video_id, item.phase) == (movie, video_id, UploadPhase.PROCESSING)


def test_a_folder_uploads_its_videos_and_reports_other_files(cli: Cli) -> None:
    folder = cli.data_dir.parent / "shoot"
    first = sample_video(folder / "a.mp4", seed=1)
    second = sample_video(folder / "day 2" / "b.mov", seed=2)
    (folder / "notes.txt").write_text("call the editor\n")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = cli("upload", str(folder), "--private")
    assert result.code == 0, result.err  # stray files inside a folder are reported, not fatal
    assert f"Skipped {folder / 'notes.txt'}: not a video (text file)" in result.err
    assert f"Skipped {folder / 'cover.png'}: not a video (PNG image)" in result.err
    header, *rows = result.out.splitlines()
    assert header.split() == ["VIDEO", "ID", "STATUS", "FILE", "ERROR"]
    uploaded = {row.split()[-2]: row.split()[0] for row in rows}
    assert set(uploaded) == {"a.mp4", "b.mov"}
    for name, path in (("a.mp4", first), ("b.mov", second)):
        assert source_report(cli.url, uploaded[name])["sha256"] == sha256_of(path)


def test_a_named_non_video_file_is_refused(cli: Cli) -> None:
    text = cli.data_dir.parent / "script.txt"
    text.parent.mkdir(parents=True, exist_ok=True)
    text.write_text("not a movie")
    result = cli("upload", str(text), "--json")
    assert result.code == 1
    assert result.json() == {
        "uploads": [],
        "skipped": [{"file": str(text), "reason": "not a video (text file)"}],
    }
    assert "Skipped" in result.err
    assert app_queue_items(cli) == []


def test_title_needs_a_single_file(cli: Cli) -> None:
    folder = cli.data_dir.parent / "two"
    sample_video(folder / "1.mp4", seed=3)
    sample_video(folder / "2.mp4", seed=4)
    result = cli("upload", str(folder), "--title", "One title")
    assert result.code == 2
    assert "--title" in result.err
    assert app_queue_items(cli) == []


def queue_in_app(cli: Cli, movie: Path) -> None:
    """Queue ``movie`` as the app does, and quit before it starts (as if closed right away)."""

    async def queue() -> None:
        async with ApiVideoClient(cli.api_key, base_url=cli.url) as client:
            queue = UploadQueue(app_context(cli, client))
            await queue.load()  # loaded, not started
            await queue.add_paths([movie])
            await queue.close()

    asyncio.run(queue())


def test_an_upload_queued_in_the_app_is_sent_by_resume(cli: Cli) -> None:
    movie = sample_video(cli.data_dir.parent / "from app.mp4", seed=5)
    queue_in_app(cli, movie)
    result = cli("resume", "--json")
    assert result.code == 0, result.err
    (upload,) = result.json()["uploads"]
    assert upload["file"] == str(movie)
    assert source_report(cli.url, upload["videoId"])["sha256"] == sha256_of(movie)
    # Nothing left to do the second time.
    again = cli("resume")
    assert (again.code, again.out) == (0, "")
    assert "Nothing to upload" in again.err


def test_wait_returns_once_playable(cli: Cli) -> None:
    movie = sample_video(cli.data_dir.parent / "wait.mp4", seed=6)
    result = cli("upload", str(movie), "--wait", "--quiet", "--json")
    assert result.code == 0, result.err
    (upload,) = result.json()["uploads"]
    assert upload["status"] == "playable"
    assert result.err == ""  # --quiet: no progress


def test_a_terminal_gets_a_progress_bar(cli: Cli) -> None:
    movie = sample_video(cli.data_dir.parent / "bar.mp4", seed=7)
    result = cli("upload", str(movie), terminal=True)
    assert result.code == 0, result.err
    assert "\r1/1 files [" + "#" * 24 + "] 100%" in result.err
    assert "bar.mp4: video" not in result.err  # no plain lines on a terminal


def test_failed_uploads_wait_for_resume_all(cli: Cli) -> None:
    movie = sample_video(cli.data_dir.parent / "moved.mp4", seed=8)
    content = movie.read_bytes()
    queue_in_app(cli, movie)
    movie.unlink()  # the file went away before the upload ran
    failed = cli("resume", "--json")
    assert failed.code == 1
    (upload,) = failed.json()["uploads"]
    assert (upload["status"], upload["error"]) == ("failed", "The file no longer exists.")

    movie.write_bytes(content)  # back again
    untouched = cli("resume")
    assert (untouched.code, untouched.out) == (0, "")
    assert "1 paused or failed upload(s)" in untouched.err
    assert "resume --all" in untouched.err

    retried = cli("resume", "--all", "--json")
    assert retried.code == 0, retried.err
    (upload,) = retried.json()["uploads"]
    assert upload["status"] == "processing"
    assert source_report(cli.url, upload["videoId"])["sha256"] == sha256_of(movie)


def test_the_queue_open_in_the_app_is_not_run_twice(cli: Cli) -> None:
    movie = sample_video(cli.data_dir.parent / "media" / "clash.mp4")
    app = QueueLock(cli.data_dir, "the studio app")  # the desktop app has the queue open
    app.claim()
    try:
        result = cli("upload", str(movie))
        assert result.code == FAILED
        assert f"in use by the studio app (process {os.getpid()})" in result.err
        assert "Traceback" not in result.err
    finally:
        app.release()
    assert app_queue_items(cli) == []  # nothing was queued behind the app's back
    assert cli("upload", str(movie)).code == 0  # once it has quit, the command runs
