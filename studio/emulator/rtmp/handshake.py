"""The RTMP handshake, server side: C0/C1 in, S0/S1/S2 out, C2 in.

The plain handshake: S1 carries a zero "version" field, which tells digest-capable clients
(ffmpeg, OBS's librtmp) to fall back to it, and S2 echoes C1 byte for byte, which is what
every client compares it with.
"""

from __future__ import annotations

import asyncio
import os
import struct
import time

RTMP_VERSION = 3
PACKET_SIZE = 1536


class HandshakeError(ValueError):
    """The peer does not speak plain RTMP (wrong version byte, e.g. RTMPE or TLS)."""


async def server_handshake(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, started: float
) -> None:
    """Complete the handshake; ``started`` is the server's epoch (``time.monotonic()``)."""
    version = (await reader.readexactly(1))[0]
    if version != RTMP_VERSION:
        raise HandshakeError(f"unsupported RTMP version {version}")
    c1 = await reader.readexactly(PACKET_SIZE)
    uptime = int((time.monotonic() - started) * 1000) & 0xFFFFFFFF
    s1 = struct.pack(">II", uptime, 0) + os.urandom(PACKET_SIZE - 8)
    writer.write(bytes([RTMP_VERSION]) + s1 + c1)
    await writer.drain()
    await reader.readexactly(PACKET_SIZE)  # C2: echoes S1 (or a digest); nothing to check
