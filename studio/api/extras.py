"""Webhooks, watermarks, summaries and tags (to be written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import ApiVideoClient


class _Group:
    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client


class WebhooksApi(_Group):
    pass


class WatermarksApi(_Group):
    pass


class SummariesApi(_Group):
    pass


class TagsApi(_Group):
    pass
