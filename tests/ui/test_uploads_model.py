"""``UploadQueueModel`` over a real queue: Qt's model checks, rows following the queue, one
``dataChanged`` per progress batch, and the texts people read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.services.upload_item import UploadItem, UploadPhase, VideoDetails
from studio.services.upload_queue import UploadQueue
from studio.ui.models.upload_queue_model import (
    Role,
    UploadQueueModel,
    detail_text,
    format_size,
    format_time_left,
)
from tests.services.upload_helpers import MIB, sample_video

from .uploads_fixtures import idle_uploads, uploads

__all__ = ["idle_uploads", "uploads"]  # fixtures, used by name


def test_rows_follow_the_queue_and_pass_qts_model_checks(
    qtbot: Any, qtmodeltester: Any, idle_uploads: UploadQueue, run: Any, tmp_path: Path
) -> None:
    model = UploadQueueModel(idle_uploads)
    files = [sample_video(tmp_path / f"{name}.mp4") for name in ("b-roll", "intro", "outro")]
    run(idle_uploads.add_paths(files))
    assert [model.index(r).data() for r in range(model.rowCount())] == ["b-roll", "intro", "outro"]
    qtmodeltester.check(model)

    middle = idle_uploads.items[1]
    idle_uploads.edit(middle.id, VideoDetails("Opening titles"))
    idle_uploads.cancel(idle_uploads.items[0].id)

    assert [model.index(r).data() for r in range(model.rowCount())] == ["Opening titles", "outro"]
    assert model.row_of(middle.id) == 0 and model.index(0).data(Role.ITEM) is middle
    assert model.index(0).data(Role.PHASE) == UploadPhase.QUEUED
    qtmodeltester.check(model)
    # A second model over the same queue starts with its current rows.
    assert UploadQueueModel(idle_uploads).rowCount() == 2


def test_progress_arrives_in_batches(
    qtbot: Any, uploads: UploadQueue, emulator: Any, tmp_path: Path
) -> None:
    emulator.config.faults.latency_ms = 30
    try:
        model = UploadQueueModel(uploads)
        changes: list[tuple[int, int]] = []
        model.dataChanged.connect(lambda a, b, _roles=(): changes.append((a.row(), b.row())))
        batches: list[list[int]] = []
        uploads.progress_changed.connect(batches.append)
        files = [sample_video(tmp_path / f"cam {n}.mp4", 11 * MIB, seed=n) for n in range(2)]
        uploads._context.scope.start(uploads.add_paths(files))
        qtbot.waitUntil(
            lambda: (
                len(uploads.items) == 2
                and all(i.phase is UploadPhase.PLAYABLE for i in uploads.items)
            ),
            timeout=30000,
        )
    finally:
        emulator.config.faults.latency_ms = 0
    assert batches and any(len(batch) == 2 for batch in batches)  # both uploads in one signal
    phase_changes = 2 * 4  # queued, uploading, processing, playable for each (at most)
    assert len(changes) <= len(batches) + phase_changes + 4
    assert model.index(0).data(Role.FRACTION) == 1.0


def test_texts() -> None:
    assert [format_size(n) for n in (0, 999, 1_500, 12_340_000, 2_840_000_000)] == [
        "0 B",
        "999 B",
        "1.5 KB",
        "12.3 MB",
        "2.8 GB",
    ]
    assert [format_time_left(s) for s in (None, 0.2, 42, 150, 3 * 3600 + 300)] == [
        "",
        "1 s left",
        "42 s left",
        "3 min left",
        "3 h 05 min left",
    ]
    item = UploadItem(1, "p", Path("/v/keynote.mov"), 100 * 1_000_000, VideoDetails("Keynote"))
    item.phase = UploadPhase.UPLOADING
    item.sent = 25_000_000
    item.rate.sample(15_000_000, 0.0)
    item.rate.sample(25_000_000, 1.0)
    assert detail_text(item) == "keynote.mov · 25.0 MB of 100 MB · 10.0 MB/s · 8 s left"
    item.phase, item.error = UploadPhase.FAILED, "Connection lost: reset by peer"
    assert detail_text(item) == "Connection lost: reset by peer"
