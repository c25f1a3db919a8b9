"""``studio-cli players ls``: the project's player themes."""

from __future__ import annotations

import argparse

from .connection import open_session
from .failures import OK
from .options import Commands, CommonOptions
from .output import note, print_json, print_table
from .videos import non_negative

PLAYER_SORT_FIELDS = ("name", "createdAt", "updatedAt")  # contract 3.7 P2


def register(commands: Commands, common: CommonOptions) -> None:
    players = commands.add_parser(
        "players", help="player themes", description="Player themes of the project."
    )
    actions = players.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("ls", parents=common.connected, help="list player themes")
    listing.add_argument("--sort", choices=PLAYER_SORT_FIELDS, help="sort by this field")
    listing.add_argument("--order", choices=("asc", "desc"), help="sort order (with --sort)")
    listing.add_argument(
        "--limit", type=non_negative, default=0, help="at most this many (default 0: all)"
    )
    listing.set_defaults(handler=list_players)


async def list_players(args: argparse.Namespace) -> int:
    async with open_session(args) as session:
        listing = session.client.players.list(sort_by=args.sort, sort_order=args.order)
        players = await listing.all(limit=args.limit or None)
    if args.json:
        print_json(players)
        return OK
    if not players:
        note("No player themes.")
        return OK
    print_table(
        ("player id", "name", "created", "logo"),
        [(p.player_id, p.name, p.created_at, p.assets.logo if p.assets else None) for p in players],
    )
    return OK
