//! Tauri's build step. Declaring the app's commands makes Tauri generate one `allow-<command>`
//! permission per command and reject any call the capabilities do not grant; the capability
//! granting them to the main window is written from the same declarations first.

#[path = "capability.rs"]
mod capability;

use reelforge_protocol::commands::ALL;
use tauri_build::{AppManifest, Attributes};

fn main() {
    let wanted = capability::default_capability(ALL);
    let path = capability::DEFAULT_CAPABILITY;
    if std::fs::read_to_string(path).ok().as_deref() != Some(wanted.as_str())
        && let Err(error) = std::fs::write(path, &wanted)
    {
        println!("cargo:warning=cannot write {path}: {error}");
        std::process::exit(1);
    }
    let attributes = Attributes::new().app_manifest(AppManifest::new().commands(ALL));
    if let Err(error) = tauri_build::try_build(attributes) {
        // `{:#}` prints the whole cause chain (anyhow), which names the offending file.
        println!("cargo:warning=tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
