"""``studio-cli ls``: the project's videos, filtered and sorted like the library panel."""

from __future__ import annotations

import argparse
from contextlib import aclosing

from ..api.models.videos import VIDEO_SORT_FIELDS, Video
from ..api.pagination import MAX_PAGE_SIZE
from .connection import open_session
from .failures import OK
from .options import Commands, CommonOptions
from .output import note, print_json, print_table

DEFAULT_LIMIT = 50


def metadata_pair(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` from the command line (argparse reports a malformed one as usage)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def non_negative(text: str) -> int:
    """An integer >= 0 from the command line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(commands: Commands, common: CommonOptions) -> None:
    p = commands.add_parser(
        "ls",
        parents=common.connected,
        help="list videos",
        description="List the project's videos. Filters combine: a video must match them all.",
    )
    p.add_argument("--title", help="title contains this text")
    p.add_argument("--description", help="description contains this text")
    p.add_argument(
        "--tag", action="append", dest="tags", metavar="TAG", help="has this tag (repeatable)"
    )
    p.add_argument(
        "--metadata",
        action="append",
        type=metadata_pair,
        metavar="KEY=VALUE",
        help="has this metadata pair (repeatable)",
    )
    p.add_argument("--live-stream", metavar="ID", help="recorded from this live stream")
    p.add_argument("--sort", choices=VIDEO_SORT_FIELDS, help="sort by this field")
    p.add_argument("--order", choices=("asc", "desc"), help="sort order (with --sort)")
    p.add_argument(
        "--limit",
        type=non_negative,
        default=DEFAULT_LIMIT,
        help=f"at most this many videos (default {DEFAULT_LIMIT}; 0 lists them all)",
    )
    p.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    limit: int = args.limit
    async with open_session(args) as session:
        listing = session.client.videos.list(
            title=args.title,
            description=args.description,
            tags=args.tags,
            metadata=dict(args.metadata) if args.metadata else None,
            live_stream_id=args.live_stream,
            sort_by=args.sort,
            sort_order=args.order,
            page_size=min(limit, MAX_PAGE_SIZE) if limit else MAX_PAGE_SIZE,
        )
        videos: list[Video] = []
        total = 0
        async with aclosing(listing.pages()) as pages:
            async for page in pages:
                total = page.pagination.items_total
                videos.extend(page.data)
                if limit and len(videos) >= limit:
                    break
    if limit:
        videos = videos[:limit]
    if args.json:
        print_json(videos)
        return OK
    if not videos:
        note("No videos match." if _filtered(args) else "No videos yet.")
        return OK
    print_table(
        ("video id", "title", "created", "public", "tags"),
        [(v.video_id, v.title, v.created_at, v.public, v.tags) for v in videos],
    )
    if total > len(videos):
        note(f"Showing {len(videos)} of {total} videos; --limit 0 lists them all.")
    return OK


def _filtered(args: argparse.Namespace) -> bool:
    return any((args.title, args.description, args.tags, args.metadata, args.live_stream))
