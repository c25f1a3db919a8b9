"""Player themes and their payloads (contract 3.7)."""

from __future__ import annotations

from datetime import datetime

from .base import UNSET, ApiModel, ApiPayload, UnsetType

PLAYER_SORT_FIELDS: tuple[str, ...] = ("name", "createdAt", "updatedAt")

PLAYER_COLOR_FIELDS: tuple[str, ...] = (
    "text",
    "link",
    "link_hover",
    "link_active",
    "track_played",
    "track_unplayed",
    "track_background",
    "background_top",
    "background_bottom",
    "background_text",
)
"""Python attribute names of the theme's colour fields (free-form CSS colours)."""

PLAYER_FLAG_FIELDS: tuple[str, ...] = (
    "enable_api",
    "enable_controls",
    "force_autoplay",
    "hide_title",
    "force_loop",
)
"""Python attribute names of the theme's boolean switches."""


class PlayerThemeAssets(ApiModel):
    """The uploaded logo and its click-through link."""

    logo: str | None = None
    link: str | None = None


class PlayerTheme(ApiModel):
    """A player theme: colours, behaviour switches and an optional logo."""

    player_id: str
    name: str | None = None
    text: str | None = None
    link: str | None = None
    link_hover: str | None = None
    link_active: str | None = None
    track_played: str | None = None
    track_unplayed: str | None = None
    track_background: str | None = None
    background_top: str | None = None
    background_bottom: str | None = None
    background_text: str | None = None
    enable_api: bool = True
    enable_controls: bool = True
    force_autoplay: bool = False
    hide_title: bool = False
    force_loop: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    assets: PlayerThemeAssets | None = None


class _PlayerThemeFields(ApiPayload):
    name: str | UnsetType = UNSET
    text: str | UnsetType = UNSET
    link: str | UnsetType = UNSET
    link_hover: str | UnsetType = UNSET
    link_active: str | UnsetType = UNSET
    track_played: str | UnsetType = UNSET
    track_unplayed: str | UnsetType = UNSET
    track_background: str | UnsetType = UNSET
    background_top: str | UnsetType = UNSET
    background_bottom: str | UnsetType = UNSET
    background_text: str | UnsetType = UNSET
    enable_api: bool | UnsetType = UNSET
    enable_controls: bool | UnsetType = UNSET
    force_autoplay: bool | UnsetType = UNSET
    hide_title: bool | UnsetType = UNSET
    force_loop: bool | UnsetType = UNSET


class PlayerThemeCreationPayload(_PlayerThemeFields):
    """Body of ``POST /players``: any subset of the theme fields."""


class PlayerThemeUpdatePayload(_PlayerThemeFields):
    """Body of ``PATCH /players/{playerId}``: only the fields to change."""
