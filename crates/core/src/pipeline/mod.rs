//! The generation engine: a durable queue of takes in SQLite and the [`Runner`] that drives it.
//!
//! The database is the queue and the truth. Each [`Runner::tick`] reads what is due at the
//! clock's time and acts on it concurrently (one task per provider call in a `JoinSet`): queued
//! takes are sent when their provider has a free slot (a semaphore per provider), sent takes
//! are polled at the provider's pace, finished outputs are fetched, owed provider-side cancels
//! are sent. The tick batches its writes (see `tick`): one transaction for all intents, then
//! one per group of answers that arrived together.
//!
//! Never pay twice: a take's move to `submitting` (the intent) is committed before its create
//! call, the provider's id is committed as soon as it returns, an ambiguous create becomes
//! `submit_unknown` and is never re-sent without the person's decision, and on start-up
//! [`Runner::recover`] turns takes caught between send and commit into `submit_unknown`.
//!
//! Tests drive the runner with a [`clock::ManualClock`] and call `tick()` themselves;
//! the app calls [`Runner::run`], which ticks whenever something comes due or is asked for.

pub mod backoff;
mod batch;
pub mod clock;
mod control;
pub mod events;
mod fetch;
mod outcome;
pub mod output_check;
mod plan;
pub mod queue;
mod recovery;
mod steps;
mod tick;

pub use plan::PlannedTake;
pub use recovery::RecoveryReport;

use crate::error::CoreResult;
use crate::providers::http::ProviderEnv;
use crate::providers::{ProviderRegistry, VideoProvider};
use crate::secrets::SessionStore;
use crate::storage::Db;
use backoff::Backoff;
use clock::{Clock, SystemClock};
use events::{EventBus, EventStream};
use output_check::{FfprobeCheck, OutputCheck};
use reelforge_protocol::TakeId;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

/// Tunables of the runner.
#[derive(Debug, Clone)]
pub struct RunnerSettings {
    /// Automatic new takes after transient failures, per segment and provider.
    pub max_transient_retries: u32,
    /// Failed fetches of a finished output before its take fails.
    pub max_download_failures: u32,
    /// Delay before re-sending after a transient failure (before any Retry-After).
    pub retry_backoff: Backoff,
    /// Poll pace when the provider gives no hint, and after failed polls.
    pub poll_backoff: Backoff,
    /// Progress events per take at most this often.
    pub progress_interval: Duration,
    /// Longest the run loop sleeps without looking at the queue.
    pub idle_wake: Duration,
    /// Per-provider concurrency replacing the descriptor's default.
    pub concurrency: HashMap<String, u32>,
}

impl Default for RunnerSettings {
    fn default() -> Self {
        Self {
            max_transient_retries: 3,
            max_download_failures: 8,
            retry_backoff: Backoff {
                initial: Duration::from_secs(2),
                max: Duration::from_secs(60),
            },
            poll_backoff: Backoff {
                initial: Duration::from_secs(2),
                max: Duration::from_secs(30),
            },
            progress_interval: Duration::from_millis(250),
            idle_wake: Duration::from_secs(5),
            concurrency: HashMap::new(),
        }
    }
}

/// What the engine is built from: its providers, its clock and its settings.
#[derive(Debug, Clone)]
pub struct EngineSetup {
    /// The key store, HTTP client and base-URL overrides the hosted adapters share.
    pub env: ProviderEnv,
    pub registry: ProviderRegistry,
    pub clock: Arc<dyn Clock>,
    pub settings: RunnerSettings,
    /// What a fetched output must pass (ffprobe by default).
    pub output_check: Arc<dyn OutputCheck>,
}

impl Default for EngineSetup {
    /// Keys in memory only (tests); the app and the CLI use [`EngineSetup::with_env`] with
    /// the OS keychain.
    fn default() -> Self {
        Self::with_env(ProviderEnv::new(Arc::new(SessionStore::new())))
    }
}

impl EngineSetup {
    /// The built-in providers over `env`, the wall clock, default settings, ffprobe checks.
    pub fn with_env(env: ProviderEnv) -> Self {
        Self {
            registry: crate::providers::registry::builtin(&env),
            env,
            clock: Arc::new(SystemClock),
            settings: RunnerSettings::default(),
            output_check: Arc::new(FfprobeCheck::default()),
        }
    }
}

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub submitted: u32,
    pub polled: u32,
    pub downloaded: u32,
    pub remote_cancels: u32,
}

/// Drives the queue. Cheap to clone; clones share everything.
#[derive(Debug, Clone)]
pub struct Runner {
    inner: Arc<RunnerInner>,
}

#[derive(Debug)]
struct RunnerInner {
    db: Db,
    library: PathBuf,
    registry: ProviderRegistry,
    clock: Arc<dyn Clock>,
    settings: RunnerSettings,
    output_check: Arc<dyn OutputCheck>,
    events: EventBus,
    slots: HashMap<String, Arc<Semaphore>>,
    /// Slots held by sent takes, released when they finish.
    held: Mutex<HashMap<TakeId, OwnedSemaphorePermit>>,
    /// Takes a task is working on right now.
    in_flight: Mutex<HashSet<TakeId>>,
    wake: Notify,
}

