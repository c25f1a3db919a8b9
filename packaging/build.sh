#!/usr/bin/env bash
# Build the one-folder app: dist/studio/studio (+ dist/studio/studio-cli) on Linux,
# dist/studio/studio.exe on Windows (Git Bash), dist/api.video Studio.app on macOS.
#
#   packaging/build.sh            # uses .venv/bin/python; PYTHON=... to choose another
#
# Prints the build time and the size of the result. Needs the `packaging` extra
# (pip install -e '.[packaging]'), installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY="${PYTHON:-.venv/Scripts/python.exe}"  # Windows venv layout

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: installing the packaging extra (PyInstaller)"
  "$PY" -m pip install -q -e '.[packaging]'
fi

started=$(date +%s)
"$PY" packaging/make_icons.py build/icons
# Qt must not look for a display while PyInstaller's hooks import it.
QT_QPA_PLATFORM=offscreen "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/studio.spec

# Linux desktop integration files travel with the build (install notes: packaging/README.md).
if [ "$(uname -s)" = "Linux" ]; then
  share=dist/studio/share
  mkdir -p "$share/applications" "$share/icons/hicolor/scalable/apps"
  cp packaging/linux/api-video-studio.desktop "$share/applications/"
  cp resources/studio.svg "$share/icons/hicolor/scalable/apps/api-video-studio.svg"
  for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
    cp "build/icons/studio-$size.png" "$share/icons/hicolor/${size}x${size}/apps/api-video-studio.png"
  done
  cp packaging/linux/install.sh dist/studio/
fi

elapsed=$(( $(date +%s) - started ))
echo "build: done in ${elapsed} s; dist/studio is $(du -sh dist/studio | cut -f1)"
