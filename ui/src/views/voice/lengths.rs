//! Each segment's narration against its clip: "voice 4.2 s / clip 5 s" once measured (by
//! speaking it with the chosen voice, through the engine's narration cache), a player for
//! it, and the warning before launch when a voice outlasts its clip, with the rule the
//! assembly applies.

use super::state::{SegmentLine, VoiceEvent, VoiceState, current_voice, too_long, unmeasured};
use crate::i18n::Lang;
use crate::i18n::voice::{tenths, voice as texts};
use dioxus::prelude::*;

#[component]
pub(super) fn VoiceLengths(
    lang: Lang,
    state: VoiceState,
    segments: Vec<SegmentLine>,
    busy: bool,
    on_event: EventHandler<VoiceEvent>,
) -> Element {
    let v = texts(lang);
    if segments.is_empty() {
        return rsx! {};
    }
    let long = too_long(&state, &segments);
    let missing = unmeasured(&state, &segments).len();
    let enabled = state.choice.narration.enabled;
    rsx! {
        div { class: "voice-lengths", id: "voice-lengths",
            span { class: "section-label", "{v.lengths_title}" }
            p { class: "form-hint", "{v.lengths_hint}" }
            ol { class: "voice-length-list",
                for segment in segments.iter() {
                    {
                        let spoken = current_voice(&state, segment).cloned();
                        let over = long.contains(&segment.index);
                        let n = segment.index + 1;
                        rsx! {
                            li {
                                key: "{segment.index}",
                                class: if over { "voice-length over" } else { "voice-length" },
                                id: "voice-length-{segment.index}",
                                "data-over": if over { "true" } else { "false" },
                                span { class: "voice-length-name", {(v.segment_n)(n)} }
                                if segment.narration.trim().is_empty() {
                                    span { class: "muted", "{v.no_narration}" }
                                } else if let Some(spoken) = spoken {
                                    span {
                                        class: "voice-length-figure",
                                        "data-voice-ms": "{spoken.duration_ms}",
                                        {(v.voice_vs_clip)(&tenths(lang, spoken.duration_ms), segment.clip_s)}
                                    }
                                    if let Some(url) = spoken.url {
                                        audio {
                                            key: "{url}",
                                            id: "voice-segment-{segment.index}",
                                            class: "voice-segment-player",
                                            controls: true,
                                            preload: "none",
                                            src: "{url}",
                                            "aria-label": (v.listen_segment)(n),
                                        }
                                    }
                                } else {
                                    span { class: "muted", "—" }
                                }
                            }
                        }
                    }
                }
            }
            if enabled && missing > 0 {
                button {
                    class: "button ghost small",
                    r#type: "button",
                    id: "voice-measure",
                    disabled: busy || state.measuring,
                    onclick: move |_| on_event.call(VoiceEvent::Measure),
                    if state.measuring {
                        "{v.measuring}"
                    } else {
                        "{v.measure}"
                    }
                }
            }
            if enabled && !long.is_empty() {
                div { class: "callout callout-warning", id: "voice-too-long", role: "alert",
                    strong { {(v.too_long)(long.len() as u64)} }
                    span { " {v.too_long_rule}" }
                }
            }
        }
    }
}
