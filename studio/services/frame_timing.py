"""Thumbnail timecodes and frame stepping, in whole milliseconds (Qt-free).

The thumbnail route takes ``hh:mm:ss.ms``; the studio writes milliseconds with three digits
(``00:01:05.040``), the form of api.video's own examples, so the frame the user chose is named
exactly. Frame ``n`` of a video at ``fps`` frames per second is shown from ``n / fps`` seconds;
stepping lands on the first whole millisecond of a frame, which is inside that frame whatever
the frame rate (at 25 fps the frames start on whole milliseconds anyway).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DEFAULT_FRAMERATE = 25.0  # when the encoder did not report one
_CLOCK = re.compile(r"(?:(?:([0-9]{1,3}):)?([0-9]{1,2}):)?([0-9]{1,5})(?:\.([0-9]{1,3}))?")
_FRAME_CLOCK = re.compile(r"([0-9]{1,3}):([0-9]{2}):([0-9]{2}):([0-9]{1,3})")
# Rounding slack: frame boundaries computed in floating point must not fall a hair short.
_EPSILON = 1e-6


def format_timecode(ms: int) -> str:
    """Milliseconds as ``hh:mm:ss.mmm`` (what the thumbnail route is sent)."""
    ms = max(0, int(ms))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_timecode(text: str, framerate: float | None = None) -> int | None:
    """Milliseconds of a typed timecode, or None when it is not one.

    Accepts ``hh:mm:ss.mmm``, ``mm:ss.mmm``, seconds (``12`` or ``12.5``) and, when the frame
    rate is known, ``hh:mm:ss:ff`` (a frame number within the second). Minutes and seconds
    after a colon must be below 60; the fraction is decimal (``.5`` is half a second).
    """
    text = text.strip()
    frames = _FRAME_CLOCK.fullmatch(text)
    if frames is not None:
        hours, minutes, seconds, frame = (int(part) for part in frames.groups())
        rate = framerate or DEFAULT_FRAMERATE
        if minutes > 59 or seconds > 59 or frame >= math.ceil(rate):
            return None
        whole = ((hours * 60 + minutes) * 60 + seconds) * 1000
        return whole + math.ceil(frame * 1000 / rate - _EPSILON)
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hours_text, minutes_text, seconds_text, fraction = match.groups()
    seconds = int(seconds_text)
    if minutes_text is not None and seconds > 59:
        return None
    minutes = int(minutes_text or 0)
    if hours_text is not None and minutes > 59:
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours_text or 0) * 60 + minutes) * 60 + seconds) * 1000 + millis


@dataclass(frozen=True)
class FrameClock:
    """Frame arithmetic for one video: its frame rate and length in milliseconds."""

    framerate: float = DEFAULT_FRAMERATE
    duration_ms: int = 0  # 0 while unknown: then positions are not clamped at the end

    @classmethod
    def of(cls, framerate: float | None, duration_ms: int | None) -> FrameClock:
        """A clock from what the API or the player reported (either may be missing)."""
        rate = framerate if framerate and framerate > 0 else DEFAULT_FRAMERATE
        return cls(rate, max(0, int(duration_ms or 0)))

    @property
    def frame_ms(self) -> float:
        """How long one frame shows, in milliseconds."""
        return 1000.0 / self.framerate

    @property
    def last_frame(self) -> int:
        """Index of the last frame (0 when the length is unknown)."""
        if self.duration_ms <= 0:
            return 0
        return max(0, self.frame_at(self.duration_ms - 1))

    def frame_at(self, ms: int) -> int:
        """Index of the frame showing at ``ms``."""
        return max(0, math.floor(ms * self.framerate / 1000 + _EPSILON))

    def position_of(self, frame: int) -> int:
        """The first whole millisecond of ``frame`` (clamped to the video)."""
        frame = max(0, frame)
        if self.duration_ms > 0:
            frame = min(frame, self.last_frame)
        return math.ceil(frame * 1000 / self.framerate - _EPSILON)

    def step(self, ms: int, frames: int) -> int:
        """The position ``frames`` frames after (or before, if negative) the one at ``ms``."""
        return self.position_of(self.frame_at(ms) + frames)

    def clamp(self, ms: int) -> int:
        """``ms`` kept within the video."""
        ms = max(0, int(ms))
        if self.duration_ms > 0:
            ms = min(ms, self.position_of(self.last_frame))
        return ms
