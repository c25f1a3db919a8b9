"""``DemoSeeder``: fills the offline demo project with a small, real library — once.

Everything goes through the real client (``studio/api``), so the sample videos are uploaded,
encoded and thumbnailed by the server like any upload. Re-runs add nothing: a marker file says
the work is done, and without it (a crash half-way) every item is looked up before it is made.
Without ffmpeg the videos are created without media, with a drawn thumbnail, and the report says
so.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..api import ApiError, ApiVideoClient
from ..api.models import (
    LiveStreamCreationPayload,
    Metadata,
    PlayerThemeCreationPayload,
    Video,
    VideoCreationPayload,
)
from .demo_samples import (
    CHAPTER_TITLES,
    LIVE_STREAM_NAME,
    PLAYER_THEME_NAME,
    SAMPLES,
    SEED_METADATA_KEY,
    SampleVideo,
    caption_vtt,
    chapters_vtt,
    ffmpeg_path,
    generate_clip,
)

log = logging.getLogger(__name__)

MARKER_FILE = "demo-seeded.json"
MARKER_VERSION = 1


@dataclass(frozen=True)
class SeedProgress:
    """How far seeding is: ``done`` of ``total`` steps, and what happens now."""

    done: int
    total: int
    message: str


@dataclass
class SeedReport:
    """What a run created (all zero when the library was already seeded)."""

    already_seeded: bool = False
    videos: int = 0
    sources: int = 0
    captions: int = 0
    chapters: int = 0
    players: int = 0
    live_streams: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be done, for the user

    @property
    def created(self) -> int:
        return (
            self.videos + self.sources + self.captions + self.chapters
            + self.players + self.live_streams
        )  # fmt: skip


ProgressCallback = Callable[[SeedProgress], None]


class DemoSeeder:
    """Seeds the demo library through ``client``; media and the marker live in ``folder``."""

    def __init__(
        self,
        client: ApiVideoClient,
        folder: Path,
        *,
        on_progress: ProgressCallback | None = None,
        on_video: Callable[[str], None] | None = None,
        ffmpeg: str | bool | None = True,
        samples: tuple[SampleVideo, ...] = SAMPLES,
    ) -> None:
        self.client = client
        self.folder = Path(folder)
        self.marker = self.folder / MARKER_FILE
        self._on_progress = on_progress
        self._on_video = on_video  # each new video's id, once its source is sent
        # True: look ffmpeg up on PATH; False/None: pretend it is missing; a str: that binary.
        self.ffmpeg = ffmpeg_path() if ffmpeg is True else (ffmpeg or None)
        self.samples = samples
        self._done = 0
        self._total = len(samples) + 2  # + player theme + live stream

    @property
    def seeded(self) -> bool:
        """True once a run completed (the marker exists)."""
        return self.marker.exists()

    async def seed(self) -> SeedReport:
        """Create whatever is missing; returns what was created."""
        report = SeedReport()
        if self.seeded:
            report.already_seeded = True
            return report
        if self.ffmpeg is None:
            report.notes.append(
                "ffmpeg was not found, so the sample videos have no media (no playback; "
                "thumbnails are drawn). Install ffmpeg and delete the demo folder to redo it."
            )
        self._step("Creating the demo player theme", advance=False)
        player_id = await self._player(report)
        self._step("Player theme ready")
        for sample in self.samples:
            self._step(f"Preparing “{sample.title}”", advance=False)
            try:
                await self._video(sample, player_id if sample.themed else None, report)
            except (ApiError, RuntimeError, OSError) as exc:
                # One failed sample must not stop the rest; the next run completes it.
                log.warning("demo sample %s failed: %s", sample.slug, exc)
                report.notes.append(f"“{sample.title}” could not be prepared: {exc}")
            self._step(f"“{sample.title}” added")
        await self._live_stream(player_id, report)
        self._step("Demo library ready")
        if not any("could not be prepared" in n for n in report.notes):
            await asyncio.to_thread(self._write_marker)
        return report

    # ---- steps --------------------------------------------------------------------------------

    def _step(self, message: str, *, advance: bool = True) -> None:
        if advance:
            self._done += 1
        if self._on_progress is not None:
            self._on_progress(SeedProgress(self._done, self._total, message))

    async def _player(self, report: SeedReport) -> str:
        async for theme in self.client.players.list(page_size=100):
            if theme.name == PLAYER_THEME_NAME:
                return theme.player_id
        theme = await self.client.players.create(
            PlayerThemeCreationPayload(
                name=PLAYER_THEME_NAME,
                link="rgba(255, 255, 255, 1)",
                link_hover="rgba(255, 179, 71, 1)",
                track_played="rgba(255, 179, 71, .95)",
                background_top="rgba(20, 24, 48, .75)",
                background_bottom="rgba(20, 24, 48, .75)",
            )
        )
        report.players += 1
        return theme.player_id

    async def _video(self, sample: SampleVideo, player_id: str | None, report: SeedReport) -> None:
        video = await self._find_video(sample)
        created = video is None
        if video is None:
            metadata = [Metadata(k, v) for k, v in sample.metadata.items()]
            metadata.append(Metadata(SEED_METADATA_KEY, sample.slug))
            payload = VideoCreationPayload(
                title=sample.title,
                description=sample.description,
                tags=list(sample.tags),
                metadata=metadata,
                public=sample.public,
            )
            if player_id is not None:
                payload.player_id = player_id
            video = await self.client.videos.create(payload)
            report.videos += 1
        await self._source(sample, video, created, report)
        if created and self._on_video is not None:
            self._on_video(video.video_id)
        existing = {c.srclang for c in await self.client.captions.list(video.video_id).all()}
        for language in sample.caption_languages:
            if language not in existing:
                vtt = caption_vtt(language, sample.title)
                await self.client.captions.upload(video.video_id, language, vtt)
                report.captions += 1
        if sample.chapters:
            chapters = await self.client.chapters.list(video.video_id).all()
            if not any(c.language == "en" for c in chapters):
                await self.client.chapters.upload(video.video_id, "en", chapters_vtt())
                report.chapters += 1

    async def _find_video(self, sample: SampleVideo) -> Video | None:
        found = self.client.videos.list(metadata={SEED_METADATA_KEY: sample.slug}, page_size=1)
        return await found.first()

    async def _source(
        self, sample: SampleVideo, video: Video, created: bool, report: SeedReport
    ) -> None:
        status = await self.client.videos.status(video.video_id)
        if status.ingest is not None and status.ingest.status not in ("", "missing"):
            return  # uploaded (or being ingested) already
        if self.ffmpeg is None:
            if created:
                image = await asyncio.to_thread(_drawn_thumbnail, sample)
                await self.client.videos.upload_thumbnail(
                    video.video_id, image, filename=f"{sample.slug}.png"
                )
            return
        self._step(f"Rendering “{sample.title}” with ffmpeg", advance=False)
        clip = await generate_clip(
            sample, self.folder / "samples" / f"{sample.slug}.mp4", self.ffmpeg
        )
        self._step(f"Uploading “{sample.title}”", advance=False)
        await self.client.uploads.upload(video.video_id, clip)
        report.sources += 1

    async def _live_stream(self, player_id: str, report: SeedReport) -> None:
        self._step("Creating the demo live stream", advance=False)
        async for stream in self.client.live_streams.list(name=LIVE_STREAM_NAME, page_size=100):
            if stream.name == LIVE_STREAM_NAME:
                return
        await self.client.live_streams.create(
            LiveStreamCreationPayload(name=LIVE_STREAM_NAME, public=True, player_id=player_id)
        )
        report.live_streams += 1

    def _write_marker(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        content = {
            "version": MARKER_VERSION,
            "samples": [s.slug for s in self.samples],
            "chapters": list(CHAPTER_TITLES),
        }
        tmp = self.marker.with_name(self.marker.name + ".tmp")
        tmp.write_text(json.dumps(content, indent=2))
        tmp.replace(self.marker)


def _drawn_thumbnail(sample: SampleVideo) -> bytes:
    """A 640x360 PNG with a two-colour gradient and the title (used when ffmpeg is missing)."""
    from PIL import Image, ImageDraw, ImageFont

    top, bottom = _palette(sample.slug)
    image = Image.new("RGB", (640, 360))
    draw = ImageDraw.Draw(image)
    for y in range(360):
        t = y / 359
        draw.line(
            [(0, y), (639, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    font = ImageFont.load_default(size=32)
    box = draw.textbbox((0, 0), sample.title, font=font)
    x = (640 - (box[2] - box[0])) // 2
    draw.text((x + 2, 282), sample.title, font=font, fill=(0, 0, 0))
    draw.text((x, 280), sample.title, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _palette(slug: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    palettes = [
        ((11, 61, 145), (33, 196, 168)),
        ((90, 45, 130), (255, 179, 71)),
        ((255, 95, 109), (255, 195, 113)),
        ((20, 24, 48), (88, 131, 255)),
    ]
    return palettes[sum(slug.encode()) % len(palettes)]
