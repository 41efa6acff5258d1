//! Step 2 of the wizard: the list of segment cards, the live total against the budget, and
//! "Back" / "Generate", with the Voice & captions section above them when the page gives it.

use super::WizardBusy;
use super::segment_card::SegmentCard;
use super::segment_draft::{ReferenceState, SegmentDraft, drafts_total};
use crate::format;
use crate::i18n::{Lang, t};
use crate::views::voice::{SegmentLine, VoiceEvent, VoicePanel, VoiceState, too_long};
use dioxus::prelude::*;
use reelforge_protocol::{AssetId, JobDetail, ProviderDescriptor, ScriptLanguage, VoiceDescriptor};

/// The drafts as the Voice & captions section measures them (their text as typed).
pub fn draft_lines(drafts: &[SegmentDraft]) -> Vec<SegmentLine> {
    drafts
        .iter()
        .map(|d| SegmentLine {
            index: d.index,
            clip_s: d.duration_s,
            narration: d.narration.clone(),
        })
        .collect()
}

/// Step 2: one card per segment, the live total and "Generate".
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn SegmentsStep(
    lang: Lang,
    job: JobDetail,
    providers: Vec<ProviderDescriptor>,
    drafts: Vec<SegmentDraft>,
    busy: Option<WizardBusy>,
    on_back: EventHandler<()>,
    on_draft: EventHandler<SegmentDraft>,
    on_generate: EventHandler<()>,
    references: ReferenceState,
    on_arm: EventHandler<u32>,
    on_remove_reference: EventHandler<(u32, AssetId)>,
    on_dismiss_rejected: EventHandler<()>,
    #[props(default)] on_pick_references: EventHandler<u32>,
    #[props(default)] voices: Vec<VoiceDescriptor>,
    #[props(default)] voice: Option<VoiceState>,
    #[props(default)] voice_language: ScriptLanguage,
    #[props(default)] on_voice: EventHandler<VoiceEvent>,
) -> Element {
    let lines = draft_lines(&drafts);
    let voice_too_long = voice
        .as_ref()
        .filter(|v| v.choice.narration.enabled)
        .map_or(0, |v| too_long(v, &lines).len() as u64);
    let s = t(lang);
    let armed = references.armed.or_else(|| drafts.first().map(|d| d.index));
    let aspect = job.config.aspect_ratio;
    let total = drafts_total(&drafts, &providers);
    let cap = job.budget_cap_micros;
    let over_cap = cap.is_some_and(|cap| total > cap);
    let not_ready = drafts
        .iter()
        .filter(|d| !d.is_ready(&providers, aspect))
        .count() as u64;
    let saving = busy == Some(WizardBusy::Saving);
    let can_generate = busy.is_none() && !drafts.is_empty() && not_ready == 0;
    let template = job
        .summary
        .template_name
        .clone()
        .unwrap_or_else(|| s.no_template.to_owned());
    rsx! {
        div { class: "wizard-step segments-step", id: "segments-step",
            div { class: "draft-summary", id: "draft-summary",
                span { class: "draft-title", "{job.summary.title}" }
                span { class: "tag", "{template}" }
                span { class: "tag", "{aspect}" }
                span { class: "muted", {(s.segments_count)(drafts.len() as u64)} }
            }
            if providers.is_empty() {
                p { class: "callout callout-danger", id: "no-providers", "{s.no_providers}" }
            }
            ol { class: "segment-editor-list", id: "segment-cards",
                for draft in drafts.iter() {
                    SegmentCard {
                        key: "{draft.index}",
                        lang,
                        draft: draft.clone(),
                        providers: providers.clone(),
                        aspect,
                        on_draft,
                        armed: armed == Some(draft.index),
                        urls: references.urls.clone(),
                        rejected: references
                            .rejected
                            .clone()
                            .filter(|(at, _)| *at == draft.index)
                            .map(|(_, files)| files)
                            .unwrap_or_default(),
                        saving: references.saving == Some(draft.index),
                        on_arm,
                        on_remove_reference,
                        on_dismiss_rejected,
                        on_pick_references,
                    }
                }
            }
            if let Some(state) = voice {
                VoicePanel {
                    lang,
                    voices,
                    language: voice_language,
                    state,
                    segments: lines,
                    busy: busy.is_some(),
                    on_event: on_voice,
                }
            }
            footer { class: "wizard-footer sticky", id: "estimate-bar",
                div { class: "estimate",
                    span { class: "estimate-label", "{s.live_total}" }
                    span {
                        class: if over_cap { "estimate-value over" } else { "estimate-value" },
                        id: "live-total",
                        {format::money(lang, total)}
                    }
                    if let Some(cap) = cap {
                        span {
                            class: if over_cap { "badge budget-over" } else { "badge budget-ok" },
                            id: "live-budget",
                            if over_cap {
                                "{s.over_budget} · {format::money(lang, cap)}"
                            } else {
                                "{s.within_budget} · {format::money(lang, cap)}"
                            }
                        }
                    }
                    span { class: "estimate-note muted", "{s.estimate_local_note}" }
                }
                div { class: "wizard-footer-actions",
                    if voice_too_long > 0 {
                        span { class: "not-ready voice-warning", id: "generate-voice-too-long",
                            {(crate::i18n::voice::voice(lang).too_long)(voice_too_long)}
                        }
                    }
                    if not_ready > 0 {
                        span { class: "not-ready", id: "not-ready", {(s.segments_incomplete)(not_ready)} }
                    }
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "wizard-back",
                        disabled: busy.is_some(),
                        onclick: move |_| on_back.call(()),
                        "← {s.back}"
                    }
                    button {
                        class: "button generate",
                        r#type: "button",
                        id: "wizard-generate",
                        disabled: !can_generate,
                        title: s.generate_shortcut,
                        onclick: move |_| on_generate.call(()),
                        if saving {
                            "{s.saving}"
                        } else {
                            "{s.generate}"
                        }
                        kbd { class: "kbd", "{s.generate_shortcut}" }
                    }
                }
            }
        }
    }
}
