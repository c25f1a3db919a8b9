"""Video thumbnails for the library: a size-bounded disk cache plus ``QPixmapCache``.

``ThumbnailCache.pixmap(...)`` answers at once from memory or returns None and loads in the
background (disk first, then the network), then emits ``thumbnail_ready(video_id)``. Images are
keyed by video id and ``updatedAt`` (a new thumbnail bumps ``updatedAt``; the asset URL stays the
same, and private videos get a fresh token in it on every listing, so the URL is never a key).
Downloads run on the loop with httpx; reading, writing, decoding and scaling run off the loop
thread; only ``QPixmap.fromImage`` (GUI-thread only) happens on it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QImage, QImageReader, QPainter, QPixmap, QPixmapCache

from .latest_first import LatestFirstQueue

if TYPE_CHECKING:
    from .context import AppContext

log = logging.getLogger(__name__)

DOWNLOADS_AT_ONCE = 4
WAITING_REQUESTS = 64
PIXMAP_CACHE_KIB = 96 * 1024  # ~ 800 grid thumbnails; QPixmapCache's default is only 10 MiB
MAX_IMAGE_BYTES = 16 * 1024 * 1024
# Requests wait until scrolling pauses this long (or at most MAX_WAIT_S while it goes on).
SETTLE_S = 0.1
MAX_WAIT_S = 0.4


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ThumbnailDiskCache:
    """Thumbnail bytes on disk, at most ``max_bytes`` in total, least recently used out first.

    Qt-free and thread-safe; every method does file I/O, so call it off the loop thread. One file
    per video (``<aa>/<sha1(videoId)>.<sha1(version)[:16]>.jpg``): storing a new version removes
    the old one. The access time is the file's mtime (touched on every read), so the order
    survives restarts without relying on the file system's atime.
    """

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        # file name -> size, least recently used first; None until the folder was scanned.
        self._entries: OrderedDict[str, int] | None = None
        # "<aa>/<sha1(videoId)>" -> its file names: removing a video's versions must not scan
        # every entry (it did, in every write: quadratic, and holding the GIL from a worker).
        self._by_video: dict[str, set[str]] = {}
        self._total = 0

    # ---- index -------------------------------------------------------------------------------

    def _index(self) -> OrderedDict[str, int]:
        if self._entries is None:
            found: list[tuple[float, str, int]] = []
            if self.folder.is_dir():
                for stray in self.folder.glob("??/*.part"):
                    stray.unlink(missing_ok=True)  # a write cut short by a crash
                for path in self.folder.glob("??/*.jpg"):
                    try:
                        st = path.stat()
                    except OSError:
                        continue
                    found.append((st.st_mtime, f"{path.parent.name}/{path.name}", st.st_size))
            found.sort()
            self._entries = OrderedDict((name, size) for _, name, size in found)
            self._total = sum(size for _, _, size in found)
            self._by_video = {}
            for _, name, _ in found:
                self._by_video.setdefault(_video_part(name), set()).add(name)
        return self._entries

    def _add(self, name: str, size: int) -> None:
        entries = self._index()
        self._total -= entries.pop(name, 0)
        entries[name] = size
        self._total += size
        self._by_video.setdefault(_video_part(name), set()).add(name)

    def _drop(self, name: str) -> int:
        size = self._index().pop(name, None)
        if size is None:
            return 0
        self._total -= size
        names = self._by_video.get(_video_part(name))
        if names is not None:
            names.discard(name)
            if not names:
                del self._by_video[_video_part(name)]
        return 1

    @staticmethod
    def _name(video_id: str, version: str) -> str:
        video = _digest(video_id)
        return f"{video[:2]}/{video}.{_digest(version)[:16]}.jpg"

    @property
    def total_bytes(self) -> int:
        """Bytes currently stored."""
        with self._lock:
            self._index()
            return self._total

    def __len__(self) -> int:
        with self._lock:
            return len(self._index())

    def __contains__(self, key: tuple[str, str]) -> bool:
        with self._lock:
            return self._name(*key) in self._index()

    # ---- operations --------------------------------------------------------------------------

    def read(self, video_id: str, version: str) -> bytes | None:
        """The stored bytes (and mark them recently used), or None."""
        name = self._name(video_id, version)
        with self._lock:
            entries = self._index()
            if name not in entries:
                return None
            entries.move_to_end(name)
        path = self.folder / name
        try:
            data = path.read_bytes()
            os.utime(path)
        except OSError:
            self._forget(name)
            return None
        return data

    def write(self, video_id: str, version: str, data: bytes) -> None:
        """Store ``data`` as this video's thumbnail (replacing older versions), then trim."""
        name = self._name(video_id, version)
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Temp file + rename: a crash never leaves half an image under the real name.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.remove(video_id, keep=name)
        with self._lock:
            self._add(name, len(data))
        self.trim()

    def remove(self, video_id: str, *, keep: str | None = None) -> int:
        """Delete every stored version of a video (except ``keep``); returns how many."""
        video = _video_part(self._name(video_id, ""))
        with self._lock:
            self._index()
            doomed = [n for n in self._by_video.get(video, ()) if n != keep]
        for name in doomed:
            (self.folder / name).unlink(missing_ok=True)
            self._forget(name)
        return len(doomed)

    def trim(self) -> int:
        """Delete least recently used files until at most ``max_bytes`` are stored."""
        removed = 0
        while True:
            with self._lock:
                entries = self._index()
                if self._total <= self.max_bytes or not entries:
                    return removed
                name = next(iter(entries))
                self._drop(name)
            (self.folder / name).unlink(missing_ok=True)
            removed += 1

    def _forget(self, name: str) -> None:
        with self._lock:
            self._drop(name)


