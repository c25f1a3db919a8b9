"""Replaces PyInstaller's QtGui hook: the same Qt dependencies, minus plugins a desktop app of
ours never loads, and whose libraries are the bulk of their weight:

* ``platformthemes/libqgtk3``: pulls GTK 3 and its stack (the app draws its own theme; Qt
  falls back to the XDG portal theme, which still gives native file dialogs);
* ``platforminputcontexts/libqtvirtualkeyboardplugin``: pulls Qt Quick and QML (compose and
  IBus input stay, so accented and CJK input keep working);
* embedded-device platforms (EGLFS, LinuxFB, VNC, Vulkan display) and their integrations.

Dropping them here, before PyInstaller resolves shared-library dependencies, keeps their
dependencies out too (filtering the finished build would leave those behind).
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED = (
    "platformthemes/libqgtk3",
    "platforminputcontexts/libqtvirtualkeyboardplugin",
    "egldeviceintegrations/",
    "platforms/libqeglfs",
    "platforms/libqminimalegl",
    "platforms/libqlinuxfb",
    "platforms/libqvnc",
    "platforms/libqvkkhrdisplay",
)

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, dest)
    for source, dest in binaries
    if not any(part in source.replace("\\", "/") for part in UNUSED)
]
