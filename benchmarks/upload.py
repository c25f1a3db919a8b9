"""Upload benchmark: this client vs the official Python SDK (api-video 1.4.7) vs curl.

Usage: ``.venv/bin/python benchmarks/upload.py [--size-mib 1024] [--chunk-mib 50]``

Everything runs on loopback: an emulator in its own process (fresh data dir per run, production
rate limits), and each contender in its own process so that its peak RSS can be measured
(``VmHWM`` after resetting it once imports are done; curl: ``ru_maxrss`` of its processes).

1. Throughput: one generated random file (1 GiB by default, created once in the temp dir and
   reused) uploaded in ``part i/N`` chunks of the same size by each contender, sequentially.
2. Latency: the emulator adds 50 ms to every request; 5 MiB chunks of a 256 MiB file, this
   client with 4 parts in flight vs the SDK (one at a time).

Every upload is checked (sha256 of the assembled source, via the emulator's control route).
The last line is machine-readable::

    upload-bench: studio_vs_sdk=R studio_vs_curl=R rss_growth_mb=N latency_parallel_vs_sdk=R
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

MIB = 1 << 20
ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-api-key"
CACHE = Path(tempfile.gettempdir()) / "studio-upload-bench"


# ---- measurements inside a contender process ---------------------------------------------------


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak_rss() -> None:
    # Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), so the peak excludes import spikes.
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def _report(seconds: float, baseline_kb: int, peak_kb: int) -> None:
    print(json.dumps({"seconds": seconds, "baseline_kb": baseline_kb, "peak_kb": peak_kb}))


def run_studio(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from studio.api import ApiVideoClient

    async def upload() -> None:
        async with ApiVideoClient(API_KEY, base_url=args.url) as client:
            await client.authenticate()
            baseline = _status_kb("VmRSS")
            _reset_peak_rss()
            start = time.perf_counter()
            await client.uploads.upload(
                args.video_id, args.file, chunk_size=args.chunk, parallel=args.parallel
            )
            _report(time.perf_counter() - start, baseline, _status_kb("VmHWM"))

    asyncio.run(upload())


def run_sdk(args: argparse.Namespace) -> None:
    from apivideo import AuthenticatedApiClient
    from apivideo.api.videos_api import VideosApi
    from apivideo.configuration import Configuration

    client = AuthenticatedApiClient(API_KEY, configuration=Configuration(chunk_size=args.chunk))
    client.configuration.host = args.url  # the constructor points it at production (1.1)
    client.connect()
    videos = VideosApi(client)
    baseline = _status_kb("VmRSS")
    _reset_peak_rss()
    start = time.perf_counter()
    with open(args.file, "rb") as source:
        videos.upload(args.video_id, source)
    _report(time.perf_counter() - start, baseline, _status_kb("VmHWM"))


def run_curl(args: argparse.Namespace) -> None:
    token = httpx.post(f"{args.url}/auth/api-key", json={"apiKey": API_KEY}).json()["access_token"]
    chunks = sorted(Path(args.chunks_dir).iterdir())
    url = f"{args.url}/videos/{args.video_id}/source"
    start = time.perf_counter()
    for number, chunk in enumerate(chunks, start=1):
        subprocess.run(
            [
                "curl", "-sS", "--fail", "-o", "/dev/null", "-X", "POST", url,
                "-H", f"Authorization: Bearer {token}",
                "-H", f"Content-Range: part {number}/{len(chunks)}",
                "-F", f"file=@{chunk};filename=source.bin",
            ],
            check=True,
        )  # fmt: skip
    seconds = time.perf_counter() - start
    # One process per chunk, so the children's peak RSS is curl's peak.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _report(seconds, 0, peak)


RUNNERS = {"studio": run_studio, "sdk": run_sdk, "curl": run_curl}


# ---- orchestration ---------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    size: int
    seconds: float
    rss_growth_mb: float

    @property
    def mb_per_s(self) -> float:
        return self.size / 1e6 / self.seconds


class Emulator:
    """An emulator process on a free loopback port with a throw-away data dir."""

    def __init__(self, workdir: Path, latency_ms: float = 0.0) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="emulator-", dir=workdir))
        command = [
            sys.executable, "-m", "studio.emulator.cli", "--port", "0",
            "--data-dir", str(self.data_dir), "--api-key", API_KEY,
            "--environment", "production", "--encoding-step", "0.05",
        ]  # fmt: skip
        if latency_ms:
            command += ["--latency-ms", str(latency_ms)]
        env = {k: v for k, v in os.environ.items() if k != "STUDIO_EMULATOR_RECORD"}
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env
        )
        assert self.process.stdout is not None
        found = re.search(r"http://\S+", self.process.stdout.readline())
        if not found:
            raise RuntimeError("the emulator did not start")
        self.url = found.group(0)
        token = httpx.post(f"{self.url}/auth/api-key", json={"apiKey": API_KEY}).json()
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}

    def new_video(self) -> str:
        answer = httpx.post(f"{self.url}/videos", json={"title": "bench"}, headers=self.headers)
        answer.raise_for_status()
        return str(answer.json()["videoId"])

    def source(self, video_id: str) -> dict[str, Any]:
        return dict(httpx.get(f"{self.url}/_emulator/videos/{video_id}/source").json())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        shutil.rmtree(self.data_dir, ignore_errors=True)


def make_source(size: int) -> tuple[Path, str]:
    """A random file of ``size`` bytes in the cache dir (made once) and its sha256."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"source-{size // MIB}MiB.bin"
    digest_file = path.with_suffix(".sha256")
    if not (path.exists() and path.stat().st_size == size and digest_file.exists()):
        print(f"generating {path} ({size // MIB} MiB)...", flush=True)
        digest = hashlib.sha256()
        with open(path, "wb") as out:
            for _ in range(size // MIB):
                block = os.urandom(MIB)
                digest.update(block)
                out.write(block)
            rest = os.urandom(size % MIB)
            digest.update(rest)
            out.write(rest)
        digest_file.write_text(digest.hexdigest())
    return path, digest_file.read_text().strip()


def split_for_curl(path: Path, chunk: int) -> Path:
    """The source cut into chunk files (curl's -F sends whole files), made once."""
    folder = CACHE / f"{path.stem}-chunks-{chunk // MIB}MiB"
    expected = -(-path.stat().st_size // chunk)
    if not folder.exists() or len(list(folder.iterdir())) != expected:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with open(path, "rb") as source:
            for number in range(1, expected + 1):
                (folder / f"chunk-{number:05d}").write_bytes(source.read(chunk))
    return folder


def contend(
    name: str,
    source: tuple[Path, str],
    chunk: int,
    workdir: Path,
    *,
    latency_ms: float = 0.0,
    parallel: int = 1,
    chunks_dir: Path | None = None,
) -> Result:
    """Upload ``source`` with contender ``name`` into a fresh emulator; check what landed."""
    path, digest = source
    emulator = Emulator(workdir, latency_ms)
    try:
        video_id = emulator.new_video()
        command = [
            sys.executable, __file__, "--run", name, "--url", emulator.url,
            "--video-id", video_id, "--file", str(path), "--chunk", str(chunk),
            "--parallel", str(parallel),
        ]  # fmt: skip
        if chunks_dir is not None:
            command += ["--chunks-dir", str(chunks_dir)]
        output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
        measured = json.loads(output.stdout.strip().splitlines()[-1])
        landed = emulator.source(video_id)
        if landed.get("sha256") != digest:
            raise RuntimeError(f"{name}: the assembled source differs: {landed}")
    finally:
        emulator.stop()
    growth = (measured["peak_kb"] - measured["baseline_kb"]) / 1024
    result = Result(name, path.stat().st_size, measured["seconds"], growth)
    print(
        f"  {name:<8} {result.mb_per_s:8.1f} MB/s  {result.seconds:7.2f} s  "
        f"peak RSS growth {result.rss_growth_mb:6.1f} MB",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="throughput file size")
    parser.add_argument("--chunk-mib", type=int, default=50, help="throughput chunk size")
    parser.add_argument("--latency-size-mib", type=int, default=256, help="latency file size")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--latency-parallel", type=int, default=4)
    # Contender mode (internal): run one upload in this process and print its measurements.
    parser.add_argument("--run", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--video-id", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--chunk", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--parallel", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--chunks-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        RUNNERS[args.run](args)
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="studio-upload-bench-"))
    try:
        chunk = args.chunk_mib * MIB
        source = make_source(args.size_mib * MIB)
        chunks_dir = split_for_curl(source[0], chunk)
        print(f"throughput: {args.size_mib} MiB in {args.chunk_mib} MiB chunks (loopback)")
        studio = contend("studio", source, chunk, workdir)
        sdk = contend("sdk", source, chunk, workdir)
        curl = contend("curl", source, chunk, workdir, chunks_dir=chunks_dir)

        small = make_source(args.latency_size_mib * MIB)
        print(
            f"latency: {args.latency_size_mib} MiB in 5 MiB chunks, +{args.latency_ms:g} ms "
            f"per request; studio with {args.latency_parallel} parts in flight"
        )
        studio_parallel = contend(
            "studio",
            small,
            5 * MIB,
            workdir,
            latency_ms=args.latency_ms,
            parallel=args.latency_parallel,
        )
        sdk_latency = contend("sdk", small, 5 * MIB, workdir, latency_ms=args.latency_ms)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"upload-bench: studio_vs_sdk={studio.mb_per_s / sdk.mb_per_s:.2f} "
        f"studio_vs_curl={studio.mb_per_s / curl.mb_per_s:.2f} "
        f"rss_growth_mb={studio.rss_growth_mb:.0f} "
        f"latency_parallel_vs_sdk={studio_parallel.mb_per_s / sdk_latency.mb_per_s:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
