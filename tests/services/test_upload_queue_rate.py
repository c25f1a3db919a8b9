"""The queue's smoothed speed and time left (``TransferRate``), fed with synthetic samples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.services.transfer_rate import TransferRate

MB = 1_000_000


def test_a_steady_transfer_reads_its_speed_and_time_left() -> None:
    rate = TransferRate()
    assert rate.bytes_per_second is None and rate.seconds_left(MB) is None
    for second in range(6):
        rate.sample(second * 10 * MB, float(second))
    assert rate.bytes_per_second == pytest.approx(10 * MB)
    assert rate.seconds_left(50 * MB) == pytest.approx(5.0)


def test_a_change_of_bandwidth_is_followed_smoothly() -> None:
    rate = TransferRate(time_constant=3.0)
    sent, now = 0, 0.0
    for _ in range(10):  # 10 MB/s for 10 s
        sent, now = sent + 10 * MB, now + 1
        rate.sample(sent, now)
    sent, now = sent + 2 * MB, now + 1  # one slow second
    rate.sample(sent, now)
    after_one = rate.bytes_per_second
    assert after_one is not None and 2 * MB < after_one < 10 * MB  # not a jump
    for _ in range(20):
        sent, now = sent + 2 * MB, now + 1
        rate.sample(sent, now)
    assert rate.bytes_per_second == pytest.approx(2 * MB, rel=0.01)  # but it gets there


def test_progress_stepping_back_never_yields_a_negative_speed() -> None:
    rate = TransferRate()
    rate.sample(0, 0.0)
    rate.sample(8 * MB, 1.0)
    rate.sample(3 * MB, 1.5)  # a part failed and starts again from zero
    rate.sample(7 * MB, 2.5)
    assert rate.bytes_per_second is not None and rate.bytes_per_second > 0


def test_reset_forgets_the_speed() -> None:
    rate = TransferRate()
    rate.sample(0, 0.0)
    rate.sample(MB, 1.0)
    rate.reset()
    assert rate.bytes_per_second is None
    rate.sample(5 * MB, 10.0)
    assert rate.bytes_per_second is None  # one sample after a reset says nothing yet


@given(
    st.lists(
        st.tuples(st.integers(0, 10**9), st.floats(0.001, 5.0, allow_nan=False)),
        min_size=2,
        max_size=50,
    )
)
def test_the_speed_is_never_negative(samples: list[tuple[int, float]]) -> None:
    rate = TransferRate()
    now = 0.0
    for sent, step in samples:
        now += step
        rate.sample(sent, now)
        speed = rate.bytes_per_second
        assert speed is None or speed >= 0
        left = rate.seconds_left(MB)
        assert left is None or left > 0
