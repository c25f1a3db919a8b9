"""``studio-cli`` entry point: the argument parser, and failures turned into exit codes.

Exit codes: 0 done; 1 the API refused or the command could not be done (reason on stderr);
2 bad command line; 3 the server could not be reached; 130 interrupted (Ctrl-C; uploads stay in
the queue and resume with ``studio-cli resume`` or in the app).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from ..api import ApiError, TransportError
from . import live, login, players, tokens, upload, videos
from .failures import FAILED, INTERRUPTED, UNREACHABLE, CliFailure
from .options import CommonOptions

PROG = "studio-cli"
COMMAND_GROUPS = (login, videos, upload, live, tokens, players)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each command group module adds its sub-commands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="api.video from the command line, sharing projects and the upload queue "
        "with api.video Studio.",
        epilog="Exit codes: 0 ok, 1 API or command error, 2 usage, 3 server unreachable, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    common = CommonOptions.build()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in COMMAND_GROUPS:
        group.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (see the module docstring)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(message)s")
    try:
        return asyncio.run(args.handler(args))
    except CliFailure as exc:
        _fail(exc.message)
        return exc.code
    except ApiError as exc:
        _fail(exc.message)
        return FAILED
    except TransportError as exc:
        _fail(f"Cannot reach the server: {exc}")
        return UNREACHABLE
    except KeyboardInterrupt:
        _fail("Interrupted.")
        return INTERRUPTED


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
