//! Live job updates: the app root subscribes once to the shell's `job_updated` event and counts
//! the events in a context signal; pages read that count inside their fetches to re-fetch.
//!
//! It also listens to `engine_event`: a `progress` event (sent several times a second, never as
//! `job_updated`) is kept in [`LiveProgress`] so that the job screen moves its bars without
//! re-fetching, and a `resync` counts as a job update so that every page re-reads.

use crate::bridge;
use dioxus::prelude::*;
use futures_util::StreamExt;
use reelforge_protocol::commands::events;
use reelforge_protocol::{EngineEvent, JobDetail, JobId, TakeId};
use std::collections::HashMap;

/// How many `job_updated` events have arrived since launch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobRevision(pub Signal<u64>);

/// The latest progress (0–100) the engine reported for each running take since launch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveProgress(pub Signal<HashMap<TakeId, u8>>);

/// Provides the [`JobRevision`] and [`LiveProgress`] contexts and starts listening. Call once,
/// in the app root.
pub fn use_job_events_provider() {
    let revision = use_context_provider(|| JobRevision(Signal::new(0)));
    let live = use_context_provider(|| LiveProgress(Signal::new(HashMap::new())));
    use_hook(move || {
        spawn(async move {
            let (sender, mut receiver) = futures_channel::mpsc::unbounded::<EngineEvent>();
            let subscribed = bridge::listen(events::ENGINE_EVENT, move |event: EngineEvent| {
                let _ = sender.unbounded_send(event);
            })
            .await;
            if let Err(error) = subscribed {
                dioxus::logger::tracing::warn!("no live progress: {error}");
                return;
            }
            let (mut count, mut progress) = (revision.0, live.0);
            while let Some(event) = receiver.next().await {
                match event {
                    EngineEvent::Progress {
                        take_id,
                        progress: pct,
                        ..
                    } => {
                        progress.write().insert(take_id, pct.min(100));
                    }
                    EngineEvent::Resync => *count.write() += 1,
                    EngineEvent::JobUpdated { .. } | EngineEvent::SegmentUpdated { .. } => {}
                }
            }
        })
    });
    use_hook(move || {
        spawn(async move {
            // The shell's callback runs outside the Dioxus runtime: it only sends; this task,
            // inside the runtime, writes the signal.
            let (sender, mut receiver) = futures_channel::mpsc::unbounded::<JobId>();
            let subscribed = bridge::listen(events::JOB_UPDATED, move |id: JobId| {
                let _ = sender.unbounded_send(id);
            })
            .await;
            if let Err(error) = subscribed {
                dioxus::logger::tracing::warn!("no live job updates: {error}");
                return;
            }
            let mut count = revision.0;
            while receiver.next().await.is_some() {
                *count.write() += 1;
            }
        })
    });
}

/// The revision signal; reading it inside a `use_resource` closure re-runs the fetch on every
/// job update.
pub fn use_job_revision() -> Signal<u64> {
    use_context::<JobRevision>().0
}

/// The live progress signal; reading it inside a component re-renders it on every progress
/// event.
pub fn use_live_progress() -> Signal<HashMap<TakeId, u8>> {
    use_context::<LiveProgress>().0
}

/// `detail` with each running take's progress raised to the latest live value (never lowered:
/// provider progress is not monotonic, and a re-fetched value may be newer than the event).
pub fn apply_live_progress(mut detail: JobDetail, live: &HashMap<TakeId, u8>) -> JobDetail {
    for take in detail.segments.iter_mut().flat_map(|s| s.takes.iter_mut()) {
        if let Some(&pct) = live.get(&take.id)
            && !take.status.is_terminal()
        {
            take.progress = take.progress.max(pct);
        }
    }
    detail
}
