"""What commands print: JSON documents for scripts, aligned tables for people.

JSON goes to stdout and nothing else does in ``--json`` mode; notes and progress go to stderr.
Objects keep the API's field names (camelCase) with ISO 8601 dates; every field of the model
is present (null when unset), so scripts can rely on the keys.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

import msgspec

MAX_CELL = 48  # longer cells (titles) are cut with an ellipsis in tables


def plain(value: Any) -> Any:
    """API models (and lists of them) as JSON-ready builtins with the wire's key names."""
    return msgspec.to_builtins(value)


def print_json(value: Any, out: TextIO | None = None) -> None:
    """One JSON document on stdout."""
    print(json.dumps(plain(value), indent=2, ensure_ascii=False), file=out or sys.stdout)


def note(message: str) -> None:
    """A remark for the person at the terminal (stderr, so stdout stays parseable)."""
    print(message, file=sys.stderr)


def cell(value: Any) -> str:
    """A table cell: dates in local time to the minute, lists joined, long text cut."""
    if value is None:
        text = "-"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, datetime):
        text = value.astimezone().strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value) or "-"
    else:
        text = str(value) or "-"
    text = " ".join(text.split())  # a newline in a title must not break the row
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO | None = None
) -> None:
    """Rows under upper-case headers, columns padded to their widest cell."""
    out = out or sys.stdout
    cells = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    for row in [[h.upper() for h in headers], *cells]:
        line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
        print(line.rstrip(), file=out)
