//! One segment card of step 2: beat, prompt, narration, mode, provider, model, duration, its
//! cost and problems, and its reference images.

use super::descriptors::{find_provider, pricing_label};
use super::drop_zone::DropZone;
use super::edit;
use super::segment_draft::SegmentDraft;
use crate::format;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, AssetId, GenerationMode, ImageInputKind, ProviderDescriptor, RejectedFile,
};
use std::collections::HashMap;

/// One segment: beat, prompt, narration, mode, provider, model, duration, references.
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn SegmentCard(
    lang: Lang,
    draft: SegmentDraft,
    providers: Vec<ProviderDescriptor>,
    aspect: AspectRatio,
    on_draft: EventHandler<SegmentDraft>,
    armed: bool,
    urls: HashMap<AssetId, String>,
    rejected: Vec<RejectedFile>,
    saving: bool,
    on_arm: EventHandler<u32>,
    on_remove_reference: EventHandler<(u32, AssetId)>,
    on_dismiss_rejected: EventHandler<()>,
    #[props(default)] on_pick_references: EventHandler<u32>,
) -> Element {
    let s = t(lang);
    let number = u64::from(draft.index) + 1;
    let provider = find_provider(&providers, &draft.provider).cloned();
    let model = provider
        .as_ref()
        .and_then(|p| p.model(draft.model.as_deref()))
        .cloned();
    let modes: Vec<GenerationMode> = model
        .as_ref()
        .map_or_else(|| GenerationMode::ALL.to_vec(), |m| m.modes.clone());
    let mut durations: Vec<u32> = model
        .as_ref()
        .map(|m| m.durations_s.clone())
        .unwrap_or_default();
    if !durations.contains(&draft.duration_s) {
        durations.push(draft.duration_s);
        durations.sort_unstable();
    }
    let cost = draft.cost(&providers);
    let cost_text = match cost {
        Some(0) => s.free.to_owned(),
        Some(micros) => format::money(lang, micros),
        None => "—".to_owned(),
    };
    let problem = draft.problem(&providers, aspect).map(|p| p.text(s));
    let missing = draft.missing().map(|m| m.text(s));
    let card_class = match (problem.is_some(), armed) {
        (true, true) => "segment-editor card has-problem armed",
        (true, false) => "segment-editor card has-problem",
        (false, true) => "segment-editor card armed",
        (false, false) => "segment-editor card",
    };
    let index = draft.index;
    let model_value = draft.model.clone().unwrap_or_default();
    let default_model_name = provider
        .as_ref()
        .and_then(|p| p.models.first())
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let provider_known = provider.is_some();
    let image_specs: Vec<String> = model
        .as_ref()
        .map(|m| {
            m.image_inputs
                .iter()
                .filter(|spec| match draft.mode {
                    GenerationMode::TextToVideo | GenerationMode::UploadedClip => false,
                    GenerationMode::ImageToVideo => spec.kind != ImageInputKind::LastFrame,
                    GenerationMode::FirstLastFrame => spec.kind != ImageInputKind::Reference,
                })
                .flat_map(|spec| spec.formats.clone())
                .collect()
        })
        .unwrap_or_default();
    let on_provider = {
        let (draft, providers) = (draft.clone(), providers.clone());
        move |event: FormEvent| {
            on_draft.call(
                draft
                    .clone()
                    .with_provider(event.value().into(), &providers),
            )
        }
    };
    let on_model = {
        let (draft, providers) = (draft.clone(), providers.clone());
        move |event: FormEvent| {
            let value = event.value();
            on_draft.call(
                draft
                    .clone()
                    .with_model((!value.is_empty()).then_some(value), &providers),
            )
        }
    };
    let on_duration = {
        let draft = draft.clone();
        move |event: FormEvent| {
            if let Ok(d) = event.value().parse::<u32>() {
                on_draft.call(draft.clone().with_duration(d));
            }
        }
    };
    let on_mode = edit(&draft, on_draft, |d, v| {
        if let Some(mode) = GenerationMode::ALL.into_iter().find(|m| m.as_str() == v) {
            d.mode = mode;
        }
    });
    let id = format!("segment-{}", draft.index);
    let beat_text = draft.beat_text(lang);
    let on_beat = {
        let draft = draft.clone();
        move |event: FormEvent| on_draft.call(draft.clone().with_beat_text(lang, event.value()))
    };
    rsx! {
        li {
            class: card_class,
            id: "{id}",
            "data-testid": "segment-card",
            "data-index": "{draft.index}",
            "data-armed": "{armed}",
            onclick: move |_| on_arm.call(index),
            onfocusin: move |_| on_arm.call(index),
            header { class: "segment-editor-header",
                span { class: "segment-number", "{number}" }
                input {
                    class: "input beat-input",
                    r#type: "text",
                    "aria-label": s.col_beat,
                    placeholder: s.beat_placeholder,
                    // The beat reads as a label ("Call to action"); left as it is, the
                    // stored id (`call_to_action`) is kept, so saving sends no change.
                    value: "{beat_text}",
                    oninput: on_beat,
                }
                span { class: "segment-cost tag", title: s.estimated_cost, "{cost_text}" }
            }
            div { class: "segment-editor-body",
                div { class: "segment-texts",
                    label { class: "form-field",
                        span { class: "form-label", "{s.col_prompt}" }
                        textarea {
                            class: "input textarea",
                            rows: "3",
                            placeholder: s.prompt_placeholder,
                            value: "{draft.prompt}",
                            oninput: edit(&draft, on_draft, |d, v| d.prompt = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.col_narration}" }
                        textarea {
                            class: "input textarea",
                            rows: "2",
                            placeholder: s.narration_placeholder,
                            value: "{draft.narration}",
                            oninput: edit(&draft, on_draft, |d, v| d.narration = v),
                        }
                    }
                }
                div { class: "segment-settings",
                    label { class: "form-field",
                        span { class: "form-label", "{s.mode}" }
                        select { class: "select", value: "{draft.mode.as_str()}", onchange: on_mode,
                            for mode in modes {
                                option {
                                    key: "{mode.as_str()}",
                                    value: "{mode.as_str()}",
                                    selected: mode == draft.mode,
                                    {format::mode_label(lang, mode)}
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.provider}" }
                        select { class: "select", value: "{draft.provider}", onchange: on_provider,
                            if !provider_known {
                                option { value: "{draft.provider}", selected: true, "{draft.provider}" }
                            }
                            for p in providers.iter() {
                                option {
                                    key: "{p.id}",
                                    value: "{p.id}",
                                    selected: p.id == draft.provider,
                                    "{p.display_name}"
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.model}" }
                        select { class: "select", value: "{model_value}", onchange: on_model,
                            option { value: "", selected: draft.model.is_none(),
                                {(s.model_default)(&default_model_name)}
                            }
                            for m in provider.iter().flat_map(|p| p.models.iter()) {
                                option {
                                    key: "{m.id}",
                                    value: "{m.id}",
                                    selected: draft.model.as_deref() == Some(m.id.as_str()),
                                    "{m.display_name} · {pricing_label(lang, m.pricing)}"
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.col_duration}" }
                        select { class: "select", value: "{draft.duration_s}", onchange: on_duration,
                            for d in durations {
                                option { key: "{d}", value: "{d}", selected: d == draft.duration_s,
                                    {format::seconds(lang, u64::from(d))}
                                }
                            }
                        }
                    }
                }
            }
            if let Some(from) = draft.snapped_from {
                p { class: "form-hint snapped",
                    {(s.duration_snapped)(u64::from(from), u64::from(draft.duration_s))}
                }
            }
            if let Some(problem) = problem {
                p { class: "form-problem", role: "alert", "{problem}" }
            } else if let Some(missing) = missing {
                p { class: "form-hint missing", "{missing}" }
            }
            DropZone {
                lang,
                index: draft.index,
                formats: image_specs,
                assets: draft.reference_assets.clone(),
                urls,
                armed,
                rejected,
                saving,
                on_remove: on_remove_reference,
                on_dismiss_rejected,
                on_pick: on_pick_references,
            }
        }
    }
}
