//! Step 1 of the wizard: title, subject and template, with the chosen template's structure and
//! what generating it would cost.

use super::descriptors::{find_provider, snap_duration};
use super::overrides::Overrides;
use super::setup_form::{MAX_SEGMENT_COUNT, SetupError, SetupForm, preview_config};
use super::{WizardBusy, edit};
use crate::format;
use crate::i18n::{Lang, t};
use crate::route::Route;
use crate::views::common::RouteLink;
use dioxus::prelude::*;
use reelforge_protocol::money::parse_budget_cap;
use reelforge_protocol::{
    AspectRatio, ProviderDescriptor, ResolvedConfig, TemplateDto, TemplateId,
};

/// Step 1: what the job is, which template it follows and what it overrides.
#[component]
pub(super) fn SetupStep(
    lang: Lang,
    form: SetupForm,
    templates: Vec<TemplateDto>,
    providers: Vec<ProviderDescriptor>,
    busy: Option<WizardBusy>,
    on_form: EventHandler<SetupForm>,
    on_continue: EventHandler<()>,
) -> Element {
    let s = t(lang);
    let template = form
        .template_id
        .as_ref()
        .and_then(|id| templates.iter().find(|t| &t.id == id))
        .cloned();
    let selected_template = form
        .template_id
        .as_ref()
        .map(|id| id.to_string())
        .unwrap_or_default();
    let config = preview_config(&form, template.as_ref());
    let problem = match form.to_request() {
        Err(SetupError::TitleRequired) if !form.title.is_empty() => Some(s.title_required),
        Err(SetupError::BudgetInvalid) => Some(s.budget_invalid),
        _ => None,
    };
    let can_continue = form.to_request().is_ok() && busy.is_none();
    let creating = busy == Some(WizardBusy::Creating);
    let budget_invalid = parse_budget_cap(&form.budget_cap).is_none();
    let on_template = {
        let form = form.clone();
        move |event: FormEvent| {
            let value = event.value();
            let mut next = form.clone();
            next.template_id = (!value.is_empty()).then(|| TemplateId::from(value));
            // Fallbacks chosen for another template's chain no longer mean the same thing.
            next.fallback_providers = None;
            on_form.call(next);
        }
    };
    rsx! {
        form {
            class: "wizard-step setup-step",
            id: "setup-step",
            onsubmit: move |event: FormEvent| {
                event.prevent_default();
                if can_continue {
                    on_continue.call(());
                }
            },
            section { class: "panel form-panel", id: "setup-basics",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{s.wizard_step_setup}" }
                }
                div { class: "form-body",
                    label { class: "form-field",
                        span { class: "form-label", "{s.title_label}" }
                        input {
                            class: "input wide",
                            id: "job-title-input",
                            r#type: "text",
                            required: true,
                            autofocus: true,
                            placeholder: s.title_placeholder,
                            value: "{form.title}",
                            oninput: edit(&form, on_form, |f, v| f.title = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.subject}" }
                        textarea {
                            class: "input textarea",
                            id: "job-subject-input",
                            rows: "3",
                            placeholder: s.subject_placeholder,
                            value: "{form.subject}",
                            oninput: edit(&form, on_form, |f, v| f.subject = v),
                        }
                    }
                }
            }
            section { class: "panel form-panel", id: "setup-template",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{s.template}" }
                }
                div { class: "form-body",
                    label { class: "form-field",
                        span { class: "form-label", "{s.template}" }
                        select {
                            class: "select wide",
                            id: "job-template-select",
                            value: "{selected_template}",
                            onchange: on_template,
                            option { value: "", selected: form.template_id.is_none(), "{s.template_none}" }
                            for tpl in templates.iter() {
                                option {
                                    key: "{tpl.id}",
                                    value: "{tpl.id}",
                                    selected: form.template_id.as_ref() == Some(&tpl.id),
                                    "{tpl.input.name}"
                                }
                            }
                        }
                    }
                    if template.is_none() {
                        label { class: "form-field",
                            span { class: "form-label", "{s.segment_count_label}" }
                            input {
                                class: "input narrow",
                                id: "job-segment-count",
                                r#type: "number",
                                min: "1",
                                max: "{MAX_SEGMENT_COUNT}",
                                value: "{form.segment_count}",
                                oninput: edit(&form, on_form, |f, v| {
                                    if let Ok(n) = v.trim().parse::<u32>() {
                                        f.segment_count = n.clamp(1, MAX_SEGMENT_COUNT);
                                    }
                                }),
                            }
                        }
                    }
                    TemplateStructure {
                        lang,
                        template: template.clone(),
                        segment_count: form.segment_count,
                        config: config.clone(),
                        providers: providers.clone(),
                        budget_cap: parse_budget_cap(&form.budget_cap).flatten(),
                    }
                }
            }
            Overrides {
                lang,
                form: form.clone(),
                template: template.clone(),
                providers: providers.clone(),
                config,
                budget_invalid,
                on_form,
            }
            footer { class: "wizard-footer",
                if let Some(problem) = problem {
                    p { class: "form-problem", id: "setup-problem", role: "alert", "{problem}" }
                }
                div { class: "wizard-footer-actions",
                    RouteLink { to: Route::Dashboard {}, class: "button ghost", id: "wizard-cancel",
                        "{s.dialog_cancel}"
                    }
                    button {
                        class: "button",
                        id: "wizard-continue",
                        r#type: "submit",
                        disabled: !can_continue,
                        if creating {
                            "{s.creating}"
                        } else {
                            "{s.continue_label} →"
                        }
                    }
                }
            }
        }
    }
}