def _video_part(name: str) -> str:
    """``<aa>/<sha1(videoId)>`` of a file name ``<aa>/<sha1(videoId)>.<version>.jpg``."""
    return name.split(".", 1)[0]


@dataclass(frozen=True)
class ThumbnailRequest:
    """One image wanted at one size; the URL is how to get it, not what it is."""

    video_id: str
    version: str
    width: int
    height: int
    dpr: float = 1.0
    radius: float = 0.0  # rounded corners, baked into the image (painting stays a plain blit)
    url: str = field(default="", compare=False, hash=False)

    @property
    def pixmap_key(self) -> str:
        return pixmap_key(
            self.video_id, self.version, self.width, self.height, self.dpr, self.radius
        )


def pixmap_key(
    video_id: str, version: str, width: int, height: int, dpr: float, radius: float
) -> str:
    """The ``QPixmapCache`` key of one image at one size."""
    return f"thumb/{video_id}/{version}/{width}x{height}@{dpr:g}r{radius:g}"


def decode_scaled(data: bytes, width: int, height: int, radius: float = 0.0) -> QImage:
    """Decode an image scaled and centre-cropped to fill ``width`` x ``height`` exactly.

    Decoding at the target size (``setScaledSize``) is ~10x cheaper than a full decode. With
    ``radius`` the corners are cut round (transparent), so that views draw a plain pixmap
    instead of clipping every paint to a rounded path. Runs in a worker thread (QImage and a
    QPainter on it, unlike QPixmap, may live off the GUI thread). Null on bad data.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    source = reader.size()
    if source.isValid() and source.width() > 0 and source.height() > 0:
        scale = max(width / source.width(), height / source.height())
        scaled = QSize(
            max(width, math.ceil(source.width() * scale)),
            max(height, math.ceil(source.height() * scale)),
        )
        reader.setScaledSize(scaled)
        reader.setScaledClipRect(
            QRect((scaled.width() - width) // 2, (scaled.height() - height) // 2, width, height)
        )
    image = reader.read()
    buffer.close()
    if image.isNull() or radius <= 0:
        return image
    rounded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    rounded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(rounded)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(image))
    painter.drawRoundedRect(QRectF(rounded.rect()), radius, radius)
    painter.end()
    return rounded


class ThumbnailCache(QObject):
    """Thumbnails on demand: memory, then disk, then network; a signal when one arrives."""

    thumbnail_ready = Signal(str)  # video id whose image is now available (or was invalidated)

    def __init__(self, context: AppContext, *, downloads_at_once: int = DOWNLOADS_AT_ONCE) -> None:
        super().__init__()
        self._context = context
        self.disk = ThumbnailDiskCache(
            Path(context.cache_dir) / "thumbnails", _cache_bytes(context)
        )
        self._queue: LatestFirstQueue[ThumbnailRequest] = LatestFirstQueue(
            self._load,
            context.scope.start,
            limit=downloads_at_once,
            capacity=WAITING_REQUESTS,
            settle_s=SETTLE_S,
            max_wait_s=MAX_WAIT_S,
        )
        self._http: httpx.AsyncClient | None = None
        self._http_building: asyncio.Future[httpx.AsyncClient] | None = None
        self._keys: dict[str, set[str]] = {}  # video id -> pixmap cache keys, for invalidation
        self._failed: set[tuple[str, str]] = set()  # (video id, version): no image this session
        self.downloads = 0  # network fetches made (tests and diagnostics)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KIB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)
        context.settings_changed.connect(self._apply_settings)

    # ---- public API --------------------------------------------------------------------------

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client used for image downloads (created on first use)."""
        if self._http is None:
            self._http = _new_http_client()
        return self._http

    async def _client(self) -> httpx.AsyncClient:
        # Built on a worker thread: creating it loads the CA bundle (~30 ms of the UI thread).
        if self._http is None:
            if self._http_building is None:
                self._http_building = asyncio.ensure_future(asyncio.to_thread(_new_http_client))
            client = await asyncio.shield(self._http_building)
            if self._http is None:
                self._http = client
        return self._http

    def pixmap(
        self,
        video_id: str,
        version: str,
        url: str | None,
        size: QSize,
        dpr: float = 1.0,
        radius: float = 0.0,
        *,
        load: bool = True,
    ) -> QPixmap | None:
        """The thumbnail at ``size`` (logical pixels) if in memory; else load it (unless
        ``load`` is False: a view flinging past the row).

        On a miss the answer is the same image at another size if one is in memory (draw it
        scaled), else None (draw a placeholder). Cheap enough to call from ``paint``: lookups
        on a hit, a queue entry on a miss. ``thumbnail_ready(video_id)`` follows when the image
        of this size is in memory.
        """
        dpr = round(dpr, 2)
        width, height = size.width(), size.height()
        # The hit (every paint of a loaded cell) builds one string and nothing else.
        found = _find_pixmap(pixmap_key(video_id, version, width, height, dpr, radius))
        if found is not None and not found.isNull():
            return found
        request = ThumbnailRequest(video_id, version, width, height, dpr, radius, url or "")
        if load and url and (video_id, version) not in self._failed:
            self._queue.request(request)
        return self._other_size(request)

    def _other_size(self, request: ThumbnailRequest) -> QPixmap | None:
        """This image at another size, if one is in memory (drawn scaled until the exact one
        arrives: resizing the grid then never flashes placeholders)."""
        prefix = f"thumb/{request.video_id}/{request.version}/"
        for key in self._keys.get(request.video_id, ()):
            if key.startswith(prefix):
                found = _find_pixmap(key)
                if found is not None and not found.isNull():
                    return found
        return None

    def forget_waiting(self, size: QSize) -> int:
        """Forget the images of this size still waiting to load (a view flung past them)."""
        width, height = size.width(), size.height()
        return self._queue.discard_if(lambda r: r.width == width and r.height == height)

    def invalidate(self, video_id: str) -> None:
        """Forget a video's image everywhere (its thumbnail changed); views repaint and reload."""
        for key in self._keys.pop(video_id, set()):
            QPixmapCache.remove(key)
        self._failed = {f for f in self._failed if f[0] != video_id}
        self._context.scope.start(asyncio.to_thread(self.disk.remove, video_id))
        self.thumbnail_ready.emit(video_id)

    @property
    def busy(self) -> bool:
        """True while any image waits or loads."""
        return bool(self._queue.waiting or self._queue.running)

    async def close(self) -> None:
        """Stop loading and close the HTTP client."""
        self._queue.clear()
        building, self._http_building = self._http_building, None
        if building is not None and not building.cancelled():
            try:
                built = await building
            except Exception:  # it never became a client
                built = None
            if built is not None and built is not self._http:
                await built.aclose()
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    # ---- loading -----------------------------------------------------------------------------

    async def _load(self, request: ThumbnailRequest) -> None:
        found = _find_pixmap(request.pixmap_key)
        if found is not None and not found.isNull():
            self.thumbnail_ready.emit(request.video_id)
            return
        data = await asyncio.to_thread(self.disk.read, request.video_id, request.version)
        if data is None:
            data = await self._download(request)
            if data is None:
                self._failed.add((request.video_id, request.version))
                return
        device = (
            round(request.width * request.dpr),
            round(request.height * request.dpr),
        )
        image = await asyncio.to_thread(decode_scaled, data, *device, request.radius * request.dpr)
        if image.isNull():
            self._failed.add((request.video_id, request.version))
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(request.dpr)
        QPixmapCache.insert(request.pixmap_key, pixmap)
        self._keys.setdefault(request.video_id, set()).add(request.pixmap_key)
        self.thumbnail_ready.emit(request.video_id)

    async def _download(self, request: ThumbnailRequest) -> bytes | None:
        self.downloads += 1
        try:
            response = await (await self._client()).get(request.url)
        except httpx.HTTPError as exc:
            log.info("thumbnail of %s not fetched: %s", request.video_id, exc)
            return None
        if response.status_code != 200 or not response.content:
            log.info("thumbnail of %s: HTTP %s", request.video_id, response.status_code)
            return None
        data = response.content
        if len(data) > MAX_IMAGE_BYTES:
            return None
        await asyncio.to_thread(self.disk.write, request.video_id, request.version, data)
        return data

    def _apply_settings(self) -> None:
        self.disk.max_bytes = _cache_bytes(self._context)
        self._context.scope.start(asyncio.to_thread(self.disk.trim))


def _new_http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(20.0, connect=10.0),
        limits=httpx.Limits(max_connections=DOWNLOADS_AT_ONCE + 2),
        follow_redirects=True,
    )


def _find_pixmap(key: str) -> QPixmap | None:
    """``QPixmapCache.find(key)``: the pixmap, or None (the stubs only know the older form)."""
    found: QPixmap | None = QPixmapCache.find(key)  # type: ignore[call-overload]
    return found


def _cache_bytes(context: AppContext) -> int:
    mib = getattr(context.settings, "cache_size_mib", 512)
    return int(mib) * 1024 * 1024


def version_of(updated_at: object) -> str:
    """The cache version of a video: its ``updatedAt`` as text ("" when unknown)."""
    if updated_at is None:
        return ""
    iso = getattr(updated_at, "isoformat", None)
    return iso() if callable(iso) else str(updated_at)
