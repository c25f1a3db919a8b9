"""``LiveMonitor``: "am I live?" answered in one place, from three witnesses.

* **OBS** (when connected through :class:`~studio.services.obs.ObsHandoff`): is its stream
  output active, reconnecting, congested?
* **the API**: the live stream's ``broadcasting`` flag, polled.
* **the HLS playlist** (``assets.hls``): served yet? is its newest segment fresh? ended?

They disagree for known lengths of time, so the monitor turns the disagreement into a verdict
with a countdown instead of a bare boolean:

* **Warm-up** — :data:`WARMUP_S` = 30 s. After an encoder connects, api.video needs some
  seconds (typically 20-30) to report ``broadcasting`` and publish the first HLS segments.
  The countdown runs from the first sign of a signal (OBS active or ``broadcasting``) to when
  playback is expected; past it the verdict says the stream is late rather than failing.
* **Reconnect grace** — :data:`RECONNECT_GRACE_S` = 60 s. When the signal drops (encoder
  disconnected, OBS reconnecting, segments stop arriving), api.video keeps the live session for
  about a minute so the encoder can come back without viewers losing the stream (the API's
  ``complete`` likewise drops the encoder "within ~1 minute"). The countdown shows how long
  the stream stays resumable; after it, the broadcast is considered over.

A segment counts as fresh while its age is below :func:`stale_after` (three target durations,
at least 12 s): a live playlist gains a segment every target duration.
"""

from __future__ import annotations

import asyncio
import enum
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..api import ApiError, TransportError
from ..api.models import LiveStream
from .live_hls import HlsProbe, HlsProber
from .obs_errors import ObsError
from .obs_status import ObsStreamStatus

if TYPE_CHECKING:
    from .context import AppContext
    from .obs import ObsHandoff

WARMUP_S = 30.0
RECONNECT_GRACE_S = 60.0
MIN_STALE_S = 12.0


def stale_after(target_duration_s: float | None) -> float:
    """Age beyond which the newest segment means the playlist stopped moving."""
    return max(MIN_STALE_S, 3 * (target_duration_s or 0.0))


class LiveVerdict(enum.Enum):
    """The one answer shown to the user."""

    OFFLINE = "offline"  # nothing is being sent
    STARTING = "starting"  # OBS sends; the API does not report broadcasting yet
    WARMING_UP = "warming-up"  # broadcasting; HLS not playable yet
    LIVE = "live"  # broadcasting and fresh segments
    STALLED = "stalled"  # broadcasting but segments stopped arriving
    RECONNECTING = "reconnecting"  # the signal dropped; the stream can still resume
    ENDED = "ended"  # the playlist is closed, or the grace period ran out
    UNKNOWN = "unknown"  # the API cannot be asked


@dataclass(frozen=True)
class Countdown:
    """A window with a deadline (epoch seconds); ``remaining`` goes negative once overdue."""

    label: str  # what happens at the deadline, e.g. "Playback expected in"
    deadline: float
    total_s: float

    def remaining(self, now: float | None = None) -> float:
        return self.deadline - (time.time() if now is None else now)


@dataclass(frozen=True)
class LiveReport:
    """Everything the "am I live?" card shows, as of ``checked_at``."""

    verdict: LiveVerdict
    headline: str
    detail: str
    countdown: Countdown | None = None
    broadcasting: bool | None = None
    api_error: str = ""
    obs: ObsStreamStatus | None = None
    obs_error: str = ""
    hls: HlsProbe | None = None
    live_stream: LiveStream | None = None
    checked_at: float = field(default_factory=time.time)


