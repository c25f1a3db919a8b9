"""``TextTracksApi``: the routes captions and chapters share — WebVTT tracks of a video, one per
language (``/videos/{videoId}/{kind}/{language}``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .file_upload import FileSource, post_file
from .models import Page, decode
from .pagination import PageIterator
from .query import segment

if TYPE_CHECKING:
    from .client import ApiVideoClient

VTT_TYPE = "text/vtt"


class TextTracksApi[T]:
    """Upload, get, list and delete the ``kind`` tracks of a video (as ``model`` objects)."""

    def __init__(self, client: ApiVideoClient, kind: str, model: type[T]) -> None:
        self._client = client
        self._kind = kind
        self._model = model

    async def upload(
        self, video_id: str, language: str, vtt: FileSource, *, filename: str | None = None
    ) -> T:
        """Upload (or replace) the ``.vtt`` track for ``language``."""
        data = await post_file(
            self._client,
            self._path(video_id, language),
            vtt,
            filename=filename or (None if not isinstance(vtt, bytes) else f"{language}.vtt"),
            content_type=VTT_TYPE,
        )
        return decode(self._model, data)

    async def get(self, video_id: str, language: str) -> T:
        """The track in ``language``."""
        data = await self._client.request_json("GET", self._path(video_id, language))
        return decode(self._model, data)

    def list(self, video_id: str, *, page_size: int | None = None) -> PageIterator[T]:
        """Every track of this kind of a video."""
        page_type = cast("type[Page[T]]", Page[self._model])  # type: ignore[name-defined]
        return PageIterator(
            self._client,
            f"/videos/{segment(video_id)}/{self._kind}",
            page_type,
            page_size=page_size,
        )

    async def delete(self, video_id: str, language: str) -> None:
        """Remove the track in ``language``."""
        await self._client.request("DELETE", self._path(video_id, language))

    async def _patch(self, video_id: str, language: str, body: dict[str, Any]) -> T:
        data = await self._client.request_json("PATCH", self._path(video_id, language), json=body)
        return decode(self._model, data)

    def _path(self, video_id: str, language: str) -> str:
        return f"/videos/{segment(video_id)}/{self._kind}/{segment(language)}"
