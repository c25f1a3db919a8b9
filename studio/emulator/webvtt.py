"""A strict WebVTT parser (W3C WebVTT authoring rules), pure Python, no I/O.

Used by the emulator to refuse invalid caption/chapter files, and meant to be reused by the
studio GUI: :func:`parse` returns :class:`Cue` objects (start, end, text, id) and refuses
invalid input with a :class:`WebVTTError` naming the 1-based line and column that is wrong.

Accepted layout::

    [BOM]WEBVTT[ or tab + free text]
    [header lines, e.g. "Kind: captions" (legacy metadata, no "-->")]
    <blank line>
    blocks separated by blank lines:
      NOTE ...                   comment, anywhere
      STYLE / REGION ...         only before the first cue
      [identifier]               cue: optional id line, then the timing line,
      00:01.000 --> 00:02.500 [settings]
      payload lines (no "-->")

Timestamps are ``[hh+:]mm:ss.ttt`` (minutes and seconds 00-59, three-digit milliseconds);
a cue must end after it starts, and cues must be in start-time order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ARROW = "-->"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# WebVTT digits are ASCII only: re.ASCII keeps \d from matching other scripts' digits.
_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})$", re.ASCII)
_PERCENT = re.compile(r"^\d+(?:\.\d+)?%$", re.ASCII)
_LINE_NUMBER = re.compile(r"^-?\d+$", re.ASCII)
_WHITESPACE_RUN = re.compile(r"[ \t]+")
_NON_WHITESPACE_RUN = re.compile(r"[^ \t]+")

CUE_SETTINGS = ("vertical", "line", "position", "size", "align", "region")
REGION_SETTINGS = ("id", "width", "lines", "regionanchor", "viewportanchor", "scroll")


class WebVTTError(ValueError):
    """Why a text is not valid WebVTT, and where: 1-based ``line`` and ``column``."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(f"Line {line}, column {column}: {reason}")
        self.line = line
        self.column = column
        self.reason = reason


@dataclass
class Cue:
    """One timed cue. Times are integer milliseconds; ``id`` is "" when the cue has none."""

    start_ms: int
    end_ms: int
    text: str
    id: str = ""
    settings: dict[str, str] = field(default_factory=dict)
    line: int = field(default=0, compare=False)  # where the cue block starts in the file

    @property
    def start(self) -> float:
        """Start time in seconds."""
        return self.start_ms / 1000

    @property
    def end(self) -> float:
        """End time in seconds."""
        return self.end_ms / 1000


@dataclass
class WebVTT:
    """A parsed file: its cues in order, plus the non-cue parts kept for round trips."""

    cues: list[Cue] = field(default_factory=list)
    title: str = ""  # free text after "WEBVTT " on the signature line
    header: list[str] = field(default_factory=list)  # lines between signature and first blank
    notes: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    regions: list[dict[str, str]] = field(default_factory=list)


# ---- timestamps ------------------------------------------------------------------------------


def parse_timestamp(text: str) -> int:
    """``[hh:]mm:ss.ttt`` to milliseconds; ValueError with a reason when malformed."""
    m = _TIMESTAMP.match(text)
    if not m:
        raise ValueError(f'"{text}" is not a timestamp of the form [hh:]mm:ss.ttt')
    hours, minutes, seconds, millis = m.groups()
    if int(minutes) > 59:
        raise ValueError(f'minutes must be 00-59 in "{text}"')
    if int(seconds) > 59:
        raise ValueError(f'seconds must be 00-59 in "{text}"')
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def format_timestamp(ms: int, *, hours: bool = True) -> str:
    """Milliseconds to ``hh:mm:ss.ttt`` (or ``mm:ss.ttt`` when ``hours`` is False and < 1 h)."""
    if ms < 0:
        raise ValueError("a timestamp cannot be negative")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hrs, minutes = divmod(minutes, 60)
    if hrs or hours:
        return f"{hrs:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}.{millis:03d}"


# ---- settings --------------------------------------------------------------------------------


def _percent_ok(value: str) -> bool:
    return bool(_PERCENT.match(value)) and float(value[:-1]) <= 100


def _cue_setting_problem(name: str, value: str) -> str | None:
    """None when ``name:value`` is a valid cue setting, else the reason."""
    if name == "vertical":
        return None if value in ("rl", "lr") else 'vertical must be "rl" or "lr"'
    if name == "line":
        number, _, align = value.partition(",")
        if not (_LINE_NUMBER.match(number) or _percent_ok(number)):
            return "line must be an integer or a percentage of 0-100%"
        if "," in value and align not in ("start", "center", "end"):
            return 'the line alignment must be "start", "center" or "end"'
        return None
    if name == "position":
        number, _, align = value.partition(",")
        if not _percent_ok(number):
            return "position must be a percentage of 0-100%"
        if "," in value and align not in ("line-left", "center", "line-right"):
            return 'the position alignment must be "line-left", "center" or "line-right"'
        return None
    if name == "size":
        return None if _percent_ok(value) else "size must be a percentage of 0-100%"
    if name == "align":
        if value in ("start", "center", "end", "left", "right"):
            return None
        return 'align must be "start", "center", "end", "left" or "right"'
    if name == "region":
        return None if value else "region needs an identifier"
    return f'unknown cue setting "{name}" (allowed: {", ".join(CUE_SETTINGS)})'