@dataclass
class LiveTimeline:
    """What the monitor remembers between checks: when the signal came, went live, was lost."""

    signal_since: float | None = None
    live_since: float | None = None
    lost_since: float | None = None
    ended: bool = False  # a broadcast ended and no new signal came since
    completing: bool = False  # completed here; waiting for the API to stop broadcasting

    def assess(
        self,
        *,
        broadcasting: bool | None,
        obs: ObsStreamStatus | None,
        hls: HlsProbe | None,
        now: float,
    ) -> LiveReport:
        """The verdict for these observations, updating the remembered times."""
        obs_sending = obs is not None and obs.active and not obs.reconnecting
        obs_reconnecting = obs is not None and obs.active and obs.reconnecting
        fresh = (
            hls is not None
            and hls.reachable
            and not hls.ended
            and hls.segments > 0
            and (
                hls.newest_segment_age_s is None
                or hls.newest_segment_age_s <= stale_after(hls.target_duration_s)
            )
        )
        report = LiveReport(
            LiveVerdict.OFFLINE, "", "", broadcasting=broadcasting, obs=obs, hls=hls
        )

        if hls is not None and hls.ended:
            self._reset()
            return replace(
                report,
                verdict=LiveVerdict.ENDED,
                headline="The broadcast has ended",
                detail="The live playlist is closed; the recording appears among the videos.",
            )
        if self.completing:
            if broadcasting is False and not obs_sending:
                self.completing = False  # done: from here on, a new signal is a new broadcast
            else:
                return replace(
                    report,
                    verdict=LiveVerdict.ENDED,
                    headline="Ending the broadcast",
                    detail="The broadcast was completed; api.video closes the stream and "
                    "disconnects the encoder within about a minute.",
                )
        if obs_reconnecting or (self._was_on() and broadcasting is False and not obs_sending):
            return self._lost(report, now, obs_reconnecting)
        if broadcasting or (obs is not None and obs.active):
            self.ended = False
        if broadcasting and fresh:
            self.live_since = self.live_since or now
            self.signal_since = self.signal_since or now
            self.lost_since = None
            since = int(now - self.live_since)
            detail = "Viewers can watch now."
            if since >= 60:
                detail = f"Viewers can watch now (live for {since // 60} min)."
            return replace(report, verdict=LiveVerdict.LIVE, headline="Live", detail=detail)
        if broadcasting and self.live_since is not None:
            self.lost_since = self.lost_since or now
            return replace(
                report,
                verdict=LiveVerdict.STALLED,
                headline="Live, but the picture stopped",
                detail="api.video reports a broadcast, but no new segment arrived lately. "
                "Check the encoder's connection.",
                countdown=Countdown(
                    "Stream stays resumable for",
                    self.lost_since + RECONNECT_GRACE_S,
                    RECONNECT_GRACE_S,
                ),
            )
        if broadcasting or obs_sending:
            self.signal_since = self.signal_since or now
            self.lost_since = None
            warmup = Countdown("Playback expected in", self.signal_since + WARMUP_S, WARMUP_S)
            if broadcasting:
                return replace(
                    report,
                    verdict=LiveVerdict.WARMING_UP,
                    headline="Warming up",
                    detail="api.video receives the stream and prepares the first segments.",
                    countdown=warmup,
                )
            return replace(
                report,
                verdict=LiveVerdict.STARTING,
                headline="Connecting",
                detail="OBS is sending; waiting for api.video to report the broadcast.",
                countdown=warmup,
            )
        if broadcasting is None:
            return replace(
                report,
                verdict=LiveVerdict.UNKNOWN,
                headline="Status unknown",
                detail="The API could not be asked whether the stream is broadcasting.",
            )
        if self.ended:
            return replace(
                report,
                verdict=LiveVerdict.ENDED,
                headline="The broadcast has ended",
                detail="Start streaming again to go live with the same stream key.",
            )
        return replace(
            report,
            headline="Offline",
            detail="Nothing is being sent to this live stream.",
        )

    def completed(self) -> None:
        """The user ended the broadcast (``complete``): no reconnect window to wait for.

        The API may report ``broadcasting`` a little longer (the end is asynchronous); until
        it stops, the verdict says the broadcast is ending rather than warming up again.
        """
        self._reset()
        self.completing = True

    def _was_on(self) -> bool:
        return self.live_since is not None or self.signal_since is not None

    def _lost(self, report: LiveReport, now: float, obs_reconnecting: bool) -> LiveReport:
        self.lost_since = self.lost_since or now
        deadline = self.lost_since + RECONNECT_GRACE_S
        if now >= deadline and not obs_reconnecting:
            self._reset()
            return replace(
                report,
                verdict=LiveVerdict.ENDED,
                headline="The broadcast has ended",
                detail="The encoder did not come back within the reconnect window.",
            )
        detail = (
            "OBS lost its connection and is retrying."
            if obs_reconnecting
            else "The encoder disconnected. Restart streaming to resume the same broadcast."
        )
        return replace(
            report,
            verdict=LiveVerdict.RECONNECTING,
            headline="Signal lost",
            detail=detail,
            countdown=Countdown("Stream stays resumable for", deadline, RECONNECT_GRACE_S),
        )

    def _reset(self) -> None:
        """The broadcast is over: forget its times, remember that it ended."""
        self.signal_since = self.live_since = self.lost_since = None
        self.ended = True


