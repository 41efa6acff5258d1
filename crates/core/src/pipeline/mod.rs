//! The generation engine: a durable queue of takes in SQLite (its queries are
//! [`crate::storage::takes::queue`]) and the [`Runner`] that drives it.
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
//! Storyboard keyframes are takes too (`generations.kind = 'keyframe'`): each image provider
//! runs under its own id (`image:<id>`, see `providers::image::keyframe_provider`) with its
//! own slots, a keyframe is sent whenever its job is not paused or cancelled, its output is a
//! checked PNG (`keyframe_check`), and a stored keyframe becomes its segment's storyboard
//! selection instead of its clip (`keyframes`).
//!
//! Tests drive the runner with a [`clock::ManualClock`] and call `tick()` themselves;
//! the app calls [`Runner::run`], which ticks whenever something comes due or is asked for.

pub mod backoff;
mod batch;
pub(crate) mod chain;
mod chain_control;
pub mod clock;
mod control;
pub mod events;
mod fetch;
mod keyframe_check;
mod keyframe_fallback;
mod keyframes;
mod outcome;
pub mod output_check;
mod plan;
mod promotion;
mod reconcile;
mod recovery;
mod rerun;
mod settings;
mod steps;
mod stopped;
mod tick;

pub use plan::PlannedTake;
pub use recovery::RecoveryReport;
pub use stopped::{LISTED_WITHIN, StoppedReport};
pub use settings::{EngineSetup, POLL_INTERVAL_ENV, RunnerSettings};

use crate::error::CoreResult;
use crate::providers::capability::{SegmentNeeds, supporting_model};
use crate::providers::image::ImageProviderRegistry;
use crate::providers::{ProviderRegistry, VideoProvider};
use crate::storage::Db;
use crate::storage::takes::queue;
use clock::Clock;
use events::EventBus;
use output_check::OutputCheck;
use reelforge_protocol::{ModelDescriptor, ProviderDescriptor, ProviderId, TakeId};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub submitted: u32,
    pub polled: u32,
    pub downloaded: u32,
    pub remote_cancels: u32,
}

/// A provider's concurrency: `limit` slots, plus `owed` permits that are held by sent takes
/// but are retired as they come back (the limit was lowered while they ran).
#[derive(Debug, Clone, Copy)]
struct SlotLimit {
    limit: usize,
    owed: usize,
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
    /// The image providers as the queue sees them (`image:<id>`), for keyframe takes.
    keyframes: ProviderRegistry,
    images: ImageProviderRegistry,
    clock: Arc<dyn Clock>,
    settings: RunnerSettings,
    output_check: Arc<dyn OutputCheck>,
    /// Where ffmpeg is (Settings), for start frames of chained segments.
    tools: crate::media::ToolLocation,
    /// The process's scratch folder (a keyframe reframed to its aspect ratio).
    work: crate::work_folder::WorkFolder,
    /// The engine's bus, owned by [`crate::Core`].
    events: Arc<EventBus>,
    slots: HashMap<ProviderId, Arc<Semaphore>>,
    /// Each provider's slot count now, and permits still to retire after a lowered limit.
    limits: Mutex<HashMap<ProviderId, SlotLimit>>,
    /// The person's default model per provider, replacing the descriptor's first model.
    default_models: Mutex<HashMap<ProviderId, String>>,
    /// Slots held by sent takes, released when they finish.
    held: Mutex<HashMap<TakeId, OwnedSemaphorePermit>>,
    /// Takes a task is working on right now.
    in_flight: Mutex<HashSet<TakeId>>,
    wake: Notify,
}

