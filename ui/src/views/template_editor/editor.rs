//! The create / edit form of a template: name, description, shape, provider, model, mode,
//! fallbacks, beats and style, with its warnings and problem.

use super::TemplateAction;
use super::fallback_choice::FallbackChoice;
use super::final_model::FinalModelChoice;
use super::template_form::{MAX_SEGMENTS, TemplateForm, TemplateProblem};
use crate::format;
use crate::i18n::promotion::promotion;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::views::dialogs::ConfirmDialog;
use dioxus::prelude::*;
use reelforge_protocol::{AspectRatio, GenerationMode, ProviderDescriptor};

fn edit(
    form: &TemplateForm,
    on_action: EventHandler<TemplateAction>,
    apply: impl Fn(&mut TemplateForm, String) + 'static,
) -> impl FnMut(FormEvent) + 'static {
    let form = form.clone();
    move |event: FormEvent| {
        let mut next = form.clone();
        apply(&mut next, event.value());
        on_action.call(TemplateAction::Form(next));
    }
}

/// The create / edit form.
#[component]
pub fn TemplateEditor(
    lang: Lang,
    editing: bool,
    form: TemplateForm,
    providers: Vec<ProviderDescriptor>,
    busy: bool,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let problem = form.to_input().err().map(|p| match p {
        TemplateProblem::NameRequired => x.name_required,
        TemplateProblem::SegmentCount => x.segment_count_invalid,
        TemplateProblem::Duration => x.duration_invalid,
        TemplateProblem::ProviderRequired => x.provider_required,
        TemplateProblem::DraftModelRequired => promotion(lang).draft_model_required,
    });
    let provider = providers.iter().find(|p| p.id == form.provider).cloned();
    let model = provider
        .as_ref()
        .and_then(|p| p.model((!form.model.is_empty()).then_some(form.model.as_str())))
        .cloned();
    let durations: Vec<u32> = model
        .as_ref()
        .map(|m| m.durations_s.clone())
        .unwrap_or_default();
    let ratios: Vec<AspectRatio> = model
        .as_ref()
        .map(|m| m.aspect_ratios.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| AspectRatio::ALL.to_vec());
    let modes: Vec<GenerationMode> = model
        .as_ref()
        .map(|m| m.modes.clone())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| GenerationMode::ALL.to_vec());
    let mut warnings = Vec::new();
    if provider.is_none() && !form.provider.is_empty() {
        warnings.push(s.problem_unknown_provider.to_owned());
    } else if model.is_none() && !form.model.is_empty() {
        warnings.push(s.problem_unknown_model.to_owned());
    }
    if !ratios.contains(&form.aspect_ratio) {
        warnings.push((s.problem_aspect)(form.aspect_ratio.as_str()));
    }
    if !modes.contains(&form.mode) {
        warnings.push(s.problem_mode.to_owned());
    }
    let title = if editing {
        x.edit_template
    } else {
        x.new_template
    };
    let confirm_label = if editing { x.save_changes } else { x.create };
    let default_model = provider
        .as_ref()
        .and_then(|p| p.models.first())
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let fallbacks: Vec<ProviderDescriptor> = providers
        .iter()
        .filter(|p| p.id != form.provider)
        .cloned()
        .collect();
    let duration_value = form.segment_duration_s.clone();
    let on_provider = {
        let form = form.clone();
        let providers = providers.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.provider = event.value();
            next.model = String::new();
            next.final_model = String::new();
            if let Some(m) = providers
                .iter()
                .find(|p| p.id == next.provider)
                .and_then(|p| p.models.first())
            {
                if !m.modes.contains(&next.mode)
                    && let Some(mode) = m.modes.first()
                {
                    next.mode = *mode;
                }
                let wanted = next.segment_duration_s.parse().unwrap_or(5);
                if !m.durations_s.is_empty() && !m.durations_s.contains(&wanted) {
                    next.segment_duration_s =
                        crate::views::new_job::snap_duration(wanted, &m.durations_s).to_string();
                }
            }
            next.fallback_providers.retain(|p| *p != next.provider);
            on_action.call(TemplateAction::Form(next));
        }
    };
    rsx! {
        ConfirmDialog {
            lang,
            id: "template-editor",
            title,
            confirm_label,
            busy,
            disabled: problem.is_some(),
            on_confirm: move |_| on_action.call(TemplateAction::Confirm),
            on_dismiss: move |_| on_action.call(TemplateAction::Close),
            div { class: "form-body template-form",
                label { class: "form-field",
                    span { class: "form-label", "{x.name}" }
                    input {
                        class: "input wide",
                        id: "template-name",
                        r#type: "text",
                        value: "{form.name}",
                        oninput: edit(&form, on_action, |f, v| f.name = v),
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{x.description}" }
                    textarea {
                        class: "input textarea",
                        id: "template-description",
                        rows: "2",
                        value: "{form.description}",
                        oninput: edit(&form, on_action, |f, v| f.description = v),
                    }
                }
                div { class: "form-grid",
                    label { class: "form-field",
                        span { class: "form-label", "{s.pillar}" }
                        input {
                            class: "input",
                            id: "template-pillar",
                            r#type: "text",
                            value: "{form.pillar}",
                            oninput: edit(&form, on_action, |f, v| f.pillar = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.segment_count_label}" }
                        input {
                            class: "input narrow",
                            id: "template-segment-count",
                            r#type: "number",
                            min: "1",
                            max: "{MAX_SEGMENTS}",
                            value: "{form.segment_count}",
                            oninput: edit(&form, on_action, |f, v| f.segment_count = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.segment_duration}" }
                        if durations.is_empty() {
                            input {
                                class: "input narrow",
                                id: "template-duration",
                                r#type: "number",
                                min: "1",
                                value: "{form.segment_duration_s}",
                                oninput: edit(&form, on_action, |f, v| f.segment_duration_s = v),
                            }
                        } else {
                            select {
                                class: "select",
                                id: "template-duration",
                                value: "{duration_value}",
                                onchange: edit(&form, on_action, |f, v| f.segment_duration_s = v),
                                for d in durations.iter().copied() {
                                    option {
                                        key: "{d}",
                                        value: "{d}",
                                        selected: duration_value == d.to_string(),
                                        {format::seconds(lang, u64::from(d))}
                                    }
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.aspect_ratio}" }
                        select {
                            class: "select",
                            id: "template-aspect",
                            value: "{form.aspect_ratio}",
                            onchange: edit(&form, on_action, |f, v| {
                                if let Ok(r) = v.parse() {
                                    f.aspect_ratio = r;
                                }
                            }),
                            for r in AspectRatio::ALL {
                                option {
                                    key: "{r}",
                                    value: "{r}",
                                    selected: form.aspect_ratio == r,
                                    disabled: !ratios.contains(&r),
                                    "{r}"
                                }
                            }
                        }
                    }
                }
                div { class: "form-grid",
                    label { class: "form-field",
                        span { class: "form-label", "{s.provider}" }
                        select {
                            class: "select wide",
                            id: "template-provider",
                            value: "{form.provider}",
                            onchange: on_provider,
                            if provider.is_none() {
                                option { value: "{form.provider}", selected: true, "{form.provider}" }
                            }
                            for p in providers.iter() {
                                option {
                                    key: "{p.id}",
                                    value: "{p.id}",
                                    selected: p.id == form.provider,
                                    {format::provider_option(p)}
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.model}" }
                        select {
                            class: "select wide",
                            id: "template-model",
                            value: "{form.model}",
                            onchange: edit(&form, on_action, |f, v| f.model = v),
                            option { value: "", selected: form.model.is_empty(), {(s.model_default)(&default_model)} }
                            if let Some(p) = provider.clone() {
                                for m in p.models {
                                    option {
                                        key: "{m.id}",
                                        value: "{m.id}",
                                        selected: form.model == m.id,
                                        "{m.display_name}"
                                    }
                                }
                            }
                        }
                    }
                    FinalModelChoice { lang, form: form.clone(), provider: provider.clone(), on_action }
                    label { class: "form-field",
                        span { class: "form-label", "{s.mode}" }
                        select {
                            class: "select",
                            id: "template-mode",
                            value: "{form.mode.as_str()}",
                            onchange: edit(&form, on_action, |f, v| {
                                if let Some(mode) = GenerationMode::ALL.into_iter().find(|m| m.as_str() == v) {
                                    f.mode = mode;
                                }
                            }),
                            for m in GenerationMode::ALL {
                                option {
                                    key: "{m.as_str()}",
                                    value: "{m.as_str()}",
                                    selected: form.mode == m,
                                    disabled: !modes.contains(&m),
                                    {format::mode_label(lang, m)}
                                }
                            }
                        }
                    }
                }
                if !fallbacks.is_empty() {
                    fieldset { class: "form-field fallback-chain", id: "template-fallbacks",
                        legend { class: "form-label", "{s.fallback_providers}" }
                        p { class: "muted small", "{s.fallback_order_hint}" }
                        for p in fallbacks {
                            FallbackChoice { key: "{p.id}", provider: p.clone(), form: form.clone(), on_action }
                        }
                    }
                }
                label { class: "choice",
                    input {
                        r#type: "checkbox",
                        id: "template-allow-fallback",
                        checked: form.allow_fallback,
                        onchange: {
                            let form = form.clone();
                            move |event: FormEvent| {
                                let mut next = form.clone();
                                next.allow_fallback = event.checked();
                                on_action.call(TemplateAction::Form(next));
                            }
                        },
                    }
                    span { "{s.allow_fallback}" }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.beats}" }
                    textarea {
                        class: "input textarea",
                        id: "template-beats",
                        rows: "4",
                        placeholder: x.beats_placeholder,
                        value: "{form.beats}",
                        oninput: edit(&form, on_action, |f, v| f.beats = v),
                    }
                }
                fieldset { class: "form-field", id: "template-style",
                    legend { class: "form-label", "{s.style}" }
                    div { class: "form-grid",
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_character}" }
                            input {
                                class: "input",
                                id: "template-style-character",
                                value: "{form.style.character}",
                                oninput: edit(&form, on_action, |f, v| f.style.character = v),
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_scene}" }
                            input {
                                class: "input",
                                id: "template-style-scene",
                                value: "{form.style.scene}",
                                oninput: edit(&form, on_action, |f, v| f.style.scene = v),
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_visual}" }
                            input {
                                class: "input",
                                id: "template-style-visual",
                                value: "{form.style.visual_style}",
                                oninput: edit(&form, on_action, |f, v| f.style.visual_style = v),
                            }
                        }
                    }
                }
                for warning in warnings {
                    p { class: "callout callout-warning", "data-testid": "template-warning", "{warning}" }
                }
                if let Some(problem) = problem {
                    p { class: "form-problem", role: "alert", id: "template-problem", "{problem}" }
                }
            }
        }
    }
}
