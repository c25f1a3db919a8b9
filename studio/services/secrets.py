"""``SecretStore``: API keys in the OS keyring, or for this session only — never in a file.

When no usable keyring backend exists (headless Linux, or only a plaintext "keyring"), the store
refuses to persist: it keeps the key in memory for the session and says so, so the UI can tell
the user the key will be asked again next time. Keyring calls can block (D-Bus, unlock prompts),
so the async methods run them on a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

# keyring is imported on first use: the offline demo never needs it, and start-up is faster.
if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

SERVICE = "apivideo-studio"
# Backends that are not a secure OS store: they either drop secrets or write them in clear text.
_REFUSED_BACKENDS = ("keyring.backends.null", "keyring.backends.fail", "keyrings.alt")


@dataclass(frozen=True)
class SaveResult:
    """Where a key ended up: ``persisted`` in the keyring, or kept for this session only."""

    persisted: bool
    notice: str  # one sentence for the user


class SecretStore:
    """Keys by account name (a project id) in the keyring, with a visible session-only fallback."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._session: dict[str, str] = {}

    # ---- backend ----------------------------------------------------------------------------

    def backend_problem(self) -> str | None:
        """Why keys cannot be persisted, or None when the keyring backend is usable."""
        import keyring

        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration must not stop the app
            return f"the keyring cannot be opened ({exc})"
        for inner in _leaves(backend):
            module = type(inner).__module__
            if not module.startswith(_REFUSED_BACKENDS) and _priority(inner) > 0:
                return None
        name = type(backend).__name__
        if any("Plaintext" in type(b).__name__ for b in _leaves(backend)):
            return "the only keyring available stores secrets in plain text"
        return f"no OS keyring is available ({type(backend).__module__}.{name})"

    @property
    def available(self) -> bool:
        return self.backend_problem() is None

    # ---- blocking operations (call through the async wrappers from the UI) ------------------

    def save_blocking(self, account: str, secret: str) -> SaveResult:
        import keyring
        import keyring.errors

        problem = self.backend_problem()
        if problem is None:
            try:
                keyring.set_password(self.service, account, secret)
                # A backend may accept silently and keep nothing: only a read-back proves it.
                if keyring.get_password(self.service, account) == secret:
                    self._session.pop(account, None)
                    return SaveResult(True, "The API key is stored in your system keyring.")
                problem = "the keyring did not keep the key"
            except keyring.errors.KeyringError as exc:
                problem = f"the keyring refused the key ({type(exc).__name__})"
        self._session[account] = secret
        log.warning("API key kept for this session only: %s", problem)
        return SaveResult(
            False,
            f"The API key is kept for this session only: {problem}. "
            "It was not written anywhere; you will be asked for it next time.",
        )

    def load_blocking(self, account: str) -> str | None:
        import keyring
        import keyring.errors

        if account in self._session:
            return self._session[account]
        if not self.available:
            return None
        try:
            return keyring.get_password(self.service, account)
        except keyring.errors.KeyringError as exc:
            log.warning("cannot read the keyring: %s", type(exc).__name__)
            return None

    def delete_blocking(self, account: str) -> None:
        import keyring
        import keyring.errors

        self._session.pop(account, None)
        if not self.available:
            return
        try:
            keyring.delete_password(self.service, account)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored under that name
        except keyring.errors.KeyringError as exc:
            log.warning("cannot delete from the keyring: %s", type(exc).__name__)

    def is_session_only(self, account: str) -> bool:
        """True when the key of ``account`` lives only in this process."""
        return account in self._session

    # ---- async wrappers (keyring calls off the loop thread) ---------------------------------

    async def save(self, account: str, secret: str) -> SaveResult:
        """Store ``secret`` in the keyring (or for this session, with a notice why)."""
        # A closure, not arguments: executors may log the arguments of what they run (qasync's
        # does at DEBUG), and the secret must never reach a log.
        return await asyncio.to_thread(lambda: self.save_blocking(account, secret))

    async def load(self, account: str) -> str | None:
        """The stored secret, or None."""
        return await asyncio.to_thread(self.load_blocking, account)

    async def delete(self, account: str) -> None:
        """Forget the secret everywhere it may be."""
        await asyncio.to_thread(self.delete_blocking, account)


def _leaves(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    """The real backends behind a chainer (or the backend itself)."""
    inner = getattr(backend, "backends", None)
    if isinstance(inner, list | tuple):
        return list(inner)
    return [backend]


def _priority(backend: keyring.backend.KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:
        # Backends raise from ``priority`` when their platform support is missing.
        return -1.0
