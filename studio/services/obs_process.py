"""Is OBS Studio running on this computer? (Tells "WebSocket server off" from "OBS not started".)

A refused connection looks the same whether OBS is closed or its WebSocket server is disabled;
the process list tells them apart. Blocking (reads /proc or runs a system tool): call it off the
loop thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Executable names of OBS Studio per platform (Linux packages, Flatpak, macOS bundle, Windows).
OBS_PROCESS_NAMES = frozenset({"obs", "obs-studio", "obs64.exe", "obs32.exe", "OBS"})


def obs_is_running(names: frozenset[str] = OBS_PROCESS_NAMES) -> bool:
    """True when a process with one of ``names`` runs; False when none does or we cannot tell."""
    if sys.platform.startswith("linux"):
        return _linux_running(names)
    if sys.platform == "win32":
        return _command_lists(["tasklist", "/FO", "CSV", "/NH"], names)
    return _command_lists(["ps", "-axco", "comm"], names)


def _linux_running(names: frozenset[str]) -> bool:
    proc = Path("/proc")
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return False
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            comm = (proc / entry.name / "comm").read_text().strip()
        except OSError:
            continue  # the process ended while we looked, or is not ours to read
        if comm in names:
            return True
    return False


def _command_lists(command: list[str], names: frozenset[str]) -> bool:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    for line in out.stdout.splitlines():
        first = line.split(",")[0].strip().strip('"')
        if first in names or Path(first).name in names:
            return True
    return False
