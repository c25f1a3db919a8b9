"""One program at a time runs an upload queue: the lock, its message, a killed holder, and the
queue waiting for its turn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.services import upload_queue
from studio.services.queue_lock import QueueInUse, QueueLock
from studio.services.upload_item import UploadPhase
from studio.services.upload_queue import UploadQueue
from tests.services.upload_helpers import MIB, make_context, sample_video, wait_for


def test_a_second_holder_is_told_who_has_it(tmp_path: Path) -> None:
    app = QueueLock(tmp_path, "the studio app")
    cli = QueueLock(tmp_path, "studio-cli")
    app.claim()
    with pytest.raises(QueueInUse) as refused:
        cli.claim()
    assert refused.value.owner == f"the studio app (process {os.getpid()})"
    app.release()
    cli.claim()  # free again
    assert cli.held and not app.held
    cli.release()


def test_a_killed_holder_leaves_the_queue_free(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from studio.services.queue_lock import QueueLock
            lock = QueueLock(__import__("pathlib").Path({str(tmp_path)!r}), "studio-cli")
            lock.claim()
            print("held", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        mine = QueueLock(tmp_path, "the studio app")
        with pytest.raises(QueueInUse, match=f"studio-cli \\(process {holder.pid}\\)"):
            mine.claim()
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        mine.claim()  # the operating system dropped the dead process's lock
        assert mine.held
        mine.release()
    finally:
        holder.kill()
        holder.wait(10)


async def test_a_queue_waits_for_its_turn_and_then_runs(
    api: ApiVideoClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_queue, "QUEUE_RETRY_S", 0.1)
    data = tmp_path / "data"
    first_context = make_context(api, data, chunk_size_mib=5)
    first = UploadQueue(first_context, program="studio-cli")
    second_context = make_context(api, data, chunk_size_mib=5)
    second = UploadQueue(second_context)
    told: list[str] = []
    second.in_use_elsewhere.connect(told.append)
    try:
        await first.start()
        movie = sample_video(tmp_path / "Queued by the cli.mp4", 6 * MIB)
        assert await first.add_paths([movie]) == []

        await second.start()  # the other program has the queue: this one waits
        assert told == [f"studio-cli (process {os.getpid()})"]
        assert second.items == []
        other = sample_video(tmp_path / "Dropped meanwhile.mp4", MIB)
        refusals = await second.add_paths([other])
        assert [r.path for r in refusals] == [other]
        assert "in use by studio-cli" in refusals[0].reason

        await first.close()  # the cli quits (its upload stays stored, to resume)
        await wait_for(lambda: told[-1:] == [""], what="the queue taken over")
        # The second program now has the whole queue, and resumes what the first left.
        (item,) = second.items
        assert item.path == movie
        await wait_for(
            lambda: item.phase in (UploadPhase.PROCESSING, UploadPhase.PLAYABLE),
            what="the upload finished by the second program",
        )
    finally:
        await first.close()
        await second.close()
        await first_context.scope.close()
        await second_context.scope.close()
