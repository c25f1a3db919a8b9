"""Which dropped files are videos: real files made by ffmpeg, crafted headers, folder walks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from studio.services.media_sniffing import (
    Candidate,
    MediaKind,
    Refusal,
    read_head,
    screen_file,
    screen_paths,
    sniff,
)

FFMPEG = shutil.which("ffmpeg")
pytestmark = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg not on PATH")

PICTURE = ["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-t", "0.4"]
H264 = ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
SOUND = ["-f", "lavfi", "-i", "sine=duration=0.4"]

# name -> (ffmpeg arguments, expected kind, expected format name)
MEDIA: dict[str, tuple[list[str], MediaKind, str]] = {
    "clip.mp4": ([*PICTURE, *H264], MediaKind.VIDEO, "MP4/QuickTime"),
    "clip.mov": ([*PICTURE, "-c:v", "mpeg4"], MediaKind.VIDEO, "MP4/QuickTime"),
    "clip.mkv": ([*PICTURE, "-c:v", "mpeg4"], MediaKind.VIDEO, "Matroska"),
    "clip.webm": ([*PICTURE, "-c:v", "libvpx"], MediaKind.VIDEO, "WebM"),
    "clip.avi": ([*PICTURE, "-c:v", "mpeg4"], MediaKind.VIDEO, "AVI"),
    "clip.ts": ([*PICTURE, "-c:v", "mpeg2video"], MediaKind.VIDEO, "MPEG-TS"),
    "clip.flv": ([*PICTURE, "-c:v", "flv"], MediaKind.VIDEO, "FLV"),
    "clip.ogv": ([*PICTURE, "-c:v", "libtheora"], MediaKind.VIDEO, "Ogg video"),
    "clip.mpg": ([*PICTURE, "-c:v", "mpeg1video"], MediaKind.VIDEO, "MPEG program stream"),
    "clip.wmv": ([*PICTURE, "-c:v", "wmv2"], MediaKind.VIDEO, "ASF/WMV"),
    "clip.y4m": ([*PICTURE, "-f", "yuv4mpegpipe"], MediaKind.VIDEO, "YUV4MPEG2"),
    "song.mp3": ([*SOUND, "-c:a", "libmp3lame"], MediaKind.AUDIO, "MP3 audio"),
    "song.m4a": ([*SOUND, "-c:a", "aac"], MediaKind.AUDIO, "MPEG-4 audio"),
    "song.wav": (SOUND, MediaKind.AUDIO, "WAV audio"),
    "song.ogg": ([*SOUND, "-c:a", "libvorbis"], MediaKind.AUDIO, "Ogg audio"),
    "song.flac": (SOUND, MediaKind.AUDIO, "FLAC audio"),
    "still.png": ([*PICTURE, "-frames:v", "1"], MediaKind.IMAGE, "PNG image"),
    "still.jpg": ([*PICTURE, "-frames:v", "1"], MediaKind.IMAGE, "JPEG image"),
}  # fmt: skip


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    assert FFMPEG is not None
    for name, (args, _, _) in MEDIA.items():
        subprocess.run(
            [FFMPEG, "-nostdin", "-loglevel", "error", "-y", *args, str(folder / name)],
            check=True,
            capture_output=True,
        )
    return folder


@pytest.mark.parametrize("name", sorted(MEDIA))
def test_real_files_are_recognised(media: Path, name: str) -> None:
    _, kind, format_name = MEDIA[name]
    found = sniff(read_head(media / name))
    assert (found.kind, found.format) == (kind, format_name)
    verdict = screen_file(media / name)
    assert isinstance(verdict, Candidate) == (kind is MediaKind.VIDEO)


def test_refusals_say_why(media: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shot list\n")
    empty = tmp_path / "empty.mp4"
    empty.touch()
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(bytes([0x00, 0x01, 0x02, 0xFE]) * 100)
    blob = tmp_path / "blob"
    blob.write_bytes(bytes([0x00, 0xFE, 0x03]) * 100)

    reasons = {
        path.name: verdict.reason
        for path in (media / "song.mp3", media / "still.png", notes, empty, junk, blob)
        if isinstance(verdict := screen_file(path), Refusal)
    }

    assert reasons == {
        "song.mp3": "not a video: audio only (MP3 audio)",
        "still.png": "not a video (PNG image)",
        "notes.txt": "not a video (text file)",
        "empty.mp4": "the file is empty (0 bytes)",
        "junk.mp4": "named .mp4, but the content is not a video format Studio recognises",
        "blob": "not a video file (no extension, unrecognised content)",
    }


def test_content_wins_over_the_name(media: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "holiday.mp4"
    shutil.copy(media / "still.png", disguised)
    renamed = tmp_path / "export.bin"
    shutil.copy(media / "clip.mkv", renamed)

    assert isinstance(screen_file(disguised), Refusal)
    assert screen_file(renamed) == Candidate(renamed, renamed.stat().st_size)


@pytest.mark.parametrize(
    ("head", "kind", "format_name"),
    [
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat", MediaKind.VIDEO, "QuickTime"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", MediaKind.IMAGE, "HEIF/AVIF image"),
        (bytes(4) + b"\x47" + bytes(191) + b"\x47" + bytes(191), MediaKind.VIDEO, "MPEG-TS (M2TS)"),
        (b"\x00\x00\x01\xba\x44\x00", MediaKind.VIDEO, "MPEG program stream"),
        (b"FLV\x01\x04\x00\x00\x00\x09", MediaKind.AUDIO, "FLV audio"),
        (b".RMF\x00\x00\x00\x12", MediaKind.VIDEO, "RealMedia"),
        (bytes.fromhex("060e2b34020501010d01020101020400"), MediaKind.VIDEO, "MXF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", MediaKind.IMAGE, "WebP image"),
        (b"%PDF-1.7\n", MediaKind.OTHER, "PDF document"),
        (b"PK\x03\x04\x14\x00", MediaKind.OTHER, "ZIP archive"),
        (b"\xff\xfb\x90\x64", MediaKind.AUDIO, "MPEG audio"),
        ("caf\u00e9 \u2014 menu".encode(), MediaKind.OTHER, "text file"),
        (bytes([0x00, 0xFE, 0x10, 0x80]), MediaKind.UNKNOWN, ""),
    ],
)
def test_crafted_headers(head: bytes, kind: MediaKind, format_name: str) -> None:
    assert (sniff(head).kind, sniff(head).format) == (kind, format_name)


def test_folders_are_walked_recursively(media: Path, tmp_path: Path) -> None:
    root = tmp_path / "shoot"
    (root / "day 1" / "cam b").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(media / "clip.mp4", root / "day 1" / "a.mp4")
    shutil.copy(media / "clip.webm", root / "day 1" / "cam b" / "b.webm")
    shutil.copy(media / "still.jpg", root / "day 1" / "cover.jpg")
    shutil.copy(media / "clip.mov", root / ".cache" / "hidden.mov")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "day 1" / "loop").symlink_to(root, target_is_directory=True)
    (tmp_path / "nothing").mkdir()
    loose = tmp_path / "loose.avi"
    shutil.copy(media / "clip.avi", loose)

    screening = screen_paths([root, loose, root / "day 1" / "a.mp4", tmp_path / "nothing"])

    assert [c.path for c in screening.accepted] == [
        root / "day 1" / "a.mp4",
        root / "day 1" / "cam b" / "b.webm",
        loose,
    ]
    assert [(r.path.name, r.reason) for r in screening.refused] == [
        ("cover.jpg", "not a video (JPEG image)"),
        ("nothing", "the folder holds no files"),
    ]


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    (refusal,) = screen_paths([tmp_path / "gone.mp4"]).refused
    assert refusal.reason.startswith("cannot be read")
