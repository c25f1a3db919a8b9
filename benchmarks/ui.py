"""UI benchmark (not a test): is the window smooth while the app works hard?

    .venv/bin/python benchmarks/ui.py [--size-mib 1024] [--videos 10000] [--starts 5]

Against an emulator in a separate process (like a real server: it gets its own CPU), the real
main window runs on the qasync loop while a 1 GiB file goes up through the ``UploadQueue`` and
the library grid is scrolled from top to bottom through 10,000 videos (paged in lazily). A
precise 5 ms QTimer heartbeat records how late each tick fires: every millisecond late is a
millisecond the loop could not answer input or paint. Also measured: the first library page's
paint after its HTTP response, the process RSS once 10,000 videos are loaded, and the cold
start to an interactive window (``studio --startup-report`` in fresh processes, median).

Goals: max stall <= 50 ms, p99 <= 16 ms, first page <= 300 ms, RSS <= 300 MB, cold <= 1.5 s.
The last line is exactly:
``ui-bench: max_stall_ms=N p99_stall_ms=N first_page_ms=N rss_mb_10k=N cold_start_ms=N``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("STUDIO_EMULATOR_RECORD", None)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.api import ApiVideoClient  # noqa: E402
from studio.services.context import ActiveProject, AppContext  # noqa: E402
from studio.services.settings import Settings  # noqa: E402
from studio.services.task_scope import TaskScope  # noqa: E402
from studio.ui.main_window import MainWindow, optional  # noqa: E402

API_KEY = "ui-bench-key"
HEARTBEAT_MS = 5
SCROLL_FRAME_MS = 16
WHEEL_DEGREES = 90  # per frame: a brisk fling (Qt caps one wheel step at a page)


# ---- set-up (outside the measured process state) -------------------------------------------


def start_emulator(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """``studio-emulator`` in its own process; returns it and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.emulator.cli", "--port", "0", "--no-rtmp",
         "--data-dir", str(folder), "--api-key", API_KEY, "--encoding-step", "0.2"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"listening on (\S+)", line)
        if found:
            return process, found.group(1)
    raise RuntimeError("the emulator did not start")


def seed_library(url: str, count: int) -> None:
    response = httpx.post(
        f"{url}/_emulator/projects/{API_KEY}/seed-videos",
        json={"count": count, "titlePrefix": "Bench clip ", "tags": ["bench"]},
        timeout=300,
    )
    response.raise_for_status()


def make_big_file(path: Path, size: int) -> None:
    """An MP4-looking file (an ``ftyp`` box, then a sparse hole): sniffed as video, cheap."""
    with path.open("wb") as f:
        f.write(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
        f.truncate(size)


def cold_starts(folder: Path, runs: int) -> list[float]:
    """Milliseconds from spawning ``python -m studio`` to its "interactive" line."""
    env = {k: v for k, v in os.environ.items() if k != "APIVIDEO_API_KEY"}
    times = []
    for run in range(runs):
        dirs = folder / f"start{run}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "studio", "--startup-report",
             "--data-dir", str(dirs / "data"), "--config-dir", str(dirs / "config"),
             "--cache-dir", str(dirs / "cache")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("startup: "):
                times.append((time.perf_counter() - started) * 1000)
                break
        process.wait(60)
    return times


def rss_mb() -> float:
    """Resident set size now (Linux /proc), else the peak from getrusage."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


# ---- measuring -------------------------------------------------------------------------------


class StackSampler:
    """``--diagnose``: samples the UI thread's Python stack every millisecond (a thread of its
    own), so each stall can be blamed on the code that ran during it."""

    def __init__(self) -> None:
        import threading

        self.main = threading.main_thread().ident
        self.samples: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.001):
            frame = sys._current_frames().get(self.main)
            self.samples.append((time.perf_counter(), _blame(frame)))

    def report(self, stalls: list[tuple[float, float]]) -> list[tuple[str, int]]:
        """The most sampled places inside stalls (start, end), most frequent first."""
        counts: dict[str, int] = {}
        for start, end in stalls:
            for at, where in self.samples:
                if start <= at <= end:
                    counts[where] = counts.get(where, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])[:12]


def _blame(frame: Any) -> str:
    """The innermost frame of the app's own code (or the innermost frame at all)."""
    innermost = None
    while frame is not None:
        name = frame.f_code.co_filename
        if innermost is None:
            innermost = f"{Path(name).name}:{frame.f_code.co_name}"
        if "/studio/" in name:
            return f"{name.split('/studio/', 1)[1]}:{frame.f_code.co_name}"
        frame = frame.f_back
    return innermost or "(Qt, no Python frame)"


