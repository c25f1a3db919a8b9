"""The client-side WebVTT checker: cues out, first problem with line and column, never a crash."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from studio.emulator import webvtt as emulator_webvtt
from studio.services.webvtt import (
    Cue,
    VttProblem,
    WebVttError,
    check_webvtt,
    check_webvtt_bytes,
    format_vtt_time,
    parse_webvtt,
    read_vtt_time,
    to_webvtt,
)

GOOD = """WEBVTT - a title
Kind: captions

NOTE written by hand
over two lines

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:04.500 align:start position:10%,line-left
Hello <b>there</b>
second line

00:05.250 --> 01:00:00.000 line:-1 size:50%
Until the end
"""


def problem_of(text: str) -> VttProblem:
    check = check_webvtt(text)
    assert check.problem is not None, f"accepted: {text!r}"
    return check.problem


# ---- examples --------------------------------------------------------------------------------


def test_a_valid_file_gives_its_cues() -> None:
    check = check_webvtt(GOOD)
    assert check.valid
    first, second = check.cues
    assert (first.start_ms, first.end_ms, first.identifier) == (1000, 4500, "intro")
    assert first.text == "Hello <b>there</b>\nsecond line"
    assert first.settings == "align:start position:10%,line-left"
    assert first.line == 11
    assert (second.start_ms, second.end_ms, second.text) == (5250, 3_600_000, "Until the end")


def test_line_breaks_and_a_bom_are_all_accepted() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = "\ufeff" + GOOD.replace("\n", newline)
        assert [c.start_ms for c in parse_webvtt(text)] == [1000, 5250]


def test_a_file_without_cues_is_valid_and_empty() -> None:
    assert check_webvtt("WEBVTT\n").cues == ()
    assert check_webvtt("WEBVTT").valid


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("", 1, 1, "must start with"),
        ("WEBVT\n", 1, 1, "must start with"),
        ("WEBVTTX\n", 1, 7, "followed by"),
        ("1\n00:00:01,000 --> 00:00:02,000\nsrt\n", 1, 1, "must start with"),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nx\n", 3, 1, "start time"),
        ("WEBVTT\n\n00:01.000 --> 00:02.00\nx\n", 3, 15, "end time"),
        ("WEBVTT\n\n00:01.000 --> 00:60.000\nx\n", 3, 15, "seconds"),
        ("WEBVTT\n\n00:61:00.000 --> 01:02:00.000\nx\n", 3, 1, "minutes"),
        ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", 3, 15, "end after it starts"),
        ("WEBVTT\n\n00:02.000 --> 00:02.000\nx\n", 3, 15, "end after it starts"),
        ("WEBVTT\n\n00:01.000-->00:02.000\nx\n", 3, 10, "space or tab"),
        ("WEBVTT\n\n00:01.000 -->00:02.000\nx\n", 3, 14, "after"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nx\n", 3, 11, "-->"),
        ("WEBVTT\n\n 00:01.000 --> 00:02.000\nx\n", 3, 1, "must start with its start"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000 size:101%\nx\n", 3, 30, "size setting"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000 colour:red\nx\n", 3, 25, "not a cue setting"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000 align\nx\n", 3, 25, "name:value"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000 line:1 line:2\nx\n", 3, 32, "twice"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nok\nnext --> x\n", 5, 6, "empty line missing"),
        ("WEBVTT\n\n00:03.000 --> 00:04.000\na\n\n00:01.000 --> 00:02.000\nb\n", 6, 1, "order"),
        ("WEBVTT\n\njust text\n", 3, 1, "expected a cue timing line"),
        ("WEBVTT\n\nid\ntext\n", 4, 1, "expected a cue timing line"),
        ("WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nx\n", 3, 11, "header line"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nSTYLE\n::cue {}\n", 6, 1, "before the first"),
        ("WEBVTT\n\nNOTE a --> b\n", 3, 8, "NOTE"),
        ("WEBVTT\n\nREGION\nid:a width:120%\n", 4, 12, "width setting"),
        ("WEBVTT\n\nREGION\nid:a\nid:b\n", 5, 1, "twice"),
    ],
)
def test_the_first_problem_is_located(text: str, line: int, column: int, words: str) -> None:
    problem = problem_of(text)
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message
    assert str(problem).startswith(f"Line {line}, column {column}: ")


def test_cues_before_the_problem_are_kept_for_the_preview() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\none\n\n00:03.000 --> 00:02.000\ntwo\n"
    check = check_webvtt(text)
    assert [c.text for c in check.cues] == ["one"]
    assert check.problem is not None and check.problem.line == 6


def test_parse_raises_with_the_problem() -> None:
    with pytest.raises(WebVttError) as caught:
        parse_webvtt("WEBVTT\n\n00:01.000 --> 00:00.500\nx\n")
    assert caught.value.problem.line == 3


def test_bytes_that_are_not_utf8_are_located() -> None:
    check = check_webvtt_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\nçà".encode() + b"\xff!")
    assert check.problem == VttProblem(4, 3, "the file is not UTF-8 text")
    assert check_webvtt_bytes(b"\xef\xbb\xbf" + GOOD.encode()).valid


def test_timestamps_round_trip() -> None:
    assert format_vtt_time(3_723_456) == "01:02:03.456"
    assert read_vtt_time("01:02:03.456") == 3_723_456
    assert read_vtt_time("02:03.456") == 123_456
    assert read_vtt_time("100:00:00.000") == 360_000_000
    for bad in (
        "1:02:03.456",
        "02:03.45",
        "02:03,456",
        "60:00.000",
        "\u0660\u0660:\u0660\u0661.\u0660\u0660\u0660",
    ):
        assert read_vtt_time(bad) is None


# ---- generated files -------------------------------------------------------------------------

SAFE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
    ),
    min_size=1,
    max_size=20,
).filter(lambda t: "-->" not in t)
CUE_SETTINGS = st.sampled_from(
    ["", "align:start", "line:0", "line:-2,end", "position:50%", "size:80% align:center",
     "vertical:rl line:10%", "region:speaker position:5%,line-left"]
)  # fmt: skip


@dataclass
class Draft:
    """A generated file: the text and the cues it must give back."""

    text: str
    cues: list[Cue]


@st.composite
def valid_files(draw: st.DrawFn) -> Draft:
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    with_hours = draw(st.booleans())
    lines = [draw(st.sampled_from(["", "\ufeff"])) + "WEBVTT" + draw(st.sampled_from(["", " x"]))]
    lines += draw(st.lists(SAFE_TEXT.map(lambda t: "Kind: " + t.strip()), max_size=2))
    lines.append("")
    if draw(st.booleans()):
        lines += ["STYLE", "::cue { color: white }", ""]
    if draw(st.booleans()):
        lines += ["REGION", "id:speaker width:40%", "lines:3 scroll:up", ""]
    starts = sorted(draw(st.lists(st.integers(0, 10_000_000), max_size=8)))
    cues = []
    for start in starts:
        end = start + draw(st.integers(1, 600_000))
        identifier = draw(st.one_of(st.just(""), SAFE_TEXT.map(str.strip).filter(bool)))
        text_lines = draw(st.lists(SAFE_TEXT.filter(lambda t: t.strip()), max_size=3))
        settings_text = draw(CUE_SETTINGS)
        if draw(st.booleans()):
            lines += ["NOTE " + draw(SAFE_TEXT), ""]
        first_line = len(lines) + 1 + (1 if identifier else 0)
        if identifier:
            lines.append(identifier)
        stamp = format_vtt_time if with_hours or end >= 3_600_000 else _short_time
        timing = f"{stamp(start)} --> {stamp(end)}"
        lines.append(f"{timing} {settings_text}" if settings_text else timing)
        lines += text_lines
        lines.append("")
        cue = Cue(start, end, "\n".join(text_lines), identifier, settings_text, first_line)
        cues.append(cue)
    return Draft(newline.join(lines), cues)


def _short_time(ms: int) -> str:
    return format_vtt_time(ms)[3:]


@given(valid_files())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_generated_valid_files_give_back_their_cues(draft: Draft) -> None:
    check = check_webvtt(draft.text)
    assert check.problem is None, f"{check.problem} in {draft.text!r}"
    assert list(check.cues) == draft.cues


@given(valid_files())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_writing_cues_out_and_reading_them_back_is_lossless(draft: Draft) -> None:
    written = to_webvtt(draft.cues)
    again = parse_webvtt(written)
    assert [(c.start_ms, c.end_ms, c.text, c.identifier, c.settings) for c in again] == [
        (c.start_ms, c.end_ms, c.text, c.identifier, c.settings) for c in draft.cues
    ]


@given(st.text(max_size=400))
@example("WEBVTT\n\n-->")
@example("WEBVTT\n\n00:00.000 --> ")
@example("WEBVTT\n\nREGION\n:")
@settings(max_examples=500)
def test_arbitrary_text_never_crashes_and_problems_point_inside_the_file(text: str) -> None:
    check = check_webvtt(text)
    if check.problem is not None:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 1 <= check.problem.line <= len(lines)
        assert 1 <= check.problem.column <= len(lines[check.problem.line - 1]) + 1
        assert check.problem.message


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    check = check_webvtt_bytes(data)
    assert check.valid or check.problem is not None


# A near-valid file: a valid one with one line replaced by a mutation of itself or another.
LINE_NOISE = st.sampled_from(
    ["", " ", "-->", "00:00.000", "00:01.000 --> 00:00.500", "NOTE", "STYLE", "REGION",
     "WEBVTT", "id:x", "size:50%", "00:00:00.000 --> 00:00:01.000 line:", "\t", "x --> y"]
)  # fmt: skip


@st.composite
def near_valid_files(draw: st.DrawFn) -> str:
    draft = draw(valid_files())
    lines = draft.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["replace", "insert", "append", "delete"]))
        noise = draw(LINE_NOISE)
        if how == "replace":
            lines[index] = noise
        elif how == "insert":
            lines.insert(index, noise)
        elif how == "append":
            lines[index] += noise
        elif len(lines) > 1:
            del lines[index]
    return "\n".join(lines)


@given(near_valid_files())
@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
def test_the_checker_agrees_with_the_emulator_on_what_is_valid(text: str) -> None:
    """Refusing locally is only useful if it refuses exactly what the server would."""
    ours = check_webvtt(text)
    event("refused" if ours.problem else "accepted")
    try:
        theirs = emulator_webvtt.parse(text)
    except emulator_webvtt.WebVTTError as exc:
        assert ours.problem is not None, f"server refuses ({exc}), we accept: {text!r}"
        return
    assert ours.problem is None, f"server accepts, we refuse ({ours.problem}): {text!r}"
    assert [(c.start_ms, c.end_ms, c.text) for c in ours.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in theirs.cues
    ]
