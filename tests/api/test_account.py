"""AccountApi: the legacy GET /account (contract 3.9)."""

from __future__ import annotations

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer


async def test_account_reports_quota_term_and_environment(
    client: ApiVideoClient, emulator: EmulatorServer
) -> None:
    account = await client.account.get()
    assert account.quota is not None
    quota = account.quota
    assert quota.quota_used is not None and quota.quota_total is not None
    assert quota.quota_remaining is not None
    assert quota.quota_used + quota.quota_remaining == pytest.approx(quota.quota_total)
    assert account.term is not None
    assert account.term.start_at is not None and account.term.end_at is not None
    assert account.term.start_at <= account.term.end_at
    assert account.environment == emulator.config.environment
    assert all(isinstance(feature, str) for feature in account.features)
