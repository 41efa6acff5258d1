//! The fault-injection suite (issue 15): each case a test that plays one hostile or unlucky
//! situation against the real adapters over HTTP, with the fake providers of
//! `reelforge_tests::fakes` and their fault switches.
//!
//! - [`foreign_redirect`]: a download redirected to another origin; the key must not arrive.
//! - [`slow_downloads`]: a 90-second trickled download completes; a cut one resumes (`Range`).
//! - [`oversized_inputs`]: a 268-Mpx image, a 50 MB template field at every entry and an
//!   endless download, each refused at its limit.
//! - [`provider_fidelity`]: an image-to-video segment without the prompt Runway gen4.5 and
//!   Luma ray-3.2 require is refused before launch; a 5xx on create is reconciled from the
//!   provider's list of recent jobs (Luma's Dream Machine, Replicate) and left
//!   `submit_unknown` where the provider cannot list (Runway).
//! - [`stopped_create`]: a create made at the provider but caught by a stop before its
//!   answer is recorded is found in the provider's list by the next engine (Luma, Replicate)
//!   and left to the person where the provider cannot list (Runway).
//!
//! The case of a provider echoing the key in its errors runs the real `reelforge` binary
//! (with the key in the OS keychain), so it lives beside the CLI's other binary tests:
//! `crates/cli/tests/key_echo.rs`; so do a full disk during a download and during an export
//! (the CLI under a file-size limit: `crates/cli/tests/disk_full.rs`) and the SIGKILL loop on
//! the local provider (`crates/cli/tests/crash/local_provider.rs`).

mod core_on_fakes;
mod foreign_redirect;
mod oversized_inputs;
mod png_bomb;
mod provider_fidelity;
mod slow_downloads;
mod stopped_create;
