"""Options many commands share, as argparse parent parsers."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from .connection import add_connection_options

# argparse's sub-command registry (its class is private, the alias keeps signatures readable).
Commands = argparse._SubParsersAction


@dataclass(frozen=True)
class CommonOptions:
    """``plain``: ``--json`` only; ``connected``: ``--json`` and how to reach the project."""

    plain: list[argparse.ArgumentParser]
    connected: list[argparse.ArgumentParser]

    @classmethod
    def build(cls) -> CommonOptions:
        output = argparse.ArgumentParser(add_help=False)
        output.add_argument(
            "--json", action="store_true", help="print only JSON on stdout (for scripts)"
        )
        connection = argparse.ArgumentParser(add_help=False)
        add_connection_options(connection)
        return cls(plain=[output], connected=[output, connection])
