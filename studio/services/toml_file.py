"""Small TOML files for settings and the project list: read with ``tomllib``, write atomically.

The writer only knows what those files hold: top-level scalars and arrays of flat tables.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

Scalar = str | int | bool | float
TomlDocument = Mapping[str, Scalar | Sequence[Mapping[str, Scalar]]]


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables, or ``{}`` when it is missing or not valid TOML (defaults then apply)."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def write_toml(path: Path, document: TomlDocument, *, header: str = "") -> None:
    """Write ``document`` to ``path`` atomically (a crash never leaves half a file)."""
    lines = [f"# {line}" for line in header.splitlines()]
    tables: list[tuple[str, Sequence[Mapping[str, Scalar]]]] = []
    for key, value in document.items():
        if isinstance(value, list | tuple):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")  # type: ignore[arg-type]
    for name, rows in tables:
        for row in rows:
            lines.append("")
            lines.append(f"[[{_key(name)}]]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in row.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return _string(key)


def _value(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _string(str(value))


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")  # TOML forbids raw control characters
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)
