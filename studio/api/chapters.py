"""ChaptersApi: WebVTT chapter tracks of a video, one per language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import Chapter, Page, decode
from .pagination import PageIterator
from .query import segment

if TYPE_CHECKING:
    from .client import ApiVideoClient

VTT_TYPE = "text/vtt"


class ChaptersApi:
    """The ``/videos/{videoId}/chapters`` routes (no update: upload again to replace)."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def upload(
        self, video_id: str, language: str, vtt: FileSource, *, filename: str | None = None
    ) -> Chapter:
        """Upload the ``.vtt`` chapters for ``language``."""
        data = await post_file(
            self._client,
            _path(video_id, language),
            vtt,
            filename=filename or (None if not isinstance(vtt, bytes) else f"{language}.vtt"),
            content_type=VTT_TYPE,
        )
        return decode(Chapter, data)

    async def get(self, video_id: str, language: str) -> Chapter:
        """The chapter track in ``language``."""
        data = await self._client.request_json("GET", _path(video_id, language))
        return decode(Chapter, data)

    def list(self, video_id: str, *, page_size: int | None = None) -> PageIterator[Chapter]:
        """Every chapter track of a video."""
        return PageIterator(
            self._client,
            f"/videos/{segment(video_id)}/chapters",
            Page[Chapter],
            page_size=page_size,
        )

    async def delete(self, video_id: str, language: str) -> None:
        """Remove the chapter track in ``language``."""
        await self._client.request("DELETE", _path(video_id, language))


def _path(video_id: str, language: str) -> str:
    return f"/videos/{segment(video_id)}/chapters/{segment(language)}"
