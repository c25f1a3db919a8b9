"""Exit codes of ``studio-cli`` and the failure that carries one to ``main``."""

from __future__ import annotations

OK = 0
FAILED = 1  # the API refused, or the request cannot be done (message on stderr)
USAGE = 2  # the command line itself is wrong (argparse's own code)
UNREACHABLE = 3  # no answer from the server: network down, wrong address, timeout
INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class CliFailure(Exception):
    """Stop the command: print ``message`` on stderr and exit with ``code``."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