def _anchor_ok(value: str) -> bool:
    x, sep, y = value.partition(",")
    return bool(sep) and _percent_ok(x) and _percent_ok(y)


def _region_setting_problem(name: str, value: str) -> str | None:
    if name == "id":
        return None if value and ARROW not in value else "a region id cannot be empty"
    if name == "width":
        return None if _percent_ok(value) else "width must be a percentage of 0-100%"
    if name == "lines":
        return None if value.isdigit() else "lines must be a non-negative integer"
    if name in ("regionanchor", "viewportanchor"):
        return None if _anchor_ok(value) else f"{name} must be two percentages like 0%,100%"
    if name == "scroll":
        return None if value == "up" else 'scroll must be "up"'
    return f'unknown region setting "{name}" (allowed: {", ".join(REGION_SETTINGS)})'


def _settings(text: str, offset: int, line_no: int, *, region: bool) -> dict[str, str]:
    """Parse whitespace-separated ``name:value`` items; ``offset`` is the 0-based column start."""
    out: dict[str, str] = {}
    for token in _NON_WHITESPACE_RUN.finditer(text):
        column = offset + token.start() + 1
        name, sep, value = token.group().partition(":")
        if not sep or not name:
            raise WebVTTError(line_no, column, f'"{token.group()}" is not a name:value setting')
        problem = (
            _region_setting_problem(name, value) if region else _cue_setting_problem(name, value)
        )
        if problem:
            raise WebVTTError(line_no, column, problem)
        if name in out:
            raise WebVTTError(line_no, column, f'the setting "{name}" is given twice')
        out[name] = value
    return out


# ---- blocks ----------------------------------------------------------------------------------


def _is_keyword_line(line: str, keyword: str) -> bool:
    """``NOTE``, ``NOTE text``; ``STYLE`` / ``REGION`` alone (trailing blanks allowed)."""
    if not line.startswith(keyword):
        return False
    rest = line[len(keyword) :]
    if keyword == "NOTE":
        return rest == "" or rest[0] in " \t"
    return rest.strip(" \t") == ""


def _no_arrow(line: str, line_no: int, what: str, hint: str = "") -> None:
    at = line.find(ARROW)
    if at >= 0:
        raise WebVTTError(line_no, at + 1, f'{what} cannot contain "-->"{hint}')


def _looks_like_timing(line: str) -> bool:
    first = _NON_WHITESPACE_RUN.match(line)
    return first is not None and bool(_TIMESTAMP.match(first.group()))


def _timing(line: str, line_no: int) -> tuple[int, int, dict[str, str]]:
    """``start --> end [settings]`` with at least one space or tab around the arrow."""
    lead = len(line) - len(line.lstrip(" \t"))
    if lead:
        raise WebVTTError(line_no, 1, "a cue timing line cannot start with whitespace")
    start_token = _NON_WHITESPACE_RUN.match(line)
    assert start_token is not None  # the line contains "-->", so it is not blank
    start_text = start_token.group()
    if start_text.startswith(ARROW):
        raise WebVTTError(line_no, 1, "missing the cue start time")
    if ARROW in start_text:
        raise WebVTTError(
            line_no, start_text.find(ARROW) + 1, 'put a space or tab before and after "-->"'
        )
    try:
        start = parse_timestamp(start_text)
    except ValueError as exc:
        raise WebVTTError(line_no, 1, f"bad cue start time: {exc}") from None
    pos = start_token.end()
    gap = _WHITESPACE_RUN.match(line, pos)
    if not gap:
        raise WebVTTError(line_no, pos + 1, 'expected whitespace, then "-->"')
    pos = gap.end()
    if not line.startswith(ARROW, pos):
        raise WebVTTError(line_no, pos + 1, 'expected "-->" after the cue start time')
    pos += len(ARROW)
    gap = _WHITESPACE_RUN.match(line, pos)
    if not gap:
        raise WebVTTError(line_no, pos + 1, 'expected a space or tab after "-->"')
    pos = gap.end()
    end_token = _NON_WHITESPACE_RUN.match(line, pos)
    if not end_token:
        raise WebVTTError(line_no, pos + 1, "missing the cue end time")
    try:
        end = parse_timestamp(end_token.group())
    except ValueError as exc:
        raise WebVTTError(line_no, pos + 1, f"bad cue end time: {exc}") from None
    if end <= start:
        raise WebVTTError(line_no, pos + 1, "the cue end time must be after its start time")
    rest = line[end_token.end() :]
    settings = _settings(rest, end_token.end(), line_no, region=False)
    return start, end, settings


