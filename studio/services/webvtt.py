"""A client-side WebVTT checker: cues out, or the first mistake with its line and column.

Captions and chapters are checked here before anything is uploaded, so a bad file is refused
with a precise message instead of a bare 400 from the server. The rules are the W3C WebVTT
*authoring* rules (stricter than what browsers tolerate, as strict as api.video's own check):

* the file is UTF-8 (a byte-order mark is allowed) and its first line is ``WEBVTT``, alone or
  followed by a space or tab and free text;
* header lines follow until the first empty line; then blocks separated by empty lines:
  ``NOTE`` comments anywhere, ``STYLE`` and ``REGION`` blocks before the first cue, and cues;
* a cue is an optional identifier line, a timing line ``start --> end [settings]`` and its text;
  timestamps are ``[hh:]mm:ss.ttt`` (minutes and seconds below 60), a cue ends after it starts
  and cues come in order of their start times;
* no line of a header, comment, block or cue text contains ``-->``.

Independent of the emulator's parser on purpose: the two check each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

ARROW = "-->"
SIGNATURE = "WEBVTT"
BOM = "\ufeff"

_BREAK = re.compile(r"\r\n|\r|\n")
_TIME = re.compile(r"(?:([0-9]{2,}):)?([0-9]{2}):([0-9]{2})\.([0-9]{3})")
_PERCENTAGE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_INTEGER = re.compile(r"-?[0-9]+")
_BLANKS = " \t"


@dataclass(frozen=True)
class Cue:
    """One cue: times in milliseconds, its text (lines joined with ``\\n``) and identifier."""

    start_ms: int
    end_ms: int
    text: str
    identifier: str = ""
    settings: str = ""  # the cue settings as written after the end time ("" when none)
    line: int = 0  # 1-based line of the timing line in the file


@dataclass(frozen=True)
class VttProblem:
    """Where a file stops being valid WebVTT (1-based line and column) and why."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column}: {self.message}"


