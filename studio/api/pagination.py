"""Paginated lists as async iterators over items and pages (contract 1.7)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING

from .models import Page, decode
from .query import Query

if TYPE_CHECKING:
    from .client import ApiVideoClient

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class PageIterator[T]:
    """A lazily fetched list: ``async for item in it`` walks every item across pages.

    ``it.pages()`` walks whole pages (with their pagination block), ``await it.page(n)`` fetches
    one page, ``await it.all()`` collects every item. Nothing is requested before iteration.
    """

    def __init__(
        self,
        client: ApiVideoClient,
        path: str,
        page_type: type[Page[T]],
        query: Query | None = None,
        *,
        page_size: int | None = None,
    ) -> None:
        if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        self._client = client
        self.path = path
        self._page_type = page_type
        self._query = query.pairs() if query is not None else []
        self.page_size = page_size

    async def page(self, number: int = 1) -> Page[T]:
        """Fetch page ``number`` (1-based)."""
        if number < 1:
            raise ValueError("page numbers start at 1")
        params = [*self._query, ("currentPage", str(number))]
        if self.page_size is not None:
            params.append(("pageSize", str(self.page_size)))
        data = await self._client.request_json("GET", self.path, params=params)
        return decode(self._page_type, data)

    async def pages(self, start: int = 1) -> AsyncGenerator[Page[T]]:
        """Every page from ``start`` on, fetched one at a time as the caller advances."""
        number = start
        while True:
            current = await self.page(number)
            yield current
            info = current.pagination
            # Stop on the server's page count, and on an empty page so that an inconsistent
            # pagination block can never loop forever.
            if not current.data or info.current_page >= info.pages_total:
                return
            number += 1

    async def __aiter__(self) -> AsyncGenerator[T]:
        async with aclosing(self.pages()) as pages:
            async for current in pages:
                for item in current.data:
                    yield item

    async def all(self, limit: int | None = None) -> list[T]:
        """Every item (or the first ``limit`` ones) as a list."""
        items: list[T] = []
        if limit is not None and limit <= 0:
            return items
        # aclosing: stopping early closes the page generator now, not at garbage collection.
        async with aclosing(self.__aiter__()) as stream:
            async for item in stream:
                items.append(item)
                if limit is not None and len(items) >= limit:
                    break
        return items

    async def first(self) -> T | None:
        """The first item, or None for an empty list."""
        async with aclosing(self.__aiter__()) as stream:
            async for item in stream:
                return item
        return None

    async def count(self) -> int:
        """``itemsTotal`` as the server reports it (one request)."""
        return (await self.page(1)).pagination.items_total
