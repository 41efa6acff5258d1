//! [`Core`]: the engine's facade, one async method per user action.
//!
//! The shell's commands and the CLI's subcommands each call one method here and nothing else.
//! Methods validate input, run their writes in one transaction on the single writer, and
//! return `reelforge_protocol` DTOs.

mod api_preference;
mod app_settings;
mod assembly;
mod assembly_guard;
mod bulk;
mod chaining;
mod command_call;
mod engine_lock;
mod export;
mod export_sidecar;
mod export_target;
mod export_timelines;
mod generation;
pub(crate) mod image_check;
mod job_copies;
mod job_references;
mod job_removal;
mod jobs;
mod keyframes;
mod library;
mod music;
mod narration;
mod narration_plan;
mod own_clips;
mod promotion;
mod providers;
mod quick;
mod quick_storyboard;
mod script_writer;
mod segment_edit;
mod segment_focus;
mod storyboard;
mod storyboard_animate;
mod takes;
mod templates;
mod uploads;
mod voice_preview;

pub use api_preference::ApiPreference;
pub use assembly::{AssembleOptions, EXPORTS_DIR};
pub use command_call::{CallRefusal, CommandCall, needs_window};
pub use engine_lock::{ENGINE_LOCK_FILE, EngineLock, LockWait};
pub use export::{ExportOptions, Reframe, formats_named};
pub use export_target::{default_preset, preset_named};
pub use keyframes::{KeyframeMade, KeyframeOrder};
pub use library::{ASSETS_DIR, ImportedImage, MAX_IMPORT_BYTES, MediaFile};
pub use narration::{ESPEAK_ENV, job_language};
pub use quick::{QuickOutcome, QuickReporter};
pub use takes::{TRANSITION_LENGTH, transition_for};

use crate::domain::template::builtin_templates;
use crate::error::{CoreError, CoreResult};
use crate::pipeline::events::{EventBus, EventStream};
use crate::pipeline::{EngineSetup, Runner};
use crate::storage::{self, Db, settings};
use crate::time::now_ms;
use reelforge_protocol::{EngineEvent, TemplateId};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variable that selects the data directory (database, library).
pub const DATA_DIR_ENV: &str = "REELFORGE_DATA_DIR";
/// Folder of the data directory holding generated and imported media.
pub const LIBRARY_DIR: &str = "library";
/// Settings key set once the built-in templates were seeded (so deleted ones stay deleted).
const SEEDED_KEY: &str = "builtin_templates_seeded";

/// The engine, opened on one data directory. Cheap to clone; clones share the database.
#[derive(Debug, Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    data_dir: PathBuf,
    /// The engine's event bus: the runner and the facade send on it, listeners subscribe.
    events: Arc<EventBus>,
    runner: Runner,
    /// The key store the engine was set up with (quick mode's chat writer reads `llm` here).
    key_store: crate::secrets::SharedSecrets,
    /// The base-URL overrides the hosted adapters read (set from the Providers settings).
    endpoints: Arc<crate::providers::http::EndpointOverrides>,
    /// Where ffmpeg is (Settings), shared with the local provider and the output checks.
    tools: crate::media::ToolLocation,
    /// Where espeak-ng is (`$REELFORGE_ESPEAK_NG` or [`Core::set_voice_program`]).
    voice_program: crate::media::ToolLocation,
    /// The HTTP client, key store and base-URL overrides, for the hosted voices.
    provider_env: crate::providers::http::ProviderEnv,
}

