"""The ledger of a video's source upload: which pieces arrived, when it completes (contract 5.2).

A ledger is a JSON dict kept in the video document (``_upload``), so it survives restarts. The
functions here decide, from the ledger and one incoming piece, whether the piece is accepted, a
harmless repeat, or refused with api.video's problem slug; they never touch files (the upload
route stores and assembles the pieces). Callers serialise calls per video.

Ledger fields: ``mode`` (single | part | bytes), ``origin`` (upload | copy | download),
``total`` (parts or bytes, None while unknown), ``pieces`` ({key: {size, sha256, count, ...}}),
``complete`` (all pieces present), ``assembled`` (the source file exists), ``size`` and ``sha256``
of the assembled source, ``filename``, ``token`` (upload token used, if any).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .content_range import (
    ByteRange,
    ContentRange,
    ContentRangeError,
    PartRange,
    check_body_size,
)

Ledger = dict[str, Any]


@dataclass(frozen=True)
class Piece:
    """One received request body: its range (None for a single request), size and digest."""

    range: ContentRange | None
    size: int
    sha256: str

    @property
    def key(self) -> str:
        if isinstance(self.range, PartRange):
            return str(self.range.part)
        if isinstance(self.range, ByteRange):
            return f"{self.range.start}-{self.range.end}"
        return "1"

    @property
    def mode(self) -> str:
        if isinstance(self.range, PartRange):
            return "part"
        if isinstance(self.range, ByteRange):
            return "bytes"
        return "single"


@dataclass(frozen=True)
class Outcome:
    """What registering a piece did: ``stored`` (new piece, keep its file) or a repeat."""

    stored: bool
    completed: bool  # this piece completed the upload (exactly one piece ever reports it)


def new_ledger(origin: str = "upload", *, filename: str = "", token: str | None = None) -> Ledger:
    return {
        "mode": None,
        "origin": origin,
        "total": None,
        "pieces": {},
        "complete": False,
        "assembled": False,
        "size": None,
        "sha256": None,
        "filename": filename,
        "token": token,
    }


def _refuse(slug: str, title: str) -> ContentRangeError:
    return ContentRangeError(slug, title)


def _already_set(ledger: Ledger) -> ContentRangeError:
    origin = ledger.get("origin", "upload")
    if origin == "copy":
        return _refuse("video-source-already-copied", "The source of the video is already copied.")
    if origin == "download":
        return _refuse(
            "video-source-already-downloaded", "The source of the video is already downloaded."
        )
    return _refuse("video-source-already-uploaded", "The source of the video is already uploaded.")


def register(ledger: Ledger, piece: Piece) -> Outcome:
    """Record ``piece`` in ``ledger`` (mutated in place) or raise ContentRangeError."""
    if ledger.get("origin", "upload") != "upload":
        raise _already_set(ledger)
    known = ledger["pieces"].get(piece.key)
    mode = ledger["mode"]
    if known is not None and mode == piece.mode and piece.mode != "single":
        # A client retry of a piece already stored: harmless when byte-identical.
        if known["size"] == piece.size and known["sha256"] == piece.sha256:
            known["count"] += 1
            return Outcome(stored=False, completed=False)
        if ledger["complete"]:
            raise _already_set(ledger)
        raise _refuse("video-content-range-part-already-sent", "This part was already sent.")
    if ledger["complete"]:
        raise _already_set(ledger)
    if mode is not None and mode != piece.mode:
        if piece.mode == "single":
            raise _refuse(
                "video-content-range-already-initiated",
                "A ranged upload was started for this video; send the rest with Content-Range.",
            )
        if mode == "part":
            raise _refuse(
                "video-content-range-started-with-part",
                "This upload was started with parts; keep sending parts.",
            )
        raise _refuse(
            "video-content-range-started-with-bytes",
            "This upload was started with byte ranges; keep sending byte ranges.",
        )
    if isinstance(piece.range, PartRange):
        _check_part(ledger, piece.range, piece.size)
    elif isinstance(piece.range, ByteRange):
        _check_bytes(ledger, piece.range, piece.size)
    else:
        check_body_size(None, piece.size)
    ledger["mode"] = piece.mode
    entry: dict[str, Any] = {"size": piece.size, "sha256": piece.sha256, "count": 1}
    if isinstance(piece.range, PartRange):
        entry["part"] = piece.range.part
        if piece.range.total is not None:
            ledger["total"] = piece.range.total
    elif isinstance(piece.range, ByteRange):
        entry["start"], entry["end"] = piece.range.start, piece.range.end
        if piece.range.total is not None:
            ledger["total"] = piece.range.total
    else:
        ledger["total"] = 1
    ledger["pieces"][piece.key] = entry
    ledger["complete"] = is_complete(ledger)
    return Outcome(stored=True, completed=ledger["complete"])


def _check_part(ledger: Ledger, rng: PartRange, size: int) -> None:
    known_total: int | None = ledger["total"]
    received = [int(k) for k in ledger["pieces"]]
    if rng.total is not None:
        if known_total is not None and rng.total != known_total:
            raise _refuse(
                "video-content-range-different-total-parts",
                "The total number of parts differs from the one sent before.",
            )
        if received and max(received) > rng.total:
            raise _refuse(
                "video-content-range-total-parts-too-low",
                "The total number of parts is lower than a part already received.",
            )
    elif known_total is not None and rng.part > known_total:
        raise _refuse(
            "video-content-range-part-too-high-total",
            "The part number must not exceed the total number of parts.",
        )
    effective_total = rng.total if rng.total is not None else known_total
    check_body_size(PartRange(rng.part, effective_total), size)


def _check_bytes(ledger: Ledger, rng: ByteRange, size: int) -> None:
    known_total: int | None = ledger["total"]
    ranges = [(p["start"], p["end"]) for p in ledger["pieces"].values()]
    if rng.total is not None:
        if known_total is not None and rng.total != known_total:
            raise _refuse(  # inferred slug
                "video-content-range-different-total-bytes",
                "The total size differs from the one sent before.",
            )
        if ranges and max(end for _, end in ranges) >= rng.total:
            raise _refuse(  # inferred slug
                "video-content-range-total-bytes-too-low",
                "The total size is lower than a range already received.",
            )
    elif known_total is not None and rng.end >= known_total:
        raise _refuse(  # inferred slug
            "video-content-range-range-beyond-total", "The range must end before the total size."
        )
    for start, end in ranges:
        if rng.start <= end and start <= rng.end:
            raise _refuse(  # inferred slug
                "video-content-range-overlapping-ranges",
                "The range overlaps a range already received.",
            )
    effective_total = rng.total if rng.total is not None else known_total
    check_body_size(ByteRange(rng.start, rng.end, effective_total), size)


def is_complete(ledger: Ledger) -> bool:
    """Every piece is present: parts 1..total, or bytes [0, total) covered."""
    total = ledger["total"]
    pieces = ledger["pieces"]
    if ledger["mode"] == "single":
        return bool(pieces)
    if total is None:
        return False
    if ledger["mode"] == "part":
        return len(pieces) == total and all(str(n) in pieces for n in range(1, total + 1))
    covered = 0
    for start, end in sorted((p["start"], p["end"]) for p in pieces.values()):
        if start != covered:
            return False
        covered = end + 1
    return covered == total


def keys_in_order(ledger: Ledger) -> list[str]:
    """Piece keys in source order (part number, or byte offset)."""
    pieces = ledger["pieces"]
    if ledger["mode"] == "bytes":
        return sorted(pieces, key=lambda k: pieces[k]["start"])
    return sorted(pieces, key=int)


def arrivals(ledger: Ledger | None) -> dict[str, int]:
    """How many times each piece arrived, keyed like ``{"1": 1, "2": 2}``."""
    if not ledger:
        return {}
    return {key: ledger["pieces"][key]["count"] for key in keys_in_order(ledger)}


def filesize(ledger: Ledger) -> int | None:
    if ledger.get("size") is not None:
        return int(ledger["size"])
    if ledger["mode"] == "bytes":
        return ledger["total"]
    if ledger["mode"] == "part" and ledger["complete"]:
        return sum(p["size"] for p in ledger["pieces"].values())
    if ledger["mode"] == "single" and ledger["pieces"]:
        return int(next(iter(ledger["pieces"].values()))["size"])
    return None


def status_block(ledger: Ledger) -> dict[str, Any]:
    """The ``ingest`` object of GET /videos/{id}/status (contract 3.2 V6)."""
    origin = ledger.get("origin", "upload")
    done = bool(ledger.get("assembled"))
    if origin == "upload":
        status = "uploaded" if done else "uploading"
    else:
        status = "ingested" if done else "ingesting"
    size = filesize(ledger)
    block: dict[str, Any] = {"status": status, "filesize": size, "receivedBytes": []}
    mode = ledger["mode"]
    if origin != "upload" or mode is None:
        return block
    if mode == "bytes":
        if ledger["total"] is not None:
            block["receivedBytes"] = [
                {"from": p["start"], "to": p["end"], "total": ledger["total"]}
                for p in (ledger["pieces"][k] for k in keys_in_order(ledger))
            ]
        return block
    if mode == "part":
        block["receivedParts"] = {
            "parts": sorted(int(k) for k in ledger["pieces"]),
            "total": ledger["total"],
        }
        if size is not None:
            offset = 0
            ranges = []
            for key in keys_in_order(ledger):
                length = ledger["pieces"][key]["size"]
                ranges.append({"from": offset, "to": offset + length - 1, "total": size})
                offset += length
            block["receivedBytes"] = ranges
        return block
    block["receivedParts"] = {"parts": [1], "total": 1}
    return block
