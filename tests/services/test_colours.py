"""Theme colour text: what is accepted, how it is written back, and what is refused (and why)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.services.colours import (
    ColourError,
    Rgba,
    colour_error,
    format_alpha,
    format_colour,
    normalise_colour,
    parse_colour,
)

# The API's documented defaults (contract 3.7): every one must read and write back unchanged.
API_DEFAULTS = (
    "rgba(255, 255, 255, 1)",
    "rgba(88, 131, 255, .95)",
    "rgba(255, 255, 255, .35)",
    "rgba(255, 255, 255, .2)",
    "rgba(0, 0, 0, .7)",
)


@pytest.mark.parametrize("text", API_DEFAULTS)
def test_api_values_round_trip_unchanged(text: str) -> None:
    assert normalise_colour(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#5883ff", Rgba(88, 131, 255, 1.0)),
        ("#5883FF", Rgba(88, 131, 255, 1.0)),
        ("  #fff ", Rgba(255, 255, 255, 1.0)),
        ("#00000080", Rgba(0, 0, 0, 0.5)),
        ("rgb(1, 2, 3)", Rgba(1, 2, 3, 1.0)),
        ("rgba(1,2,3,0.95)", Rgba(1, 2, 3, 0.95)),
        ("RGBA( 10 , 20 , 30 , .5 )", Rgba(10, 20, 30, 0.5)),
        ("rgba(10, 20, 30, 50%)", Rgba(10, 20, 30, 0.5)),
        ("rgba(0, 0, 0, 0)", Rgba(0, 0, 0, 0.0)),
    ],
)
def test_accepted_spellings(text: str, expected: Rgba) -> None:
    assert parse_colour(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#5883ff", "rgba(88, 131, 255, 1)"),
        ("rgba(1,2,3,0.950)", "rgba(1, 2, 3, .95)"),
        ("rgba(1, 2, 3, 0.7)", "rgba(1, 2, 3, .7)"),
        ("rgba(1, 2, 3, 0.07)", "rgba(1, 2, 3, .07)"),
        ("rgba(1, 2, 3, 1.0)", "rgba(1, 2, 3, 1)"),
        ("rgb(9, 8, 7)", "rgba(9, 8, 7, 1)"),
    ],
)
def test_written_the_way_the_api_writes_colours(text: str, expected: str) -> None:
    assert normalise_colour(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Enter a colour"),
        ("blue", "“blue” is not a colour"),
        ("rgba(300, 0, 0, 1)", "Red must be between 0 and 255, not 300"),
        ("rgba(0, -1, 0, 1)", "Green must be between 0 and 255, not -1"),
        ("rgba(0, 0, 1.5, 1)", "Blue must be a whole number"),
        ("rgba(0, 0, 0, 1.5)", "Alpha must be between 0 and 1"),
        ("rgba(0, 0, 0)", "rgba() needs four numbers"),
        ("rgb(0, 0, 0, .5)", "rgb() takes three numbers"),
        ("#12345", "is not a hex colour"),
        ("#gg0000", "is not a hex colour"),
        ("rgba(1, 2, 3, 4", "is not a colour"),
    ],
)
def test_refusals_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ColourError) as refused:
        parse_colour(text)
    assert words in str(refused.value)
    assert colour_error(text) == str(refused.value)


def test_colour_error_is_none_for_a_colour() -> None:
    assert colour_error("rgba(1, 2, 3, .5)") is None


@pytest.mark.parametrize(
    ("alpha", "text"), [(1.0, "1"), (0.0, "0"), (0.5, ".5"), (0.954, ".95"), (0.999, "1")]
)
def test_alpha_format(alpha: float, text: str) -> None:
    assert format_alpha(alpha) == text


@given(
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 100).map(lambda n: n / 100),
)
def test_any_colour_reads_back_what_was_written(
    red: int, green: int, blue: int, alpha: float
) -> None:
    colour = Rgba(red, green, blue, alpha)
    text = format_colour(colour)
    assert parse_colour(text) == colour
    assert normalise_colour(text) == text


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_hex_and_rgba_agree(red: int, green: int, blue: int) -> None:
    assert parse_colour(f"#{red:02x}{green:02x}{blue:02x}") == parse_colour(
        f"rgba({red}, {green}, {blue}, 1)"
    )
