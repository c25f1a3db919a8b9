"""The client's exceptions: one for problem-JSON answers, one for the network."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A non-2xx answer from api.video, with the problem-JSON fields (contract 1.5)."""

    def __init__(
        self,
        status: int,
        *,
        type: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        name: str | None = None,
        problems: list[dict[str, Any]] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.name = name
        self.problems = problems or []
        self.body = body
        self.headers = headers or {}
        super().__init__(self.message)

    @property
    def slug(self) -> str | None:
        """The last segment of ``type`` (e.g. ``resource-not-found``)."""
        return self.type.rstrip("/").rsplit("/", 1)[-1] if self.type else None

    @property
    def message(self) -> str:
        """A one-line explanation fit for a status bar or a dialog."""
        text = self.title or f"HTTP {self.status}"
        if self.detail:
            text = f"{text} {self.detail}"
        if self.name:
            text = f"{text} ({self.name})"
        return text

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before retrying, from ``X-RateLimit-Retry-After`` if sent."""
        for key, value in self.headers.items():
            if key.lower() == "x-ratelimit-retry-after":
                try:
                    return float(value)
                except ValueError:
                    return None
        return None

    @classmethod
    def from_response(cls, status: int, body: Any, headers: dict[str, str]) -> ApiError:
        if isinstance(body, dict):
            problems = body.get("problems")
            return cls(
                status,
                type=_str(body.get("type")),
                title=_str(body.get("title")),
                detail=_str(body.get("detail")),
                name=_str(body.get("name")),
                problems=problems if isinstance(problems, list) else None,
                body=body,
                headers=headers,
            )
        title = body.strip()[:200] if isinstance(body, str) and body.strip() else None
        return cls(status, title=title, body=body, headers=headers)


class TransportError(Exception):
    """The request never got an HTTP answer (connection refused, reset, timeout)."""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
