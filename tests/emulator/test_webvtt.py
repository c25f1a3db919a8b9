"""The strict WebVTT parser: valid files give their cues, invalid ones a line and column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.emulator.webvtt import (
    Cue,
    WebVTTError,
    format_timestamp,
    parse,
    parse_bytes,
    parse_timestamp,
    serialize,
)


def test_cues_with_ids_settings_and_multiline_text() -> None:
    doc = parse(
        "WEBVTT - Chapters of the talk\n"
        "Kind: captions\n"
        "\n"
        "NOTE written by hand\n"
        "\n"
        "intro\n"
        "00:00.000 --> 00:02.500 align:start position:10%,line-left\n"
        "Hello\n"
        "<i>world</i>\n"
        "\n"
        "\n"
        "01:00:00.000 --> 01:00:01.250\n"
        "Much later\n"
    )
    assert doc.title == "- Chapters of the talk"
    assert doc.header == ["Kind: captions"]
    assert doc.notes == ["written by hand"]
    first, second = doc.cues
    assert (first.id, first.start_ms, first.end_ms) == ("intro", 0, 2500)
    assert first.text == "Hello\n<i>world</i>"
    assert first.settings == {"align": "start", "position": "10%,line-left"}
    assert first.line == 6
    assert (second.id, second.start, second.end) == ("", 3600.0, 3601.25)


def test_style_and_region_blocks_before_cues() -> None:
    doc = parse(
        "\ufeffWEBVTT\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n"
        "REGION\r\nid:fred width:40% lines:3\r\nregionanchor:0%,100% scroll:up\r\n\r\n"
        "00:00:01.000 --> 00:00:02.000 region:fred\r\nText\r\n"
    )
    assert doc.styles == ["::cue { color: yellow }"]
    assert doc.regions == [
        {"id": "fred", "width": "40%", "lines": "3", "regionanchor": "0%,100%", "scroll": "up"}
    ]
    assert [c.settings for c in doc.cues] == [{"region": "fred"}]


def test_signature_only_is_an_empty_file() -> None:
    assert parse("WEBVTT").cues == []
    assert parse("WEBVTT\n\n\n").cues == []


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("This is not a WebVTT file.\n00:00:00,000 -> later\n", 1, 1, "WEBVTT"),
        ("WEBVTTX\n", 1, 7, "followed by"),
        ("WEBVTT\n00:00.000 --> 00:01.000\nx\n", 2, 11, "header"),
        ("WEBVTT\n\nan id\nno timing here\n", 4, 1, "timing line"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n00:01.000 --> 00:02.000\n", 5, 11, "blank line"),
        ("WEBVTT\n\n00:00,000 --> 00:01.000\nx\n", 3, 1, "start time"),
        ("WEBVTT\n\n00:00.000 --> 00:60.000\nx\n", 3, 15, "seconds"),
        ("WEBVTT\n\n00:00.000 --> 1:00.000\nx\n", 3, 15, "end time"),
        ("WEBVTT\n\n00:00.000-->00:01.000\nx\n", 3, 10, "space"),
        ("WEBVTT\n\n00:00.000 -> 00:01.000\nx\n", 3, 11, '"-->"'),
        ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", 3, 15, "after its start"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 align:middle\nx\n", 3, 25, "align"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 size:120%\nx\n", 3, 25, "size"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 size:50% size:60%\nx\n", 3, 34, "twice"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 bold\nx\n", 3, 25, "name:value"),
        ("WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:01.000 --> 00:02.000\nb\n", 6, 1, "order"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\nSTYLE\n::cue {}\n", 6, 1, "before all cues"),
        ("WEBVTT\n\nNOTE a --> b\n", 3, 8, "NOTE"),
        ("WEBVTT\n\nREGION\nid:r colour:red\n", 4, 6, "region setting"),
    ],
)
def test_invalid_files_name_the_spot(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(WebVTTError) as caught:
        parse(text)
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert words in error.reason
    assert str(error).startswith(f"Line {line}, column {column}: ")


def test_bytes_must_be_utf8_and_errors_say_where() -> None:
    assert parse_bytes("WEBVTT\n\n00:00.000 --> 00:01.000\nÉté\n".encode()).cues[0].text == "Été"
    with pytest.raises(WebVTTError) as caught:
        parse_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nab\xff\n")
    assert (caught.value.line, caught.value.column) == (4, 3)


def test_timestamps() -> None:
    assert parse_timestamp("00:01.500") == 1500
    assert parse_timestamp("100:00:00.001") == 360_000_001
    assert format_timestamp(3_723_004) == "01:02:03.004"
    assert format_timestamp(63_004, hours=False) == "01:03.004"
    for bad in ("1:00.000", "00:00.00", "00:00:00", "00:60:00.000", "-00:01.000"):
        with pytest.raises(ValueError):
            parse_timestamp(bad)


# ---- properties --------------------------------------------------------------------------------

_text_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n"),
    min_size=1,
    max_size=30,
).filter(lambda s: "-->" not in s)
_cue_id = _text_line.filter(
    lambda s: s.strip(" \t") != "" and not s.startswith(("NOTE", "STYLE", "REGION"))
)
_SETTING_CHOICES = [
    (name, value)
    for name, values in {
        "align": ("start", "center", "end", "left", "right"),
        "size": ("50%", "100%", "12.5%"),
        "line": ("0", "-1", "80%,end"),
        "vertical": ("rl", "lr"),
    }.items()
    for value in values
]
_settings = st.lists(st.sampled_from(_SETTING_CHOICES), max_size=3, unique_by=lambda s: s[0]).map(
    dict
)


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    starts = sorted(draw(st.lists(st.integers(0, 10 * 3600 * 1000), max_size=12)))
    cues = []
    for start in starts:
        length = draw(st.integers(1, 600_000))
        lines = draw(st.lists(_text_line, max_size=3))
        cue_id = draw(st.one_of(st.just(""), _cue_id))
        cues.append(Cue(start, start + length, "\n".join(lines), cue_id, draw(_settings)))
    return cues


@settings(max_examples=200)
@given(cue_lists())
def test_serialized_cues_parse_back_to_the_same_cues(cues: list[Cue]) -> None:
    assert parse(serialize(cues)).cues == cues


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_arbitrary_text_parses_or_raises_the_parser_error(text: str) -> None:
    try:
        parse(text)
    except WebVTTError as error:
        assert error.line >= 1 and error.column >= 1


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_after_a_signature_never_crash(tail: bytes) -> None:
    try:
        parse_bytes(b"WEBVTT\n\n" + tail)
    except WebVTTError as error:
        assert error.line >= 1 and error.column >= 1


def test_timestamps_take_ascii_digits_only() -> None:
    # Arabic-Indic digits (U+0660...) in the timestamp: WebVTT allows ASCII digits only.
    text = "WEBVTT\n\n\u0660\u0660:\u0660\u0661.\u0660\u0660\u0660 --> 00:02.000\nhello\n"
    with pytest.raises(WebVTTError):
        parse(text)
