//! The generation engine inside the desktop shell: the [`Core`]'s runner started at start-up
//! on Tauri's async runtime, and its events forwarded to the webview.
//!
//! Every engine event goes out as [`events::ENGINE_EVENT`] with the `EngineEvent` as payload;
//! a change of a job or of one of its takes also goes out as [`events::JOB_UPDATED`] with the
//! job's id, which the UI counts to re-fetch what it shows. Progress events only go out as
//! `engine_event` (they come several times a second). The forwarder also decides, with a
//! [`NoticeTracker`], when an OS notification is due and has [`notify::deliver`] show it.
//! [`Engine::stop`] ends both tasks on exit.

use crate::notify::{self, NoticeTracker};
use reelforge_core::{Core, CoreResult, EventStream, LockWait};
use reelforge_protocol::commands::events;
use reelforge_protocol::{EngineEvent, JobId};
use std::sync::Mutex;
use std::time::Duration;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter, Runtime};
use tokio_util::sync::CancellationToken;

/// How often the app retries the data folder's engine lock while a CLI holds it.
const LOCK_RETRY: Duration = Duration::from_secs(2);

/// How long exit waits for the runner to finish the step it is in.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The running engine; kept in managed state and stopped when the app exits.
#[derive(Debug)]
pub struct Engine {
    shutdown: CancellationToken,
    runner: Mutex<Option<tokio::task::JoinHandle<CoreResult<()>>>>,
}

impl Engine {
    /// Starts `core`'s engine ([`Core::start_engine`], waiting while a CLI holds the data
    /// folder) and the forwarding of its events to `app`'s webviews.
    pub fn start<R: Runtime>(app: &AppHandle<R>, core: &Core) -> Self {
        let shutdown = CancellationToken::new();
        // Subscribed before the runner starts, so recovery's events reach the UI too.
        forward_events(app.clone(), core.subscribe(), shutdown.clone());
        let started = {
            let _runtime = tauri::async_runtime::handle().inner().enter();
            core.start_engine(shutdown.clone(), LockWait::RetryEvery(LOCK_RETRY))
        };
        let runner = started
            .inspect_err(|error| tracing::error!("the generation engine cannot start: {error}"))
            .ok();
        Self {
            shutdown,
            runner: Mutex::new(runner),
        }
    }

    /// Stops the runner and the forwarding, waiting a few seconds for the runner's current
    /// step; returns whether the runner had stopped by then. Takes already sent stay in the
    /// queue and resume at the next start.
    pub fn stop(&self) -> bool {
        self.shutdown.cancel();
        let runner = self.runner.lock().ok().and_then(|mut runner| runner.take());
        let Some(runner) = runner else {
            return true;
        };
        tauri::async_runtime::block_on(async {
            match tokio::time::timeout(STOP_GRACE, runner).await {
                Ok(_) => true,
                Err(_) => {
                    tracing::warn!("the generation engine did not stop within {STOP_GRACE:?}");
                    false
                }
            }
        })
    }
}

/// Emits every event of `stream` to `app` until `shutdown` is cancelled or the engine is gone,
/// and shows the OS notifications they call for.
pub fn forward_events<R: Runtime>(
    app: AppHandle<R>,
    mut stream: EventStream,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        let mut notices = NoticeTracker::default();
        loop {
            let event = tokio::select! {
                () = shutdown.cancelled() => break,
                event = stream.recv() => event,
            };
            let Some(event) = event else { break };
            if let Err(error) = app.emit(events::ENGINE_EVENT, &event) {
                tracing::warn!("cannot emit {}: {error}", events::ENGINE_EVENT);
            }
            if let Some(job) = changed_job(&event)
                && let Err(error) = app.emit(events::JOB_UPDATED, job)
            {
                tracing::warn!("cannot emit {}: {error}", events::JOB_UPDATED);
            }
            if let Some(notice) = notices.observe(&event) {
                let app = app.clone();
                tauri::async_runtime::spawn(async move { notify::deliver(&app, notice).await });
            }
        }
    })
}

/// The job whose status or takes changed; `None` for progress and resync.
pub fn changed_job(event: &EngineEvent) -> Option<&JobId> {
    match event {
        EngineEvent::JobUpdated { job_id, .. } | EngineEvent::SegmentUpdated { job_id, .. } => {
            Some(job_id)
        }
        EngineEvent::Progress { .. } | EngineEvent::Resync => None,
    }
}
