"""UploadTokensApi: delegated-upload tokens (create with ttl, list, get, delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Page, UploadToken, UploadTokenCreationPayload, decode, encode_payload
from .pagination import PageIterator
from .query import Query, segment

if TYPE_CHECKING:
    from .client import ApiVideoClient


class UploadTokensApi:
    """The ``/upload-tokens`` routes."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def create(self, ttl: int = 0) -> UploadToken:
        """A new token valid ``ttl`` seconds (0: never expires)."""
        if ttl < 0:
            raise ValueError("ttl cannot be negative")
        payload = UploadTokenCreationPayload(ttl=ttl)
        data = await self._client.request_json(
            "POST", "/upload-tokens", json=encode_payload(payload)
        )
        return decode(UploadToken, data)

    def list(
        self,
        *,
        sort_by: str | None = None,
        sort_order: str | None = None,
        page_size: int | None = None,
    ) -> PageIterator[UploadToken]:
        """Every token of the project; ``sort_by`` is ``createdAt`` or ``ttl``."""
        query = Query().add_sort(sort_by, sort_order)
        return PageIterator(
            self._client, "/upload-tokens", Page[UploadToken], query, page_size=page_size
        )

    async def get(self, token: str) -> UploadToken:
        """One token."""
        data = await self._client.request_json("GET", f"/upload-tokens/{segment(token)}")
        return decode(UploadToken, data)

    async def delete(self, token: str) -> None:
        """Revoke a token: uploads with it are refused from now on."""
        await self._client.request("DELETE", f"/upload-tokens/{segment(token)}")
