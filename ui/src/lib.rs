//! The Reelforge UI: a Dioxus 0.7 app compiled to wasm and shown in the Tauri webview.
//!
//! It speaks to the shell only through [`reelforge_protocol`]: [`bridge`] invokes commands and
//! listens to events, [`api`] types each command. Screens are split in two: [`pages`] fetch,
//! [`views`] render data they are given, so every view renders natively in tests.

pub mod api;
pub mod bridge;
pub mod clock;
pub mod dom;
pub mod drops;
pub mod format;
pub mod i18n;
pub mod job_events;
pub mod job_selection;
pub mod pages;
pub mod preferences;
pub mod remote;
pub mod route;
pub mod shell;
pub mod shortcuts;
pub mod views;

use dioxus::prelude::*;

/// The whole stylesheet, injected once at the root (no `asset!`: the build has no `dx`).
pub const STYLE: &str = include_str!("style.css");

/// The app root: provides the language and live-update contexts, then the router.
#[component]
pub fn App() -> Element {
    let lang = use_context_provider(|| Signal::new(preferences::initial_lang()));
    use_context_provider(|| Signal::new(preferences::initial_theme()));
    // The shell words OS notifications in the interface language: keep it told.
    use_effect(move || {
        let lang = lang();
        spawn(preferences::share_lang(lang));
    });
    job_events::use_job_events_provider();
    rsx! {
        style { {STYLE} }
        Router::<route::Route> {}
    }
}
