//! Reelforge's end-to-end suite in the real window: the app built by `cargo build`, driven
//! through tauri-driver and WebKitWebDriver under Xvfb, one scenario after another on fresh data
//! directories. `cargo test -p reelforge-tests --test e2e -- NAME` runs the scenarios whose
//! name contains NAME (`screenshots` only runs when named). Missing tools skip the suite unless
//! `REELFORGE_REQUIRE_E2E=1`, as `scripts/test` sets.

mod harness;
mod scenarios;

use harness::Entry;
use std::process::ExitCode;

/// A scenario entry: its name and the module whose `run` it is.
macro_rules! scenario {
    ($name:literal, $module:ident, on_request: $on_request:literal) => {
        Entry {
            name: $name,
            run: |s| Box::pin(scenarios::$module::run(s)),
            on_request: $on_request,
        }
    };
}

fn main() -> ExitCode {
    harness::main(&[
        scenario!("wizard", wizard, on_request: false),
        scenario!("quick", quick, on_request: false),
        scenario!("voice", voice, on_request: false),
        scenario!("provider_keys", provider_keys, on_request: false),
        scenario!("failing_provider", failing_provider, on_request: false),
        scenario!("kill_resume", kill_resume, on_request: false),
        scenario!("dashboard_10k", dashboard, on_request: false),
        scenario!("api_switch", api_switch, on_request: false),
        scenario!("edit_take", edit_take, on_request: false),
        scenario!("storyboard", storyboard, on_request: false),
        scenario!("screenshots", screenshots, on_request: true),
    ])
}
