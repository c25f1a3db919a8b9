"""``studio-cli tokens create|ls|rm``: upload tokens for delegated uploads."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import ApiError
from ..api.models.tokens import UPLOAD_TOKEN_SORT_FIELDS
from .connection import open_session
from .durations import format_duration, parse_duration
from .failures import FAILED, OK
from .options import Commands, CommonOptions
from .output import note, print_json, print_table
from .videos import non_negative


def register(commands: Commands, common: CommonOptions) -> None:
    tokens = commands.add_parser(
        "tokens", help="upload tokens (delegated uploads)", description="Manage upload tokens."
    )
    actions = tokens.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser(
        "create",
        parents=common.connected,
        help="create a token",
        description="Create an upload token. Prints the token (and its upload URL on stderr).",
    )
    create.add_argument(
        "--ttl",
        type=parse_duration,
        default=0,
        metavar="DURATION",
        help="lifetime: seconds or 45s, 15m, 2h, 1h30m, 7d; none (default) never expires",
    )
    create.set_defaults(handler=create_token)

    listing = actions.add_parser("ls", parents=common.connected, help="list tokens")
    listing.add_argument("--sort", choices=UPLOAD_TOKEN_SORT_FIELDS, help="sort by this field")
    listing.add_argument("--order", choices=("asc", "desc"), help="sort order (with --sort)")
    listing.add_argument(
        "--limit", type=non_negative, default=0, help="at most this many (default 0: all)"
    )
    listing.set_defaults(handler=list_tokens)

    remove = actions.add_parser(
        "rm", parents=common.connected, help="delete tokens", description="Revoke upload tokens."
    )
    remove.add_argument("tokens", nargs="+", metavar="TOKEN")
    remove.set_defaults(handler=remove_tokens)


def upload_url(base_url: str, token: str) -> str:
    """The ready-to-use URL of a delegated upload with ``token`` (contract 3.3 U5)."""
    return f"{base_url}/upload?token={token}"


async def create_token(args: argparse.Namespace) -> int:
    async with open_session(args) as session:
        token = await session.client.upload_tokens.create(ttl=args.ttl)
    if args.json:
        print_json(token)
        return OK
    print(token.token)
    expiry = (
        f"expires {token.expires_at.astimezone():%Y-%m-%d %H:%M}"
        if token.expires_at
        else "never expires"
    )
    note(f"Upload token {expiry}. Upload URL: {upload_url(session.target.base_url, token.token)}")
    return OK


async def list_tokens(args: argparse.Namespace) -> int:
    async with open_session(args) as session:
        listing = session.client.upload_tokens.list(sort_by=args.sort, sort_order=args.order)
        tokens = await listing.all(limit=args.limit or None)
    if args.json:
        print_json(tokens)
        return OK
    if not tokens:
        note("No upload tokens.")
        return OK
    print_table(
        ("token", "ttl", "created", "expires"),
        [(t.token, format_duration(t.ttl), t.created_at, t.expires_at) for t in tokens],
    )
    return OK


async def remove_tokens(args: argparse.Namespace) -> int:
    outcomes: list[dict[str, Any]] = []
    async with open_session(args) as session:
        for token in dict.fromkeys(args.tokens):  # each once, in the order given
            try:
                await session.client.upload_tokens.delete(token)
            except ApiError as exc:
                outcomes.append({"token": token, "deleted": False, "error": exc.message})
                note(f"studio-cli: {token}: {exc.message}")
            else:
                outcomes.append({"token": token, "deleted": True})
                if not args.json:
                    note(f"Deleted {token}.")
    if args.json:
        print_json(outcomes)
    return OK if all(o["deleted"] for o in outcomes) else FAILED
