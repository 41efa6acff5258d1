//! The written script, editable (title, each segment's narration and visual prompt) before
//! generating.

use super::edit;
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::ScriptDto;

/// The written script, editable before generating.
#[component]
pub fn ScriptReview(
    lang: Lang,
    script: ScriptDto,
    target: u32,
    on_script: EventHandler<ScriptDto>,
    on_back: EventHandler<()>,
    on_rewrite: EventHandler<()>,
    on_start: EventHandler<()>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let total = format::seconds(lang, u64::from(script.total_duration_s()));
    let target_text = format::seconds(lang, u64::from(target));
    let style_rows: Vec<(&str, String)> = [
        (s.style_character, script.style.character.clone()),
        (s.style_scene, script.style.scene.clone()),
        (s.style_visual, script.style.visual_style.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let can_start = !script.segments.is_empty() && !script.title.trim().is_empty();
    rsx! {
        section { class: "panel quick-review", id: "quick-review-panel", "data-testid": "script-review",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{x.review_title}" }
                    span { class: "panel-count", {(x.script_summary)(script.segments.len() as u64, &total, &target_text)} }
                }
                span { class: "tag", title: x.writer, "{script.writer}" }
            }
            div { class: "form-body",
                label { class: "form-field",
                    span { class: "form-label", "{s.title_label}" }
                    input {
                        class: "input wide",
                        id: "script-title",
                        r#type: "text",
                        value: "{script.title}",
                        oninput: edit(&script, on_script, |sc, v| sc.title = v),
                    }
                }
                if !style_rows.is_empty() {
                    dl { class: "fields", id: "script-style",
                        for (label, value) in style_rows {
                            div { key: "{label}", class: "field",
                                dt { "{label}" }
                                dd { "{value}" }
                            }
                        }
                    }
                }
            }
            ol { class: "segment-editor-list", id: "script-segments",
                for (i, segment) in script.segments.iter().enumerate() {
                    li { key: "{i}", class: "segment-editor card", "data-testid": "script-segment",
                        header { class: "segment-editor-header",
                            span { class: "segment-number", "{i + 1}" }
                            span { class: "tag beat-chip", {format::beat_label(lang, &segment.beat)} }
                            span { class: "tag", {format::mode_label(lang, segment.mode)} }
                            span { class: "tag", {format::seconds(lang, u64::from(segment.duration_s))} }
                        }
                        div { class: "segment-texts",
                            label { class: "form-field",
                                span { class: "form-label", "{s.col_narration}" }
                                textarea {
                                    class: "input textarea",
                                    id: "script-narration-{i}",
                                    rows: "2",
                                    value: "{segment.narration}",
                                    oninput: edit(&script, on_script, move |sc, v| {
                                        if let Some(seg) = sc.segments.get_mut(i) {
                                            seg.narration = v;
                                        }
                                    }),
                                }
                            }
                            label { class: "form-field",
                                span { class: "form-label", "{s.col_prompt}" }
                                textarea {
                                    class: "input textarea",
                                    id: "script-prompt-{i}",
                                    rows: "3",
                                    value: "{segment.prompt}",
                                    oninput: edit(&script, on_script, move |sc, v| {
                                        if let Some(seg) = sc.segments.get_mut(i) {
                                            seg.prompt = v;
                                        }
                                    }),
                                }
                            }
                        }
                    }
                }
            }
            footer { class: "wizard-footer",
                div { class: "wizard-footer-actions",
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "script-back",
                        onclick: move |_| on_back.call(()),
                        "{s.back}"
                    }
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "script-rewrite",
                        onclick: move |_| on_rewrite.call(()),
                        "{x.rewrite_script}"
                    }
                    button {
                        class: "button",
                        r#type: "button",
                        id: "script-start",
                        disabled: !can_start,
                        onclick: move |_| on_start.call(()),
                        "{x.generate_video}"
                    }
                }
            }
        }
    }
}
