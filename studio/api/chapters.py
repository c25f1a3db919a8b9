"""ChaptersApi: WebVTT chapter tracks of a video, one per language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Chapter
from .text_tracks import VTT_TYPE, TextTracksApi

if TYPE_CHECKING:
    from .client import ApiVideoClient

__all__ = ["VTT_TYPE", "ChaptersApi"]


class ChaptersApi(TextTracksApi[Chapter]):
    """The ``/videos/{videoId}/chapters`` routes (no update: upload again to replace)."""

    def __init__(self, client: ApiVideoClient) -> None:
        super().__init__(client, "chapters", Chapter)
