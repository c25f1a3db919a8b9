"""Upload tokens (delegated uploads, contract 3.3) and the access token (contract 3.1)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from .base import UNSET, ApiModel, ApiPayload, UnsetType

UPLOAD_TOKEN_SORT_FIELDS: tuple[str, ...] = ("createdAt", "ttl")


class UploadToken(ApiModel):
    """A delegated-upload token; ``expires_at`` is None when it never expires (ttl 0)."""

    token: str
    ttl: int = 0
    created_at: datetime | None = None
    expires_at: datetime | None = None


class UploadTokenCreationPayload(ApiPayload):
    """Body of ``POST /upload-tokens``: lifetime in seconds, 0 = never expires."""

    ttl: int | UnsetType = UNSET


class AccessToken(msgspec.Struct, kw_only=True):
    """``/auth/*`` answer; the only snake_case object on the wire."""

    access_token: str
    token_type: str = "Bearer"
    refresh_token: str | None = None
    expires_in: int = 3600
