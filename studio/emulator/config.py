"""Settings of one emulator instance: where it listens, what it stores, which faults it injects."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

RECORD_ENV = "STUDIO_EMULATOR_RECORD"
DEFAULT_API_KEY = "emulator-default-api-key"


@dataclass
class Faults:
    """Fault injection, applied to API routes (never to ``/_emulator/`` control routes)."""

    latency_ms: float = 0.0  # added to every request before it is handled
    error_rate: float = 0.0  # fraction of requests answered 500 before being handled
    drop_rate: float = 0.0  # fraction of requests whose connection is dropped unanswered
    throttle_rate: float = 0.0  # fraction of requests answered 429 (a burst starts there)
    throttle_burst: int = 3  # how many consecutive requests a 429 burst refuses
    seed: int | None = None  # for reproducible fault sequences

    def active(self) -> bool:
        return bool(self.latency_ms or self.error_rate or self.drop_rate or self.throttle_rate)


@dataclass
class EmulatorConfig:
    """Everything an :class:`~studio.emulator.server.EmulatorServer` needs to start."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0  # 0 = a free port
    rtmp_port: int | None = None  # RTMP ingest: None = off, 0 = a free port
    api_key: str = DEFAULT_API_KEY  # key of the default project (created if missing)
    other_keys: list[str] = field(default_factory=list)  # more projects, one per key
    environment: str = "sandbox"  # decides the documented rate limits
    public_url: str | None = None  # base of asset URLs; default http://host:port
    encoding_step_s: float = 1.0  # time each quality spends in "encoding"
    token_lifetime_s: int = 3600  # access-token lifetime (short values test refresh)
    enforce_rate_limits: bool = False  # answer 429 once a window's budget is spent
    faults: Faults = field(default_factory=Faults)
    record: Path | None = None  # append one JSON line per exchange

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        if self.record is None and os.environ.get(RECORD_ENV):
            self.record = Path(os.environ[RECORD_ENV])
