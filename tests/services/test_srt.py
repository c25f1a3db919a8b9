"""SRT to WebVTT: what real SRT files look like comes out as valid WebVTT with the same cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.emulator import webvtt as emulator_webvtt
from studio.services.srt import SrtError, clean_text, convert_srt_bytes, srt_to_webvtt
from studio.services.webvtt import check_webvtt

SRT = """1
00:00:01,000 --> 00:00:04,000
Hello, <i>world</i>!

2
00:00:05,500 --> 00:00:07,250 X1:100 X2:200 Y1:10 Y2:50
Two lines
of text

3
01:02:03,004 --> 01:02:04,000
Later
"""


def test_a_plain_srt_file_becomes_webvtt_with_the_same_cues() -> None:
    result = srt_to_webvtt(SRT)
    assert result.webvtt.startswith("WEBVTT\n\n")
    assert "00:00:05.500 --> 00:00:07.250\n" in result.webvtt  # coordinates dropped
    check = check_webvtt(result.webvtt)
    assert check.valid
    assert [(c.start_ms, c.end_ms, c.text) for c in check.cues] == [
        (1000, 4000, "Hello, <i>world</i>!"),
        (5500, 7250, "Two lines\nof text"),
        (3_723_004, 3_724_000, "Later"),
    ]
    assert result.cues == check.cues
    assert not result.reordered
    # And the emulator (the server's rules) takes it too.
    assert len(emulator_webvtt.parse(result.webvtt).cues) == 3


def test_windows_line_endings_bom_dots_and_short_fractions_are_read() -> None:
    text = "\ufeff1\r\n0:00:01.5 --> 0:00:02,25\r\nA\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nB"
    cues = srt_to_webvtt(text).cues
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [(1500, 2250, "A"), (3000, 4000, "B")]


def test_out_of_order_cues_are_sorted_and_reported() -> None:
    text = "1\n00:00:05,000 --> 00:00:06,000\nlate\n\n2\n00:00:01,000 --> 00:00:02,000\nearly\n"
    result = srt_to_webvtt(text)
    assert [c.text for c in result.cues] == ["early", "late"]
    assert result.reordered


def test_a_forgotten_empty_line_between_cues_still_splits_them() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n"
    assert [c.text for c in srt_to_webvtt(text).cues] == ["one", "two"]


def test_markup_is_made_safe_for_webvtt() -> None:
    assert clean_text('<font color="#ff0000">red</font>') == "red"
    assert clean_text("{\\an8}<B>top</B>") == "<b>top</b>"
    assert clean_text("Tom & Jerry <3 &amp; more") == "Tom &amp; Jerry &lt;3 &amp; more"
    assert clean_text("a --> b") == "a --&gt; b"
    # A line that held only an override code disappears instead of ending the cue early.
    text = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}\nkept\n"
    assert srt_to_webvtt(text).cues[0].text == "kept"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("1\nHello\n", 2, 1, "expected an SRT timing line"),
        ("1\n00:00:01,000 --> 00:00:61,000\nx\n", 2, 18, "below 60"),
        ("1\n00:00:01,000 --> soon\nx\n", 2, 18, "not an SRT time"),
        ("1\n00:00:02,000 --> 00:00:01,000\nx\n", 2, 18, "end after it starts"),
        ("1\n00:00:01,000-->00:00:02,000\nx\n", 2, 13, "space on both sides"),
        ("1\n00:00:01,000 --> 00:00:02,000\nok\n\nstray text\n", 5, 1, "timing line"),
    ],
)
def test_unreadable_blocks_are_located(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(SrtError) as caught:
        srt_to_webvtt(text)
    problem = caught.value.problem
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message


def test_encodings_other_than_utf8_are_read() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nCafé déjà vu\n"
    for encoding, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")):
        result = convert_srt_bytes(text.encode(encoding))
        assert result.encoding == name
        assert result.cues[0].text == "Café déjà vu"


SRT_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda t: t.strip())


@given(
    st.lists(
        st.tuples(st.integers(0, 360_000_000), st.integers(1, 3_600_000), st.lists(SRT_TEXT)),
        max_size=6,
    )
)
@settings(max_examples=150)
def test_generated_srt_always_converts_to_valid_webvtt(
    cues: list[tuple[int, int, list[str]]],
) -> None:
    blocks = []
    for number, (start, length, lines) in enumerate(cues, start=1):
        timing = f"{_srt_time(start)} --> {_srt_time(start + length)}"
        blocks.append("\n".join([str(number), timing, *lines]))
    result = srt_to_webvtt("\n\n".join(blocks) + "\n")
    check = check_webvtt(result.webvtt)
    assert check.valid, check.problem
    assert sorted((c.start_ms, c.end_ms) for c in check.cues) == sorted(
        (start, start + length) for start, length, _ in cues
    )
    emulator_webvtt.parse(result.webvtt)  # the server's rules agree


def _srt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"
