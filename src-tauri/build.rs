//! Tauri's build step. Declaring the app's commands makes Tauri generate one `allow-<command>`
//! permission per command and reject any call the capabilities do not grant.

use tauri_build::{AppManifest, Attributes};

fn main() {
    let attributes = Attributes::new()
        .app_manifest(AppManifest::new().commands(reelforge_protocol::commands::ALL));
    if let Err(error) = tauri_build::try_build(attributes) {
        // `{:#}` prints the whole cause chain (anyhow), which names the offending file.
        println!("cargo:warning=tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
