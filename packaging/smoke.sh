#!/usr/bin/env bash
# Packaging smoke test, a CI step of its own: build dist/studio, then run what was built.
#
#   packaging/smoke.sh             # build (packaging/build.sh), then check
#   packaging/smoke.sh --no-build  # check an existing dist/studio
#
# Checks, all offscreen and offline, each with a timeout:
#  1. the app: `studio --demo --smoke` opens the main window on the embedded emulator, lists
#     videos through it and exits 0 ("smoke: ok");
#  2. the frozen `studio-emulator` serves, and the frozen `studio-cli` uploads a file to it
#     through the upload queue and lists it back (keyring-free: key and URL on the command line).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=dist/studio
[ "${1:-}" = "--no-build" ] || bash packaging/build.sh
export QT_QPA_PLATFORM=offscreen
work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

# 1. The desktop app in demo mode.
started=$(date +%s)
if ! timeout 180 "$DIST/studio" --demo --smoke --data-dir "$work/app" \
    --config-dir "$work/app/config" --cache-dir "$work/app/cache" >"$work/app.log" 2>&1; then
  cat "$work/app.log" >&2
  fail "the app did not pass --smoke"
fi
grep -q "smoke: ok" "$work/app.log" || fail "the app did not report 'smoke: ok'"
echo "smoke: app ok ($(( $(date +%s) - started )) s)"

# 2. The frozen emulator and command line.
started=$(date +%s)
"$DIST/studio-emulator" --port 0 --no-rtmp --data-dir "$work/emulator" --api-key smoke-key \
  >"$work/emulator.log" 2>&1 &
emulator_pid=$!
url=""
for _ in $(seq 1 150); do
  url="$(grep -o 'http://[0-9.:]*' "$work/emulator.log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; fail "studio-emulator exited"; }
  sleep 0.2
done
[ -n "$url" ] || fail "studio-emulator did not start"
cli=("$DIST/studio-cli" --api-key smoke-key --base-url "$url" --data-dir "$work/cli"
     --config-dir "$work/cli/config")
# A file the queue recognises as an MP4 (an ftyp box); the emulator stores what it receives.
printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom' >"$work/clip.mp4"
head -c 300000 /dev/urandom >>"$work/clip.mp4"
uploaded="$(timeout 120 "${cli[@]:0:1}" upload "$work/clip.mp4" "${cli[@]:1}" --title "Smoke clip" --json)" \
  || fail "studio-cli upload (exit $?)"
grep -q '"status": "processing"' <<<"$uploaded" || fail "the upload did not finish: $uploaded"
listed="$(timeout 60 "${cli[@]:0:1}" ls "${cli[@]:1}" --json)" || fail "studio-cli ls (exit $?)"
grep -q '"title": "Smoke clip"' <<<"$listed" || fail "the uploaded video is not listed"
echo "smoke: studio-cli and studio-emulator ok ($(( $(date +%s) - started )) s)"
echo "smoke: ok"
