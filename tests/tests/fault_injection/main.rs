//! The fault-injection suite (issue 15): each case a test that plays one hostile or unlucky
//! situation against the real adapters over HTTP, with the fake providers of
//! `reelforge_tests::fakes` and their fault switches.
//!
//! - [`foreign_redirect`]: a download redirected to another origin; the key must not arrive.
//! - [`slow_downloads`]: a 90-second trickled download completes; a cut one resumes (`Range`).
//!
//! The case of a provider echoing the key in its errors runs the real `reelforge` binary
//! (with the key in the OS keychain), so it lives beside the CLI's other binary tests:
//! `crates/cli/tests/key_echo.rs`; so do a full disk during a download and during an export
//! (the CLI under a file-size limit: `crates/cli/tests/disk_full.rs`) and the SIGKILL loop on
//! the local provider (`crates/cli/tests/crash/local_provider.rs`).

mod foreign_redirect;
mod slow_downloads;
