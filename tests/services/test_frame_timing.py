"""Timecodes sent to the thumbnail route and frame stepping at any frame rate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.services.frame_timing import FrameClock, format_timecode, parse_timecode


def test_timecodes_are_written_to_the_millisecond() -> None:
    assert format_timecode(0) == "00:00:00.000"
    assert format_timecode(3_723_456) == "01:02:03.456"
    assert format_timecode(-5) == "00:00:00.000"


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("01:02:03.456", 3_723_456),
        ("1:02:03.4", 3_723_400),
        ("02:03.5", 123_500),
        ("12", 12_000),
        ("12.25", 12_250),
        ("00:00:02:05", 2200),  # frame 5 of second 2 at 25 fps
    ],
)
def test_typed_timecodes_are_read(text: str, ms: int) -> None:
    assert parse_timecode(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "00:61.000", "01:60:00.000", "1.2.3", "00:00:01:25"])
def test_nonsense_is_not_a_timecode(text: str) -> None:
    assert parse_timecode(text) is None


def test_frame_numbers_use_the_frame_rate() -> None:
    assert parse_timecode("00:00:01:15", framerate=30) == 1500
    assert parse_timecode("00:00:00:01", framerate=30000 / 1001) == 34  # 33.37 ms, rounded up


def test_stepping_at_25_fps_lands_on_exact_frame_starts() -> None:
    clock = FrameClock.of(25, 4000)
    assert clock.step(0, 1) == 40
    assert clock.step(2000, 1) == 2040
    assert clock.step(2039, 1) == 2040  # from inside frame 50
    assert clock.step(40, -1) == 0
    assert clock.step(0, -1) == 0
    assert clock.last_frame == 99
    assert clock.step(3960, 5) == 3960  # not past the last frame


def test_an_unknown_length_does_not_clamp() -> None:
    clock = FrameClock.of(None, None)
    assert clock.framerate == 25
    assert clock.step(10_000_000, 1) == 10_000_040


@given(st.sampled_from([23.976, 24, 25, 29.97, 30, 50, 59.94, 60, 120]), st.integers(0, 500_000))
def test_every_frame_position_is_inside_its_frame(rate: float, frame: int) -> None:
    clock = FrameClock(rate)
    position = clock.position_of(frame)
    assert clock.frame_at(position) == frame
    assert clock.step(position, 1) > position
    assert clock.frame_at(clock.step(position, 1)) == frame + 1
    assert clock.step(clock.step(position, 1), -1) == position
