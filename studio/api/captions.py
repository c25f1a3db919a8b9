"""CaptionsApi: WebVTT caption tracks of a video, one per language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .file_upload import FileSource, post_file
from .models import Caption, Page, decode
from .pagination import PageIterator
from .query import segment

if TYPE_CHECKING:
    from .client import ApiVideoClient

VTT_TYPE = "text/vtt"


class CaptionsApi:
    """The ``/videos/{videoId}/captions`` routes; languages are BCP-47 tags with dashes."""

    def __init__(self, client: ApiVideoClient) -> None:
        self._client = client

    async def upload(
        self, video_id: str, language: str, vtt: FileSource, *, filename: str | None = None
    ) -> Caption:
        """Upload (or replace) the ``.vtt`` captions for ``language``."""
        data = await post_file(
            self._client,
            _path(video_id, language),
            vtt,
            filename=filename or (None if not isinstance(vtt, bytes) else f"{language}.vtt"),
            content_type=VTT_TYPE,
        )
        return decode(Caption, data)

    async def get(self, video_id: str, language: str) -> Caption:
        """The caption track in ``language``."""
        data = await self._client.request_json("GET", _path(video_id, language))
        return decode(Caption, data)

    def list(self, video_id: str, *, page_size: int | None = None) -> PageIterator[Caption]:
        """Every caption track of a video."""
        return PageIterator(
            self._client,
            f"/videos/{segment(video_id)}/captions",
            Page[Caption],
            page_size=page_size,
        )

    async def set_default(self, video_id: str, language: str, default: bool = True) -> Caption:
        """Make (or stop making) ``language`` the track the player shows first."""
        data = await self._client.request_json(
            "PATCH", _path(video_id, language), json={"default": default}
        )
        return decode(Caption, data)

    async def delete(self, video_id: str, language: str) -> None:
        """Remove the caption track in ``language``."""
        await self._client.request("DELETE", _path(video_id, language))


def _path(video_id: str, language: str) -> str:
    return f"/videos/{segment(video_id)}/captions/{segment(language)}"
