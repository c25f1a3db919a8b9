"""Theme colours as text: parse what people type, write what the API writes.

Player themes carry CSS colour strings (contract 3.7). The API's own values look like
``rgba(88, 131, 255, .95)``: integer channels and an alpha without its leading zero. People also
paste ``#rrggbb`` from design tools, so both are read; what is sent back is always the API's form.
No Qt here: the UI converts :class:`Rgba` to a ``QColor`` itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)"
_FUNCTION = re.compile(
    rf"^(rgba?)\(\s*({_NUMBER})\s*,\s*({_NUMBER})\s*,\s*({_NUMBER})\s*"
    rf"(?:,\s*({_NUMBER})(%?)\s*)?\)$",
    re.IGNORECASE,
)
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$", re.IGNORECASE)

EXPECTED = "Use rgba(r, g, b, a) with r, g, b from 0 to 255 and a from 0 to 1, or #rrggbb."


class ColourError(ValueError):
    """The text is not a colour; the message says what is wrong, for the user."""


@dataclass(frozen=True)
class Rgba:
    """A colour with 0-255 channels and an alpha from 0 (transparent) to 1 (opaque)."""

    red: int
    green: int
    blue: int
    alpha: float = 1.0

    def __post_init__(self) -> None:
        for name in ("red", "green", "blue"):
            value = getattr(self, name)
            if not 0 <= value <= 255:
                raise ColourError(f"{name.capitalize()} must be between 0 and 255, not {value}.")
        if not 0.0 <= self.alpha <= 1.0:
            raise ColourError(f"Alpha must be between 0 and 1, not {self.alpha:g}.")

    @property
    def alpha_byte(self) -> int:
        """The alpha on the 0-255 scale (what QColor and image formats use)."""
        return round(self.alpha * 255)


def parse_colour(text: str) -> Rgba:
    """Read ``rgba(r, g, b, a)``, ``rgb(r, g, b)``, ``#rgb``, ``#rrggbb`` or ``#rrggbbaa``.

    Raises :class:`ColourError` with a message fit to show under the field.
    """
    value = text.strip()
    if not value:
        raise ColourError("Enter a colour. " + EXPECTED)
    if value.startswith("#"):
        return _parse_hex(value)
    match = _FUNCTION.match(value)
    if match is None:
        raise ColourError(f"“{value}” is not a colour. " + EXPECTED)
    name, red, green, blue, alpha, percent = match.groups()
    if name.lower() == "rgb" and alpha is not None:
        raise ColourError("rgb() takes three numbers; use rgba(r, g, b, a) for transparency.")
    if name.lower() == "rgba" and alpha is None:
        raise ColourError("rgba() needs four numbers: red, green, blue and alpha (0 to 1).")
    red_value, green_value, blue_value = (
        _channel(label, number) for label, number in zip(_LABELS, (red, green, blue), strict=True)
    )
    opacity = 1.0 if alpha is None else float(alpha) / (100.0 if percent else 1.0)
    if not 0.0 <= opacity <= 1.0:
        raise ColourError(f"Alpha must be between 0 and 1 (or 0% and 100%), not {alpha}{percent}.")
    return Rgba(red_value, green_value, blue_value, alpha=opacity)


_LABELS = ("Red", "Green", "Blue")


def _channel(label: str, number: str) -> int:
    value = float(number)
    if not value.is_integer():
        raise ColourError(f"{label} must be a whole number from 0 to 255, not {number}.")
    if not 0 <= value <= 255:
        raise ColourError(f"{label} must be between 0 and 255, not {number}.")
    return int(value)


def _parse_hex(value: str) -> Rgba:
    match = _HEX.match(value)
    if match is None:
        raise ColourError(
            f"“{value}” is not a hex colour: use # and 6 hex digits (0-9, a-f), like #5883ff."
        )
    digits = match.group(1)
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
    return Rgba(red, green, blue, round(alpha, 2))


def format_alpha(alpha: float) -> str:
    """An alpha the way the API writes it: ``1``, ``0``, ``.95``, ``.7`` (two decimals at most)."""
    rounded = round(alpha, 2)
    if rounded >= 1:
        return "1"
    if rounded <= 0:
        return "0"
    return f"{rounded:.2f}".rstrip("0").lstrip("0")


def format_colour(colour: Rgba) -> str:
    """``rgba(r, g, b, a)`` as the API writes it, e.g. ``rgba(88, 131, 255, .95)``."""
    return f"rgba({colour.red}, {colour.green}, {colour.blue}, {format_alpha(colour.alpha)})"


def normalise_colour(text: str) -> str:
    """``text`` rewritten in the API's form; raises :class:`ColourError` when it is no colour."""
    return format_colour(parse_colour(text))


def colour_error(text: str) -> str | None:
    """The message explaining why ``text`` is no colour, or None when it is one."""
    try:
        parse_colour(text)
    except ColourError as exc:
        return str(exc)
    return None
