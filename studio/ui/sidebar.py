"""``Sidebar``: the app name and the navigation between sections (Ctrl+1..8 in the window).

Icons are small stroke drawings rendered from SVG in the palette's colours, and redrawn when the
palette changes (theme switch).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

# (key, label) in display order; Ctrl+N selects the Nth.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("library", "Library"),
    ("uploads", "Uploads"),
    ("live", "Live"),
    ("players", "Players"),
    ("tokens", "Upload tokens"),
    ("analytics", "Analytics"),
    ("account", "Account"),
    ("settings", "Settings"),
)

# 24x24 stroke drawings; {c} is the colour.
_ICONS: dict[str, str] = {
    "library": '<rect x="3" y="5" width="18" height="14" rx="2.5"/>'
    '<path d="M10 9.3v5.4l4.6-2.7z" fill="{c}"/>',
    "uploads": '<path d="M12 15V4.5M7.5 9 12 4.5 16.5 9"/>'
    '<path d="M4 14.5v3.5a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3.5"/>',
    "live": '<circle cx="12" cy="12" r="2.2" fill="{c}"/>'
    '<path d="M8.2 8.2a5.4 5.4 0 0 0 0 7.6M15.8 8.2a5.4 5.4 0 0 1 0 7.6'
    'M5.3 5.3a9.5 9.5 0 0 0 0 13.4M18.7 5.3a9.5 9.5 0 0 1 0 13.4"/>',
    "players": '<circle cx="12" cy="12" r="8.5"/><path d="M10.2 8.6v6.8l5.6-3.4z" fill="{c}"/>',
    "tokens": '<circle cx="8" cy="12" r="3.8"/><path d="M11.8 12H21M17.5 12v3.2M20.5 12v2.4"/>',
    "analytics": '<path d="M4 20h16M7.5 16.5v-4M12 16.5v-9M16.5 16.5v-6.5"/>',
    "account": '<circle cx="12" cy="8.5" r="3.6"/><path d="M5 20a7 7 0 0 1 14 0"/>',
    "settings": '<path d="M4 7h9M17 7h3M4 17h3M11 17h9"/>'
    '<circle cx="15" cy="7" r="2.2"/><circle cx="9" cy="17" r="2.2"/>',
}

ICON_SIZE = 18
APP_ICON_FILE = Path(__file__).resolve().parents[2] / "resources" / "studio.svg"


def draw_icon(key: str, colour: QColor, size: int = ICON_SIZE) -> QPixmap:
    """One navigation icon as a device-pixel-ratio 2 pixmap."""
    body = _ICONS[key].replace("{c}", colour.name())
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        f'stroke="{colour.name()}" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round">{body}</svg>'
    )
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg.encode())).render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return pixmap


def nav_icon(key: str, palette: QPalette) -> QIcon:
    """The icon of section ``key``: text colour normally, highlighted-text colour when chosen."""
    icon = QIcon()
    icon.addPixmap(draw_icon(key, palette.color(QPalette.ColorRole.WindowText)))
    icon.addPixmap(
        draw_icon(key, palette.color(QPalette.ColorRole.HighlightedText)), QIcon.Mode.Selected
    )
    return icon


def app_icon() -> QIcon:
    """The application icon (empty when the resources folder is not installed)."""
    return QIcon(str(APP_ICON_FILE)) if APP_ICON_FILE.exists() else QIcon()


class Sidebar(QFrame):
    """The left column: app name, then one row per section."""

    section_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setFixedWidth(208)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 12)
        layout.setSpacing(10)

        header = QHBoxLayout()
        header.setContentsMargins(16, 0, 12, 6)
        header.setSpacing(10)
        logo = QLabel()
        icon = app_icon()
        if not icon.isNull():
            logo.setPixmap(icon.pixmap(QSize(30, 30)))
        name = QLabel("<b>api.video</b><br>Studio")
        name.setObjectName("appName")
        header.addWidget(logo)
        header.addWidget(name, 1)
        layout.addLayout(header)

        self.list = QListWidget()
        self.list.setObjectName("nav")
        self.list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for number, (key, label) in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{label} (Ctrl+{number})")
            item.setSizeHint(QSize(0, 36))
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._on_row)
        layout.addWidget(self.list, 1)

        version = QLabel(f"v{__version__}")
        version.setObjectName("version")
        version.setContentsMargins(18, 0, 0, 0)
        version.setEnabled(False)  # the palette's disabled text: quiet, still readable
        layout.addWidget(version)

        self._icon_colours: tuple[int, int] | None = None
        self.setStyleSheet(SIDEBAR_STYLE)
        self._draw_icons()
        self.list.setCurrentRow(0)

    @property
    def current_key(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select(self, key: str) -> None:
        """Highlight section ``key`` (emits ``section_changed`` if it changes)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(row)
                return
        raise KeyError(key)

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.section_changed.emit(self.list.item(row).data(Qt.ItemDataRole.UserRole))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "list"):
            self._draw_icons()  # theme switch (theme.apply_theme re-resolves the style sheet)

    def _draw_icons(self) -> None:
        palette = self.palette()
        # Style-sheet polishing sends several palette changes with the same colours.
        colours = (
            palette.color(QPalette.ColorRole.WindowText).rgba(),
            palette.color(QPalette.ColorRole.HighlightedText).rgba(),
        )
        if colours == getattr(self, "_icon_colours", None):
            return
        self._icon_colours = colours
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setIcon(nav_icon(str(item.data(Qt.ItemDataRole.UserRole)), palette))


# Style sheets name palette roles, so the colours follow the theme.
SIDEBAR_STYLE = """
#sidebar { background: palette(window); border-right: 1px solid palette(mid); }
#appName { font-size: 13px; }
QListWidget#nav { background: transparent; outline: 0; }
QListWidget#nav::item { padding: 0 10px; margin: 1px 10px; border-radius: 7px; }
QListWidget#nav::item:hover:!selected { background: palette(midlight); }
QListWidget#nav::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""
