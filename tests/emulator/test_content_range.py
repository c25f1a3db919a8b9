"""The Content-Range parser (contract 5.1, 5.2): round trips, refusals, robustness."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.emulator.content_range import (
    MALFORMED,
    MAX_PARTS,
    MAX_REQUEST_SIZE,
    MAX_TOTAL_BYTES,
    MIN_PART_SIZE,
    ByteRange,
    ContentRangeError,
    PartRange,
    check_body_size,
    parse_content_range,
)


def slug_of(header: str) -> str:
    with pytest.raises(ContentRangeError) as caught:
        parse_content_range(header)
    return caught.value.slug


# ---- round trips -----------------------------------------------------------------------------


@st.composite
def part_ranges(draw: st.DrawFn) -> PartRange:
    part = draw(st.integers(1, MAX_PARTS))
    total = draw(st.none() | st.integers(part, MAX_PARTS))
    return PartRange(part, total)


@st.composite
def byte_ranges(draw: st.DrawFn) -> ByteRange:
    total = draw(st.integers(1, MAX_TOTAL_BYTES))
    start = draw(st.integers(0, total - 1))
    end = draw(st.integers(start, min(total - 1, start + MAX_REQUEST_SIZE - 1)))
    return ByteRange(start, end, draw(st.sampled_from([total, None])))


@given(part_ranges() | byte_ranges())
def test_every_valid_range_round_trips(value: PartRange | ByteRange) -> None:
    assert parse_content_range(str(value)) == value


@given(part_ranges(), st.sampled_from(["", " ", "\t"]), st.sampled_from(["part", "PART", "Part"]))
def test_unit_case_and_surrounding_space_are_tolerated(
    value: PartRange, pad: str, unit: str
) -> None:
    text = pad + str(value).replace("part", unit) + pad
    assert parse_content_range(text) == value


def test_no_header_means_a_single_request() -> None:
    assert parse_content_range(None) is None
    assert parse_content_range("   ") is None


def test_the_forms_clients_send() -> None:
    assert parse_content_range("part 1/1") == PartRange(1, 1)
    assert parse_content_range("part 2/*") == PartRange(2, None)
    assert parse_content_range("bytes 0-99/1000") == ByteRange(0, 99, 1000)
    assert PartRange(3, 3).is_last and not PartRange(3, None).is_last
    assert ByteRange(900, 999, 1000).is_last and ByteRange(0, 99, 1000).length == 100


# ---- refusals --------------------------------------------------------------------------------

MALFORMED_EXAMPLES = [
    "part",
    "part 1",
    "part /3",
    "part 1/",
    "part 1 / 3",
    "part -1/3",
    "part +1/3",
    "part 1.5/3",
    "part 1e3/5000",
    "part 0x1/3",
    "part 1/3/4",
    "part 1/3 extra",
    "parts 1/3",
    "part1/3",
    "chunk 1/3",
    "bytes 0-99",
    "bytes 0-/100",
    "bytes -99/100",
    "bytes 0 - 99/100",
    "bytes=0-99/100",
    "bytes 0-99/-1",
    "part \u0661/\u0662",  # Arabic-Indic digits
    "part 1/" + "9" * 31,  # absurdly long number
    "*/*",
]


@pytest.mark.parametrize("header", MALFORMED_EXAMPLES)
def test_malformed_headers_are_refused(header: str) -> None:
    assert slug_of(header) == MALFORMED


_GRAMMAR = re.compile(
    r"^\s*(?:part\s+[0-9]{1,30}|bytes\s+[0-9]{1,30}-[0-9]{1,30})/(?:[0-9]{1,30}|\*)\s*$",
    re.IGNORECASE | re.ASCII,
)


@given(st.text(max_size=60) | st.sampled_from(["\u2003part 1/3", "part 1/3\u00a0", "\n"]))
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Any string is parsed, refused with a slug, or (blank) means "no header"."""
    try:
        result = parse_content_range(text)
    except ContentRangeError as exc:
        assert exc.slug.startswith(("video-content-range-", "uploaded-file-"))
        if not _GRAMMAR.match(text):
            assert exc.slug == MALFORMED
        return
    assert result is None or _GRAMMAR.match(text)
    if result is None:
        assert not text.strip(" \t\r\n\x0b\x0c")


@given(
    st.sampled_from(["part 1/3", "part 2/*", "bytes 0-9/10"]),
    st.integers(0, 11),
    st.sampled_from([*"x#,;:=_~ab-/", "\x00", "é"]),
)
def test_a_corrupted_valid_header_is_malformed(header: str, at: int, junk: str) -> None:
    """Inserting a stray character anywhere inside a valid header makes it malformed."""
    at = min(at, len(header))
    corrupted = header[:at] + junk + header[at:]
    if _GRAMMAR.match(corrupted):  # e.g. "part 1/3" -> "part 1/3" with a digit-like insert
        return
    assert slug_of(corrupted) == MALFORMED


@pytest.mark.parametrize(
    ("header", "slug"),
    [
        ("part 0/3", "video-content-range-part-zero"),
        ("part 0/*", "video-content-range-part-zero"),
        ("part 1/0", "video-content-range-total-parts-zero"),
        (f"part {MAX_PARTS + 1}/*", "video-content-range-part-too-high-allowed"),
        (f"part 1/{MAX_PARTS + 1}", "video-content-range-total-parts-too-high"),
        ("part 4/3", "video-content-range-part-too-high-total"),
        ("bytes 10-9/100", "video-content-range-start-after-end"),
        ("bytes 0-0/0", "video-content-range-total-bytes-zero"),
        (f"bytes 0-9/{MAX_TOTAL_BYTES + 1}", "video-content-range-total-bytes-too-high"),
        ("bytes 0-100/100", "video-content-range-range-beyond-total"),
        (f"bytes 0-{MAX_REQUEST_SIZE}/*", "video-content-range-range-too-large"),
    ],
)
def test_rules_of_one_header(header: str, slug: str) -> None:
    assert slug_of(header) == slug


@given(st.integers(1, MAX_PARTS), st.integers(1, MAX_PARTS))
def test_a_part_above_its_total_is_always_refused(part: int, total: int) -> None:
    header = f"part {part}/{total}"
    if part <= total:
        assert parse_content_range(header) == PartRange(part, total)
    else:
        assert slug_of(header) == "video-content-range-part-too-high-total"


# ---- sizes -----------------------------------------------------------------------------------


def size_slug(value: PartRange | ByteRange | None, size: int) -> str | None:
    try:
        check_body_size(value, size)
    except ContentRangeError as exc:
        return exc.slug
    return None


def test_size_rules() -> None:
    small = MIN_PART_SIZE - 1
    assert (
        size_slug(PartRange(1, 3), small) == "video-content-range-by-part-uploaded-file-too-small"
    )
    assert size_slug(PartRange(2, None), small) == (
        "video-content-range-by-part-uploaded-file-too-small"
    )
    assert size_slug(PartRange(3, 3), 1) is None  # the last part may be small
    assert size_slug(PartRange(1, 3), MIN_PART_SIZE) is None
    assert size_slug(None, 1) is None
    assert size_slug(None, MAX_REQUEST_SIZE + 1) == "uploaded-file-too-large"
    assert size_slug(PartRange(1, 2), MAX_REQUEST_SIZE + 1) == "uploaded-file-too-large"
    assert size_slug(ByteRange(0, 99, 100), 99) == "video-content-range-range-mismatch"
    assert size_slug(ByteRange(0, 99, 100), 100) is None
    assert size_slug(ByteRange(0, 99, 1000), 100) == (
        "video-content-range-by-bytes-uploaded-file-too-small"
    )
