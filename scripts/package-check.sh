#!/usr/bin/env bash
# Install test of the .deb on this machine (Debian/Ubuntu, root or sudo):
#   1. `apt-get install ./reelforge_….deb` (pulls ffmpeg and the GStreamer codecs it Depends on);
#   2. starts the *installed* binary under its own Xvfb with a fresh REELFORGE_DATA_DIR and
#      fresh XDG folders, waits for the dashboard's `command list_jobs ok` (the app logs to
#      stderr, RUST_LOG=info), screenshots the screen and checks it is not blank;
#   3. `apt-get remove` the package and checks the binary is gone and the user data
#      (the database in the data directory) is still there.
#
#   scripts/package-check.sh [path/to/reelforge.deb]
#
# Without an argument it takes the newest .deb in target/release/bundle/deb, building one with
# scripts/package.sh when there is none. Output (log, screenshot) in target/package-check/.
# Leaves the package uninstalled. Environment: CHECK_TIMEOUT (seconds, default 60),
# CHECK_MIN_COLOURS (default 16), CHECK_KEEP_INSTALLED=1 skips the removal step.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
timeout_s=${CHECK_TIMEOUT:-60}
min_colours=${CHECK_MIN_COLOURS:-16}
out_dir="$root/target/package-check"
log="$out_dir/app.log"
shot="$out_dir/window.png"

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
for tool in apt-get dpkg-deb Xvfb import convert; do
  command -v "$tool" >/dev/null || { echo "package-check: $tool is not installed" >&2; exit 1; }
done

deb="${1:-}"
if [[ -z "$deb" ]]; then
  deb="$(ls -t "$target_dir"/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)"
  if [[ -z "$deb" ]]; then
    echo "package-check: no .deb yet; building one"
    scripts/package.sh --bundles deb
    deb="$(ls -t "$target_dir"/release/bundle/deb/*.deb | head -n 1)"
  fi
fi
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
pkg="$(dpkg-deb -f "$deb" Package)"
echo "package-check: $deb ($(wc -c <"$deb") bytes), package $pkg $(dpkg-deb -f "$deb" Version)"

mkdir -p "$out_dir"
rm -f "$log" "$shot"
work="$(mktemp -d -t reelforge-pkgcheck.XXXXXX)"
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
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "package-check: FAILED: $*" >&2
  if [[ -s "$log" ]]; then
    echo "----- app log ($log) -----" >&2
    cat "$log" >&2
  fi
  exit 1
}

# 1. Install. apt resolves the Depends (ffmpeg, GStreamer codecs) from the configured sources.
start=$SECONDS
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$deb" || fail "apt-get install $deb"
echo "package-check: installed in $((SECONDS - start)) s; Installed-Size $(dpkg-query -W -f='${Installed-Size}' "$pkg") KiB"
app="$(dpkg -L "$pkg" | grep -E '^/usr/bin/[^/]+$' | head -n 1)"
[[ -x "$app" ]] || fail "no executable under /usr/bin in package $pkg"
desktop="$(dpkg -L "$pkg" | grep -E '\.desktop$' | head -n 1 || true)"
echo "package-check: binary $app; desktop entry ${desktop:-none}"
if [[ -n "$desktop" ]]; then
  grep -E '^(Exec|Icon|Categories)=' "$desktop" | sed 's/^/package-check:   /' || true
fi

# 2. Start the installed app on a fresh data directory.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 50); do
  [[ -s "$work/display" ]] && break
  sleep 0.1
done
[[ -s "$work/display" ]] || fail "Xvfb did not report a display"
display=":$(tr -d '[:space:]' <"$work/display")"

home="$work/home"
data="$home/reelforge-data"
mkdir -p "$home" "$work/xdg-data" "$work/xdg-config" "$work/xdg-cache"
launched=$SECONDS
# Started as a user would from a shell: PATH without the build tree.
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" LANG=C.UTF-8 \
  DISPLAY="$display" \
  REELFORGE_DATA_DIR="$data" \
  XDG_DATA_HOME="$work/xdg-data" XDG_CONFIG_HOME="$work/xdg-config" XDG_CACHE_HOME="$work/xdg-cache" \
  RUST_LOG=info NO_COLOR=1 \
  "$app" >"$log" 2>&1 &
app_pid=$!
echo "package-check: started $app (pid $app_pid) on $display, data dir $data"

deadline=$((SECONDS + timeout_s))
until grep -q "command list_jobs ok" "$log" 2>/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited before the dashboard loaded"
  ((SECONDS < deadline)) || fail "no list_jobs round trip within ${timeout_s}s"
  sleep 0.2
done
echo "package-check: dashboard loaded (list_jobs ok) $((SECONDS - launched)) s after launch"

# The window is painted a moment after the data arrives: shoot until non-blank and settled.
((deadline - SECONDS >= 20)) || deadline=$((SECONDS + 20))
previous=""
while :; do
  kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited after loading"
  import -display "$display" -window root "$shot" || fail "screenshot failed"
  colours=$(convert "$shot" -format '%k' info:)
  signature=$(convert "$shot" -format '%#' info:)
  if ((colours >= min_colours)) && [[ "$signature" == "$previous" ]]; then break; fi
  previous=$signature
  ((SECONDS < deadline)) || fail "no settled, non-blank window ($colours colours): $shot"
  sleep 1
done
echo "package-check: screenshot $shot ($colours colours)"

kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
[[ -d "$data" ]] || fail "the app wrote no data directory at $data"
before="$(cd "$data" && find . -type f | sort)"
echo "package-check: user data: $(echo "$before" | wc -l) files ($(du -sh "$data" | cut -f1)) in $data"

if [[ "${CHECK_KEEP_INSTALLED:-0}" == 1 ]]; then
  echo "package-check: OK (package left installed)"
  exit 0
fi

# 3. Uninstall: the package goes, the user's data stays.
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -q "$pkg" || fail "apt-get remove $pkg"
dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
  && fail "$pkg is still installed after apt-get remove"
[[ ! -e "$app" ]] || fail "$app is still there after apt-get remove"
after="$(cd "$data" 2>/dev/null && find . -type f | sort || true)"
[[ -n "$after" && "$after" == "$before" ]] || fail "user data changed by apt-get remove: before [$before] after [$after]"
echo "package-check: removed $pkg; $app gone; user data intact ($(echo "$after" | wc -l) files)"
echo "package-check: OK"
