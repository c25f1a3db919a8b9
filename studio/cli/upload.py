"""``studio-cli upload`` and ``studio-cli resume``: the app's persisted upload queue, in a terminal.

Both commands run the desktop app's own :class:`~studio.services.upload_queue.UploadQueue` over
the app's queue database (``uploads.sqlite3`` in the data folder): files queued here show in the
app's upload panel and the other way round, and an upload stopped anywhere (Ctrl-C, a killed
process, a crash) continues with only its missing parts the next time either program runs the
queue of that project. Like the app, running the queue also resumes its other interrupted
uploads. One program at a time runs a queue (``QueueLock``): while the app has it open, these
commands stop with a message instead of sending the same parts twice.

The command returns once every file it ran is on api.video (``--wait``: once each is playable),
leaving the encoding to be followed by the app or by ``ls``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .connection import Session, open_session
from .failures import FAILED, OK, UNREACHABLE, USAGE, CliFailure
from .options import Commands, CommonOptions
from .output import note, print_json, print_table

log = logging.getLogger(__name__)


def register(commands: Commands, common: CommonOptions) -> None:
    up = commands.add_parser(
        "upload",
        parents=common.connected,
        help="upload video files and folders (resumable)",
        description="Upload video files, and the videos inside folders (recursively). Other "
        "files are skipped with the reason. Uploads go through the app's queue: an interrupted "
        "one continues with `studio-cli resume`, the next `upload`, or in the app.",
    )
    up.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="video files or folders")
    up.add_argument("--title", help="the video's title (one file only; default: its file name)")
    up.add_argument("--description", default="", help="description of every uploaded video")
    up.add_argument(
        "--tag", action="append", dest="tags", default=[], metavar="TAG", help="tag (repeatable)"
    )
    up.add_argument("--private", action="store_true", help="private videos (default public)")
    _add_run_options(up)
    up.set_defaults(handler=upload)

    resume = commands.add_parser(
        "resume",
        parents=common.connected,
        help="continue the project's interrupted uploads",
        description="Continue the uploads of the project that were interrupted (sending only "
        "the parts api.video lacks). With --all, paused and failed ones too.",
    )
    resume.add_argument("--all", action="store_true", help="also paused and failed uploads")
    _add_run_options(resume)
    resume.set_defaults(handler=resume_uploads, paths=[], title=None)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait", action="store_true", help="return once api.video can play the videos"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


@dataclass
class QueueRun:
    """What one command asked of the queue, and what came of it."""

    watched: set[int] = field(default_factory=set)  # item ids this command waits for
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # refused paths and why
    # Refused paths the command line named itself (not files found inside a named folder):
    # those make the command fail, while a folder's stray non-video files are only reported.
    named_skipped: int = 0
    left_stopped: int = 0  # the project's paused or failed uploads this command leaves alone


async def upload(args: argparse.Namespace) -> int:
    """Queue ``args.paths`` (and the project's interrupted uploads) and run them."""
    return await _run(args)


async def resume_uploads(args: argparse.Namespace) -> int:
    """Run the project's interrupted uploads (``--all``: paused and failed too)."""
    return await _run(args)


async def _run(args: argparse.Namespace) -> int:
    async with open_session(args) as session:
        # A wrong key or an unreachable server is reported before the queue is touched.
        await session.client.authenticate()
        return await _run_queue(args, session)


async def _run_queue(args: argparse.Namespace, session: Session) -> int:
    # Qt's core module comes with the queue (signals only; no application object is needed).
    from ..services.context import ActiveProject, AppContext
    from ..services.queue_lock import QueueInUse
    from ..services.settings import SETTINGS_FILE, Settings
    from ..services.task_scope import TaskScope
    from ..services.upload_queue import UploadQueue

    previous_handler = _quiet_qt()
    target = session.target
    project = ActiveProject(target.name, target.environment, target.base_url, target.project_id)
    settings = Settings.load(session.folders.config / SETTINGS_FILE)
    scope = TaskScope(on_error=lambda exc: log.error("upload task failed: %s", exc))
    context = AppContext(
        session.client, project, scope, session.folders.data, session.folders.cache, settings
    )
    queue = UploadQueue(context, program="studio-cli")
    context.uploads = queue
    run = QueueRun()
    try:
        try:
            await queue.load()
        except QueueInUse as exc:
            raise CliFailure(
                f"The upload queue is in use by {exc.owner}. Add the files there, or run this "
                "again once it has quit (its uploads then resume here too).",
                FAILED,
            ) from None
        await _prepare(queue, args, run)
        if not run.watched:
            return _report(queue, args, run)
        await _execute(queue, args, run)
    except asyncio.CancelledError:
        # Ctrl-C: the parts that landed are recorded; the rest waits in the queue.
        note("Stopped. The uploads stay in the queue: `studio-cli resume` continues them.")
        raise
    finally:
        await queue.close()
        await scope.close()
        _restore_qt(previous_handler)
    return _report(queue, args, run)


def _quiet_qt() -> Any:
    """Send Qt's own messages to the debug log instead of the terminal; returns the handler
    that was installed before.

    The queue's QObjects run here without a QCoreApplication (signals need none), and Qt then
    prints a harmless "event dispatcher has already been destroyed" warning on the first
    signal carrying a Python object; a command line must not show that to its users.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def to_log(kind: QtMsgType, _context: object, message: str) -> None:
        log.debug("Qt (%s): %s", kind.name, message)

    return qInstallMessageHandler(to_log)


def _restore_qt(previous: Any) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(previous)


async def _prepare(queue: Any, args: argparse.Namespace, run: QueueRun) -> None:
    """Load the queue, add the new files, pick what this command runs; nothing starts yet."""
    from ..services.media_sniffing import screen_paths
    from ..services.upload_item import UNFINISHED, UploadPhase, VideoDetails

    await queue.load()
    mine = [i for i in queue.items if i.project == queue.project]
    existing = {i.path: i for i in mine}
    if args.title:
        screening = await asyncio.to_thread(screen_paths, args.paths)
        if len(screening.accepted) != 1:
            raise CliFailure("--title names one video: give exactly one video file.", USAGE)
    before = {i.id for i in queue.items}
    named = {p.absolute() for p in args.paths}
    refusals = await queue.add_paths(args.paths) if args.paths else []
    for item in queue.items:
        if item.id in before:
            continue
        details = VideoDetails(
            title=args.title or item.details.title,
            description=args.description,
            tags=list(args.tags),
            public=not args.private,
        )
        queue.edit(item.id, details)  # before the video exists: goes into the create call
        run.watched.add(item.id)
    for refusal in refusals:
        again = existing.get(refusal.path)
        if again is not None and again.phase in UNFINISHED | {UploadPhase.FAILED}:
            # Asked again for a file the queue already holds: continue that upload.
            _restart(queue, again)
            run.watched.add(again.id)
        else:
            run.skipped.append((refusal.path, refusal.reason))
            run.named_skipped += refusal.path in named
    restart_all = args.command == "resume" and args.all
    for item in mine:
        if item.phase in (UploadPhase.QUEUED, UploadPhase.UPLOADING):
            run.watched.add(item.id)  # interrupted earlier: the queue resumes it on start
        elif item.phase in (UploadPhase.PAUSED, UploadPhase.FAILED) and item.id not in run.watched:
            if restart_all:
                _restart(queue, item)
                run.watched.add(item.id)
            else:
                run.left_stopped += 1


def _restart(queue: Any, item: Any) -> None:
    from ..services.upload_item import UploadPhase

    if item.phase is UploadPhase.PAUSED:
        queue.resume(item.id)
    elif item.phase is UploadPhase.FAILED:
        queue.retry(item.id)


async def _execute(queue: Any, args: argparse.Namespace, run: QueueRun) -> None:
    """Start the queue and wait until every watched item is past uploading (or playable)."""
    from ..services.upload_item import UploadPhase
    from .progress import ProgressReport

    running = {UploadPhase.QUEUED, UploadPhase.UPLOADING}
    if args.wait:
        running.add(UploadPhase.PROCESSING)

    def watched() -> list[Any]:
        return [i for i in queue.items if i.id in run.watched]

    def busy() -> bool:
        return any(i.phase in running for i in watched())

    wake = asyncio.Event()
    queue.item_changed.connect(lambda _id: wake.set())
    queue.item_removed.connect(lambda _id: wake.set())
    report = ProgressReport(watched) if not args.quiet else None
    if report is not None:
        queue.item_changed.connect(report.changed)
        queue.progress_changed.connect(report.progressed)
    try:
        await queue.start()
        while busy():
            wake.clear()
            await wake.wait()
        await queue.flush()
    finally:
        if report is not None:
            report.finish()


def _report(queue: Any, args: argparse.Namespace, run: QueueRun) -> int:
    """Print the outcome; the exit code says whether every file made it."""
    from ..services.upload_item import FINISHED, UploadPhase

    items = [i for i in queue.items if i.id in run.watched]
    for path, reason in run.skipped:
        note(f"Skipped {path}: {reason}")
    if args.json:
        print_json(
            {
                "uploads": [
                    {
                        "file": str(i.path),
                        "videoId": i.video_id,
                        "status": i.phase.value,
                        "error": i.error or None,
                    }
                    for i in items
                ],
                "skipped": [{"file": str(p), "reason": r} for p, r in run.skipped],
            }
        )
    elif items:
        print_table(
            ("video id", "status", "file", "error"),
            [(i.video_id, i.phase.label, i.path.name, i.error or None) for i in items],
        )
    elif not run.skipped:
        note("Nothing to upload: the queue has no interrupted uploads for this project.")
    if run.left_stopped:
        note(
            f"{run.left_stopped} paused or failed upload(s) of this project were left as they "
            "are: `studio-cli resume --all` continues them."
        )
    failed = [i for i in items if i.phase not in FINISHED]
    if not failed and not run.named_skipped:
        return OK
    # A dropped connection is worth a retry later: say so with the "unreachable" code.
    lost = [i for i in failed if i.phase is UploadPhase.FAILED and _connection_lost(i.error)]
    if failed and len(lost) == len(failed) and not run.named_skipped:
        return UNREACHABLE
    return FAILED


def _connection_lost(error: str) -> bool:
    # The queue words transport failures so (upload_queue.describe_error).
    return error.startswith("Connection lost")
