"""What the theme editor holds and what saving it must send (no Qt: plain values and rules).

A :class:`ThemeDraft` is the editor's content; :func:`update_payload` turns the difference from
the saved theme into a ``PATCH`` body with only the changed fields (colours rewritten in the
API's ``rgba(...)`` form). A :class:`LogoDraft` is the pending logo change; :func:`logo_action`
says which request it needs: the logo and its link travel together (contract 3.7 P6), so a new
link alone means sending the current logo again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from ...api.models import PlayerTheme, PlayerThemeUpdatePayload
from ...api.models.players import PLAYER_COLOR_FIELDS, PLAYER_FLAG_FIELDS
from ...services.colours import ColourError, normalise_colour, parse_colour
from ...services.logo_fitting import FittedLogo

NAME_MAX = 100  # contract 3.7: name maxLength 100


@dataclass(frozen=True)
class ThemeDraft:
    """The editable fields of a theme as the editor shows them (colours as typed)."""

    name: str = ""
    colours: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, theme: PlayerTheme) -> ThemeDraft:
        """The draft of a saved theme (nothing changed yet)."""
        return cls(
            name=theme.name or "",
            colours={name: getattr(theme, name) or "" for name in PLAYER_COLOR_FIELDS},
            flags={name: bool(getattr(theme, name)) for name in PLAYER_FLAG_FIELDS},
        )


def colour_changed(saved: str | None, edited: str) -> bool:
    """True when ``edited`` is another colour than ``saved`` (spelling aside)."""
    if edited == (saved or ""):
        return False
    try:
        return parse_colour(edited) != parse_colour(saved or "")
    except ColourError:
        return True  # one of them is no colour: only identical texts are the same


def colour_problems(draft: ThemeDraft) -> dict[str, str]:
    """The colour fields that are not colours, with why (empty when all are fine)."""
    problems = {}
    for name, text in draft.colours.items():
        try:
            parse_colour(text)
        except ColourError as exc:
            problems[name] = str(exc)
    return problems


def update_payload(saved: PlayerTheme, draft: ThemeDraft) -> PlayerThemeUpdatePayload | None:
    """The PATCH body for the changed fields, or None when nothing changed.

    Raises :class:`ColourError` when a changed colour is not a colour.
    """
    fields: dict[str, Any] = {}
    name = draft.name.strip()
    if name != (saved.name or ""):
        fields["name"] = name
    for key, text in draft.colours.items():
        if colour_changed(getattr(saved, key), text):
            fields[key] = normalise_colour(text)
    for key, value in draft.flags.items():
        if value != bool(getattr(saved, key)):
            fields[key] = value
    return PlayerThemeUpdatePayload(**fields) if fields else None


class LogoAction(Enum):
    """The request a logo draft needs when saving."""

    NONE = "none"
    UPLOAD = "upload"  # a new image (with the link)
    RESEND = "resend"  # the same image again, because only the link changed
    DELETE = "delete"


@dataclass(frozen=True)
class LogoDraft:
    """A pending logo change: a new fitted image, a removal, and the link text."""

    fitted: FittedLogo | None = None
    remove: bool = False
    link: str = ""


def saved_link(theme: PlayerTheme) -> str:
    return (theme.assets.link if theme.assets else None) or ""


def has_logo(theme: PlayerTheme) -> bool:
    return theme.assets is not None and bool(theme.assets.logo)


def logo_action(saved: PlayerTheme, logo: LogoDraft) -> LogoAction:
    """Which request saves ``logo`` over ``saved``."""
    if logo.remove:
        return LogoAction.DELETE if has_logo(saved) else LogoAction.NONE
    if logo.fitted is not None:
        return LogoAction.UPLOAD
    if has_logo(saved) and logo.link.strip() != saved_link(saved):
        return LogoAction.RESEND
    return LogoAction.NONE


def link_problem(text: str) -> str | None:
    """Why ``text`` cannot be the logo's link, or None (empty means no link)."""
    value = text.strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "The link must be a web address starting with https:// (or http://)."
    if any(ch.isspace() for ch in value):
        return "The link cannot contain spaces."
    return None