impl Core {
    /// `$REELFORGE_DATA_DIR` when set, else `Reelforge` in the OS data directory
    /// (`~/.local/share` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%`
    /// on Windows).
    pub fn default_data_dir() -> PathBuf {
        match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("Reelforge"),
        }
    }

    /// Opens the engine on `data_dir`: creates the folder and the database if needed, applies
    /// migrations, and seeds the built-in templates on first run. Generation uses the
    /// built-in providers and the wall clock; API keys live in the OS keychain (see
    /// [`crate::secrets::KeychainStore`]), or for this session only when the person chose so.
    pub async fn open(data_dir: &Path) -> CoreResult<Self> {
        let keychain = Arc::new(crate::secrets::KeychainStore::new());
        let store = Arc::new(crate::secrets::LayeredStore::new(keychain));
        let env = crate::providers::http::ProviderEnv::new(store);
        let mut setup = EngineSetup::with_env(env).with_user_workflows(data_dir);
        setup.settings = setup.settings.with_env_overrides();
        let core = Self::open_engine(data_dir, setup).await?;
        let espeak = std::env::var_os(narration::ESPEAK_ENV).filter(|v| !v.is_empty());
        core.set_voice_program(espeak.map(PathBuf::from));
        Ok(core)
    }

    /// Like [`Core::open`], with the given providers, clock and runner settings. Only with
    /// the `test-support` feature: tests run the engine on scripted providers and a manual
    /// clock.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn open_with(data_dir: &Path, setup: EngineSetup) -> CoreResult<Self> {
        Self::open_engine(data_dir, setup).await
    }

    /// Opens the engine on `data_dir` with `setup` (see [`Core::open`]).
    async fn open_engine(data_dir: &Path, setup: EngineSetup) -> CoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| CoreError::Io {
            path: data_dir.display().to_string(),
            source,
        })?;
        let db = Db::open(&data_dir.join(storage::DATABASE_FILE)).await?;
        // What killed processes left in the work folder goes; live processes' work stays.
        let swept = setup
            .env
            .work
            .place_in(data_dir)
            .map_err(|source| CoreError::Io {
                path: data_dir
                    .join(crate::work_folder::WORK_DIR)
                    .display()
                    .to_string(),
                source,
            })?;
        if swept > 0 {
            tracing::info!("removed {swept} work folders left by stopped processes");
        }
        let key_store = setup.env.secrets.clone();
        let endpoints = setup.env.endpoints.clone();
        let tools = setup.env.tools.clone();
        let provider_env = setup.env.clone();
        let progress_interval =
            i64::try_from(setup.settings.progress_interval.as_millis()).unwrap_or(0);
        let events = Arc::new(EventBus::new(progress_interval));
        let runner = Runner::new(
            db.clone(),
            &data_dir.join(LIBRARY_DIR),
            setup,
            events.clone(),
        );
        let core = Self {
            inner: Arc::new(Inner {
                db,
                data_dir: data_dir.to_owned(),
                events,
                runner,
                key_store,
                endpoints,
                tools,
                voice_program: crate::media::ToolLocation::default(),
                provider_env,
            }),
        };
        core.seed_builtin_templates().await?;
        core.apply_stored_provider_settings().await?;
        core.apply_stored_ffmpeg_location().await?;
        Ok(core)
    }

    /// The data directory this engine runs on.
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub_with_test_support! {
        /// The database (public with the `test-support` feature, for tests and benchmarks
        /// that fill it directly; callers otherwise go through the facade's methods).
        pub fn db(&self) -> &Db {
            &self.inner.db
        }
    }

    pub_with_test_support! {
        /// The generation runner (public with the `test-support` feature, for tests that tick
        /// it themselves; callers start it with [`Core::start_engine`]).
        pub fn runner(&self) -> &Runner {
            &self.inner.runner
        }
    }

    /// A listener on the engine's events (job, segment and throttled progress updates).
    pub fn subscribe(&self) -> EventStream {
        self.inner.events.subscribe()
    }

    pub_with_test_support! {
        /// Sends `events` to listeners; call it once the transaction they describe committed.
        /// (The facade sends no progress, so the bus's throttle clock plays no part here.)
        /// Public with `test-support`, for tests of what listeners receive.
        pub fn emit(&self, events: impl IntoIterator<Item = EngineEvent>) {
            self.inner.events.send_all(events, now_ms());
        }
    }

    /// Closes the database cleanly.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }

    async fn seed_builtin_templates(&self) -> CoreResult<()> {
        let mut tx = self.inner.db.begin_write().await?;
        if settings::get::<bool>(&mut tx, SEEDED_KEY)
            .await?
            .unwrap_or(false)
        {
            return Ok(());
        }
        let now = now_ms();
        for input in builtin_templates() {
            let id = TemplateId(storage::new_id());
            storage::templates::insert(&mut tx, &id, &input, true, now).await?;
        }
        settings::set(&mut tx, SEEDED_KEY, &true, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
