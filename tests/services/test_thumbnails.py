"""The thumbnail disk cache (byte bound, LRU eviction, versions, restarts) and the scheduling
of lazy loads (newest first, a few at a time, nothing while the user flings the list)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from studio.services.latest_first import LatestFirstQueue
from studio.services.thumbnails import ThumbnailDiskCache

KIB = 1024


def blob(n: int, fill: int = 0) -> bytes:
    return bytes([fill % 256]) * n


def test_stores_and_reads_back(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    assert cache.read("vi1", "v1") is None
    cache.write("vi1", "v1", blob(10 * KIB, 1))
    assert cache.read("vi1", "v1") == blob(10 * KIB, 1)
    assert cache.read("vi1", "other-version") is None
    assert cache.total_bytes == 10 * KIB and len(cache) == 1


def test_total_never_exceeds_the_bound_and_oldest_go_first(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=35 * KIB)
    for i in range(5):
        cache.write(f"vi{i}", "v", blob(10 * KIB, i))
        assert cache.total_bytes <= 35 * KIB
    # 5 x 10 KiB into 35 KiB: the two written first are gone, on disk too.
    assert [(f"vi{i}", "v") in cache for i in range(5)] == [False, False, True, True, True]
    files = list(tmp_path.glob("??/*.jpg"))
    assert len(files) == 3
    assert sum(f.stat().st_size for f in files) == cache.total_bytes == 30 * KIB


def test_reading_makes_an_entry_recent(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=30 * KIB)
    for i in range(3):
        cache.write(f"vi{i}", "v", blob(10 * KIB, i))
    assert cache.read("vi0", "v") is not None  # vi0 is now the most recently used
    cache.write("vi3", "v", blob(10 * KIB, 3))
    assert ("vi0", "v") in cache
    assert ("vi1", "v") not in cache  # the least recently used went instead
    assert ("vi2", "v") in cache and ("vi3", "v") in cache


def test_a_new_version_replaces_the_old_one(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    cache.write("vi1", "2025-01-01T00:00:00+00:00", blob(4 * KIB, 1))
    cache.write("vi1", "2025-02-01T00:00:00+00:00", blob(6 * KIB, 2))
    assert cache.read("vi1", "2025-01-01T00:00:00+00:00") is None
    assert cache.read("vi1", "2025-02-01T00:00:00+00:00") == blob(6 * KIB, 2)
    assert cache.total_bytes == 6 * KIB
    assert len(list(tmp_path.glob("??/*.jpg"))) == 1


def test_remove_forgets_every_version_of_one_video(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    cache.write("vi1", "v", blob(KIB))
    cache.write("vi2", "v", blob(KIB))
    assert cache.remove("vi1") == 1
    assert ("vi1", "v") not in cache and ("vi2", "v") in cache
    assert cache.total_bytes == KIB


def test_a_restart_keeps_the_entries_and_their_order(tmp_path: Path) -> None:
    first = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    for i in range(3):
        first.write(f"vi{i}", "v", blob(10 * KIB, i))
    # Access times as a previous session left them: vi2 oldest, then vi0, then vi1.
    for video_id, stamp in (("vi2", 1_000), ("vi0", 2_000), ("vi1", 3_000)):
        path = tmp_path / ThumbnailDiskCache._name(video_id, "v")
        os.utime(path, (stamp, stamp))

    second = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    assert second.total_bytes == 30 * KIB and len(second) == 3
    assert second.read("vi1", "v") == blob(10 * KIB, 1)
    second.max_bytes = 20 * KIB  # the user lowered the cache size
    assert second.trim() == 1
    assert ("vi2", "v") not in second  # the least recently used of the last session
    assert ("vi0", "v") in second and ("vi1", "v") in second


def test_unfinished_writes_are_not_entries_and_get_cleaned(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    cache.write("vi1", "v", blob(KIB))
    stray = tmp_path / "ab" / "tmp123.part"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(blob(KIB))
    restarted = ThumbnailDiskCache(tmp_path, max_bytes=100 * KIB)
    assert len(restarted) == 1 and restarted.total_bytes == KIB
    assert not stray.exists()


# ---- request scheduling (LatestFirstQueue) ---------------------------------------------------


class Recorder:
    """Work that records the order of keys and how many ran at once."""

    def __init__(self, duration: float = 0.01) -> None:
        self.done: list[int] = []
        self.running = 0
        self.most_running = 0
        self.duration = duration

    async def __call__(self, key: int) -> None:
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        await asyncio.sleep(self.duration)
        self.running -= 1
        self.done.append(key)


def start(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    return asyncio.get_running_loop().create_task(coro)


async def settle(queue: LatestFirstQueue[int]) -> None:
    for _ in range(500):
        if not (queue.waiting or queue.running):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the queue never emptied")


async def test_newest_first_a_few_at_a_time_and_old_requests_dropped() -> None:
    work = Recorder()
    queue: LatestFirstQueue[int] = LatestFirstQueue(work, start, limit=2, capacity=5)
    for key in range(20):
        queue.request(key)
    await settle(queue)
    assert work.most_running <= 2
    # Only the 5 newest were still waiting, and the two workers took the newest of those.
    assert sorted(work.done) == [15, 16, 17, 18, 19]
    assert set(work.done[:2]) == {19, 18}
    assert queue.dropped == 15


async def test_a_key_is_never_run_twice_at_once() -> None:
    work = Recorder(duration=0.05)
    queue: LatestFirstQueue[int] = LatestFirstQueue(work, start, limit=4, capacity=10)
    queue.request(1)
    await asyncio.sleep(0.01)  # now running
    queue.request(1)
    queue.request(1)
    await settle(queue)
    assert work.done == [1]


async def test_requests_wait_until_scrolling_pauses() -> None:
    work = Recorder()
    queue: LatestFirstQueue[int] = LatestFirstQueue(
        work, start, limit=4, capacity=50, settle_s=0.1, max_wait_s=10
    )
    # A fling: a new "screen" of rows every 20 ms, for a while.
    for screen in range(10):
        for key in range(screen * 5, screen * 5 + 5):
            queue.request(key)
        await asyncio.sleep(0.02)
        assert work.done == [] and queue.running == 0  # nothing while it moves
    await settle(queue)
    # Only the rows asked for in the last 100 ms before the pause were loaded.
    assert work.done and set(work.done) <= set(range(25, 50))
    assert set(range(45, 50)) <= set(work.done)
    assert queue.dropped >= 25


async def test_a_long_scroll_still_loads_now_and_then() -> None:
    work = Recorder()
    queue: LatestFirstQueue[int] = LatestFirstQueue(
        work, start, limit=4, capacity=50, settle_s=0.1, max_wait_s=0.15
    )
    for key in range(30):  # 600 ms of continuous scrolling
        queue.request(key)
        await asyncio.sleep(0.02)
    assert work.done, "max_wait_s must let some loads through during a long scroll"
    await settle(queue)
