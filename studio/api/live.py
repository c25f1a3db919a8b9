"""LiveStreamsApi (to be written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import ApiVideoClient


class LiveStreamsApi:
    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client
