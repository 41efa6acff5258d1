//! The UI's entry point. In the webview (wasm32) it mounts [`reelforge_ui::App`] on `#main`;
//! addresses live in the URL fragment (`#/jobs/…`), so a reload inside the desktop shell always
//! finds `index.html`. Natively there is nothing to show.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::rc::Rc;
    let config = dioxus::web::Config::new().history(Rc::new(dioxus::web::HashHistory::new(false)));
    dioxus::LaunchBuilder::web()
        .with_cfg(config)
        .launch(reelforge_ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "reelforge-ui runs inside the desktop shell's webview: build it with scripts/build-ui.sh \
         and start the app instead."
    );
    std::process::ExitCode::FAILURE
}
