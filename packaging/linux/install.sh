#!/usr/bin/env sh
# Install this build for the current user: the folder under ~/.local/opt, `studio` and
# `studio-cli` on PATH (~/.local/bin), the menu entry and the icons. Run it from the build folder
# (dist/studio/install.sh). Uninstall: remove the paths it prints.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
target="$prefix/opt/api-video-studio"
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share"
if [ "$here" != "$target" ]; then
  rm -rf "$target"
  cp -a "$here" "$target"
fi
ln -sf "$target/studio" "$prefix/bin/studio"
ln -sf "$target/studio-cli" "$prefix/bin/studio-cli"
cp -r "$target/share/." "$prefix/share/"
# The menu entry names the installed program by its full path (~/.local/bin may not be on PATH).
sed -e "s|^Exec=studio|Exec=$target/studio|" -e "s|^TryExec=studio|TryExec=$target/studio|" \
  "$target/share/applications/api-video-studio.desktop" \
  > "$prefix/share/applications/api-video-studio.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$prefix/share/icons/hicolor" || true
echo "Installed: $target"
echo "  $prefix/bin/studio, $prefix/bin/studio-cli"
echo "  $prefix/share/applications/api-video-studio.desktop, $prefix/share/icons/hicolor/*/apps/api-video-studio.*"