/// The chosen template's shape at a glance, with what generating it would cost.
#[component]
fn TemplateStructure(
    lang: Lang,
    template: Option<TemplateDto>,
    segment_count: u32,
    config: ResolvedConfig,
    providers: Vec<ProviderDescriptor>,
    budget_cap: Option<i64>,
) -> Element {
    let s = t(lang);
    let count = template
        .as_ref()
        .map_or(segment_count, |t| t.input.segment_count);
    let duration = config.segment_duration_s;
    let shape = format!("{count} × {}", format::seconds(lang, u64::from(duration)));
    let total_length = format!(
        "{} {}",
        s.total_duration,
        format::seconds(lang, u64::from(duration) * u64::from(count))
    );
    let provider = find_provider(&providers, &config.provider);
    let provider_name =
        provider.map_or_else(|| config.provider.to_string(), |p| p.display_name.clone());
    let model = provider.and_then(|p| p.model(config.model.as_deref()));
    let model_name = model.map_or_else(
        || {
            config
                .model
                .clone()
                .unwrap_or_else(|| s.provider_default_model.to_owned())
        },
        |m| m.display_name.clone(),
    );
    // The engine snaps nothing at creation: the estimate uses the duration the model would be
    // asked for, snapped as step 2 will snap it.
    let per_clip = model.map(|m| {
        m.pricing
            .clip_micros(snap_duration(duration, &m.durations_s))
    });
    let estimate = per_clip.map(|c| c.saturating_mul(i64::from(count)));
    let estimate_text = estimate.map_or_else(|| "—".to_owned(), |e| format::money(lang, e));
    let over_cap = matches!((estimate, budget_cap), (Some(e), Some(cap)) if e > cap);
    let mode = format::mode_label(lang, config.mode);
    let beats = template
        .as_ref()
        .map(|t| t.input.beats.clone())
        .unwrap_or_default();
    let description = template
        .as_ref()
        .map(|t| t.input.description.clone())
        .unwrap_or_default();
    let orientation = orientation(config.aspect_ratio);
    rsx! {
        div { class: "structure", id: "template-structure", "data-testid": "template-structure",
            div { class: "structure-frame frame-{orientation}", "aria-hidden": "true",
                for i in 0..count.min(8) {
                    span { key: "{i}", class: "structure-cell" }
                }
            }
            div { class: "structure-body",
                h3 { class: "section-label", "{s.template_structure}" }
                if !description.is_empty() {
                    p { class: "muted structure-description", "{description}" }
                }
                div { class: "card-shape",
                    span { class: "shape-main", id: "structure-shape", "{shape}" }
                    span { class: "shape-total", "{total_length}" }
                    span { class: "tag", title: s.aspect_ratio, "{config.aspect_ratio}" }
                    span { class: "tag", title: s.mode, "{mode}" }
                }
                dl { class: "fields fields-grid compact",
                    div { class: "field",
                        dt { "{s.provider}" }
                        dd { id: "structure-provider", "{provider_name}" }
                    }
                    div { class: "field",
                        dt { "{s.model}" }
                        dd { "{model_name}" }
                    }
                    div { class: "field",
                        dt { "{s.estimated_cost}" }
                        dd {
                            class: if over_cap { "figure over" } else { "figure" },
                            id: "structure-estimate",
                            "{estimate_text}"
                        }
                    }
                }
                if !beats.is_empty() {
                    ol { class: "beat-chips", "aria-label": s.beats,
                        for (i, beat) in beats.iter().enumerate() {
                            li { key: "{i}", class: "tag beat-chip", {format::beat_label(lang, beat)} }
                        }
                    }
                }
            }
        }
    }
}

/// The frame class of an aspect ratio.
pub fn orientation(ratio: AspectRatio) -> &'static str {
    match ratio {
        AspectRatio::Portrait | AspectRatio::Feed => "tall",
        AspectRatio::Landscape => "wide",
        AspectRatio::Square => "square",
    }
}
