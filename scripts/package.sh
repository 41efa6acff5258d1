#!/usr/bin/env bash
# Builds Reelforge's installable bundles: the UI (scripts/build-ui.sh), then the release app and
# its bundles with the Tauri CLI, and prints each bundle's path and size (for a .deb also its
# Installed-Size and Depends).
#
#   scripts/package.sh                      # Linux: the .deb; macOS: .app + .dmg; Windows: .msi + .exe
#   scripts/package.sh --bundles deb,rpm    # any `tauri build` arguments replace the default
#   scripts/package.sh --no-bundle          # only the release binary (used by bench-startup.sh)
#
# The Tauri CLI is the npm build of @tauri-apps/cli, pinned below and installed once into
# $REELFORGE_CACHE_DIR (default ~/.cache/reelforge): npm fetches a prebuilt binary in seconds,
# where `cargo install tauri-cli` compiles for many minutes on a 2-core machine. Both are the
# same program; without npm the script falls back to `cargo install tauri-cli` at the same version.
#
# AppImage (`--bundles appimage`) downloads linuxdeploy/AppRun from GitHub while bundling, so it
# only builds where GitHub is reachable (CI), not on the offline build machines.
#
# Environment: PACKAGE_SKIP_SETUP=1 skips scripts/setup.sh (prerequisites already there),
# PACKAGE_SKIP_UI=1 reuses ui/dist as it is, CARGO_TARGET_DIR as for cargo.
set -euo pipefail

TAURI_CLI_VERSION=2.12.5

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in
  /*) ;;
  [A-Za-z]:*) ;;
  *) target_dir="$root/$target_dir" ;;
esac

if [[ "${PACKAGE_SKIP_SETUP:-0}" != 1 ]]; then
  # System packages (Debian/Ubuntu), the wasm32 target, wasm-bindgen-cli at the locked version.
  source scripts/setup.sh
fi

# The pinned Tauri CLI, installed once.
cache="${REELFORGE_CACHE_DIR:-$HOME/.cache/reelforge}"
tauri_cli() {
  local npm_dir="$cache/tauri-cli-$TAURI_CLI_VERSION"
  if command -v npm >/dev/null 2>&1; then
    local bin="$npm_dir/node_modules/.bin/tauri"
    if [[ ! -x "$bin" ]]; then
      echo "package: installing @tauri-apps/cli@$TAURI_CLI_VERSION (npm, prebuilt) into $npm_dir" >&2
      mkdir -p "$npm_dir"
      npm install --prefix "$npm_dir" --no-audit --no-fund --no-save \
        "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
    fi
    echo "$bin"
  else
    if ! cargo tauri --version 2>/dev/null | grep -qx "tauri-cli $TAURI_CLI_VERSION"; then
      echo "package: npm not found: cargo install tauri-cli $TAURI_CLI_VERSION (compiles, several minutes)" >&2
      cargo install tauri-cli --version "$TAURI_CLI_VERSION" --locked >&2
    fi
    echo "cargo-tauri"
  fi
}
tauri="$(tauri_cli)"
echo "package: $("$tauri" --version)"

if [[ "${PACKAGE_SKIP_UI:-0}" != 1 ]]; then
  scripts/build-ui.sh
fi
[[ -f ui/dist/index.html ]] || { echo "package: ui/dist is missing; run scripts/build-ui.sh" >&2; exit 1; }

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  case "$(uname -s)" in
    Linux) args=(--bundles deb) ;;
    Darwin) args=(--bundles app,dmg) ;;
    *) args=(--bundles msi,nsis) ;;
  esac
fi

start=$SECONDS
stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT
# --ci: no prompts. The CLI runs `cargo build --bins --features tauri/custom-protocol --release`
# in src-tauri/, then bundles from target/release.
"$tauri" build --ci "${args[@]}"
echo "package: tauri build took $((SECONDS - start)) s"

bundle_dir="$target_dir/release/bundle"
exe="$target_dir/release/reelforge-app"
[[ -f "$exe.exe" ]] && exe="$exe.exe"
[[ -f "$exe" ]] && printf 'package: binary %s (%s bytes)\n' "$exe" "$(wc -c <"$exe" | tr -d ' ')"
[[ -d "$bundle_dir" ]] || exit 0

# The bundles this run wrote (newer than its start), largest last.
found=0
while IFS= read -r -d '' file; do
  found=1
  size=$(wc -c <"$file" | tr -d ' ')
  printf 'package: bundle %s (%s bytes, %s MiB)\n' "$file" "$size" "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')"
  if [[ "$file" == *.deb ]] && command -v dpkg-deb >/dev/null 2>&1; then
    printf 'package:   Package: %s  Version: %s  Installed-Size: %s KiB\n' \
      "$(dpkg-deb -f "$file" Package)" "$(dpkg-deb -f "$file" Version)" "$(dpkg-deb -f "$file" Installed-Size)"
    printf 'package:   Depends: %s\n' "$(dpkg-deb -f "$file" Depends)"
  fi
done < <(find "$bundle_dir" -maxdepth 2 -type f \
  \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' -o -name '*.dmg' -o -name '*.msi' -o -name '*-setup.exe' \) \
  -newer "$stamp" -print0 2>/dev/null)
if [[ $found == 0 && " ${args[*]} " != *" --no-bundle "* ]]; then
  echo "package: no bundle written under $bundle_dir" >&2
  exit 1
fi
