"""Query-string serialization in one place (contract 1.8).

Shapes: ``tags[]=a&tags[]=b`` (lists), ``metadata[k]=v`` (maps), ``filterBy[x]=v`` and
``filterBy[x][]=v`` (deep objects), booleans as ``true``/``false``, datetimes as ISO 8601 UTC
with ``Z``. ``None`` values are left out, so callers can pass every optional filter as is.
httpx percent-encodes the brackets on the wire, as the official clients do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from enum import Enum
from urllib.parse import quote

Scalar = str | int | float | bool | date | datetime | Enum


def segment(value: str) -> str:
    """An id made safe as one path segment (``/`` and everything else escaped)."""
    return quote(value, safe="")


def format_value(value: Scalar) -> str:
    """One query value as text: ``true``/``false``, ISO dates (UTC, ``Z``), enum values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def format_datetime(value: datetime) -> str:
    """``2024-02-05T00:00:00Z``: converted to UTC (naive means UTC), whole seconds."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # isoformat, not strftime: %Y is not zero-padded for years below 1000 on every platform.
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class Query:
    """An ordered list of query pairs, built with one method per shape."""

    def __init__(self) -> None:
        self._pairs: list[tuple[str, str]] = []

    def add(self, name: str, value: Scalar | None) -> Query:
        """``name=value`` (skipped when value is None)."""
        if value is not None:
            self._pairs.append((name, format_value(value)))
        return self

    def add_list(self, name: str, values: Iterable[Scalar] | None) -> Query:
        """``name[]=a&name[]=b`` (skipped when values is None)."""
        for value in values or ():
            self._pairs.append((f"{name}[]", format_value(value)))
        return self

    def add_map(self, name: str, mapping: Mapping[str, Scalar] | None) -> Query:
        """``name[key]=value`` for each entry (skipped when mapping is None)."""
        for key, value in (mapping or {}).items():
            self._pairs.append((f"{name}[{key}]", format_value(value)))
        return self

    def add_deep(
        self, name: str, mapping: Mapping[str, Scalar | Iterable[Scalar] | None] | None
    ) -> Query:
        """Deep object: scalars as ``name[key]=v``, sequences as ``name[key][]=v`` repeated."""
        for key, value in (mapping or {}).items():
            if value is None:
                continue
            if isinstance(value, str | bool | int | float | date | Enum):
                self._pairs.append((f"{name}[{key}]", format_value(value)))
            else:
                self.add_list(f"{name}[{key}]", value)
        return self

    def add_sort(self, sort_by: str | None, sort_order: str | None) -> Query:
        """``sortBy`` / ``sortOrder`` (``asc`` or ``desc``)."""
        return self.add("sortBy", sort_by).add("sortOrder", sort_order)

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs, in the order they were added (a copy)."""
        return list(self._pairs)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._pairs)
