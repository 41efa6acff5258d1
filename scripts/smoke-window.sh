#!/usr/bin/env bash
# Smoke test of the real app window, headless: starts target/debug/reelforge-app under Xvfb on a
# fresh data directory, waits until the UI's dashboard has round-tripped `list_jobs` and
# `list_templates` through IPC (the app logs `command <name> ok`), takes a screenshot of the
# screen into target/smoke/window.png and checks that it is not blank.
#
# Needs: Xvfb, ImageMagick (import, convert), a built UI in ui/dist (scripts/build-ui.sh).
# Builds the app first when the binary is missing. Exit 0 on success; otherwise prints the app
# log and exits 1. The app log stays in target/smoke/app.log.
#
# Environment: SMOKE_TIMEOUT (seconds to wait for the round trip, default 60),
# SMOKE_MIN_COLOURS (distinct colours a rendered window must have, default 16),
# CARGO_TARGET_DIR (where the binary is, default ./target).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

timeout_s=${SMOKE_TIMEOUT:-60}
min_colours=${SMOKE_MIN_COLOURS:-16}
target_dir=${CARGO_TARGET_DIR:-$root/target}
app="$target_dir/debug/reelforge-app"
out_dir="$root/target/smoke"
log="$out_dir/app.log"
shot="$out_dir/window.png"

for tool in Xvfb import convert; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool is not installed" >&2; exit 1; }
done

mkdir -p "$out_dir"
rm -f "$log" "$shot"

if [[ ! -x "$app" ]]; then
  echo "smoke: $app is missing; building it"
  cargo build -p reelforge-app
fi

work=$(mktemp -d -t reelforge-smoke.XXXXXX)
xvfb_pid=""
app_pid=""

cleanup() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [[ -n "$xvfb_pid" ]] && kill -0 "$xvfb_pid" 2>/dev/null; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "smoke: FAILED: $*" >&2
  echo "----- app log ($log) -----" >&2
  cat "$log" >&2 2>/dev/null || echo "(no log)" >&2
  echo "--------------------------" >&2
  exit 1
}

# Xvfb picks a free display itself and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 50); do
  [[ -s "$work/display" ]] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
  sleep 0.1
done
[[ -s "$work/display" ]] || fail "Xvfb did not report a display"
display=":$(tr -d '[:space:]' <"$work/display")"
echo "smoke: Xvfb on $display"

# A fresh data directory, and fresh XDG dirs so WebKit's caches stay out of the real home.
mkdir -p "$work/data" "$work/xdg-data" "$work/xdg-config" "$work/xdg-cache"
DISPLAY="$display" \
  REELFORGE_DATA_DIR="$work/data" \
  XDG_DATA_HOME="$work/xdg-data" \
  XDG_CONFIG_HOME="$work/xdg-config" \
  XDG_CACHE_HOME="$work/xdg-cache" \
  RUST_LOG=info \
  NO_COLOR=1 \
  "$app" >"$log" 2>&1 &
app_pid=$!
echo "smoke: started $app (pid $app_pid), data dir $work/data"

deadline=$((SECONDS + timeout_s))
until grep -q "command list_jobs ok" "$log" && grep -q "command list_templates ok" "$log"; do
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited before the dashboard loaded"
  ((SECONDS < deadline)) || fail "no list_jobs/list_templates round trip within ${timeout_s}s"
  sleep 0.5
done
echo "smoke: dashboard round trip seen after $((SECONDS - deadline + timeout_s))s"

# WebKit paints the received data a moment after the round trip (seconds on a loaded machine
# under Xvfb): screenshot until the window is not blank and two shots in a row are identical
# (painting finished), within the same deadline (and at least 20 s).
((deadline - SECONDS >= 20)) || deadline=$((SECONDS + 20))
previous=""
while :; do
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited after loading"
  import -display "$display" -window root "$shot" || fail "screenshot failed"
  colours=$(convert "$shot" -format '%k' info:)
  deviation=$(convert "$shot" -colorspace gray -format '%[fx:standard_deviation]' info:)
  signature=$(convert "$shot" -format '%#' info:)
  if ((colours >= min_colours)) && awk -v d="$deviation" 'BEGIN { exit !(d > 0) }' &&
    [[ "$signature" == "$previous" ]]; then
    break
  fi
  previous=$signature
  ((SECONDS < deadline)) || fail "no settled, non-blank window (last shot: $colours colours, grey standard deviation $deviation; need >= $min_colours colours): $shot"
  sleep 1
done
echo "smoke: screenshot $shot: $colours colours, grey standard deviation $deviation"
echo "smoke: OK"
