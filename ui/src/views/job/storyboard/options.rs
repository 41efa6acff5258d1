//! The storyboard's choices: the image provider and model, offered from the
//! `list_image_providers` descriptors alone (each provider's honest label, e.g. "offline, not
//! an AI model", and each model's price per keyframe), and the "same character" switch, with
//! what the chosen model cannot do (no reference image; no image of the job's ratio).

use super::StoryboardEvent;
use crate::format;
use crate::i18n::Lang;
use crate::i18n::storyboard::{StoryboardStrings, storyboard};
use dioxus::prelude::*;
use reelforge_protocol::{AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, Storyboard};

/// "FLUX schnell · $0.003 per keyframe" (or "free").
fn model_label(lang: Lang, s: &StoryboardStrings, model: &ImageModelDescriptor) -> String {
    let price = if model.micros_per_image > 0 {
        (s.per_keyframe)(&format::money(lang, model.micros_per_image))
    } else {
        s.free.to_owned()
    };
    format!("{} · {price}", model.display_name)
}

/// "Local — offline, not an AI model" (and "needs an API key" where one is needed).
fn provider_label(s: &StoryboardStrings, provider: &ImageProviderDescriptor) -> String {
    let mut label = provider.display_name.clone();
    if !provider.label.is_empty() {
        label.push_str(" — ");
        label.push_str(&provider.label);
    }
    if provider.needs_key {
        label.push_str(&format!(" · {}", s.needs_key));
    }
    label
}

#[component]
pub(super) fn StoryboardOptions(
    lang: Lang,
    board: Storyboard,
    providers: Vec<ImageProviderDescriptor>,
    aspect: AspectRatio,
    busy: bool,
    on_event: EventHandler<StoryboardEvent>,
) -> Element {
    let s = storyboard(lang);
    let provider = providers
        .iter()
        .find(|p| p.id == board.image_provider)
        .cloned();
    let model = provider
        .as_ref()
        .and_then(|p| p.model(board.image_model.as_deref()))
        .cloned();
    let chosen_model = model.as_ref().map(|m| m.id.clone()).unwrap_or_default();
    let models = provider
        .as_ref()
        .map(|p| p.models.clone())
        .unwrap_or_default();
    let takes_references = model.as_ref().is_some_and(|m| m.takes_references());
    let reframed = model.as_ref().is_some_and(|m| m.size(aspect).is_none());
    let same_character = board.same_character;
    let price = if board.micros_per_keyframe > 0 {
        (s.per_keyframe)(&format::money(lang, board.micros_per_keyframe))
    } else {
        s.free.to_owned()
    };
    let on_provider = move |e: FormEvent| {
        on_event.call(StoryboardEvent::Options {
            provider: e.value().as_str().into(),
            model: None,
            same_character,
        })
    };
    let current = board.image_provider.clone();
    let on_model = move |e: FormEvent| {
        on_event.call(StoryboardEvent::Options {
            provider: current.clone(),
            model: Some(e.value()).filter(|m| !m.is_empty()),
            same_character,
        })
    };
    let (provider_id, model_id) = (board.image_provider.clone(), board.image_model.clone());
    let on_same = move |e: FormEvent| {
        on_event.call(StoryboardEvent::Options {
            provider: provider_id.clone(),
            model: model_id.clone(),
            same_character: e.checked(),
        })
    };
    rsx! {
        div { class: "storyboard-options",
            label { class: "form-field",
                span { class: "form-label", "{s.provider}" }
                select {
                    class: "select",
                    id: "storyboard-provider",
                    disabled: busy,
                    onchange: on_provider,
                    for p in providers.iter() {
                        option {
                            key: "{p.id}",
                            value: "{p.id}",
                            selected: p.id == board.image_provider,
                            {provider_label(s, p)}
                        }
                    }
                }
            }
            label { class: "form-field",
                span { class: "form-label", "{s.model}" }
                select {
                    class: "select",
                    id: "storyboard-model",
                    disabled: busy || models.len() < 2,
                    onchange: on_model,
                    for m in models.iter() {
                        option {
                            key: "{m.id}",
                            value: "{m.id}",
                            selected: m.id == chosen_model,
                            {model_label(lang, s, m)}
                        }
                    }
                }
            }
            span { class: "storyboard-price", id: "storyboard-price", "{price}" }
            label { class: "check", title: "{s.same_character_hint}",
                input {
                    r#type: "checkbox",
                    id: "storyboard-same-character",
                    disabled: busy || !takes_references,
                    checked: same_character,
                    onchange: on_same,
                }
                span { "{s.same_character}" }
            }
            if !takes_references {
                p { class: "muted storyboard-note", id: "storyboard-no-references", "{s.no_references}" }
            }
            if reframed {
                p { class: "notice warning storyboard-note", id: "storyboard-reframed",
                    {(s.reframed)(aspect.as_str())}
                }
            }
        }
    }
}
