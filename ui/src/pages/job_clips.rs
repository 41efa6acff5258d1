//! A person's own video on the job screen (issue 17, item 4): the imported clip waiting for
//! its in/out points, and where it comes from — the shell's video dialog ("Use my video…",
//! `pick_video_file`) or a video dropped on a segment card (the shell imports it and reports
//! it in `files_dropped`). "Use this span" then runs `use_segment_clip` as the screen's other
//! actions run.

use crate::api;
use crate::dom;
use crate::drops::use_latest_drop;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ImportedClip};

/// Which cards a drop lands on (the job screen's segment cards).
const CARD_SELECTOR: &str = "[data-testid=\"segment-card\"]";

/// The clip waiting for its span, with its segment's index; a video dropped on a segment card
/// lands here (refused files set `error`).
pub fn use_pending_clip(
    mut error: Signal<Option<ApiError>>,
) -> Signal<Option<(u32, ImportedClip)>> {
    let mut pending = use_signal(|| None::<(u32, ImportedClip)>);
    let latest_drop = use_latest_drop();
    let mut drops_seen = use_signal(|| latest_drop.peek().as_ref().map(|(n, _)| *n));
    use_effect(move || {
        let Some((n, dropped)) = latest_drop.read().clone() else {
            return;
        };
        if *drops_seen.peek() == Some(n) {
            return;
        }
        drops_seen.set(Some(n));
        if let Some(refused) = dropped.rejected.first() {
            error.set(Some(refused.error.clone()));
        }
        let Some(clip) = dropped.clips.into_iter().next() else {
            return;
        };
        if let Some(index) = dom::segment_at(dropped.x, dropped.y, CARD_SELECTOR) {
            pending.set(Some((index, clip)));
        }
    });
    pending
}

/// "Use my video…" on the card of segment `index`: the shell's video dialog; the chosen file,
/// once imported, waits for its span. Cancelling changes nothing.
pub fn pick_clip(
    index: u32,
    mut pending: Signal<Option<(u32, ImportedClip)>>,
    mut error: Signal<Option<ApiError>>,
    mut busy: Signal<bool>,
) {
    busy.set(true);
    error.set(None);
    spawn(async move {
        let picked = api::pick_video_file().await;
        busy.set(false);
        match picked {
            Ok(Some(clip)) => pending.set(Some((index, clip))),
            Ok(None) => {}
            Err(e) => error.set(Some(e)),
        }
    });
}
