"""SubRip (``.srt``) to WebVTT, for caption and chapter files made by tools that only write SRT.

SRT is loosely specified, so reading is forgiving where the meaning is clear and strict where
guessing would change the captions:

* the text may be UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 (what older
  tools write); the encoding used is reported;
* each block is an optional counter line, a timing line ``00:00:01,000 --> 00:00:02,500`` (a
  dot instead of the comma, one-digit hours and 1-3 fraction digits are accepted; SRT position
  coordinates after the end time are dropped) and the text lines;
* ``<b>``, ``<i>`` and ``<u>`` are kept (WebVTT has them); ``<font>`` tags and ``{\\an8}``-style
  override codes are removed; a bare ``&`` or ``<`` is escaped so it shows as written;
* cues are put in order of start time (WebVTT requires it; SRT files are sometimes out of order).

A block without a timing line, a malformed time, or a cue that ends before it starts is an
:class:`SrtError` with the line and column, like the WebVTT checker's problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .webvtt import ARROW, Cue, VttProblem, check_webvtt, to_webvtt

_BREAK = re.compile(r"\r\n|\r|\n")
_SRT_TIME = re.compile(r"([0-9]{1,3}):([0-9]{1,2}):([0-9]{1,2})(?:[,.]([0-9]{1,3}))?")
_TIMING = re.compile(r"[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?")
_COUNTER = re.compile(r"[ \t]*[0-9]+[ \t]*")
_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_FONT_TAG = re.compile(r"</?font(?:\s[^>]*)?>", re.IGNORECASE)
_KEPT_TAG = re.compile(r"</?[biu]>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


class SrtError(ValueError):
    """The SRT text cannot be converted; ``problem`` says where (1-based line and column)."""

    def __init__(self, problem: VttProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class SrtConversion:
    """The WebVTT text made from an SRT file, its cues, and how the file was read."""

    webvtt: str
    cues: tuple[Cue, ...]
    encoding: str
    reordered: bool = False  # cues were not in start-time order in the SRT file


def decode_srt(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of an SRT file's bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 reads those as control characters.
        try:
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "Latin-1"


def _milliseconds(text: str, line: int, column: int) -> int:
    match = _SRT_TIME.fullmatch(text)
    if match is None:
        raise SrtError(
            VttProblem(line, column, f'"{text}" is not an SRT time such as 00:00:01,000')
        )
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        raise SrtError(
            VttProblem(line, column, f'minutes and seconds must be below 60 in "{text}"')
        )
    # "1,5" means 1.5 s: the digits are a decimal fraction, not a count of milliseconds.
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def clean_text(text: str) -> str:
    """SRT cue text as WebVTT cue text (see the module notes)."""
    text = _OVERRIDE.sub("", text)
    text = _FONT_TAG.sub("", text)
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            entity = _ENTITY.match(text, i)
            out.append(entity.group() if entity else "&amp;")
            i = entity.end() if entity else i + 1
        elif char == "<":
            tag = _KEPT_TAG.match(text, i)
            out.append(tag.group().lower() if tag else "&lt;")
            i = tag.end() if tag else i + 1
        else:
            out.append(char)
            i += 1
    # WebVTT text lines may not hold the arrow; "&gt;" shows the same characters.
    return "".join(out).replace(ARROW, "--&gt;")


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(index of the first line, lines) of every run of non-blank lines."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.strip():
            if not current:
                start = index
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _timing(line: str, line_no: int) -> tuple[int, int] | None:
    """Start and end of an SRT timing line; None when ``line`` is not one at all."""
    match = _TIMING.fullmatch(line)
    if match is None:
        if ARROW in line and _SRT_TIME.match(line.lstrip()):
            column = line.find(ARROW) + 1
            message = f'put a space on both sides of "{ARROW}"'
            raise SrtError(VttProblem(line_no, column, message))
        return None
    start = _milliseconds(match.group(1), line_no, match.start(1) + 1)
    end = _milliseconds(match.group(2), line_no, match.start(2) + 1)
    if end <= start:
        raise SrtError(VttProblem(line_no, match.start(2) + 1, "a cue must end after it starts"))
    return start, end


def _cues(first: int, block: list[str]) -> list[Cue]:
    """The cues of one block of non-blank lines starting at line index ``first``."""
    offset = 1 if len(block) > 1 and _COUNTER.fullmatch(block[0]) else 0
    timing = _timing(block[offset], first + offset + 1)
    if timing is None:
        message = "expected an SRT timing line such as 00:00:01,000 --> 00:00:02,000"
        raise SrtError(VttProblem(first + offset + 1, 1, message))
    cues: list[Cue] = []
    text: list[str] = []
    line_no = first + offset + 1
    for index in range(offset + 1, len(block)):
        # A timing line inside the text: the empty line before a cue was forgotten.
        starts_with_time = _SRT_TIME.match(block[index].lstrip()) is not None
        found = _timing(block[index], first + index + 1) if starts_with_time else None
        if found is None:
            text.append(block[index])
            continue
        if text and _COUNTER.fullmatch(text[-1]):
            text.pop()  # that cue's counter
        cues.append(_make_cue(timing, text, line_no))
        timing, text, line_no = found, [], first + index + 1
    cues.append(_make_cue(timing, text, line_no))
    return cues


def _make_cue(timing: tuple[int, int], text: list[str], line_no: int) -> Cue:
    # Lines that held only override codes or font tags would end the WebVTT cue early: drop them.
    lines = [cleaned for line in text if (cleaned := clean_text(line.strip()))]
    return Cue(timing[0], timing[1], "\n".join(lines), line=line_no)


def srt_to_webvtt(text: str, *, encoding: str = "UTF-8") -> SrtConversion:
    """Convert SRT text; raises :class:`SrtError` for a block that cannot be read."""
    lines = _BREAK.split(text.removeprefix("\ufeff"))
    cues = [cue for start, block in _blocks(lines) for cue in _cues(start, block)]
    ordered = sorted(cues, key=lambda cue: cue.start_ms)  # stable: equal starts keep their order
    webvtt = to_webvtt(ordered)
    check = check_webvtt(webvtt)
    if check.problem is not None:  # a bug here, not in the user's file: say so plainly
        raise AssertionError(f"converted WebVTT is invalid: {check.problem}")
    return SrtConversion(webvtt, check.cues, encoding, reordered=ordered != cues)


def convert_srt_bytes(data: bytes) -> SrtConversion:
    """Decode an SRT file's bytes and convert them."""
    text, encoding = decode_srt(data)
    return srt_to_webvtt(text, encoding=encoding)
