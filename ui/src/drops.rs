//! Files dropped from the OS onto the window: the shell imports them itself (validated, copied
//! into the library) and emits `files_dropped` with asset ids and preview URLs, plus the files
//! it refused and why. One subscription for the life of the app keeps the latest drop, numbered,
//! in a root context signal; the wizard reads it and hands the assets to a segment card.

use crate::bridge;
use dioxus::prelude::*;
use futures_util::StreamExt;
use reelforge_protocol::FilesDropped;
use reelforge_protocol::commands::events;

/// The latest drop since launch, with its sequence number (1 for the first).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatestDrop(pub Signal<Option<(u64, FilesDropped)>>);

/// The latest drop; subscribes to `files_dropped` the first time it is used.
pub fn use_latest_drop() -> Signal<Option<(u64, FilesDropped)>> {
    use_root_context(|| {
        let mut latest = Signal::new_in_scope(None::<(u64, FilesDropped)>, ScopeId::ROOT);
        dioxus::core::spawn_forever(async move {
            let (sender, mut receiver) = futures_channel::mpsc::unbounded::<FilesDropped>();
            let subscribed = bridge::listen(events::FILES_DROPPED, move |drop: FilesDropped| {
                let _ = sender.unbounded_send(drop);
            })
            .await;
            if let Err(error) = subscribed {
                dioxus::logger::tracing::warn!("no file drops: {error}");
                return;
            }
            let mut count = 0;
            while let Some(drop) = receiver.next().await {
                count += 1;
                latest.set(Some((count, drop)));
            }
        });
        LatestDrop(latest)
    })
    .0
}
