"""PlayersApi: player themes (colours, switches) and their logo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import (
    Page,
    PlayerTheme,
    PlayerThemeCreationPayload,
    PlayerThemeUpdatePayload,
    decode,
    encode_payload,
)
from .pagination import PageIterator
from .query import Query, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient


class PlayersApi:
    """The ``/players`` routes."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def create(self, payload: PlayerThemeCreationPayload | None = None) -> PlayerTheme:
        """Create a theme; fields left out take the API's defaults."""
        body = encode_payload(payload or PlayerThemeCreationPayload())
        return decode(PlayerTheme, await self._client.request_json("POST", "/players", json=body))

    def list(
        self,
        *,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[PlayerTheme]:
        """Every theme; ``sort_by`` is ``name``, ``createdAt`` or ``updatedAt``."""
        query = Query().add_sort(sort_by, sort_order)
        return PageIterator(self._client, "/players", Page[PlayerTheme], query, page_size=page_size)

    async def get(self, player_id: str) -> PlayerTheme:
        """One theme."""
        return decode(PlayerTheme, await self._client.request_json("GET", _path(player_id)))

    async def update(self, player_id: str, payload: PlayerThemeUpdatePayload) -> PlayerTheme:
        """Change the fields set in ``payload``."""
        data = await self._client.request_json(
            "PATCH", _path(player_id), json=encode_payload(payload)
        )
        return decode(PlayerTheme, data)

    async def delete(self, player_id: str) -> None:
        """Delete a theme."""
        await self._client.request("DELETE", _path(player_id))

    async def upload_logo(
        self,
        player_id: str,
        image: FileSource,
        *,
        link: str | None = None,
        filename: str | None = None,
    ) -> PlayerTheme:
        """Upload a JPEG/PNG logo (at most 200x100 px, 100 KiB) and its click-through link."""
        fields = [("link", link)] if link else []
        data = await post_file(
            self._client, f"{_path(player_id)}/logo", image, filename=filename, fields=fields
        )
        return decode(PlayerTheme, data)

    async def delete_logo(self, player_id: str) -> None:
        """Remove the logo."""
        await self._client.request("DELETE", f"{_path(player_id)}/logo")


def _path(player_id: str) -> str:
    return f"/players/{segment(player_id)}"