def _signature(lines: list[str]) -> tuple[str, int]:
    """Check line 1; returns (title, index of the first line after the header)."""
    first = lines[0]
    if first.startswith("\ufeff"):
        first = first[1:]
    if not first.startswith("WEBVTT"):
        raise WebVTTError(1, 1, 'a WebVTT file must start with "WEBVTT"')
    rest = first[len("WEBVTT") :]
    if rest and rest[0] not in " \t":
        raise WebVTTError(1, 7, '"WEBVTT" must be followed by a space, a tab or a line break')
    if ARROW in rest:
        raise WebVTTError(1, 7 + rest.find(ARROW), 'the signature line cannot contain "-->"')
    return rest.strip(" \t"), 1


def parse(text: str) -> WebVTT:
    """Parse WebVTT text (str); raise :class:`WebVTTError` on the first invalid spot."""
    lines = _LINE_BREAK.split(text)
    title, i = _signature(lines)
    doc = WebVTT(title=title)
    while i < len(lines) and lines[i] != "":
        _no_arrow(lines[i], i + 1, "a header line", " (leave a blank line before the first cue)")
        doc.header.append(lines[i])
        i += 1
    last_start = -1
    while True:
        while i < len(lines) and lines[i] == "":
            i += 1
        if i >= len(lines):
            return doc
        block_start = i
        block: list[str] = []
        while i < len(lines) and lines[i] != "":
            block.append(lines[i])
            i += 1
        head = block[0]
        line_no = block_start + 1
        if _is_keyword_line(head, "NOTE"):
            for k, line in enumerate(block):
                _no_arrow(line, line_no + k, "a NOTE comment")
            doc.notes.append("\n".join(block)[4:].lstrip(" \t\n"))
            continue
        for keyword in ("STYLE", "REGION"):
            if _is_keyword_line(head, keyword):
                if last_start >= 0:
                    raise WebVTTError(line_no, 1, f"a {keyword} block must come before all cues")
                for k, line in enumerate(block[1:], start=1):
                    _no_arrow(line, line_no + k, f"a {keyword} block")
                if keyword == "STYLE":
                    doc.styles.append("\n".join(block[1:]))
                else:
                    region: dict[str, str] = {}
                    for k, line in enumerate(block[1:], start=1):
                        for name, value in _settings(line, 0, line_no + k, region=True).items():
                            if name in region:
                                raise WebVTTError(
                                    line_no + k, 1, f'the setting "{name}" is given twice'
                                )
                            region[name] = value
                    doc.regions.append(region)
                break
        else:
            cue_id = ""
            timing_at = 0
            if ARROW not in head:
                if len(block) == 1 or ARROW not in block[1]:
                    # A line that starts like a timing line is a broken timing: say what is wrong.
                    for k, line in enumerate(block[:2]):
                        if _looks_like_timing(line):
                            _timing(line, line_no + k)
                    raise WebVTTError(
                        line_no + 1 if len(block) > 1 else line_no,
                        1,
                        "expected a cue timing line like 00:00:01.000 --> 00:00:02.000",
                    )
                cue_id = head
                timing_at = 1
            start, end, settings = _timing(block[timing_at], line_no + timing_at)
            if start < last_start:
                raise WebVTTError(
                    line_no + timing_at, 1, "cues must be in start-time order (this one is earlier)"
                )
            payload = block[timing_at + 1 :]
            for k, line in enumerate(payload, start=timing_at + 1):
                _no_arrow(line, line_no + k, "cue text", " (is a blank line missing before it?)")
            last_start = start
            doc.cues.append(Cue(start, end, "\n".join(payload), cue_id, settings, line_no))


def parse_bytes(data: bytes) -> WebVTT:
    """Parse a file's bytes: UTF-8 (a BOM is allowed); bad bytes are reported by position."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = len(_LINE_BREAK.findall(before.decode("utf-8", "replace"))) + 1
        last_break = max(before.rfind(b"\n"), before.rfind(b"\r"))
        column = len(before[last_break + 1 :].decode("utf-8", "replace")) + 1
        raise WebVTTError(line, column, "the file is not valid UTF-8") from None
    return parse(text)


def serialize(cues: list[Cue], *, title: str = "") -> str:
    """A WebVTT text for ``cues`` (always with hours in timestamps)."""
    out = ["WEBVTT" + (f" {title}" if title else ""), ""]
    for cue in cues:
        if cue.id:
            out.append(cue.id)
        timing = f"{format_timestamp(cue.start_ms)} {ARROW} {format_timestamp(cue.end_ms)}"
        if cue.settings:
            timing += " " + " ".join(f"{k}:{v}" for k, v in cue.settings.items())
        out.append(timing)
        if cue.text:
            out.append(cue.text)
        out.append("")
    return "\n".join(out)
