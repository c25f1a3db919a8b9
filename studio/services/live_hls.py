"""Probe a live stream's HLS playlist: reachable? how old is its newest segment? ended?

api.video (and the emulator) answer ``assets.hls`` with 202 and no body while nothing is
playable (contract 6.3), then with a playlist. A master playlist is followed to its first
variant. The newest segment's age is measured from ``EXT-X-PROGRAM-DATE-TIME`` when the
playlist has it (end of the newest segment versus our clock); otherwise from the moment this
prober first saw that segment appear, which needs two probes to mean anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import httpx

PDT_TAG = "#EXT-X-PROGRAM-DATE-TIME:"


@dataclass(frozen=True)
class HlsProbe:
    """What one look at the playlist found."""

    reachable: bool  # a playlist was served (HTTP 200, #EXTM3U)
    pending: bool = False  # answered "not playable yet" (202 / empty body)
    ended: bool = False  # #EXT-X-ENDLIST: the broadcast is over
    segments: int = 0
    newest_segment_age_s: float | None = None
    age_source: str = ""  # "program-date-time" or "first-seen"
    target_duration_s: float | None = None
    status_code: int | None = None
    error: str = ""  # why it could not be read, for the user


@dataclass(frozen=True)
class MediaPlaylist:
    """The parts of a media playlist the probe needs."""

    target_duration_s: float | None
    media_sequence: int
    segment_uris: list[str]
    newest_end: datetime | None  # program date-time of the newest segment's end
    ended: bool


def parse_media_playlist(text: str) -> MediaPlaylist:
    """Read segments, program date-times and ENDLIST from a media playlist."""
    target: float | None = None
    sequence = 0
    uris: list[str] = []
    clock: datetime | None = None  # date-time of the next segment's start
    duration = 0.0
    newest_end: datetime | None = None
    ended = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#EXT-X-TARGETDURATION:"):
            target = _number(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            sequence = int(_number(line.split(":", 1)[1]) or 0)
        elif line.startswith(PDT_TAG):
            clock = _datetime(line[len(PDT_TAG) :])
        elif line.startswith("#EXTINF:"):
            duration = _number(line[len("#EXTINF:") :].split(",", 1)[0]) or 0.0
        elif line.startswith("#EXT-X-ENDLIST"):
            ended = True
        elif not line.startswith("#"):
            uris.append(line)
            if clock is not None:
                end = datetime.fromtimestamp(clock.timestamp() + duration, tz=clock.tzinfo)
                newest_end, clock = end, end
            duration = 0.0
    return MediaPlaylist(target, sequence, uris, newest_end, ended)


def first_variant(text: str) -> str | None:
    """The URI of the first variant of a master playlist, or None for a media playlist."""
    lines = [line.strip() for line in text.splitlines()]
    for i, line in enumerate(lines):
        if line.startswith("#EXT-X-STREAM-INF"):
            for candidate in lines[i + 1 :]:
                if candidate and not candidate.startswith("#"):
                    return candidate
    return None


class HlsProber:
    """Probes playlists; remembers when it first saw each newest segment (for the age)."""

    def __init__(self, http: httpx.AsyncClient | None = None, timeout: float = 5.0) -> None:
        self._own_http = http is None
        # Its own client: asset URLs are public or tokenised, they never get the API key.
        self._http = http or httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._seen: tuple[str, float] | None = None  # (newest segment id, when first seen)

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    def forget(self) -> None:
        """Drop the segment memory (another stream is being watched)."""
        self._seen = None

    async def probe(self, url: str, now: float | None = None) -> HlsProbe:
        """Look at ``url`` once."""
        try:
            response = await self._http.get(url)
            text = response.text
            if response.status_code == 200 and text.strip():
                variant = first_variant(text)
                if variant is not None:
                    url = urljoin(str(response.url), variant)
                    response = await self._http.get(url)
                    text = response.text
        except httpx.HTTPError as exc:
            return HlsProbe(False, error=f"The playlist cannot be read ({type(exc).__name__}).")
        code = response.status_code
        if code == 202 or (code == 200 and not text.strip()):
            return HlsProbe(False, pending=True, status_code=code)
        if code != 200:
            return HlsProbe(False, status_code=code, error=f"The playlist answered HTTP {code}.")
        if not text.lstrip().startswith("#EXTM3U"):
            return HlsProbe(False, status_code=code, error="The answer is not an HLS playlist.")
        return self._measure(parse_media_playlist(text), code, now)

    def _measure(self, playlist: MediaPlaylist, code: int, now: float | None) -> HlsProbe:
        now = time.time() if now is None else now
        age: float | None = None
        source = ""
        if playlist.segment_uris:
            if playlist.newest_end is not None:
                age, source = max(0.0, now - playlist.newest_end.timestamp()), "program-date-time"
            else:
                newest = f"{playlist.media_sequence + len(playlist.segment_uris) - 1}"
                newest += f":{playlist.segment_uris[-1]}"
                if self._seen is None or self._seen[0] != newest:
                    self._seen = (newest, now)
                age, source = now - self._seen[1], "first-seen"
        return HlsProbe(
            True,
            ended=playlist.ended,
            segments=len(playlist.segment_uris),
            newest_segment_age_s=age,
            age_source=source,
            target_duration_s=playlist.target_duration_s,
            status_code=code,
        )


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
