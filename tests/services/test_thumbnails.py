"""The thumbnail disk cache: byte bound, least-recently-used eviction, versions, restarts."""

from __future__ import annotations

import os
from pathlib import Path

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
