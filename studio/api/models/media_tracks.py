"""Captions and chapters attached to a video (contract 3.5, 3.6)."""

from __future__ import annotations

from .base import ApiModel


class Caption(ApiModel):
    """A caption track (WebVTT) of a video in one language."""

    uri: str = ""
    src: str = ""
    srclang: str = ""
    language_name: str = ""
    default: bool = False


class Chapter(ApiModel):
    """A chapter track (WebVTT) of a video in one language."""

    uri: str = ""
    src: str = ""
    language: str = ""
