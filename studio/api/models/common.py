"""Small objects shared by several resources: metadata pairs, links, pagination."""

from __future__ import annotations

import msgspec

from .base import ApiModel


class Metadata(ApiModel):
    """One ``{key, value}`` pair of a video's (or session's) metadata."""

    key: str
    value: str = ""


class Link(ApiModel):
    """A ``{rel, uri}`` link (pagination, live-stream recording source)."""

    rel: str = ""
    uri: str = ""


PaginationLink = Link


class Pagination(ApiModel):
    """The ``pagination`` block of every list answer (contract 1.7)."""

    current_page: int = 1
    page_size: int = 25
    pages_total: int = 0
    items_total: int = 0
    current_page_items: int = 0
    links: list[Link] = []

    def link(self, rel: str) -> str | None:
        """The URI of the link with this ``rel`` (``next``, ``previous``...), if present."""
        for item in self.links:
            if item.rel == rel:
                return item.uri
        return None

    @property
    def has_next(self) -> bool:
        """True when a later page exists."""
        return self.current_page < self.pages_total


class Page[T](ApiModel):
    """One page of a list answer: ``data`` items plus the ``pagination`` block."""

    data: list[T] = []
    pagination: Pagination = msgspec.field(default_factory=Pagination)


def metadata_dict(pairs: list[Metadata]) -> dict[str, str]:
    """Metadata pairs as a dict (a later duplicate key wins)."""
    return {pair.key: pair.value for pair in pairs}


def metadata_list(mapping: dict[str, str]) -> list[Metadata]:
    """A dict as metadata pairs, in the dict's order."""
    return [Metadata(key=key, value=value) for key, value in mapping.items()]
