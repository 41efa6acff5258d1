//! In-app video: a `<video>` with native controls reading from the shell's loopback preview
//! server, and the URLs a page fetched for it (`preview_url` of a [`MediaRef`]).

use crate::dom;
use dioxus::prelude::*;
use reelforge_protocol::{JobId, MediaRef, TakeId};
use std::collections::HashMap;

/// The preview-server URL of each library file a page asked for.
pub type MediaUrls = HashMap<MediaRef, String>;

/// The URLs to play a take: its 720p preview proxy first, its original clip as the fallback
/// (`<source>` order), and its thumbnail as the poster.
pub fn take_sources(media: &MediaUrls, take: &TakeId) -> (Vec<String>, Option<String>) {
    let sources = [
        MediaRef::TakePreview {
            take_id: take.clone(),
        },
        MediaRef::Take {
            take_id: take.clone(),
        },
    ]
    .iter()
    .filter_map(|m| media.get(m).cloned())
    .collect();
    let poster = media
        .get(&MediaRef::TakeThumbnail {
            take_id: take.clone(),
        })
        .cloned();
    (sources, poster)
}

/// The final video's URL, changed by `revision` so that a new assembly reloads the player
/// (the preview server ignores the query).
pub fn final_url(media: &MediaUrls, job: &JobId, revision: u64) -> Option<String> {
    let url = media.get(&MediaRef::FinalVideo {
        job_id: job.clone(),
    })?;
    Some(if revision == 0 {
        url.clone()
    } else {
        format!("{url}?v={revision}")
    })
}

/// A video with native controls that loads only its metadata until played. Playing it makes
/// it the one the Space shortcut plays or pauses.
#[component]
pub fn Player(
    id: String,
    sources: Vec<String>,
    #[props(default)] poster: Option<String>,
    label: String,
    #[props(default)] class: String,
    /// Shown by a webview that plays no video at all.
    #[props(default)]
    fallback: String,
) -> Element {
    let played = id.clone();
    rsx! {
        video {
            id: "{id}",
            class: "player {class}",
            controls: true,
            preload: "metadata",
            playsinline: true,
            poster,
            "aria-label": "{label}",
            "data-testid": "player",
            onplay: move |_| dom::note_played(&played),
            for src in sources {
                source { key: "{src}", src: "{src}", r#type: "video/mp4" }
            }
            "{fallback}"
        }
    }
}
