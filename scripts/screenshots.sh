#!/usr/bin/env bash
# Saves a screenshot of every screen, in the light and the dark theme, into docs/screenshots/
# (or $REELFORGE_SCREENSHOTS_DIR): the end-to-end suite's `screenshots` scenario, in the real
# window under Xvfb, on a seeded history plus one job generated and assembled offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
REELFORGE_WITH_SDKS=1 source scripts/setup.sh
scripts/build-ui.sh
cargo build -p reelforge-app
keyring_dir="$(mktemp -d)"
trap 'rm -rf "$keyring_dir"' EXIT
export REELFORGE_REQUIRE_E2E=1
dbus-run-session -- bash -c '
  set -euo pipefail
  printf %s reelforge-screenshots |
    XDG_DATA_HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec cargo test -p reelforge-tests --test e2e -- screenshots' "$keyring_dir"
ls -1 "${REELFORGE_SCREENSHOTS_DIR:-docs/screenshots}"
