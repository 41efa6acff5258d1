//! One segment's card in the storyboard strip: its selected keyframe large (or the state of
//! the one being made), the other keyframes small to choose from, the failure of the latest
//! one worded from its take error code, "Resubmit" / "Abandon" when Reelforge stopped while
//! sending it, its prompt (the segment's, edited in place), "Regenerate" and the "Approved"
//! switch. The image box has the job's shape whatever it
//! holds, so nothing moves when a keyframe arrives.

use super::super::progress::take_label;
use super::{StoryboardEvent, shown_keyframe};
use crate::i18n::Lang;
use crate::i18n::errors::take_error;
use crate::i18n::storyboard::storyboard;
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{
    KeyframeDto, MediaRef, StoryboardSegment, SubmitUnknownDecision, TakeStatus,
};

fn image_url(media: &MediaUrls, keyframe: &KeyframeDto) -> Option<String> {
    media
        .get(&MediaRef::Take {
            take_id: keyframe.take.id.clone(),
        })
        .cloned()
}

#[component]
pub(super) fn KeyframeCard(
    lang: Lang,
    segment: StoryboardSegment,
    frame: &'static str,
    provider_name: String,
    busy: bool,
    media: MediaUrls,
    on_event: EventHandler<StoryboardEvent>,
) -> Element {
    let s = storyboard(lang);
    let words = crate::i18n::t(lang);
    let index = segment.index;
    let number = index + 1;
    let shown = shown_keyframe(&segment).cloned();
    let latest = segment.keyframes.last().cloned();
    let state = latest.as_ref().map_or("none", |k| k.take.status.as_str());
    let state_label = latest
        .as_ref()
        .map_or_else(|| s.no_keyframe.to_owned(), |k| take_label(lang, &k.take));
    let failure = latest
        .as_ref()
        .filter(|k| k.take.status == TakeStatus::Failed)
        .and_then(|k| k.take.error_code)
        .map(|code| (code.as_str(), take_error(lang, code, &provider_name)));
    let undecided = latest
        .as_ref()
        .filter(|k| k.take.status == TakeStatus::SubmitUnknown)
        .map(|k| k.take.id.clone());
    let making = latest
        .as_ref()
        .filter(|k| !k.take.status.is_terminal() && undecided.is_none())
        .map(|k| k.take.progress.min(99));
    let position = |keyframe: &KeyframeDto| {
        segment
            .keyframes
            .iter()
            .position(|k| k.take.id == keyframe.take.id)
            .map_or(1, |p| p + 1)
    };
    let main = shown
        .as_ref()
        .and_then(|k| image_url(&media, k).map(|url| (url, position(k), k.width, k.height)));
    let reframed = shown.as_ref().is_some_and(|k| k.reframed);
    let others: Vec<(usize, KeyframeDto)> = segment
        .keyframes
        .iter()
        .enumerate()
        .filter(|(_, k)| shown.as_ref().is_none_or(|s| s.take.id != k.take.id))
        .map(|(i, k)| (i + 1, k.clone()))
        .collect();
    let can_approve = shown.is_some();
    let approved = segment.approved;
    let mut editing = use_signal(|| None::<String>);
    let prompt = segment.prompt.clone();
    rsx! {
        li {
            class: "keyframe-card tile-{frame}",
            id: "keyframe-card-{index}",
            "data-testid": "keyframe-card",
            "data-index": "{index}",
            "data-state": state,
            "data-approved": "{approved}",
            "data-keyframes": "{segment.keyframes.len()}",
            header { class: "keyframe-head",
                span { class: "keyframe-title", {(s.segment)(number)} }
                span { class: "badge take-status take-{state}",
                    span { class: "status-dot", "aria-hidden": "true" }
                    "{state_label}"
                }
            }
            div {
                class: "keyframe-main take-media poster-{frame}",
                "data-take-id": shown.as_ref().map(|k| k.take.id.to_string()),
                if let Some((url, n, w, h)) = main {
                    img {
                        class: "poster-image",
                        src: "{url}",
                        alt: (s.keyframe_alt)(number, n),
                        title: (s.size)(w, h),
                    }
                } else if let Some(pct) = making {
                    span { class: "poster-progress", "{pct}%" }
                } else {
                    span { class: "poster-glyph" }
                }
                if let (Some(pct), true) = (making, shown.is_some()) {
                    span { class: "poster-caption badge", "{pct}%" }
                } else if reframed {
                    span { class: "poster-caption badge keyframe-reframed", "{s.reframed_badge}" }
                }
            }
            if let Some((code, reason)) = failure {
                p {
                    class: "callout callout-danger keyframe-failure",
                    role: "alert",
                    "data-error-code": code,
                    "{reason}"
                }
            }
            ul { class: "keyframe-thumbs", "aria-label": "{s.title}",
                for (n, keyframe) in others {
                    li { key: "{keyframe.take.id}", class: "keyframe-thumb poster-{frame}",
                        "data-take-id": "{keyframe.take.id}",
                        "data-status": keyframe.take.status.as_str(),
                        if keyframe.take.status == TakeStatus::Succeeded {
                            button {
                                class: "thumb-button",
                                r#type: "button",
                                "data-action": "select-keyframe",
                                "aria-label": (s.use_keyframe)(n),
                                title: (s.use_keyframe)(n),
                                disabled: busy,
                                onclick: {
                                    let id = keyframe.take.id.clone();
                                    move |_| on_event.call(StoryboardEvent::Select(id.clone()))
                                },
                                if let Some(url) = image_url(&media, &keyframe) {
                                    img { class: "poster-image", src: "{url}", alt: (s.keyframe_alt)(number, n) }
                                } else {
                                    "{n}"
                                }
                            }
                        } else {
                            span { class: "thumb-state", title: take_label(lang, &keyframe.take),
                                if keyframe.take.status.is_terminal() { "✕" } else if keyframe.take.status == TakeStatus::SubmitUnknown { "?" } else { "{keyframe.take.progress.min(99)}%" }
                            }
                        }
                    }
                }
            }
            if let Some(text) = editing() {
                div { class: "keyframe-prompt-editor",
                    label { class: "form-field",
                        span { class: "form-label", "{s.prompt_label}" }
                        textarea {
                            class: "textarea",
                            name: "prompt",
                            rows: "3",
                            value: "{text}",
                            oninput: move |e: FormEvent| editing.set(Some(e.value())),
                        }
                    }
                    div { class: "keyframe-buttons",
                        button {
                            class: "button small",
                            r#type: "button",
                            "data-action": "save-keyframe-prompt",
                            disabled: busy || text.trim().is_empty(),
                            onclick: move |_| {
                                if let Some(prompt) = editing() {
                                    on_event.call(StoryboardEvent::EditPrompt { index, prompt });
                                }
                                editing.set(None);
                            },
                            "{s.save_prompt}"
                        }
                        button {
                            class: "button ghost small",
                            r#type: "button",
                            "data-action": "cancel-keyframe-prompt",
                            onclick: move |_| editing.set(None),
                            "{s.cancel_edit}"
                        }
                    }
                }
            } else {
                p { class: "keyframe-prompt", title: "{s.prompt_label}", "{prompt}" }
            }
            if let Some(take_id) = undecided {
                div { class: "keyframe-decision", role: "group",
                    p { class: "hint", "{words.submit_unknown_title}" }
                    button {
                        class: "button small",
                        r#type: "button",
                        "data-action": "resubmit-keyframe",
                        title: "{words.resubmit_hint}",
                        disabled: busy,
                        onclick: {
                            let take_id = take_id.clone();
                            move |_| on_event.call(StoryboardEvent::Decide {
                                index,
                                take_id: take_id.clone(),
                                decision: SubmitUnknownDecision::Resubmit,
                            })
                        },
                        "{words.resubmit}"
                    }
                    button {
                        class: "button ghost small",
                        r#type: "button",
                        "data-action": "abandon-keyframe",
                        title: "{words.abandon_hint}",
                        disabled: busy,
                        onclick: move |_| on_event.call(StoryboardEvent::Decide {
                            index,
                            take_id: take_id.clone(),
                            decision: SubmitUnknownDecision::Abandon,
                        }),
                        "{words.abandon}"
                    }
                }
            }
            div { class: "keyframe-buttons",
                button {
                    class: "button small",
                    r#type: "button",
                    "data-action": "regenerate-keyframe",
                    disabled: busy || making.is_some(),
                    onclick: move |_| on_event.call(StoryboardEvent::Regenerate(index)),
                    "{s.regenerate}"
                }
                if editing().is_none() {
                    button {
                        class: "button ghost small",
                        r#type: "button",
                        "data-action": "edit-keyframe-prompt",
                        disabled: busy,
                        onclick: move |_| editing.set(Some(segment.prompt.clone())),
                        "{s.edit_prompt}"
                    }
                }
                label { class: "check keyframe-approve",
                    input {
                        r#type: "checkbox",
                        "data-action": "approve-keyframe",
                        disabled: busy || !can_approve,
                        checked: approved,
                        onchange: move |e: FormEvent| {
                            on_event.call(StoryboardEvent::Approve { index, approved: e.checked() })
                        },
                    }
                    span { "{s.approved}" }
                }
            }
        }
    }
}
