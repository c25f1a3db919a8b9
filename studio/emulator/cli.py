"""``studio-emulator``: run the local api.video in the foreground."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from platformdirs import user_data_dir

from .config import DEFAULT_API_KEY, EmulatorConfig, Faults
from .server import EmulatorServer

DEFAULT_RTMP_PORT = 1935


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def rtmp_port_from_args(args: argparse.Namespace) -> int | None:
    """The RTMP port to listen on: the one asked for, else 1935 when free, else none."""
    if args.no_rtmp:
        return None
    if args.rtmp_port is not None:
        return int(args.rtmp_port)
    if _port_free(args.host, DEFAULT_RTMP_PORT):
        return DEFAULT_RTMP_PORT
    print(
        f"studio-emulator: port {DEFAULT_RTMP_PORT} is taken, RTMP ingest off "
        "(choose one with --rtmp-port)",
        file=sys.stderr,
    )
    return None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="studio-emulator", description="A local api.video-compatible server."
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    p.add_argument("--port", type=int, default=8080, help="port (0 picks a free one)")
    p.add_argument(
        "--rtmp-port",
        type=int,
        default=None,
        metavar="PORT",
        help=f"RTMP ingest port (default {DEFAULT_RTMP_PORT}, off if taken; 0 picks a free one)",
    )
    p.add_argument("--no-rtmp", action="store_true", help="do not take RTMP publishes")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=Path(user_data_dir("apivideo-studio", appauthor=False)) / "emulator",
        help="where videos and the database live (kept across restarts)",
    )
    p.add_argument("--api-key", default=DEFAULT_API_KEY, help="API key of the default project")
    p.add_argument(
        "--other-api-key",
        action="append",
        default=[],
        metavar="KEY",
        help="API key of another, isolated project (repeatable)",
    )
    p.add_argument("--environment", choices=["sandbox", "production"], default="sandbox")
    p.add_argument("--public-url", help="base URL written into asset links")
    p.add_argument(
        "--encoding-step", type=float, default=1.0, help="seconds each quality spends encoding"
    )
    p.add_argument("--token-lifetime", type=int, default=3600, help="access-token lifetime (s)")
    p.add_argument("--enforce-rate-limits", action="store_true", help="answer 429 past budget")
    f = p.add_argument_group("fault injection")
    f.add_argument("--latency-ms", type=float, default=0.0, help="delay added to each request")
    f.add_argument("--error-rate", type=float, default=0.0, help="fraction answered 500")
    f.add_argument("--drop-rate", type=float, default=0.0, help="fraction of dropped connections")
    f.add_argument("--throttle-rate", type=float, default=0.0, help="fraction starting a 429 burst")
    f.add_argument("--throttle-burst", type=int, default=3, help="length of a 429 burst")
    f.add_argument("--fault-seed", type=int, help="seed for reproducible faults")
    p.add_argument("--record", type=Path, help="append one JSON line per exchange to FILE")
    return p


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    return EmulatorConfig(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        rtmp_port=rtmp_port_from_args(args),
        api_key=args.api_key,
        other_keys=list(args.other_api_key),
        environment=args.environment,
        public_url=args.public_url,
        encoding_step_s=args.encoding_step,
        token_lifetime_s=args.token_lifetime,
        enforce_rate_limits=args.enforce_rate_limits,
        faults=Faults(
            latency_ms=args.latency_ms,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            throttle_rate=args.throttle_rate,
            throttle_burst=args.throttle_burst,
            seed=args.fault_seed,
        ),
        record=args.record,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    server = EmulatorServer(config_from_args(args))
    try:
        server.start()
    except RuntimeError as exc:
        print(f"studio-emulator: {exc}", file=sys.stderr)
        return 1
    # Handlers before the first line: whoever reads it may stop the server right away.
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"api.video emulator listening on {server.url}", flush=True)
    print(f"API key: {server.api_key}", flush=True)
    for key in args.other_api_key:
        print(f"API key (other project): {key}", flush=True)
    if server.rtmp_url is not None:
        print(f"RTMP ingest: {server.rtmp_url}/<streamKey>", flush=True)
    print(f"data: {args.data_dir}", flush=True)
    stop.wait()
    server.stop()
    # Media workers may still be inside an ffmpeg run; the data is safe (the store is closed and
    # an unfinished job restarts on the next start), so do not wait for them at interpreter exit.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
