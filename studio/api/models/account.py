"""The legacy ``GET /account`` object (contract 3.9)."""

from __future__ import annotations

from datetime import datetime

from .base import ApiModel


class AccountQuota(ApiModel):
    """Storage/usage quota numbers."""

    quota_used: float | None = None
    quota_remaining: float | None = None
    quota_total: float | None = None


class AccountTerm(ApiModel):
    """The current billing term."""

    start_at: datetime | None = None
    end_at: datetime | None = None


class Account(ApiModel):
    """Project account information: quota, term, environment, enabled features."""

    quota: AccountQuota | None = None
    term: AccountTerm | None = None
    environment: str | None = None
    features: list[str] = []
