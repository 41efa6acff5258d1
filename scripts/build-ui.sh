#!/usr/bin/env bash
# Builds the Dioxus UI to ui/dist without dx: cargo (wasm32, release) → wasm-bindgen → static files.
# Works from any directory; honours CARGO_TARGET_DIR. Needs wasm-bindgen-cli at exactly the
# version of the wasm-bindgen crate in Cargo.lock (see docs/BUILD.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in
  /*) ;;
  *) target_dir="$root/$target_dir" ;;
esac
dist="$root/ui/dist"

locked="$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = / { gsub(/"/, "", $3); name = $3 }
  /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [[ -z "$locked" ]]; then
  echo "build-ui: no wasm-bindgen entry in Cargo.lock" >&2
  exit 1
fi
if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "build-ui: wasm-bindgen not found on PATH; install it with:" >&2
  echo "  cargo install wasm-bindgen-cli --version $locked" >&2
  exit 1
fi
installed="$(wasm-bindgen --version | awk '{print $2}')"
if [[ "$installed" != "$locked" ]]; then
  echo "build-ui: wasm-bindgen CLI is $installed but Cargo.lock has wasm-bindgen $locked; run:" >&2
  echo "  cargo install wasm-bindgen-cli --version $locked --force" >&2
  exit 1
fi

cargo build --release --target wasm32-unknown-unknown -p reelforge-ui --bin reelforge-ui

wasm="$target_dir/wasm32-unknown-unknown/release/reelforge-ui.wasm"
if [[ ! -f "$wasm" ]]; then
  echo "build-ui: expected $wasm after the build" >&2
  exit 1
fi

rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name ui "$wasm"
cp ui/index.html ui/loader.js "$dist/"

echo "build-ui: wrote $dist"
ls -l "$dist"
