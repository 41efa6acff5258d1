//! The Reelforge engine.
//!
//! It owns the domain (templates, jobs, segments, takes), their storage in SQLite and the
//! [`Core`] facade with one async method per user action. It knows nothing of Tauri or
//! Dioxus: the desktop shell and the CLI are thin layers over [`Core`], and everything they
//! exchange is a `reelforge_protocol` type.

pub mod domain;
pub mod error;
mod facade;
pub mod media;
pub mod pipeline;
pub mod providers;
pub mod script;
pub mod secrets;
pub mod storage;
pub mod time;

pub use error::{CoreError, CoreResult};
pub use facade::{ASSETS_DIR, ImportedImage, MAX_IMPORT_BYTES, MediaFile};
pub use facade::{
    AssembleOptions, Core, ENGINE_LOCK_FILE, EXPORTS_DIR, EngineLock, LockWait, TRANSITION_LENGTH,
    default_preset, preset_named, transition_for,
};
pub use facade::{QuickOutcome, QuickReporter};
pub use reelforge_protocol as protocol;
