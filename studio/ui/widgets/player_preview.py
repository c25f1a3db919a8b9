"""``PlayerPreview``: the api.video player drawn with a theme's colours, before anything is saved.

Everything is painted with QPainter over a mock video frame (a dusk landscape, so light and dark
colours both read): the top and bottom shades (``backgroundTop``/``backgroundBottom``) fading
into the picture, the title (``backgroundText``), the logo, the big play button shown hovered
(``linkActive``), the control bar icons (``link``, with the volume icon hovered: ``linkHover``),
the timer (``text``) and the progress track (``trackBackground`` under ``trackUnplayed``, the
buffered part, under ``trackPlayed``). Switches hide the title or the controls as the player
would. :meth:`probe_points` names where each colour lands, for tests and for tooltips.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

ASPECT = 16 / 9
REFERENCE_HEIGHT = 360.0  # layout units: everything scales with the frame's height
LOGO_HEIGHT = 30.0  # the player draws logos 30 px high in a 360 px frame
PLAYED = 0.34  # fractions of the track: how much is played and how much is buffered
BUFFERED = 0.63

DEFAULT_COLOURS: dict[str, QColor] = {
    "text": QColor(255, 255, 255),
    "link": QColor(255, 255, 255),
    "link_hover": QColor(255, 255, 255),
    "link_active": QColor(255, 255, 255),
    "track_played": QColor(88, 131, 255, 242),
    "track_unplayed": QColor(255, 255, 255, 89),
    "track_background": QColor(255, 255, 255, 51),
    "background_top": QColor(0, 0, 0, 179),
    "background_bottom": QColor(0, 0, 0, 179),
    "background_text": QColor(255, 255, 255),
}
"""The API's documented defaults (contract 3.7), keyed by the model's attribute names."""


@dataclass(frozen=True)
class PlayerLook:
    """What the preview draws: colours by attribute name, switches, title and logo."""

    colours: dict[str, QColor] = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    enable_controls: bool = True
    hide_title: bool = False
    title: str = "Product launch keynote"
    logo: QImage | None = None

    def colour(self, name: str) -> QColor:
        return self.colours.get(name, DEFAULT_COLOURS[name])


@dataclass(frozen=True)
class _Layout:
    frame: QRectF
    unit: float  # pixels per layout unit
    top_shade: QRectF
    bottom_shade: QRectF
    big_play: QRectF
    track: QRectF
    play_icon: QRectF
    volume_icon: QRectF
    settings_icon: QRectF
    fullscreen_icon: QRectF
    timer: QRectF
    title: QRectF
    logo: QRectF


class PlayerPreview(QWidget):
    """A 16:9 picture of the player under a theme; call :meth:`set_look` on every edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = PlayerLook()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    # ---- state -------------------------------------------------------------------------------

    @property
    def look(self) -> PlayerLook:
        return self._look

    def set_look(self, look: PlayerLook) -> None:
        """Draw ``look`` from now on (repaints at once)."""
        if look != self._look:
            self._look = look
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width / ASPECT)

    # ---- geometry ----------------------------------------------------------------------------

    def _layout(self) -> _Layout:
        area = QRectF(self.rect())
        width = min(area.width(), area.height() * ASPECT)
        height = width / ASPECT
        frame = QRectF(0, 0, width, height)
        frame.moveCenter(area.center())
        u = height / REFERENCE_HEIGHT

        def box(x: float, y: float, w: float, h: float) -> QRectF:
            return QRectF(frame.left() + x * u, frame.top() + y * u, w * u, h * u)

        full = frame.width() / u  # the frame's width in layout units
        bar_y = REFERENCE_HEIGHT - 34  # the control bar's icons: 34 units from the bottom
        track = box(14, REFERENCE_HEIGHT - 50, full - 28, 5)
        logo_width = LOGO_HEIGHT * 2.4
        if self._look.logo is not None and not self._look.logo.isNull():
            logo = self._look.logo
            logo_width = LOGO_HEIGHT * logo.width() / max(1, logo.height())
        return _Layout(
            frame=frame,
            unit=u,
            top_shade=box(0, 0, full, 110),
            bottom_shade=box(0, REFERENCE_HEIGHT - 120, full, 120),
            big_play=box(full / 2 - 34, REFERENCE_HEIGHT / 2 - 34, 68, 68),
            track=track,
            play_icon=box(14, bar_y, 22, 22),
            volume_icon=box(46, bar_y, 22, 22),
            settings_icon=box(full - 70, bar_y, 22, 22),
            fullscreen_icon=box(full - 38, bar_y, 22, 22),
            timer=box(78, bar_y, 140, 22),
            title=box(16, 14, full - 32 - logo_width - 12, 28),
            logo=box(full - 16 - logo_width, 12, logo_width, LOGO_HEIGHT),
        )

    def probe_points(self) -> dict[str, QPointF]:
        """Where each colour shows unmixed (widget coordinates), for tests and hit testing."""
        lay = self._layout()
        track = lay.track
        centre_y = track.center().y()
        return {
            "track_played": QPointF(track.left() + track.width() * PLAYED * 0.5, centre_y),
            "track_unplayed": QPointF(
                track.left() + track.width() * (PLAYED + BUFFERED) / 2 + 8 * lay.unit, centre_y
            ),
            "track_background": QPointF(
                track.left() + track.width() * (BUFFERED + 1) / 2, centre_y
            ),
            "link_active": _triangle_centre(lay.big_play),
            "link": _triangle_centre(lay.play_icon),
            "background_top": QPointF(lay.frame.center().x(), lay.frame.top() + 1),
            "background_bottom": QPointF(lay.frame.center().x(), lay.frame.bottom() - 2),
            "logo": lay.logo.center(),
        }

    # ---- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        lay = self._layout()
        look = self._look
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        clip = QPainterPath()
        clip.addRoundedRect(lay.frame, 10, 10)
        painter.setClipPath(clip)
        _paint_scenery(painter, lay.frame)
        # The player shades only while its controls show (it hides both with the controls).
        if not look.hide_title or look.enable_controls:
            _shade(painter, lay.top_shade, look.colour("background_top"), downwards=True)
        if look.enable_controls:
            _shade(painter, lay.bottom_shade, look.colour("background_bottom"), downwards=False)
        if not look.hide_title:
            self._paint_title(painter, lay)
        if look.logo is not None and not look.logo.isNull():
            painter.drawImage(lay.logo, look.logo)
        if look.enable_controls:
            self._paint_controls(painter, lay)
        painter.setClipping(False)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(lay.frame.adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)

    def _paint_title(self, painter: QPainter, lay: _Layout) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(17 * lay.unit)))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(self._look.colour("background_text"))
        text = painter.fontMetrics().elidedText(
            self._look.title, Qt.TextElideMode.ElideRight, int(lay.title.width())
        )
        painter.drawText(
            lay.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
        )

    def _paint_controls(self, painter: QPainter, lay: _Layout) -> None:
        look = self._look
        u = lay.unit
        # The big play button, hovered: a soft disc behind the triangle in linkActive.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 90))
        painter.drawEllipse(lay.big_play)
        painter.setPen(QPen(look.colour("link_active"), 2.5 * u))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(lay.big_play.adjusted(1.5 * u, 1.5 * u, -1.5 * u, -1.5 * u))
        _play_triangle(
            painter,
            lay.big_play.adjusted(22 * u, 20 * u, -18 * u, -20 * u),
            look.colour("link_active"),
        )
        _pointer(painter, QPointF(lay.big_play.right() - 10 * u, lay.big_play.bottom() - 8 * u), u)

        # Progress track: background, buffered, played, and the knob.
        track = lay.track
        radius = track.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(look.colour("track_background"))
        painter.drawRoundedRect(track, radius, radius)
        buffered = QRectF(track.left(), track.top(), track.width() * BUFFERED, track.height())
        painter.setBrush(look.colour("track_unplayed"))
        painter.drawRoundedRect(buffered, radius, radius)
        played = QRectF(track.left(), track.top(), track.width() * PLAYED, track.height())
        painter.setBrush(look.colour("track_played"))
        painter.drawRoundedRect(played, radius, radius)
        painter.drawEllipse(QPointF(played.right(), track.center().y()), 6 * u, 6 * u)

        link = look.colour("link")
        _play_triangle(painter, lay.play_icon.adjusted(4 * u, 2 * u, -3 * u, -2 * u), link)
        _volume(painter, lay.volume_icon, look.colour("link_hover"), u)
        _pointer(
            painter,
            QPointF(lay.volume_icon.center().x() + 4 * u, lay.volume_icon.center().y() + 1 * u),
            u,
        )
        _gear(painter, lay.settings_icon, link, u)
        _fullscreen(painter, lay.fullscreen_icon, link, u)

        font = QFont(self.font())
        font.setPixelSize(max(7, round(13 * u)))
        font.setWeight(QFont.Weight.Medium)
        font.setStyleHint(QFont.StyleHint.Monospace)
        painter.setFont(font)
        painter.setPen(look.colour("text"))
        painter.drawText(
            lay.timer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "1:24 / 4:05"
        )


