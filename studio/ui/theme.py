"""Light, dark and system themes, applied as a QPalette (Fusion style for the explicit ones).

Widgets take every colour from the palette, so switching theme needs no restart: the palette
change reaches every widget and the custom-painted ones repaint with the new roles.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#e8542a"  # api.video's orange, slightly deepened so white text on it stays legible

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# (role, active/inactive colour, disabled colour or None for the same)
_DARK: list[tuple[QPalette.ColorRole, str, str | None]] = [
    (Role.Window, "#1f2024", None),
    (Role.WindowText, "#e7e8ea", "#6e7178"),
    (Role.Base, "#17181b", "#1c1d20"),
    (Role.AlternateBase, "#232428", None),
    (Role.ToolTipBase, "#2c2e33", None),
    (Role.ToolTipText, "#e7e8ea", None),
    (Role.PlaceholderText, "#858891", None),
    (Role.Text, "#e7e8ea", "#6e7178"),
    (Role.Button, "#2a2c31", "#24262a"),
    (Role.ButtonText, "#e7e8ea", "#6e7178"),
    (Role.BrightText, "#ff6b5a", None),
    (Role.Light, "#3a3d44", None),
    (Role.Midlight, "#30333a", None),
    (Role.Mid, "#26282d", None),
    (Role.Dark, "#121316", None),
    (Role.Shadow, "#000000", None),
    (Role.Highlight, ACCENT, "#4a4d55"),
    (Role.HighlightedText, "#ffffff", "#a0a3aa"),
    (Role.Link, "#ff8a5c", None),
    (Role.LinkVisited, "#d9825f", None),
    (Role.Accent, ACCENT, None),
]

_LIGHT: list[tuple[QPalette.ColorRole, str, str | None]] = [
    (Role.Window, "#f3f4f6", None),
    (Role.WindowText, "#1d1f24", "#9a9da4"),
    (Role.Base, "#ffffff", "#f3f4f6"),
    (Role.AlternateBase, "#f6f7f9", None),
    (Role.ToolTipBase, "#ffffff", None),
    (Role.ToolTipText, "#1d1f24", None),
    (Role.PlaceholderText, "#8b8e96", None),
    (Role.Text, "#1d1f24", "#9a9da4"),
    (Role.Button, "#fbfbfc", "#eeeff1"),
    (Role.ButtonText, "#1d1f24", "#9a9da4"),
    (Role.BrightText, "#c62828", None),
    (Role.Light, "#ffffff", None),
    (Role.Midlight, "#eceef1", None),
    (Role.Mid, "#c9ccd2", None),
    (Role.Dark, "#a3a7ae", None),
    (Role.Shadow, "#5c6068", None),
    (Role.Highlight, ACCENT, "#d5d8dd"),
    (Role.HighlightedText, "#ffffff", "#6e7178"),
    (Role.Link, "#c4441d", None),
    (Role.LinkVisited, "#9c3a1c", None),
    (Role.Accent, ACCENT, None),
]

_original_style: str | None = None


def palette_for(dark: bool) -> QPalette:
    """The studio's dark or light palette."""
    palette = QPalette()
    for role, colour, disabled in _DARK if dark else _LIGHT:
        palette.setColor(Group.Active, role, QColor(colour))
        palette.setColor(Group.Inactive, role, QColor(colour))
        palette.setColor(Group.Disabled, role, QColor(disabled or colour))
    return palette


def system_prefers_dark() -> bool:
    """True when the desktop asks for a dark colour scheme (Qt 6.5+ knows)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette) -> bool:
    """True when ``palette`` draws light text on a dark window."""
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply ``"light"``, ``"dark"`` or ``"system"`` to the whole application.

    Light and dark use Fusion (the one style that honours every palette role on every OS);
    system goes back to the platform style with its own palette, switched to the dark palette
    only when the desktop is dark but the platform style would not follow.
    """
    global _original_style
    if _original_style is None:
        _original_style = app.style().name()
    if theme in ("light", "dark"):
        _set_style(app, "fusion")
        palette = palette_for(theme == "dark")
    else:
        _set_style(app, _original_style)
        palette = app.style().standardPalette()
        if system_prefers_dark() and not is_dark(palette):
            _set_style(app, "fusion")
            palette = palette_for(True)
    app.setPalette(palette)
    refresh_style_sheets(app)


def refresh_style_sheets(app: QApplication) -> None:
    """Re-resolve ``palette(...)`` in every widget's style sheet.

    A widget with a style sheet keeps the colours resolved when the sheet was set and gets no
    palette change from ``QApplication.setPalette``; setting the same sheet again re-resolves it
    (and sends the widget a PaletteChange, which custom-painted widgets use to redraw).
    """
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


def _set_style(app: QApplication, name: str) -> None:
    if app.style().name().lower() != name.lower():
        style = QStyleFactory.create(name)
        if style is not None:
            app.setStyle(style)
