#!/usr/bin/env bash
# Installs what Reelforge needs to build, run and test, skipping whatever is already there:
# Debian/Ubuntu system packages, the wasm32 target, and wasm-bindgen-cli at exactly the
# version of the wasm-bindgen crate in Cargo.lock. Sourced by scripts/run and scripts/test;
# safe to run on its own. On macOS and Windows install the prerequisites named in README.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What each package is for: build (webkit2gtk, dbus, pkg-config), run (ffmpeg, gstreamer codecs
# so H.264 plays in the webview, espeak-ng: the offline narration voice, run as a program,
# fonts-dejavu-core: the captions' font, which covers French),
# test (xvfb, imagemagick, sqlite3, the keyring services).
SYSTEM_PACKAGES=(
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev
  xvfb xauth webkit2gtk-driver
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
  python3 python3-venv
  ffmpeg espeak-ng fonts-dejavu-core gnome-keyring dbus dbus-x11 libsecret-tools keyutils imagemagick xdotool sqlite3
  python3-gi gir1.2-gtk-3.0
)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    echo "setup: not a Debian/Ubuntu system: install the prerequisites from README.md yourself"
    return 0
  }
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "setup: installing system packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

install_rust_targets() {
  command -v cargo >/dev/null 2>&1 || {
    echo "setup: cargo not found: install Rust with rustup (https://rustup.rs) first" >&2
    exit 1
  }
  # rust-toolchain.toml names the wasm32 target; make sure it is present.
  rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' \
    || rustup target add wasm32-unknown-unknown
}

install_wasm_bindgen() {
  local locked installed=""
  locked="$(awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = / { gsub(/"/, "", $3); name = $3 }
    /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' "$root/Cargo.lock")"
  command -v wasm-bindgen >/dev/null 2>&1 && installed="$(wasm-bindgen --version | awk '{print $2}')"
  if [[ "$installed" != "$locked" ]]; then
    echo "setup: installing wasm-bindgen-cli $locked (a few minutes, once)"
    # Not --locked: its lockfile pins a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$locked" --force
  fi
}

# tauri-driver, the WebDriver server of the end-to-end suite (in front of WebKitWebDriver), at a
# pinned version.
TAURI_DRIVER_VERSION=2.1.0
install_tauri_driver() {
  local installed=""
  command -v tauri-driver >/dev/null 2>&1 &&
    installed="$(cargo install --list | awk '/^tauri-driver v/ { sub(/^v/, "", $2); sub(/:$/, "", $2); print $2 }')"
  if [[ "$installed" != "$TAURI_DRIVER_VERSION" ]]; then
    echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION (a minute or two, once)"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --force
  fi
}

# The official provider SDKs, and OpenTimelineIO with its FCPXML and CMX 3600 adapters (they read
# back the exported editor timelines), all in tests/sdk/requirements.txt, in a virtual
# environment outside the clone; the tests find its Python through REELFORGE_SDK_PYTHON.
install_sdk_venv() {
  local venv="${REELFORGE_CACHE_DIR:-$HOME/.cache/reelforge}/sdk-venv"
  local wanted="$root/tests/sdk/requirements.txt" stamp="$venv/requirements.txt"
  if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$wanted" "$stamp"; then
    echo "setup: installing the provider SDKs into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$wanted"
    cp "$wanted" "$stamp"
  fi
  export REELFORGE_SDK_PYTHON="$venv/bin/python"
}

install_system_packages
install_rust_targets
install_wasm_bindgen
# Only the test command needs the SDKs and the WebDriver server.
if [[ "${REELFORGE_WITH_SDKS:-0}" == 1 ]]; then
  install_sdk_venv
  install_tauri_driver
fi
