"""Helpers for store documents: fields starting with "_" are internal and never sent."""

from __future__ import annotations

from typing import Any


def public_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy of ``doc`` without its internal ("_"-prefixed) fields."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}
