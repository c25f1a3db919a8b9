"""RFC 7807 problem details, as api.video sends them (contract section 1.5)."""

from __future__ import annotations

from typing import Any

DOCS = "https://docs.api.video/reference/"


class Problem(Exception):
    """An error answer. Raise it from any handler; the app turns it into problem JSON."""

    def __init__(
        self,
        status: int,
        slug: str | None,
        title: str,
        *,
        name: str | None = None,
        detail: str | None = None,
        problems: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.slug = slug
        self.title = title
        self.name = name
        self.detail = detail
        self.problems = problems
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.slug:
            out["type"] = DOCS + self.slug
        out["title"] = self.title
        out["status"] = self.status
        if self.detail is not None:
            out["detail"] = self.detail
        if self.name is not None:
            out["name"] = self.name
        if self.problems is not None:
            out["problems"] = self.problems
        out.update(self.extra)
        return out


def not_found(name: str) -> Problem:
    return Problem(404, "resource-not-found", "The requested resource was not found.", name=name)


def unrecognized_url() -> Problem:
    return Problem(404, "unrecognized-request-url", "Unrecognized request URL.")


def method_not_allowed() -> Problem:
    return Problem(405, "method-not-allowed", "Method is not allowed for this route.")


def attribute_required(*names: str) -> Problem:
    items = [
        {"type": DOCS + "attribute-required", "title": "This attribute is required.", "name": n}
        for n in names
    ]
    return Problem(
        400,
        "attribute-required",
        "This attribute is required.",
        name=names[0] if names else None,
        problems=items if len(items) > 1 else None,
    )


def invalid_attribute(
    name: str, title: str = "An attribute is invalid.", detail: str | None = None
) -> Problem:
    return Problem(400, "invalid-attribute", title, name=name, detail=detail)


def invalid_payload() -> Problem:
    return Problem(400, "invalid-payload", "The payload is invalid.")


def invalid_query(name: str, detail: str | None = None) -> Problem:
    return Problem(
        400,
        "request-invalid-query-parameter",
        "A query parameter is invalid.",
        name=name,
        detail=detail,
    )


def upload_problem(slug: str, title: str, name: str = "file") -> Problem:
    return Problem(400, slug, title, name=name)