impl Runner {
    /// A runner over `db` that stores outputs under `library`.
    pub fn new(db: Db, library: &Path, setup: EngineSetup) -> Self {
        let slots = setup
            .registry
            .iter()
            .map(|p| {
                let d = p.descriptor();
                let n = setup
                    .settings
                    .concurrency
                    .get(&d.id)
                    .copied()
                    .unwrap_or(d.default_concurrency)
                    .max(1);
                (d.id.clone(), Arc::new(Semaphore::new(n as usize)))
            })
            .collect();
        let interval = i64::try_from(setup.settings.progress_interval.as_millis()).unwrap_or(0);
        Self {
            inner: Arc::new(RunnerInner {
                db,
                library: library.to_owned(),
                registry: setup.registry,
                clock: setup.clock,
                settings: setup.settings,
                output_check: setup.output_check,
                events: EventBus::new(interval),
                slots,
                held: Mutex::new(HashMap::new()),
                in_flight: Mutex::new(HashSet::new()),
                wake: Notify::new(),
            }),
        }
    }

    /// The providers this runner knows.
    pub fn registry(&self) -> &ProviderRegistry {
        &self.inner.registry
    }

    /// A new listener on the engine's events.
    pub fn subscribe(&self) -> EventStream {
        self.inner.events.subscribe()
    }

    /// Asks the run loop to look at the queue now.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    fn now(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    fn provider(&self, id: &str) -> Option<Arc<dyn VideoProvider>> {
        self.inner.registry.get(id).cloned()
    }

    /// Recovers, then ticks whenever something comes due or [`Runner::wake`] is called, until
    /// `shutdown` is cancelled; after a tick that sent, polled or fetched something, it ticks
    /// again at once.
    pub async fn run(&self, shutdown: CancellationToken) -> CoreResult<()> {
        self.recover().await?;
        let idle = i64::try_from(self.inner.settings.idle_wake.as_millis()).unwrap_or(5_000);
        while !shutdown.is_cancelled() {
            match self.tick().await {
                // Something moved (a slot freed, a poll or a fetch came due now): look again
                // at once rather than sleeping past work that is already due.
                Ok(done) if done.submitted + done.polled + done.downloaded > 0 => {
                    tokio::task::yield_now().await;
                    continue;
                }
                Ok(_) => {}
                Err(err) => tracing::warn!("generation tick failed: {err}"),
            }
            let now = self.now();
            let mut conn = self.inner.db.reader().acquire().await?;
            let next = queue::next_due_after(&mut conn, now)
                .await?
                .map_or(now + idle, |at| at.min(now + idle));
            drop(conn);
            tokio::select! {
                () = shutdown.cancelled() => {}
                () = self.inner.wake.notified() => {}
                () = self.inner.clock.sleep_until(next) => {}
            }
        }
        Ok(())
    }

    /// Starts [`Runner::run`] on the tokio runtime; cancel the token to stop it.
    pub fn spawn(&self, shutdown: CancellationToken) -> tokio::task::JoinHandle<CoreResult<()>> {
        let runner = self.clone();
        tokio::spawn(async move { runner.run(shutdown).await })
    }

    /// Takes a slot of `provider` for `take`; false when all are in use or it is unknown.
    fn take_slot(&self, provider: &str, take: &TakeId) -> bool {
        let mut held = self.inner.held.lock().expect("slots poisoned");
        if held.contains_key(take) {
            return true;
        }
        let Some(sem) = self.inner.slots.get(provider) else {
            return false;
        };
        match sem.clone().try_acquire_owned() {
            Ok(permit) => {
                held.insert(take.clone(), permit);
                true
            }
            Err(_) => false,
        }
    }

    /// Gives back the slots of takes that are no longer sent (finished, cancelled, unknown).
    async fn release_finished_slots(&self, conn: &mut sqlx::SqliteConnection) -> CoreResult<()> {
        let live: HashSet<TakeId> = queue::holding_slots(conn).await?.into_iter().collect();
        let in_flight = self
            .inner
            .in_flight
            .lock()
            .expect("in-flight poisoned")
            .clone();
        self.inner
            .held
            .lock()
            .expect("slots poisoned")
            .retain(|id, _| live.contains(id) || in_flight.contains(id));
        Ok(())
    }

    /// How many slots of `provider` sent takes hold now.
    pub fn slots_in_use(&self, provider: &str) -> usize {
        let Some(sem) = self.inner.slots.get(provider) else {
            return 0;
        };
        let total = self
            .inner
            .settings
            .concurrency
            .get(provider)
            .copied()
            .or_else(|| {
                self.inner
                    .registry
                    .get(provider)
                    .map(|p| p.descriptor().default_concurrency)
            })
            .unwrap_or(1)
            .max(1) as usize;
        total - sem.available_permits()
    }
}
