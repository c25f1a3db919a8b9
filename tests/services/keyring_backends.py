"""In-memory keyring backends for tests (the real OS keyring is never touched)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A working keyring that keeps secrets in a dict (and lets tests look inside)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class ForgetfulKeyring(MemoryKeyring):
    """Claims to be a keyring but keeps nothing (some misconfigured desktops behave so)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls = getattr(self, "calls", 0) + 1


@contextmanager
def using_keyring(
    backend: keyring.backend.KeyringBackend,
) -> Iterator[keyring.backend.KeyringBackend]:
    """Install ``backend`` for the duration, then put the previous one (the tests' null) back."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
