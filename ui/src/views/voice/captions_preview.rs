//! The caption style drawn on the real take: "Draw on the take" asks the engine for a frame
//! of a segment's finished take with its first words in the chosen style and safe zone,
//! shown as an image.

use super::state::{VoiceEvent, VoiceState};
use crate::i18n::Lang;
use crate::i18n::voice::voice as texts;
use crate::views::job::style_label;
use dioxus::prelude::*;

#[component]
pub(super) fn CaptionsPreview(
    lang: Lang,
    state: VoiceState,
    busy: bool,
    on_event: EventHandler<VoiceEvent>,
) -> Element {
    let v = texts(lang);
    let style = style_label(lang, state.choice.caption_style);
    rsx! {
        div { class: "caption-preview", id: "caption-preview",
            span { class: "section-label", "{v.caption_preview}" }
            match state.frame_segment {
                Some(index) => rsx! {
                    button {
                        class: "button ghost small",
                        r#type: "button",
                        id: "caption-preview-draw",
                        disabled: busy || state.drawing,
                        onclick: move |_| on_event.call(VoiceEvent::DrawCaptions(index)),
                        if state.drawing {
                            "{v.caption_preview_drawing}"
                        } else {
                            "{v.caption_preview_button}"
                        }
                    }
                },
                None => rsx! {
                    p { class: "form-hint", id: "caption-preview-needs-take", "{v.caption_preview_needs_take}" }
                },
            }
            if let Some(url) = state.frame_url.clone() {
                img {
                    key: "{url}",
                    id: "caption-preview-frame",
                    class: "caption-preview-frame",
                    src: "{url}",
                    alt: (v.caption_preview_alt)(style),
                }
            }
        }
    }
}
