"""Settings: defaults, TOML round trip, range clamping, bad files, no secrets."""

from __future__ import annotations

from pathlib import Path

from studio.services.settings import LIMITS, THEMES, Settings


def test_defaults_match_the_documented_values(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "missing.toml")
    assert settings.chunk_size_mib == 50
    assert settings.parts_in_flight == 1
    assert settings.parallel_files == 2
    assert settings.theme == "system"
    assert settings.cache_size_mib == 512
    assert settings.onboarded is False
    assert settings.chunk_size_bytes == 50 * 1024 * 1024


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    settings = Settings(path=path)
    settings.chunk_size_mib = 96
    settings.parts_in_flight = 3
    settings.parallel_files = 4
    settings.theme = "dark"
    settings.cache_size_mib = 1024
    settings.onboarded = True
    settings.save()

    again = Settings.load(path)
    assert again.as_dict() == settings.as_dict()
    assert again.path == path
    assert 'theme = "dark"' in path.read_text()  # a file people can read and edit


def test_out_of_range_values_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "chunk_size_mib = 1\nparts_in_flight = 99\nparallel_files = 0\ncache_size_mib = 999999\n"
    )
    settings = Settings.load(path)
    assert settings.chunk_size_mib == LIMITS["chunk_size_mib"][0]
    assert settings.parts_in_flight == LIMITS["parts_in_flight"][1]
    assert settings.parallel_files == LIMITS["parallel_files"][0]
    assert settings.cache_size_mib == LIMITS["cache_size_mib"][1]

    settings.chunk_size_mib = 500
    settings.save()
    assert Settings.load(path).chunk_size_mib == LIMITS["chunk_size_mib"][1]


def test_wrong_types_and_unknown_theme_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('chunk_size_mib = "big"\ntheme = "neon"\nonboarded = 1\nparallel_files = 3\n')
    settings = Settings.load(path)
    assert settings.chunk_size_mib == 50
    assert settings.theme == "system"
    assert settings.onboarded is False
    assert settings.parallel_files == 3  # the valid value is kept


def test_a_corrupt_file_gives_defaults_and_is_repaired_on_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("this is [not toml")
    settings = Settings.load(path)
    assert settings.as_dict() == Settings().as_dict()
    settings.theme = "light"
    settings.save()
    assert Settings.load(path).theme == "light"


def test_every_theme_survives_a_round_trip(tmp_path: Path) -> None:
    for theme in THEMES:
        path = tmp_path / f"{theme}.toml"
        Settings(path=path, theme=theme).save()
        assert Settings.load(path).theme == theme


def test_in_memory_settings_write_nothing(tmp_path: Path) -> None:
    Settings(theme="dark").save()
    assert list(tmp_path.iterdir()) == []
