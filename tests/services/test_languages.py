"""The language table behind the caption language picker."""

from __future__ import annotations

import pytest

from studio.emulator.languages import parse_tag
from studio.services.languages import canonical_tag, describe, find_language, languages, search


def test_tags_are_unique_and_every_one_is_well_formed() -> None:
    tags = [language.tag for language in languages()]
    assert len(tags) == len(set(tags)) > 100
    for tag in tags:
        assert canonical_tag(tag) == tag


def test_the_server_accepts_every_tag_the_picker_offers() -> None:
    for language in languages():
        parse_tag(language.tag)  # raises for a tag the (emulated) API refuses


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fr-ca", "fr-CA"), ("ZH-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"), (" en ", "en")],
)
def test_tags_are_put_in_their_usual_case(text: str, expected: str) -> None:
    assert canonical_tag(text) == expected


@pytest.mark.parametrize("text", ["", "e", "en_US", "english", "en-", "en-U", "fr-CA-x", "12"])
def test_malformed_tags_are_refused(text: str) -> None:
    assert canonical_tag(text) is None


def test_names_in_english_and_in_the_language() -> None:
    french = find_language("FR-ca")
    assert french is not None
    assert french.label == "French (Canada) — Français (Canada)"
    assert find_language("en").label == "English"  # type: ignore[union-attr]


def test_tags_outside_the_table_are_named_from_their_parts() -> None:
    assert describe("de-be").english == "German (Belgium)"
    assert describe("sr-Latn-RS").english == "Serbian (Latin, RS)"
    assert describe("xx").english == "xx"


def test_search_finds_tags_and_names_best_match_first() -> None:
    assert search("fr-CA")[0].tag == "fr-CA"
    assert search("portu")[0].tag == "pt"
    assert {language.tag for language in search("deutsch")} >= {"de", "de-AT", "de-CH"}
    assert search("日本")[0].tag == "ja"
    assert len(search("")) == len(languages())
