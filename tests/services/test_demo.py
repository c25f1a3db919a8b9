"""Demo seeding against an in-process emulator: real media, captions, chapters, theme, live."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from studio.api import ApiVideoClient
from studio.emulator.server import EmulatorServer
from studio.services.demo import DemoSeeder, SeedProgress
from studio.services.demo_samples import (
    LIVE_STREAM_NAME,
    PLAYER_THEME_NAME,
    SAMPLES,
    SEED_METADATA_KEY,
)

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


async def demo_videos(client: ApiVideoClient) -> list:
    videos = await client.videos.list(page_size=100).all()
    return [v for v in videos if any(m.key == SEED_METADATA_KEY for m in v.metadata)]


@needs_ffmpeg
async def test_seeding_builds_the_library_once(
    client: ApiVideoClient, emulator: EmulatorServer, tmp_path: Path
) -> None:
    progress: list[SeedProgress] = []
    seeder = DemoSeeder(client, tmp_path, on_progress=progress.append)
    report = await seeder.seed()

    assert not report.already_seeded and report.notes == []
    assert report.videos == len(SAMPLES) == 6
    assert report.sources == len(SAMPLES)
    assert report.captions == sum(len(s.caption_languages) for s in SAMPLES)
    assert report.chapters == sum(1 for s in SAMPLES if s.chapters)
    assert report.players == 1 and report.live_streams == 1

    # Progress only moves forward and ends complete.
    done = [p.done for p in progress]
    assert done == sorted(done) and progress[-1].done == progress[-1].total
    assert progress[-1].message == "Demo library ready"

    videos = {v.title: v for v in await demo_videos(client)}
    assert set(videos) == {s.title for s in SAMPLES}
    theme = next(t for t in await client.players.list().all() if t.name == PLAYER_THEME_NAME)
    for sample in SAMPLES:
        video = videos[sample.title]
        assert video.tags == list(sample.tags)
        assert video.public is sample.public
        assert video.player_id == (theme.player_id if sample.themed else None)
        captions = await client.captions.list(video.video_id).all()
        assert sorted(c.srclang for c in captions) == sorted(sample.caption_languages)
        chapters = await client.chapters.list(video.video_id).all()
        assert [c.language for c in chapters] == (["en"] if sample.chapters else [])
        # The real source landed on the server, byte for byte.
        clip = tmp_path / "samples" / f"{sample.slug}.mp4"
        source = await asyncio.to_thread(_source_info, emulator, video.video_id)
        assert source["size"] == clip.stat().st_size > 10_000

    streams = await client.live_streams.list(name=LIVE_STREAM_NAME).all()
    assert [(s.name, s.player_id) for s in streams] == [(LIVE_STREAM_NAME, theme.player_id)]

    # The server encodes the uploads: they become playable, with a thumbnail.
    first = videos[SAMPLES[0].title]
    deadline = time.monotonic() + 60
    while not (await client.videos.status(first.video_id)).playable:
        assert time.monotonic() < deadline, "the sample never became playable"
        await asyncio.sleep(0.2)
    refreshed = await client.videos.get(first.video_id)
    assert refreshed.assets is not None and refreshed.assets.thumbnail

    # A second run adds nothing (marker)...
    again = await DemoSeeder(client, tmp_path).seed()
    assert again.already_seeded and again.created == 0
    # ...and neither does a run that lost the marker (every item is looked up first).
    (tmp_path / "demo-seeded.json").unlink()
    relooked = await DemoSeeder(client, tmp_path).seed()
    assert not relooked.already_seeded and relooked.created == 0
    assert len(await demo_videos(client)) == len(SAMPLES)
    assert len(await client.live_streams.list(name=LIVE_STREAM_NAME).all()) == 1


async def test_without_ffmpeg_it_seeds_what_it_can_and_says_so(
    other_client: ApiVideoClient, tmp_path: Path
) -> None:
    report = await DemoSeeder(other_client, tmp_path, ffmpeg=False).seed()
    assert report.videos == len(SAMPLES)
    assert report.sources == 0
    assert report.captions > 0 and report.chapters > 0
    assert report.players == 1 and report.live_streams == 1
    assert any("ffmpeg was not found" in note for note in report.notes)
    videos = await demo_videos(other_client)
    assert len(videos) == len(SAMPLES)
    for video in videos:
        status = await other_client.videos.status(video.video_id)
        assert status.ingest is None  # no media was sent
        assert video.assets is not None and video.assets.thumbnail  # a drawn one instead
    assert (await DemoSeeder(other_client, tmp_path, ffmpeg=False).seed()).already_seeded


def _source_info(emulator: EmulatorServer, video_id: str) -> dict:
    import httpx

    response = httpx.get(f"{emulator.url}/_emulator/videos/{video_id}/source", timeout=10)
    response.raise_for_status()
    return response.json()
