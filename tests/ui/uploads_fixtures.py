"""Fixtures for the upload UI tests: the shell's test context with an ``UploadQueue`` on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from studio.services.context import AppContext
from studio.services.upload_queue import StatusPolling, UploadQueue

FAST_POLLING = StatusPolling(initial=0.05, factor=1.5, maximum=0.3)


@pytest.fixture
def idle_uploads(app_context: AppContext, run: Any) -> Iterator[UploadQueue]:
    """A queue on the test context that is loaded but not started: items wait, nothing is sent."""
    app_context.settings.chunk_size_mib = 5
    queue = UploadQueue(app_context, polling=FAST_POLLING, progress_interval=0.05)
    app_context.uploads = queue
    run(queue.load())
    yield queue
    run(queue.close())


@pytest.fixture
def uploads(idle_uploads: UploadQueue, run: Any) -> UploadQueue:
    """The same queue, started: items upload to the module's emulator."""
    run(idle_uploads.start())
    return idle_uploads
