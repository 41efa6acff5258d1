//! Live job updates: the app root subscribes once to the shell's `job_updated` event and counts
//! the events in a context signal; pages read that count inside their fetches to re-fetch.

use crate::bridge;
use dioxus::prelude::*;
use futures_util::StreamExt;
use reelforge_protocol::JobId;
use reelforge_protocol::commands::events;

/// How many `job_updated` events have arrived since launch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobRevision(pub Signal<u64>);

/// Provides the [`JobRevision`] context and starts listening. Call once, in the app root.
pub fn use_job_events_provider() {
    let revision = use_context_provider(|| JobRevision(Signal::new(0)));
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
