"""UploadTokensApi against the emulator (contract 3.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studio.api import ApiError, ApiVideoClient


async def test_create_with_ttl_sets_the_expiry(client: ApiVideoClient) -> None:
    token = await client.upload_tokens.create(ttl=600)
    assert token.token.startswith("to") and token.ttl == 600
    assert token.created_at is not None and token.expires_at is not None
    assert token.expires_at - token.created_at == timedelta(seconds=600)


async def test_ttl_zero_never_expires(client: ApiVideoClient) -> None:
    token = await client.upload_tokens.create()
    assert token.ttl == 0 and token.expires_at is None
    fetched = await client.upload_tokens.get(token.token)
    assert fetched == token


async def test_negative_ttl_is_refused_before_sending(client: ApiVideoClient) -> None:
    with pytest.raises(ValueError):
        await client.upload_tokens.create(ttl=-1)


async def test_list_sorted_by_ttl(client: ApiVideoClient) -> None:
    made = {(await client.upload_tokens.create(ttl=ttl)).token for ttl in (300, 100, 200)}
    ascending = [t async for t in client.upload_tokens.list(sort_by="ttl", sort_order="asc")]
    ttls = [t.ttl for t in ascending]
    assert ttls == sorted(ttls)
    assert made <= {t.token for t in ascending}
    descending = await client.upload_tokens.list(
        sort_by="ttl", sort_order="desc", page_size=2
    ).all()
    assert [t.ttl for t in descending] == sorted(ttls, reverse=True)


async def test_delete_makes_the_token_unknown(client: ApiVideoClient) -> None:
    token = await client.upload_tokens.create(ttl=60)
    await client.upload_tokens.delete(token.token)
    with pytest.raises(ApiError) as caught:
        await client.upload_tokens.get(token.token)
    assert caught.value.status == 404
    assert token.token not in {t.token async for t in client.upload_tokens.list()}
