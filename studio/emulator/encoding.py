"""The simulated encoding timeline of a video: which qualities exist and where each one stands.

Once a source is complete, every rendition of the ladder (HLS 240p up to the source's height,
then one MP4) moves ``waiting -> encoding -> encoded``, one ``encoding_step_s`` per rendition, in
order. The timeline is computed from timestamps whenever someone asks (no timers). It is only an
upper bound: a rendition never reports ``encoded`` before its real files exist (``media_state``
says what the media pipeline has produced; the MP4 also waits for the HLS, so that "playable"
always means the HLS manifest is served), and all of them report ``failed`` when the source could
not be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (name, lines) of api.video's ladder; the enum the Python client accepts (contract 1.11).
LADDER: tuple[tuple[str, int], ...] = (
    ("240p", 240),
    ("360p", 360),
    ("480p", 480),
    ("720p", 720),
    ("1080p", 1080),
    ("2160p", 2160),
)
# Height assumed when the source cannot be probed (no ffprobe): a common 720p ladder.
ASSUMED_LINES = 720


@dataclass(frozen=True)
class MediaState:
    """What the media pipeline has really produced for one video."""

    started_at: float  # epoch seconds when the source became complete
    lines: int | None  # min(width, height) of the source, None when unknown
    probed: bool  # metadata known (or known to be unavailable)
    hls_ready: bool
    mp4_ready: bool
    failed: bool
    hls_expected: bool = True  # False when no HLS will ever be packaged (no media tools)

    @classmethod
    def from_doc(cls, media: dict[str, Any]) -> MediaState:
        return cls(
            started_at=float(media.get("startedAt", 0.0)),
            lines=media.get("lines"),
            probed=bool(media.get("probed")),
            hls_ready=bool(media.get("renditions")),
            mp4_ready=bool(media.get("mp4")),
            failed=media.get("state") == "failed",
            hls_expected=media.get("packaging", "hls") == "hls",
        )


def ladder(lines: int | None) -> list[str]:
    """HLS qualities for a source of ``lines`` lines: every step up to it (at least 240p)."""
    height = lines or ASSUMED_LINES
    names = [name for name, step in LADDER if step <= height]
    return names or [LADDER[0][0]]


def qualities(state: MediaState, now: float, step_s: float, *, mp4: bool) -> list[dict[str, str]]:
    """The ``encoding.qualities`` list at time ``now`` (empty until the source is probed)."""
    if not state.probed and not state.failed:
        return []
    names = ladder(state.lines)
    plan = [("hls", name) for name in names]
    if mp4:
        plan.append(("mp4", names[-1]))
    elapsed = now - state.started_at
    out = []
    for index, (kind, name) in enumerate(plan):
        if state.failed:
            status = "failed"
        elif elapsed < index * step_s:
            status = "waiting"
        elif elapsed < (index + 1) * step_s:
            status = "encoding"
        else:
            status = "encoded" if _ready(state, kind) else "encoding"
        out.append({"type": kind, "quality": name, "status": status})
    return out


def _ready(state: MediaState, kind: str) -> bool:
    if kind == "hls":
        return state.hls_ready
    # The MP4 never makes a video playable before its HLS exists (contract 6.3).
    return state.mp4_ready and (state.hls_ready or not state.hls_expected)


def playable(current: list[dict[str, str]]) -> bool:
    """Playable as soon as one rendition is encoded (contract 3.2 V6)."""
    return any(q["status"] == "encoded" for q in current)


def hls_playable(current: list[dict[str, str]]) -> bool:
    return any(q["type"] == "hls" and q["status"] == "encoded" for q in current)
