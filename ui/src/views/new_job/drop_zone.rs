//! A segment card's reference images: where dropped files go, a "Choose files…" button (the
//! OS file dialog, for those who do not drag), the images with a way to remove each, and the
//! files the shell refused.

use crate::i18n::media::media as texts;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{AssetId, RejectedFile};
use std::collections::HashMap;

/// A card's reference images: where dropped files go (when the card is armed), the images
/// with a button to remove each, and the files the shell refused with their reason.
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn DropZone(
    lang: Lang,
    index: u32,
    formats: Vec<String>,
    assets: Vec<AssetId>,
    urls: HashMap<AssetId, String>,
    armed: bool,
    rejected: Vec<RejectedFile>,
    saving: bool,
    on_remove: EventHandler<(u32, AssetId)>,
    on_dismiss_rejected: EventHandler<()>,
    #[props(default)] on_pick: EventHandler<u32>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let accepts = !formats.is_empty();
    let list = formats
        .iter()
        .map(|f| f.trim_start_matches("image/").to_uppercase())
        .collect::<Vec<_>>();
    let mut unique = list.clone();
    unique.dedup();
    let count = assets.len();
    let class = match (accepts || count > 0, armed) {
        (true, true) => "drop-zone armed",
        (true, false) => "drop-zone",
        (false, true) => "drop-zone idle armed",
        (false, false) => "drop-zone idle",
    };
    rsx! {
        div {
            class,
            "data-testid": "drop-zone",
            "data-segment": "{index}",
            "data-wired": "true",
            "aria-label": s.references_title,
            span { class: "drop-icon", "aria-hidden": "true" }
            div { class: "drop-text",
                strong { "{s.references_title}" }
                if count > 0 {
                    span { class: "tag", "{count}" }
                }
                if armed {
                    span { class: "drop-target", "{m.drop_target}" }
                }
                if accepts {
                    span { "{s.drop_zone_text}" }
                    span { class: "muted", {(s.drop_zone_formats)(&unique.join(", "))} }
                } else {
                    span { class: "muted", "{s.drop_zone_no_images}" }
                }
                if !armed {
                    span { class: "muted small", "{m.drop_arm_hint}" }
                }
                if saving {
                    span { class: "muted small", id: "references-saving", "{m.saving_references}" }
                }
            }
            if accepts {
                button {
                    class: "button ghost small choose-files",
                    r#type: "button",
                    "data-action": "choose-files",
                    title: m.choose_files_hint,
                    disabled: saving,
                    onclick: move |event: MouseEvent| {
                        // The card's own click arms it; the dialog is this button's alone.
                        event.stop_propagation();
                        on_pick.call(index);
                    },
                    "{m.choose_files}"
                }
            }
        }
        if count > 0 {
            ul { class: "reference-list", "data-testid": "references",
                for (n, asset) in assets.iter().enumerate() {
                    li { key: "{asset}", class: "reference", "data-asset": "{asset}",
                        if let Some(url) = urls.get(asset) {
                            img { src: "{url}", alt: (m.reference_n)(n as u64 + 1) }
                        }
                        button {
                            class: "reference-remove",
                            r#type: "button",
                            "data-action": "remove-reference",
                            title: (m.remove_reference)(n as u64 + 1),
                            "aria-label": (m.remove_reference)(n as u64 + 1),
                            disabled: saving,
                            onclick: {
                                let asset = asset.clone();
                                move |_| on_remove.call((index, asset.clone()))
                            },
                            "×"
                        }
                    }
                }
            }
        }
        if !rejected.is_empty() {
            div { class: "callout rejected", id: "rejected-files", role: "alert",
                strong { {(m.rejected_title)(rejected.len() as u64)} }
                ul {
                    for (n, file) in rejected.iter().enumerate() {
                        li { key: "{n}",
                            strong { "{file.name}" }
                            if file.error.limit.is_some() {
                                " — {crate::format::error_label(lang, &file.error)}"
                            } else {
                                " — {file.error.message}"
                            }
                        }
                    }
                }
                button {
                    class: "button ghost small",
                    r#type: "button",
                    onclick: move |_| on_dismiss_rejected.call(()),
                    "{s.dismiss}"
                }
            }
        }
    }
}
