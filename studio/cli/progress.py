"""Upload progress on stderr: one redrawn bar on a terminal, plain lines otherwise.

Plain lines are for logs and CI: a line when a file starts, gets its video, crosses each
tenth of its size, and when it ends (uploaded, playable, failed or paused).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from ..services.upload_item import UploadItem, UploadPhase

BAR_WIDTH = 24
STEPS = 10  # plain mode reports every tenth of a file


def human_size(size: float) -> str:
    """``812 B``, ``4.2 MiB``, ``1.3 GiB``."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def human_time(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


@dataclass
class _Seen:
    phase: UploadPhase
    video_id: str | None
    step: int


class ProgressReport:
    """Follows the queue's items (``watched()``) and writes their progress to ``stream``."""

    def __init__(
        self,
        watched: Callable[[], list[UploadItem]],
        *,
        stream: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self._watched = watched
        self._stream = stream or sys.stderr
        self._interactive = self._stream.isatty() if interactive is None else interactive
        self._seen: dict[int, _Seen] = {}
        self._drawn = False

    # ---- queue signals ------------------------------------------------------------------------

    def changed(self, item_id: int) -> None:
        """An item's phase, video or details changed."""
        item = self._find(item_id)
        if item is None:
            return
        if self._interactive:
            self._draw()
            return
        seen = self._seen.get(item_id)
        if seen is None:
            seen = self._seen[item_id] = _Seen(item.phase, None, self._step(item))
            if item.phase is UploadPhase.UPLOADING:
                self._line(f"{item.path.name}: uploading {human_size(item.size)}")
        if item.video_id and item.video_id != seen.video_id:
            seen.video_id = item.video_id
            self._line(f"{item.path.name}: video {item.video_id}")
        if item.phase is not seen.phase:
            seen.phase = item.phase
            self._line(f"{item.path.name}: {self._phase_text(item)}")

    def progressed(self, item_ids: list[int]) -> None:
        """Bytes moved for these items (batched by the queue, a few times a second)."""
        if self._interactive:
            self._draw()
            return
        for item_id in item_ids:
            item = self._find(item_id)
            seen = self._seen.get(item_id)
            if item is None or seen is None or item.phase is not UploadPhase.UPLOADING:
                continue
            step = self._step(item)
            if seen.step < step < STEPS:
                seen.step = step
                self._line(
                    f"{item.path.name}: {step * 100 // STEPS}% "
                    f"({human_size(item.sent)} of {human_size(item.size)})"
                )

    def finish(self) -> None:
        """End the bar's line so what follows starts on a fresh one."""
        if self._interactive and self._drawn:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False

    # ---- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        items = self._watched()
        if not items:
            return
        total = sum(i.size for i in items) or 1
        sent = sum(i.size if i.fraction >= 1 else i.sent for i in items)
        done = sum(1 for i in items if i.fraction >= 1 or i.phase is UploadPhase.FAILED)
        speed = sum(i.speed or 0.0 for i in items)
        fraction = min(1.0, sent / total)
        filled = round(fraction * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        text = (
            f"{done}/{len(items)} files [{bar}] {fraction * 100:3.0f}%  "
            f"{human_size(sent)} of {human_size(total)}"
        )
        if speed > 0:
            text += f"  {human_size(speed)}/s  {human_time((total - sent) / speed)} left"
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self._stream.write("\r" + text[:width].ljust(width))
        self._stream.flush()
        self._drawn = True

    def _line(self, text: str) -> None:
        print(text, file=self._stream, flush=True)

    def _find(self, item_id: int) -> UploadItem | None:
        return next((i for i in self._watched() if i.id == item_id), None)

    @staticmethod
    def _step(item: UploadItem) -> int:
        return int(item.fraction * STEPS)

    @staticmethod
    def _phase_text(item: UploadItem) -> str:
        if item.phase is UploadPhase.FAILED:
            return f"failed: {item.error}"
        if item.phase is UploadPhase.PROCESSING:
            return "uploaded; api.video is encoding it"
        return item.phase.label.lower()