class WebVttError(ValueError):
    """Raised by :func:`parse_webvtt` with the :class:`VttProblem` it met."""

    def __init__(self, problem: VttProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class VttCheck:
    """The outcome of :func:`check_webvtt`: every cue read, and the first problem if any.

    When ``problem`` is set, ``cues`` holds the cues read before it (handy for a preview).
    """

    cues: tuple[Cue, ...]
    problem: VttProblem | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


# ---- timestamps ------------------------------------------------------------------------------


def format_vtt_time(ms: int) -> str:
    """Milliseconds as a WebVTT timestamp with hours: ``01:02:03.456``."""
    if ms < 0:
        raise ValueError("a WebVTT timestamp cannot be negative")
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def read_vtt_time(text: str) -> int | None:
    """A WebVTT timestamp in milliseconds, or None when ``text`` is not exactly one."""
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hours, minutes, seconds, millis = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    return ((int(hours or "0") * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _time_mistake(text: str) -> str:
    """Why ``text`` (which :func:`read_vtt_time` refused) is not a timestamp."""
    match = _TIME.fullmatch(text)
    if match is None:
        return f'"{text}" is not a timestamp like 00:01.000 or 00:00:01.000'
    minutes = match.group(2)
    if int(minutes) > 59:
        return f'the minutes of "{text}" must be 00 to 59'
    return f'the seconds of "{text}" must be 00 to 59'


def to_webvtt(cues: list[Cue] | tuple[Cue, ...]) -> str:
    """A WebVTT file holding ``cues`` (in the order given)."""
    parts = [SIGNATURE, ""]
    for cue in cues:
        if cue.identifier:
            parts.append(cue.identifier)
        timing = f"{format_vtt_time(cue.start_ms)} {ARROW} {format_vtt_time(cue.end_ms)}"
        parts.append(f"{timing} {cue.settings}" if cue.settings else timing)
        if cue.text:
            parts.append(cue.text)
        parts.append("")
    return "\n".join(parts)


# ---- settings --------------------------------------------------------------------------------


def _is_percentage(value: str) -> bool:
    return bool(_PERCENTAGE.fullmatch(value)) and float(value[:-1]) <= 100


def _one_of(*choices: str) -> Callable[[str], bool]:
    return lambda value: value in choices


def _with_alignment(
    number: Callable[[str], bool], alignments: tuple[str, ...]
) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        head, comma, tail = value.partition(",")
        return number(head) and (not comma or tail in alignments)

    return check


def _anchor(value: str) -> bool:
    x, comma, y = value.partition(",")
    return bool(comma) and _is_percentage(x) and _is_percentage(y)


# name -> (value check, what a valid value looks like)
CUE_SETTINGS: dict[str, tuple[Callable[[str], bool], str]] = {
    "vertical": (_one_of("rl", "lr"), '"rl" or "lr"'),
    "line": (
        _with_alignment(
            lambda v: bool(_INTEGER.fullmatch(v)) or _is_percentage(v), ("start", "center", "end")
        ),
        'a line number or a percentage, optionally followed by ",start", ",center" or ",end"',
    ),
    "position": (
        _with_alignment(_is_percentage, ("line-left", "center", "line-right")),
        'a percentage, optionally followed by ",line-left", ",center" or ",line-right"',
    ),
    "size": (_is_percentage, "a percentage from 0% to 100%"),
    "align": (
        _one_of("start", "center", "end", "left", "right"),
        "start, center, end, left or right",
    ),
    "region": (bool, "a region identifier"),
}
REGION_SETTINGS: dict[str, tuple[Callable[[str], bool], str]] = {
    "id": (bool, "an identifier"),
    "width": (_is_percentage, "a percentage from 0% to 100%"),
    "lines": (lambda v: v.isascii() and v.isdigit(), "a whole number"),
    "regionanchor": (_anchor, "two percentages such as 0%,100%"),
    "viewportanchor": (_anchor, "two percentages such as 10%,90%"),
    "scroll": (_one_of("up"), '"up"'),
}


def _words(text: str, start: int) -> Iterator[tuple[int, str]]:
    """(0-based column, word) of every run of non-blank characters in ``text[start:]``."""
    for match in re.finditer(r"[^ \t]+", text[start:]):
        yield start + match.start(), match.group()


# ---- the checker -----------------------------------------------------------------------------


class _Reader:
    """Walks the lines of one file, block by block, and stops at the first problem."""

    def __init__(self, text: str) -> None:
        self.lines = _BREAK.split(text)
        self.cues: list[Cue] = []
        self.at = 0  # index of the next line to read

    def fail(self, index: int, column: int, message: str) -> WebVttError:
        """A problem at line ``index`` (0-based) and 1-based ``column``."""
        return WebVttError(VttProblem(index + 1, column, message))

    def refuse_arrow(self, index: int, where: str, hint: str = "") -> None:
        found = self.lines[index].find(ARROW)
        if found >= 0:
            raise self.fail(index, found + 1, f'{where} cannot contain "{ARROW}"{hint}')

    # -- the parts of a file --

    def read(self) -> None:
        self.signature()
        while self.at < len(self.lines) and self.lines[self.at]:
            self.refuse_arrow(self.at, "a header line", " (put an empty line before the first cue)")
            self.at += 1
        while True:
            while self.at < len(self.lines) and not self.lines[self.at]:
                self.at += 1
            if self.at >= len(self.lines):
                return
            first = self.at
            while self.at < len(self.lines) and self.lines[self.at]:
                self.at += 1
            self.block(first, self.at)

    def signature(self) -> None:
        line = self.lines[0]
        skip = 1 if line.startswith(BOM) else 0
        if not line.startswith(SIGNATURE, skip):
            raise self.fail(0, 1, f'a WebVTT file must start with "{SIGNATURE}"')
        after = skip + len(SIGNATURE)
        if len(line) > after and line[after] not in _BLANKS:
            raise self.fail(
                0, after + 1 - skip, f'"{SIGNATURE}" must be followed by a space or tab'
            )
        self.refuse_arrow(0, "the first line")
        self.at = 1

    def block(self, first: int, end: int) -> None:
        head = self.lines[first]
        if head.startswith("NOTE") and (len(head) == 4 or head[4] in _BLANKS):
            for index in range(first, end):
                self.refuse_arrow(index, "a NOTE comment")
            return
        keyword = head.rstrip(_BLANKS)
        if keyword in ("STYLE", "REGION"):
            if self.cues:
                raise self.fail(first, 1, f"a {keyword} block must come before the first cue")
            seen: set[str] = set()  # a region's settings may span lines; each name once
            for index in range(first + 1, end):
                self.refuse_arrow(index, f"a {keyword} block")
                if keyword == "REGION":
                    words = list(_words(self.lines[index], 0))
                    self.settings(index, words, REGION_SETTINGS, "region", seen)
            return
        self.cue(first, end)

    def cue(self, first: int, end: int) -> None:
        timing = first
        identifier = ""
        if ARROW not in self.lines[first]:
            if first + 1 >= end or ARROW not in self.lines[first + 1]:
                self.explain_missing_timing(first, end)
            identifier = self.lines[first]
            timing = first + 1
        start, stop, settings = self.timing(timing)
        if self.cues and start < self.cues[-1].start_ms:
            raise self.fail(
                timing, 1, "cues must be in order of start time (this one starts earlier)"
            )
        for index in range(timing + 1, end):
            self.refuse_arrow(index, "cue text", " (is an empty line missing before it?)")
        text = "\n".join(self.lines[timing + 1 : end])
        self.cues.append(Cue(start, stop, text, identifier, settings, timing + 1))

    def explain_missing_timing(self, first: int, end: int) -> None:
        # A line that begins with a timestamp is a timing line with a mistake: point at it.
        for index in range(first, min(first + 2, end)):
            word = next(_words(self.lines[index], 0), (0, ""))[1]
            if _TIME.fullmatch(word):
                self.timing(index)
        line = first + 1 if first + 1 < end else first
        raise self.fail(line, 1, "expected a cue timing line such as 00:00:01.000 --> 00:00:02.000")

    def timing(self, index: int) -> tuple[int, int, str]:
        """Start, end and settings of the timing line at ``index``."""
        line = self.lines[index]
        if line[:1] in (" ", "\t"):
            raise self.fail(index, 1, "a cue timing line must start with its start time")
        words = list(_words(line, 0))
        column, start_text = words[0]
        if start_text.startswith(ARROW):
            raise self.fail(index, 1, "the cue start time is missing")
        if ARROW in start_text:
            at = start_text.find(ARROW)
            raise self.fail(index, at + 1, f'put a space or tab on both sides of "{ARROW}"')
        start = read_vtt_time(start_text)
        if start is None:
            raise self.fail(index, 1, f"bad start time: {_time_mistake(start_text)}")
        if len(words) < 2:
            raise self.fail(index, len(start_text) + 1, f'expected "{ARROW}" after the start time')
        column, arrow = words[1]
        if arrow != ARROW:
            if arrow.startswith(ARROW):
                raise self.fail(
                    index, column + len(ARROW) + 1, f'put a space or tab after "{ARROW}"'
                )
            raise self.fail(index, column + 1, f'expected "{ARROW}" after the start time')
        if len(words) < 3:
            raise self.fail(index, column + len(ARROW) + 1, "the cue end time is missing")
        column, end_text = words[2]
        stop = read_vtt_time(end_text)
        if stop is None:
            raise self.fail(index, column + 1, f"bad end time: {_time_mistake(end_text)}")
        if stop <= start:
            raise self.fail(index, column + 1, "a cue must end after it starts")
        self.settings(index, words[3:], CUE_SETTINGS, "cue")
        settings_at = column + len(end_text)
        return start, stop, line[settings_at:].strip(_BLANKS)

    def settings(
        self,
        index: int,
        words: list[tuple[int, str]],
        known: dict[str, tuple[Callable[[str], bool], str]],
        what: str,
        seen: set[str] | None = None,
    ) -> None:
        """Check ``name:value`` words against ``known``; names in ``seen`` count as given."""
        seen = set() if seen is None else seen
        for column, word in words:
            name, colon, value = word.partition(":")
            if not colon or not name:
                raise self.fail(index, column + 1, f'"{word}" is not a setting like name:value')
            if name not in known:
                allowed = ", ".join(known)
                raise self.fail(
                    index, column + 1, f'"{name}" is not a {what} setting (use {allowed})'
                )
            valid, expected = known[name]
            if not valid(value):
                raise self.fail(
                    index, column + len(name) + 2, f"the {name} setting must be {expected}"
                )
            if name in seen:
                raise self.fail(index, column + 1, f"the {name} setting is given twice")
            seen.add(name)


def parse_webvtt(text: str) -> list[Cue]:
    """The cues of a WebVTT text; raises :class:`WebVttError` at the first problem."""
    reader = _Reader(text)
    reader.read()
    return reader.cues


def check_webvtt(text: str) -> VttCheck:
    """Check a WebVTT text without raising: its cues, and the first problem if there is one."""
    reader = _Reader(text)
    try:
        reader.read()
    except WebVttError as exc:
        return VttCheck(tuple(reader.cues), exc.problem)
    return VttCheck(tuple(reader.cues))


def decode_vtt(data: bytes) -> str:
    """The text of a WebVTT file's bytes (UTF-8, optional BOM kept for the signature check).

    Raises :class:`WebVttError` pointing at the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        lines = _BREAK.split(before)
        raise WebVttError(
            VttProblem(len(lines), len(lines[-1]) + 1, "the file is not UTF-8 text")
        ) from None


def check_webvtt_bytes(data: bytes) -> VttCheck:
    """:func:`check_webvtt` for a file's bytes (which must be UTF-8)."""
    try:
        text = decode_vtt(data)
    except WebVttError as exc:
        return VttCheck((), exc.problem)
    return check_webvtt(text)
