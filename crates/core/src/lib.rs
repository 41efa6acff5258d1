//! The Reelforge engine.
//!
//! It owns the domain (templates, jobs, segments, takes), their storage in SQLite and the
//! [`Core`] facade with one async method per user action. It knows nothing of Tauri or
//! Dioxus: the desktop shell and the CLI are thin layers over [`Core`], and everything they
//! exchange is a `reelforge_protocol` type.
//!
//! # What callers see
//!
//! [`Core`] and what its methods take and return: [`CoreError`], [`EventStream`] (what
//! [`Core::subscribe`] hands out), the assembly options and their media types
//! ([`Transition`], [`ExportPreset`], [`MediaError`]). Besides, three modules built around a
//! trait stay public, because code outside the engine implements or drives them:
//! [`providers`] (a video provider is one file behind [`providers::VideoProvider`], and the
//! tests package checks every adapter against an HTTP fake), [`voice`] (a voice provider is
//! one file behind [`voice::VoiceProvider`]), [`script`] (script writers behind
//! [`script::ScriptWriter`]) and [`secrets`] (where API keys are kept). [`durable`] is public
//! too: its list of temporary file names is what the crash test looks for.
//!
//! Everything else is private: `storage` owns every SQL query (one module per table, which
//! the facade and the pipeline call; `generations` is `storage::takes`, with the runner's
//! queue in `storage::takes::queue`), `pipeline` is the runner that drives the queue,
//! `domain` holds the state machines and the config cascade, `media` wraps ffmpeg. The
//! desktop shell and the CLI reach them only through [`Core`].
//!
//! # The `test-support` feature
//!
//! Tests and benchmarks have to reach inside: fill the database directly, drive the runner
//! tick by tick on a manual clock with scripted providers, assemble media without a job. The
//! `test-support` feature makes `domain`, `media`, `pipeline` and `storage` public, and
//! `Core::db` and `Core::runner`; it also adds `Core::open_with` (an engine on chosen
//! providers, clock and runner settings). Only test code turns it on: this crate's
//! integration tests (through a dev-dependency on the crate itself), the dev-dependencies of
//! the CLI and of the shell, and the `reelforge-tests` package (fakes, harnesses,
//! benchmarks, the e2e suite). The CLI's and the shell's own dependency leaves it off, so
//! `cargo check -p reelforge-cli -p reelforge-app` fails when their code reaches past the
//! facade. (Cargo unifies features per build, so a build that also builds test code may
//! have it on; it changes visibility only, never behaviour.)

/// Declares an item (a module, a method) public with the `test-support` feature and
/// crate-private without it; see "The `test-support` feature" above. Without the feature,
/// what only tests use (the manual clock, re-exports, a few queries) is expectedly unused.
macro_rules! pub_with_test_support {
    ($(#[$meta:meta])* pub $($item:tt)*) => {
        #[cfg(feature = "test-support")]
        $(#[$meta])* pub $($item)*
        #[cfg(not(feature = "test-support"))]
        #[allow(dead_code, unused_imports)]
        $(#[$meta])* pub(crate) $($item)*
    };
}

mod child_process;
pub_with_test_support! { pub mod domain; }
pub mod durable;
mod error;
mod facade;
mod job_transition;
pub_with_test_support! { pub mod media; }
pub_with_test_support! { pub mod pipeline; }
pub mod providers;
pub mod script;
pub mod secrets;
pub_with_test_support! { pub mod storage; }
mod time;
pub mod voice;
mod work_folder;

pub use domain::notices;
pub use error::{CoreError, CoreResult};
pub use facade::{ASSETS_DIR, ImportedImage, MAX_IMPORT_BYTES, MediaFile};
pub use facade::{ApiPreference, CallRefusal, CommandCall, needs_window};
pub use facade::{
    AssembleOptions, Core, ENGINE_LOCK_FILE, EXPORTS_DIR, EngineLock, ExportOptions, LockWait,
    Reframe, TRANSITION_LENGTH, default_preset, formats_named, preset_named, transition_for,
};
pub use facade::{ESPEAK_ENV, QuickOutcome, QuickReporter, job_language};
pub use facade::{KeyframeMade, KeyframeOrder};
pub use media::{ExportPreset, MediaError, Transition};
pub use pipeline::events::EventStream;
pub use reelforge_protocol as protocol;
pub use work_folder::{WORK_DIR, WorkFolder};