# ---- drawing helpers -----------------------------------------------------------------------------


def _paint_scenery(painter: QPainter, frame: QRectF) -> None:
    """A still of a dusk landscape: sky, sun, two ranges of hills and a lake."""
    sky = QLinearGradient(frame.topLeft(), frame.bottomLeft())
    sky.setColorAt(0.0, QColor("#1d2b64"))
    sky.setColorAt(0.45, QColor("#7a4a8c"))
    sky.setColorAt(0.75, QColor("#f0876a"))
    sky.setColorAt(1.0, QColor("#f8c37a"))
    painter.fillRect(frame, sky)
    w, h = frame.width(), frame.height()
    x0, y0 = frame.left(), frame.top()
    sun_centre = QPointF(x0 + w * 0.68, y0 + h * 0.60)
    glow = QRadialGradient(sun_centre, h * 0.42)
    glow.setColorAt(0.0, QColor(255, 226, 160, 200))
    glow.setColorAt(1.0, QColor(255, 226, 160, 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(glow)
    painter.drawEllipse(sun_centre, h * 0.42, h * 0.42)
    painter.setBrush(QColor("#ffe7b0"))
    painter.drawEllipse(sun_centre, h * 0.085, h * 0.085)
    for colour, peaks in (
        ("#5b3a6e", ((0, 0.62), (0.18, 0.48), (0.34, 0.60), (0.52, 0.44), (0.75, 0.58), (1, 0.5))),
        ("#2e2145", ((0, 0.72), (0.22, 0.62), (0.45, 0.74), (0.63, 0.64), (0.85, 0.73), (1, 0.66))),
    ):
        path = QPainterPath(QPointF(x0, y0 + h))
        for px, py in peaks:
            path.lineTo(x0 + w * px, y0 + h * py)
        path.lineTo(x0 + w, y0 + h)
        path.closeSubpath()
        painter.setBrush(QColor(colour))
        painter.drawPath(path)
    lake = QLinearGradient(QPointF(x0, y0 + h * 0.84), QPointF(x0, y0 + h))
    lake.setColorAt(0.0, QColor("#3c2f5c"))
    lake.setColorAt(1.0, QColor("#171226"))
    painter.fillRect(QRectF(x0, y0 + h * 0.84, w, h * 0.16), lake)


def _shade(painter: QPainter, area: QRectF, colour: QColor, *, downwards: bool) -> None:
    """A band of ``colour`` fading to transparent towards the middle of the picture."""
    clear = QColor(colour)
    clear.setAlpha(0)
    start, end = (
        (area.topLeft(), area.bottomLeft()) if downwards else (area.bottomLeft(), area.topLeft())
    )
    gradient = QLinearGradient(start, end)
    gradient.setColorAt(0.0, colour)
    gradient.setColorAt(0.35, colour)
    gradient.setColorAt(1.0, clear)
    painter.fillRect(area, gradient)


def _triangle_centre(box: QRectF) -> QPointF:
    return box.center()


def _play_triangle(painter: QPainter, box: QRectF, colour: QColor) -> None:
    path = QPainterPath(box.topLeft())
    path.lineTo(box.right(), box.center().y())
    path.lineTo(box.bottomLeft())
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)


def _volume(painter: QPainter, box: QRectF, colour: QColor, u: float) -> None:
    """A speaker with two sound waves."""
    cx, cy = box.left(), box.center().y()
    body = QPainterPath(QPointF(cx + 2 * u, cy - 4 * u))
    body.lineTo(cx + 6 * u, cy - 4 * u)
    body.lineTo(cx + 11 * u, cy - 9 * u)
    body.lineTo(cx + 11 * u, cy + 9 * u)
    body.lineTo(cx + 6 * u, cy + 4 * u)
    body.lineTo(cx + 2 * u, cy + 4 * u)
    body.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(body)
    pen = QPen(colour, 2 * u)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (5.0, 9.0):
        arc = QRectF(cx + 11 * u - radius * u, cy - radius * u, 2 * radius * u, 2 * radius * u)
        painter.drawArc(arc, -45 * 16, 90 * 16)


def _gear(painter: QPainter, box: QRectF, colour: QColor, u: float) -> None:
    """A cog: a ring with eight teeth."""
    centre = box.center()
    painter.save()
    painter.translate(centre)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    for _ in range(8):
        painter.drawRoundedRect(QRectF(-2 * u, -10 * u, 4 * u, 5 * u), 1 * u, 1 * u)
        painter.rotate(45)
    ring = QPainterPath()
    ring.addEllipse(QPointF(0, 0), 7.5 * u, 7.5 * u)
    hole = QPainterPath()
    hole.addEllipse(QPointF(0, 0), 3 * u, 3 * u)
    painter.drawPath(ring.subtracted(hole))
    painter.restore()


def _fullscreen(painter: QPainter, box: QRectF, colour: QColor, u: float) -> None:
    """Four corner brackets."""
    pen = QPen(colour, 2.2 * u)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inner = box.adjusted(3 * u, 3 * u, -3 * u, -3 * u)
    leg = 5 * u
    for corner, dx, dy in (
        (inner.topLeft(), 1, 1),
        (inner.topRight(), -1, 1),
        (inner.bottomLeft(), 1, -1),
        (inner.bottomRight(), -1, -1),
    ):
        painter.drawLine(corner, QPointF(corner.x() + dx * leg, corner.y()))
        painter.drawLine(corner, QPointF(corner.x(), corner.y() + dy * leg))


def _pointer(painter: QPainter, tip: QPointF, u: float) -> None:
    """A small mouse arrow, saying "this control is shown hovered"."""
    s = 0.9 * u
    path = QPainterPath(tip)
    for dx, dy in ((0, 15), (4, 11), (7, 17), (9.5, 16), (6.5, 10), (11, 10)):
        path.lineTo(tip.x() + dx * s, tip.y() + dy * s)
    path.closeSubpath()
    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.1 * u))
    painter.setBrush(QColor(255, 255, 255))
    painter.drawPath(path)
