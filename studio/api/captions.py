"""CaptionsApi: WebVTT caption tracks of a video, one per language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Caption
from .text_tracks import VTT_TYPE, TextTracksApi

if TYPE_CHECKING:
    from .client import ApiVideoClient

__all__ = ["VTT_TYPE", "CaptionsApi"]


class CaptionsApi(TextTracksApi[Caption]):
    """The ``/videos/{videoId}/captions`` routes; languages are BCP-47 tags with dashes."""

    def __init__(self, client: ApiVideoClient) -> None:
        super().__init__(client, "captions", Caption)

    async def set_default(self, video_id: str, language: str, default: bool = True) -> Caption:
        """Make (or stop making) ``language`` the track the player shows first."""
        return await self._patch(video_id, language, {"default": default})