class Heartbeat(QObject):
    """A precise timer; records how late each tick fires."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.lateness: list[float] = []
        self.at: list[float] = []  # when each tick fired
        self.stalls: list[tuple[float, float]] = []  # (start, end) of ticks over 16 ms late
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, (now - self._last) * 1000 - HEARTBEAT_MS)
        self.lateness.append(late)
        self.at.append(now)
        if late > 16:
            self.stalls.append((self._last, now))
        self._last = now


class FirstPaint(QObject):
    """Time of the first paint of a view showing rows."""

    def __init__(self, view: Any, model: Any) -> None:
        super().__init__()
        self.model = model
        self.at: float | None = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint and self.model.rowCount() > 0:
            self.at = time.perf_counter()
        return False


async def until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def scenario(
    url: str, work: Path, big: Path | None, videos: int, diagnose: bool = False
) -> dict[str, float]:
    client = ApiVideoClient(API_KEY, base_url=url)
    # When the first list page's response arrives (headers; the body is ~100 KB on loopback).
    responses: list[float] = []

    async def on_response(response: httpx.Response) -> None:
        if response.request.method == "GET" and response.request.url.path == "/videos":
            responses.append(time.perf_counter())

    client.http.event_hooks["response"].append(on_response)
    scope = TaskScope()
    context = AppContext(
        client,
        ActiveProject("Benchmark", "custom", url, "bench"),
        scope,
        work / "data",
        work / "cache",
        Settings(path=work / "config" / "settings.toml"),
    )
    thumbnails = optional("studio.services.thumbnails", "ThumbnailCache")
    if thumbnails is not None:
        context.thumbnails = thumbnails(context)
    queue_type = optional("studio.services.upload_queue", "UploadQueue")
    context.uploads = queue_type(context) if queue_type is not None else None

    window = MainWindow(context)
    window.resize(1280, 800)
    library = window.pages["library"]
    grid, model = library.grid, library.model
    first_paint = FirstPaint(grid, model)
    window.show()
    await until(lambda: first_paint.at is not None, 30, "the first library page")
    assert first_paint.at is not None
    first_page_ms = (first_paint.at - responses[0]) * 1000

    heartbeat = Heartbeat()
    sampler = StackSampler() if diagnose else None
    if sampler is not None:
        sampler.start()
    heartbeat.start()
    began = time.perf_counter()

    # 1 GiB through the queue...
    upload_done: list[float] = []
    if context.uploads is not None and big is not None:
        await context.uploads.start()
        refused = await context.uploads.add_paths([big])
        if refused:
            raise RuntimeError(f"the upload was refused: {refused}")

        def uploaded() -> bool:
            items = context.uploads.items
            return bool(items) and items[0].phase not in ("queued", "uploading")

        async def watch_upload() -> None:
            await until(uploaded, 900, "the upload")
            upload_done.append(time.perf_counter())

        scope.start(watch_upload())
    else:
        upload_done.append(began)

    # ...while the grid is flung down to the last of the 10,000 videos, with wheel events
    # through the application's event delivery, as a mouse wheel or touchpad sends them.
    bar = grid.verticalScrollBar()
    scroll_done: list[float] = []
    viewport = grid.viewport()

    def scroll() -> None:
        if scroll_done:
            return
        if model.rowCount() >= videos and not model.canFetchMore() and bar.value() >= bar.maximum():
            scroll_done.append(time.perf_counter())
            return
        at = QPointF(viewport.rect().center())
        wheel = QWheelEvent(
            at, QPointF(viewport.mapToGlobal(at)), QPoint(0, 0), QPoint(0, -WHEEL_DEGREES * 8),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(viewport, wheel)

    scroller = QTimer()
    scroller.setInterval(SCROLL_FRAME_MS)
    scroller.timeout.connect(scroll)
    scroller.start()
    await until(lambda: bool(scroll_done), 900, "the end of the library")
    scroller.stop()
    rss_10k = rss_mb()
    await until(lambda: bool(upload_done), 900, "the upload")
    heartbeat.stop()
    if sampler is not None:
        sampler.stop()
        stalled = sum(end - start for start, end in heartbeat.stalls)
        print(f"{len(heartbeat.stalls)} stalls over 16 ms, {stalled:.1f} s in all; sampled in:")
        for where, count in sampler.report(heartbeat.stalls):
            print(f"  {count:6d}  {where}")

    lateness = sorted(heartbeat.lateness)
    p99 = _p99(lateness)
    # The same figures for the ticks while the upload was still running (it may end first).
    during = sorted(
        late for late, at in zip(heartbeat.lateness, heartbeat.at, strict=True)
        if at <= upload_done[0]
    )  # fmt: skip
    print(
        f"while uploading ({len(during)} ticks): max {max(during, default=0.0):.0f} ms, "
        f"p99 {_p99(during):.0f} ms",
        flush=True,
    )
    items = context.uploads.items if context.uploads is not None else []
    phase = items[0].phase if items else "none"
    if items and items[0].error:
        phase = f"{phase} ({items[0].error})"
    result = {
        "max_stall_ms": max(lateness, default=0.0),
        "p99_stall_ms": p99,
        "first_page_ms": first_page_ms,
        "rss_mb_10k": rss_10k,
        "ticks": len(lateness),
        "scroll_s": scroll_done[0] - began,
        "upload_s": upload_done[0] - began,
        "rows": model.rowCount(),
    }
    # The file is an MP4 header over a sparse hole: once uploaded, the emulator's encoding
    # fails on it. That is expected; what matters is that every byte went up.
    print(f"upload ended as {phase!s} after {result['upload_s']:.1f} s", flush=True)

    window.close()
    if context.uploads is not None:
        await context.uploads.close()
    await scope.close()
    if context.thumbnails is not None:
        await context.thumbnails.close()
    await client.aclose()
    return result


def _p99(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--videos", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=5, help="cold starts to time")
    parser.add_argument("--no-upload", action="store_true", help="scroll only (diagnosis)")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run the emulator on a thread of this process, as the app's offline demo does",
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="blame stalls on code (samples the UI thread)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="studio-ui-bench-") as tmp:
        work = Path(tmp)
        starts = cold_starts(work / "cold", args.starts)
        print("cold starts (ms): " + " ".join(f"{t:.0f}" for t in starts), flush=True)

        embedded: Any = None
        if args.in_process:
            from studio.emulator.config import EmulatorConfig
            from studio.emulator.server import EmulatorServer

            config = EmulatorConfig(
                data_dir=work / "emulator", api_key=API_KEY, encoding_step_s=0.2
            )
            embedded = EmulatorServer(config).start()
            emulator, url = None, embedded.url
        else:
            emulator, url = start_emulator(work / "emulator")
        try:
            seed_library(url, args.videos)
            big = work / "big-upload.mp4"
            make_big_file(big, args.size_mib * 1024 * 1024)

            app = QApplication.instance() or QApplication(sys.argv[:1])
            assert isinstance(app, QApplication)
            app.setQuitOnLastWindowClosed(False)  # closing the window must not end the run
            # As in the app: cyclic garbage collection on the UI thread only.
            gc_type = optional("studio.ui.main_thread_gc", "MainThreadGc")
            collector = gc_type(app) if gc_type is not None else None
            loop = qasync.QEventLoop(app)
            asyncio.set_event_loop(loop)
            with loop:
                result = loop.run_until_complete(
                    scenario(url, work, None if args.no_upload else big, args.videos, args.diagnose)
                )
            if collector is not None:
                collector.stop()
        finally:
            if emulator is not None:
                emulator.terminate()
                emulator.wait(30)
            if embedded is not None:
                embedded.stop()

    print(
        f"{result['ticks']:.0f} heartbeats; scrolled {result['rows']:.0f} videos in "
        f"{result['scroll_s']:.1f} s; {args.size_mib} MiB uploaded in {result['upload_s']:.1f} s",
        flush=True,
    )
    cold = statistics.median(starts) if starts else 0.0
    print(f"load average during the run: {os.getloadavg()[0]:.1f}", flush=True)
    print(
        f"ui-bench: max_stall_ms={result['max_stall_ms']:.0f} "
        f"p99_stall_ms={result['p99_stall_ms']:.0f} first_page_ms={result['first_page_ms']:.0f} "
        f"rss_mb_10k={result['rss_mb_10k']:.0f} cold_start_ms={cold:.0f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
