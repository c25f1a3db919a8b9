"""``studio-cli live create``: a live stream, and where an encoder publishes to it."""

from __future__ import annotations

import argparse

from ..api.models import LiveStreamCreationPayload
from ..services.ingest import ingest_servers, publish_url
from .connection import open_session
from .failures import OK
from .options import Commands, CommonOptions
from .output import note, print_json


def register(commands: Commands, common: CommonOptions) -> None:
    live = commands.add_parser("live", help="live streams", description="Manage live streams.")
    actions = live.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        parents=common.connected,
        help="create a live stream",
        description="Create a live stream; prints its id, stream key and ingest URLs.",
    )
    create.add_argument("name", help="the live stream's name")
    create.add_argument(
        "--private", action="store_true", help="playback needs a private token (default public)"
    )
    create.add_argument("--player", metavar="PLAYER_ID", help="player theme to use")
    create.set_defaults(handler=create_live_stream)


async def create_live_stream(args: argparse.Namespace) -> int:
    payload = LiveStreamCreationPayload(name=args.name)
    if args.private:
        payload.public = False
    if args.player:
        payload.player_id = args.player
    async with open_session(args) as session:
        stream = await session.client.live_streams.create(payload)
    if args.json:
        print_json(stream)
        return OK
    rows: list[tuple[str, str]] = [
        ("liveStreamId", stream.live_stream_id),
        ("name", stream.name),
        ("streamKey", stream.stream_key),
    ]
    # api.video's ingest servers; a self-hosted server's own are not known here.
    for server in ingest_servers(session.target.environment):
        if server.url:
            rows.append((server.key, publish_url(server.url, stream.stream_key)))
    if stream.assets and stream.assets.player:
        rows.append(("player", stream.assets.player))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    if session.target.environment == "custom":
        note("Publish to your server's RTMP ingest with the stream key above.")
    return OK
