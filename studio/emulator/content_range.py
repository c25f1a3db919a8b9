"""The ``Content-Range`` header of chunked source uploads (contract 5.1, 5.2), as pure functions.

Grammar accepted (api.video's spec regex, made total): ``part <n>/<total|*>`` or
``bytes <from>-<to>/<total|*>``, surrounding whitespace ignored, unit case-insensitive. Every
refusal is a :class:`ContentRangeError` carrying the problem slug the API uses; checks that need
what was already received (a different total, a part sent twice, ...) live in ``ingest.py``.

Slugs of the ``bytes`` rules are not documented by api.video; the ones used here follow the
documented ``video-content-range-*`` family (marked *inferred* below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIB = 1024 * 1024
MAX_PARTS = 10_000  # part numbers and part totals
MIN_PART_SIZE = 5 * MIB  # every part but the last (bytes ranges too)
MAX_REQUEST_SIZE = 200 * MIB  # one request, ranged or not
MAX_TOTAL_BYTES = 52_428_800_000  # 50,000 MiB

# Digits are ASCII only (``\d`` would accept other scripts' digits); the count is capped so
# that a pathological header cannot make int() slow or raise.
_NUMBER = r"([0-9]{1,30})"
_GRAMMAR = re.compile(
    rf"^(?:(?P<part_unit>part)\s+{_NUMBER}|(?P<bytes_unit>bytes)\s+{_NUMBER}-{_NUMBER})"
    rf"/(?:{_NUMBER}|(?P<star>\*))$",
    re.IGNORECASE | re.ASCII,
)


_SPACE = " \t\r\n\x0b\x0c"  # ASCII whitespace only, as HTTP allows


class ContentRangeError(ValueError):
    """A header api.video refuses: ``slug`` is the problem type, ``title`` its message."""

    def __init__(self, slug: str, title: str) -> None:
        super().__init__(title)
        self.slug = slug
        self.title = title


@dataclass(frozen=True)
class PartRange:
    """``part <part>/<total>``; ``total`` None means ``*`` (progressive, total not known yet)."""

    part: int
    total: int | None

    @property
    def is_last(self) -> bool:
        return self.total is not None and self.part == self.total

    def __str__(self) -> str:
        return f"part {self.part}/{'*' if self.total is None else self.total}"


@dataclass(frozen=True)
class ByteRange:
    """``bytes <start>-<end>/<total>``: ``end`` inclusive; ``total`` None means ``*``."""

    start: int
    end: int
    total: int | None

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def is_last(self) -> bool:
        return self.total is not None and self.end == self.total - 1

    def __str__(self) -> str:
        return f"bytes {self.start}-{self.end}/{'*' if self.total is None else self.total}"


ContentRange = PartRange | ByteRange

MALFORMED = "video-content-range-malformed"


def parse_content_range(header: str | None) -> ContentRange | None:
    """Parse and check one header value; None when the request carries no Content-Range."""
    if header is None:
        return None
    text = header.strip(_SPACE)
    if not text:
        return None
    m = _GRAMMAR.match(text)
    if m is None:
        raise ContentRangeError(MALFORMED, "The Content-Range header is malformed.")
    groups = m.groups()
    # groups: part_unit, part, bytes_unit, from, to, total, star
    total = None if m.group("star") else int(groups[5])
    if m.group("part_unit"):
        value: ContentRange = PartRange(int(groups[1]), total)
    else:
        value = ByteRange(int(groups[3]), int(groups[4]), total)
    check_range(value)
    return value


def check_range(value: ContentRange) -> None:
    """The rules one header obeys on its own (contract 5.2)."""
    if isinstance(value, PartRange):
        if value.part == 0:
            raise ContentRangeError(
                "video-content-range-part-zero", "The part number must be at least 1."
            )
        if value.total == 0:
            raise ContentRangeError(
                "video-content-range-total-parts-zero",
                "The total number of parts must be at least 1.",
            )
        if value.part > MAX_PARTS:
            raise ContentRangeError(
                "video-content-range-part-too-high-allowed",
                f"The part number must be at most {MAX_PARTS}.",
            )
        if value.total is not None and value.total > MAX_PARTS:
            raise ContentRangeError(
                "video-content-range-total-parts-too-high",
                f"The total number of parts must be at most {MAX_PARTS}.",
            )
        if value.total is not None and value.part > value.total:
            raise ContentRangeError(
                "video-content-range-part-too-high-total",
                "The part number must not exceed the total number of parts.",
            )
        return
    if value.start > value.end:
        raise ContentRangeError(  # inferred slug
            "video-content-range-start-after-end",
            "The first byte of the range must not come after its last byte.",
        )
    if value.total is not None:
        if value.total == 0:
            raise ContentRangeError(  # inferred slug
                "video-content-range-total-bytes-zero", "The total size must be at least 1 byte."
            )
        if value.total > MAX_TOTAL_BYTES:
            raise ContentRangeError(  # inferred slug
                "video-content-range-total-bytes-too-high",
                f"The total size must be at most {MAX_TOTAL_BYTES} bytes.",
            )
        if value.end >= value.total:
            raise ContentRangeError(  # inferred slug
                "video-content-range-range-beyond-total",
                "The range must end before the total size.",
            )
    if value.length > MAX_REQUEST_SIZE:
        raise ContentRangeError(  # inferred slug
            "video-content-range-range-too-large",
            f"A range must be at most {MAX_REQUEST_SIZE} bytes.",
        )


def check_body_size(value: ContentRange | None, size: int) -> None:
    """The size rules: 200 MiB per request, 5 MiB per non-final piece, bytes length match."""
    if size > MAX_REQUEST_SIZE:
        raise ContentRangeError(
            "uploaded-file-too-large",
            f"The uploaded file must be at most {MAX_REQUEST_SIZE} bytes.",
        )
    if isinstance(value, ByteRange):
        if size != value.length:
            raise ContentRangeError(
                "video-content-range-range-mismatch",
                "The size of the uploaded file does not match the Content-Range header.",
            )
        if not value.is_last and size < MIN_PART_SIZE:
            raise ContentRangeError(  # inferred slug
                "video-content-range-by-bytes-uploaded-file-too-small",
                f"Every range but the last must be at least {MIN_PART_SIZE} bytes.",
            )
    elif isinstance(value, PartRange) and not value.is_last and size < MIN_PART_SIZE:
        raise ContentRangeError(
            "video-content-range-by-part-uploaded-file-too-small",
            f"Every part but the last must be at least {MIN_PART_SIZE} bytes.",
        )
