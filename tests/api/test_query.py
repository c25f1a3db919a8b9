"""Query-string serialization (contract 1.8), as it leaves httpx on the wire."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

import httpx
from hypothesis import given
from hypothesis import strategies as st

from studio.api.models import Breakdown
from studio.api.query import Query, format_datetime, segment


def wire_pairs(query: Query) -> list[tuple[str, str]]:
    """What a server decodes from the URL httpx builds for ``query``."""
    url = httpx.URL("http://h/videos", params=query.pairs())
    return parse_qsl(urlsplit(str(url)).query, keep_blank_values=True)


def test_each_shape_reaches_the_server_in_api_video_form() -> None:
    query = (
        Query()
        .add("title", "a b&c")
        .add_list("tags", ["x", "y z"])
        .add_map("metadata", {"Key 1": "v&w"})
        .add_deep("filterBy", {"country": ["FR", "DE"], "tag": "t", "mediaType": None})
        .add("unique", False)
        .add("mp4", True)
        .add("pageSize", 10)
        .add("skipped", None)
    )
    assert wire_pairs(query) == [
        ("title", "a b&c"),
        ("tags[]", "x"),
        ("tags[]", "y z"),
        ("metadata[Key 1]", "v&w"),
        ("filterBy[country][]", "FR"),
        ("filterBy[country][]", "DE"),
        ("filterBy[tag]", "t"),
        ("unique", "false"),
        ("mp4", "true"),
        ("pageSize", "10"),
    ]


def test_brackets_are_percent_encoded_like_the_official_clients() -> None:
    url = httpx.URL("http://h/v", params=Query().add_list("tags", ["a"]).pairs())
    assert url.query == b"tags%5B%5D=a"


def test_datetimes_go_out_as_utc_with_z() -> None:
    paris = timezone(timedelta(hours=1))
    assert format_datetime(datetime(2024, 2, 5, 1, 0, 0, 999, tzinfo=paris)) == (
        "2024-02-05T00:00:00Z"
    )
    assert format_datetime(datetime(2024, 2, 5, 8, 30)) == "2024-02-05T08:30:00Z"  # naive = UTC
    assert Query().add("from", date(2024, 2, 5)).pairs() == [("from", "2024-02-05")]


@given(moment=st.datetimes(timezones=st.just(UTC)))
def test_datetime_text_parses_back_to_the_same_second(moment: datetime) -> None:
    text = format_datetime(moment)
    assert text.endswith("Z")
    assert datetime.fromisoformat(text) == moment.replace(microsecond=0)


def test_enums_send_their_value_and_ids_are_one_path_segment() -> None:
    assert Query().add("breakdown", Breakdown.DEVICE_TYPE).pairs() == [("breakdown", "device-type")]
    assert segment("a/b c?") == "a%2Fb%20c%3F"


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
def test_metadata_maps_survive_the_round_trip(mapping: dict[str, str]) -> None:
    # Keys with brackets would be ambiguous for any server; api.video keys never contain them.
    mapping = {k: v for k, v in mapping.items() if "[" not in k and "]" not in k}
    decoded = dict(
        (key[len("metadata[") : -1], value)
        for key, value in wire_pairs(Query().add_map("metadata", mapping))
    )
    assert decoded == mapping