class LiveMonitor(QObject):
    """Polls the three witnesses for one live stream and emits a :class:`LiveReport`.

    ``watch(id)`` starts polling in the context's task scope; ``watch(None)`` stops.
    ``check()`` runs one round now (what the poll loop repeats).
    """

    report_changed = Signal(object)  # LiveReport
    stream_changed = Signal(object)  # LiveStream, each time the API answered

    def __init__(
        self,
        context: AppContext,
        obs: ObsHandoff | None = None,
        *,
        interval_s: float = 2.0,
        api_interval_s: float = 5.0,
        prober: HlsProber | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.obs = obs
        self.interval_s = interval_s
        self.api_interval_s = api_interval_s
        self.prober = prober or HlsProber()
        self.timeline = LiveTimeline()
        self.live_stream_id: str | None = None
        self.live_stream: LiveStream | None = None
        self.report: LiveReport | None = None
        self._api_checked_at = 0.0
        self._api_error = ""
        self._task: asyncio.Task[None] | None = None

    def watch(self, live_stream_id: str | None) -> None:
        """Follow ``live_stream_id`` (None: stop polling)."""
        if live_stream_id != self.live_stream_id:
            self.timeline = LiveTimeline()
            self.prober.forget()
            self.live_stream = None
            self.report = None
            self._api_checked_at = 0.0
        self.live_stream_id = live_stream_id
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        if live_stream_id is not None:
            self._task = self.context.scope.start(self._poll(live_stream_id))

    def completed(self) -> None:
        """The broadcast was completed on purpose: report it ended, and ask the API again."""
        self.timeline.completed()
        self.refresh_soon()

    def refresh_soon(self) -> None:
        """Ask the API again at the next round (after an edit, a complete...)."""
        self._api_checked_at = 0.0

    async def aclose(self) -> None:
        self.watch(None)
        await self.prober.aclose()

    async def _poll(self, live_stream_id: str) -> None:
        while self.live_stream_id == live_stream_id:
            await self.check()
            await asyncio.sleep(self.interval_s)

    async def check(self) -> LiveReport | None:
        """One round: ask whoever is due, assess, emit. None when nothing is watched."""
        live_id = self.live_stream_id
        if live_id is None:
            return None
        now = time.time()
        if self.live_stream is None or now - self._api_checked_at >= self.api_interval_s:
            await self._ask_api(live_id)
            self._api_checked_at = time.time()
        obs_status, obs_error = await self._ask_obs()
        stream = self.live_stream
        broadcasting = stream.broadcasting if stream is not None else None
        hls: HlsProbe | None = None
        hls_url = stream.assets.hls if stream is not None and stream.assets else None
        worth_probing = bool(broadcasting) or (obs_status is not None and obs_status.active)
        if hls_url and (worth_probing or self.timeline._was_on()):
            hls = await self.prober.probe(hls_url)
        if self.live_stream_id != live_id:
            return None  # switched streams meanwhile: this round is stale
        report = self.timeline.assess(
            broadcasting=broadcasting, obs=obs_status, hls=hls, now=time.time()
        )
        report = replace(
            report,
            api_error=self._api_error,
            obs_error=obs_error,
            live_stream=stream,
        )
        self.report = report
        self.report_changed.emit(report)
        return report

    async def _ask_api(self, live_id: str) -> None:
        try:
            stream = await self.context.client.live_streams.get(live_id)
        except ApiError as exc:
            self._api_error = f"The API refused: {exc.message}"
            return
        except TransportError as exc:
            self._api_error = f"The API cannot be reached ({exc})."
            return
        self._api_error = ""
        if self.live_stream_id == live_id:
            self.live_stream = stream
            self.stream_changed.emit(stream)

    async def _ask_obs(self) -> tuple[ObsStreamStatus | None, str]:
        obs = self.obs
        if obs is None or not obs.connected:
            return None, ""
        try:
            return await obs.stream_status(), ""
        except ObsError as exc:
            return None, exc.message