impl Runner {
    /// A runner over `db` that stores outputs under `library` and sends its events on
    /// `events`.
    pub fn new(db: Db, library: &Path, setup: EngineSetup, events: Arc<EventBus>) -> Self {
        let keyframes = keyframes::keyframe_registry(&setup.image_registry);
        let limits: HashMap<ProviderId, SlotLimit> = setup
            .registry
            .iter()
            .chain(keyframes.iter())
            .map(|p| {
                let d = p.descriptor();
                let n = setup
                    .settings
                    .concurrency
                    .get(&d.id)
                    .copied()
                    .unwrap_or(d.default_concurrency)
                    .max(1);
                let limit = SlotLimit {
                    limit: n as usize,
                    owed: 0,
                };
                (d.id.clone(), limit)
            })
            .collect();
        let slots = limits
            .iter()
            .map(|(id, l)| (id.clone(), Arc::new(Semaphore::new(l.limit))))
            .collect();
        Self {
            inner: Arc::new(RunnerInner {
                db,
                library: library.to_owned(),
                tools: setup.env.tools.clone(),
                work: setup.env.work.clone(),
                registry: setup.registry,
                keyframes,
                images: setup.image_registry,
                clock: setup.clock,
                settings: setup.settings,
                output_check: setup.output_check,
                events,
                slots,
                limits: Mutex::new(limits),
                default_models: Mutex::new(HashMap::new()),
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

    /// Asks the run loop to look at the queue now.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    fn now(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    fn provider(&self, id: &str) -> Option<Arc<dyn VideoProvider>> {
        self.inner
            .registry
            .get(id)
            .or_else(|| self.inner.keyframes.get(id))
            .cloned()
    }

    /// The image (keyframe) providers this runner knows.
    pub fn image_registry(&self) -> &ImageProviderRegistry {
        &self.inner.images
    }

    /// Recovers, then ticks whenever something comes due or [`Runner::wake`] is called, until
    /// `shutdown` is cancelled; after a tick that sent, polled or fetched something, it ticks
    /// again at once.
    pub async fn run(&self, shutdown: CancellationToken) -> CoreResult<()> {
        self.recover().await?;
        match self.reconcile_stopped().await {
            Ok(report) if report != StoppedReport::default() => {
                tracing::info!(?report, "creates caught by a stop reconciled");
            }
            Ok(_) => {}
            Err(err) => tracing::warn!("reconciling creates caught by a stop failed: {err}"),
        }
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
        // Retire the permits a lowered limit still owes before handing one out.
        if let Some(l) = self.inner.limits.lock().expect("limits").get_mut(provider)
            && l.owed > 0
        {
            l.owed -= sem.forget_permits(l.owed);
        }
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
        let limits = self.inner.limits.lock().expect("limits");
        let Some(l) = limits.get(provider) else {
            return 0;
        };
        (l.limit + l.owed).saturating_sub(sem.available_permits())
    }

    /// Sets (or with `None` clears) the model used when a segment of `provider` names none.
    pub fn set_default_model(&self, provider: &str, model: Option<String>) {
        let mut models = self.inner.default_models.lock().expect("default models");
        match model {
            Some(model) => models.insert(provider.into(), model),
            None => models.remove(provider),
        };
    }

    /// The model of `provider` for a segment with `needs`: when the segment names none, the
    /// person's default model if it can do the segment, else the descriptor's default.
    fn supporting_model_for(
        &self,
        provider: &ProviderDescriptor,
        needs: &SegmentNeeds<'_>,
    ) -> Result<ModelDescriptor, String> {
        if needs.model.is_none() {
            let preferred = self
                .inner
                .default_models
                .lock()
                .expect("default models")
                .get(&provider.id)
                .cloned();
            if let Some(preferred) = preferred {
                let with = SegmentNeeds {
                    model: Some(&preferred),
                    ..*needs
                };
                if let Ok(model) = supporting_model(provider, &with) {
                    return Ok(model.clone());
                }
            }
        }
        supporting_model(provider, needs).cloned()
    }

    /// How many generations `provider` may run at once now.
    pub fn concurrency(&self, provider: &str) -> Option<u32> {
        let limits = self.inner.limits.lock().expect("limits");
        limits
            .get(provider)
            .map(|l| u32::try_from(l.limit).unwrap_or(u32::MAX))
    }

    /// Changes how many generations `provider` may run at once, effective at once: a raised
    /// limit sends queued takes now; a lowered one lets running takes finish and sends no
    /// new one until fewer than `n` run. `None` restores the setup's (or else the
    /// descriptor's) default. False for an unknown provider.
    pub fn set_concurrency(&self, provider: &str, n: Option<u32>) -> bool {
        let (Some(sem), Some(p)) = (
            self.inner.slots.get(provider),
            self.inner.registry.get(provider),
        ) else {
            return false;
        };
        let n = n
            .or_else(|| self.inner.settings.concurrency.get(provider).copied())
            .unwrap_or(p.descriptor().default_concurrency)
            .max(1) as usize;
        let mut limits = self.inner.limits.lock().expect("limits");
        let Some(l) = limits.get_mut(provider) else {
            return false;
        };
        if n > l.limit {
            let add = n - l.limit;
            let forgiven = add.min(l.owed);
            l.owed -= forgiven;
            sem.add_permits(add - forgiven);
        } else if n < l.limit {
            let cut = l.limit - n;
            l.owed += cut - sem.forget_permits(cut);
        }
        l.limit = n;
        drop(limits);
        self.wake();
        true
    }
}
