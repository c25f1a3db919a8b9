"""SecretStore: keys go to a working keyring, or stay in memory with a visible notice."""

from __future__ import annotations

import logging

import keyring.backend
import pytest

from studio.services.secrets import SERVICE, SecretStore

from .keyring_backends import ForgetfulKeyring, MemoryKeyring, using_keyring


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend: it works, but in clear text on disk."""

    __module__ = "keyrings.alt.file"  # what the real one reports


async def test_a_working_keyring_stores_loads_and_deletes() -> None:
    with using_keyring(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        store = SecretStore()
        assert store.available
        result = await store.save("project-1", "secret-key-1")
        assert result.persisted
        assert "keyring" in result.notice
        assert backend.secrets == {(SERVICE, "project-1"): "secret-key-1"}
        assert not store.is_session_only("project-1")

        # A new process (a new store) finds it in the keyring.
        assert await SecretStore().load("project-1") == "secret-key-1"

        await store.delete("project-1")
        assert backend.secrets == {}
        assert await SecretStore().load("project-1") is None
        await store.delete("project-1")  # deleting twice is harmless


async def test_without_a_keyring_the_key_is_kept_for_the_session_only() -> None:
    # The tests run with PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring.
    store = SecretStore()
    assert not store.available
    assert "no OS keyring" in (store.backend_problem() or "")
    result = await store.save("project-1", "secret-key-1")
    assert not result.persisted
    assert "this session only" in result.notice
    assert "next time" in result.notice
    assert store.is_session_only("project-1")
    assert await store.load("project-1") == "secret-key-1"
    # Nothing survives the session: a fresh store (the next start) has no key.
    assert await SecretStore().load("project-1") is None


async def test_a_keyring_that_silently_drops_keys_is_detected() -> None:
    with using_keyring(ForgetfulKeyring()) as backend:
        store = SecretStore()
        assert store.available  # it claims to work...
        result = await store.save("p", "k")
        assert getattr(backend, "calls", 0) == 1
        assert not result.persisted  # ...but the read-back shows it kept nothing
        assert "did not keep" in result.notice
        assert await store.load("p") == "k"


async def test_a_plaintext_keyring_is_refused() -> None:
    with using_keyring(PlaintextKeyring()) as backend:
        assert isinstance(backend, keyring.backend.KeyringBackend)
        store = SecretStore()
        assert "plain text" in (store.backend_problem() or "")
        result = await store.save("p", "k")
        assert not result.persisted
        assert isinstance(backend, MemoryKeyring) and backend.secrets == {}


async def test_keys_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await SecretStore().save("p", "very-secret-value")  # null keyring: logs a warning
    with using_keyring(ForgetfulKeyring()):
        await SecretStore().save("q", "very-secret-value")
    assert caplog.records, "the session-only fallback is logged"
    assert "very-secret-value" not in caplog.text
