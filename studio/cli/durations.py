"""Durations on the command line (``90``, ``15m``, ``1h30m``, ``7d``) and back to text."""

from __future__ import annotations

import argparse
import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_SECONDS = 2_147_483_647  # the API's largest ttl (a signed 32-bit integer)
_PART = re.compile(r"(\d+)([smhdw])")
NEVER = ("0", "none", "never")


def parse_duration(text: str) -> int:
    """Seconds from ``3600``, ``45s``, ``15m``, ``2h``, ``7d``, ``1w`` or sums like ``1h30m``.

    ``0``, ``none`` and ``never`` mean no limit (0). Raises ``argparse.ArgumentTypeError``.
    """
    raw = text.strip().lower()
    if raw in NEVER:
        return 0
    if raw.isdigit():
        seconds = int(raw)
    else:
        parts = _PART.findall(raw)
        if not parts or "".join(n + u for n, u in parts) != raw:
            raise argparse.ArgumentTypeError(
                f"not a duration: {text!r} (examples: 3600, 45s, 15m, 2h, 1h30m, 7d, none)"
            )
        seconds = sum(int(n) * UNITS[u] for n, u in parts)
    if seconds > MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"at most {MAX_SECONDS} seconds")
    return seconds


def format_duration(seconds: int) -> str:
    """``1d 2h``, ``15m``, ``45s``; ``never`` for 0 (the two largest units only)."""
    if seconds <= 0:
        return "never"
    pieces: list[str] = []
    left = seconds
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, left = divmod(left, size)
        if count:
            pieces.append(f"{count}{unit}")
    return " ".join(pieces[:2])
