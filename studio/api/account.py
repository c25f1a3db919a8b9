"""AccountApi: the legacy ``GET /account`` (quota, term, environment, features)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Account, decode

if TYPE_CHECKING:
    from .client import ApiVideoClient


class AccountApi:
    """The ``/account`` route (removed from the public API in 2021; emulators may keep it)."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def get(self) -> Account:
        """Quota, billing term, environment and enabled features of the project."""
        return decode(Account, await self._client.request_json("GET", "/account"))
