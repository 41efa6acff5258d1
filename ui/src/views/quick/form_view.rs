//! The Quick form on screen: subject, pillar, length, language, provider, model, aspect ratio,
//! fallback, budget and how to run, with "Write the script" / "Generate".

use super::edit;
use super::quick_form::{PILLARS, QuickForm, QuickProblem, TARGETS, script_language_name};
use super::storyboard_choice::StoryboardFirstChoice;
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::route::Route;
use crate::views::common::RouteLink;
use dioxus::prelude::*;
use reelforge_protocol::{AspectRatio, ProviderDescriptor, ScriptLanguage};

#[component]
pub(super) fn QuickFormView(
    lang: Lang,
    providers: Vec<ProviderDescriptor>,
    form: QuickForm,
    on_form: EventHandler<QuickForm>,
    on_submit: EventHandler<()>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let problem = form.to_request().err();
    let budget_invalid = problem == Some(QuickProblem::BudgetInvalid);
    let primary = form
        .providers
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    let primary_desc = providers.iter().find(|p| p.id == primary).cloned();
    let model = primary_desc
        .as_ref()
        .and_then(|p| p.model(form.model.as_deref()));
    let ratios: Vec<AspectRatio> = model
        .map(|m| m.aspect_ratios.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| AspectRatio::ALL.to_vec());
    let ratio_ok = ratios.contains(&form.aspect_ratio);
    let default_model = primary_desc
        .as_ref()
        .and_then(|p| p.models.first())
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let submit_label = if form.review {
        x.write_script
    } else {
        x.generate_now
    };
    let problem_text = match problem {
        Some(QuickProblem::SubjectRequired) => Some(x.subject_required),
        Some(QuickProblem::BudgetInvalid) => Some(s.budget_invalid),
        None => None,
    };
    let can_submit = problem.is_none();
    let target_value = form.target_duration_s.to_string();
    let language_value = form.language.map(|l| l.as_str()).unwrap_or("");
    let on_primary = {
        let form = form.clone();
        let providers = providers.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            let value = event.value();
            if next
                .providers
                .first()
                .map_or(value.is_empty(), |p| *p == value)
            {
                return;
            }
            // Keep the ratio when the new provider's default model can make it.
            if let Some(ratios) = providers
                .iter()
                .find(|p| p.id == value)
                .and_then(|p| p.models.first())
                .map(|m| &m.aspect_ratios)
                && !ratios.is_empty()
                && !ratios.contains(&next.aspect_ratio)
            {
                next.aspect_ratio = ratios[0];
            }
            next.providers.retain(|p| *p != value);
            if next.providers.is_empty() || value.is_empty() {
                next.providers.clear();
            } else {
                next.providers.remove(0);
            }
            if !value.is_empty() {
                next.providers.insert(0, value.into());
            }
            next.model = None;
            on_form.call(next);
        }
    };
    let fallbacks: Vec<ProviderDescriptor> = providers
        .iter()
        .filter(|p| !primary.is_empty() && p.id != primary)
        .cloned()
        .collect();
    rsx! {
        form {
            class: "quick-form",
            id: "quick-form",
            onsubmit: move |event: FormEvent| {
                event.prevent_default();
                if can_submit {
                    on_submit.call(());
                }
            },
            section { class: "panel form-panel", id: "quick-basics",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{x.quick_what}" }
                }
                div { class: "form-body",
                    label { class: "form-field",
                        span { class: "form-label", "{s.subject}" }
                        textarea {
                            class: "input textarea",
                            id: "quick-subject",
                            rows: "3",
                            required: true,
                            placeholder: x.quick_subject_placeholder,
                            value: "{form.subject}",
                            oninput: edit(&form, on_form, |f, v| f.subject = v),
                        }
                    }
                    div { class: "form-grid",
                        label { class: "form-field",
                            span { class: "form-label", "{s.pillar}" }
                            input {
                                class: "input",
                                id: "quick-pillar",
                                r#type: "text",
                                list: "quick-pillars",
                                value: "{form.pillar}",
                                oninput: edit(&form, on_form, |f, v| f.pillar = v),
                            }
                            datalist { id: "quick-pillars",
                                for pillar in PILLARS {
                                    option { key: "{pillar}", value: pillar }
                                }
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{x.target_duration}" }
                            select {
                                class: "select",
                                id: "quick-target",
                                value: "{target_value}",
                                onchange: edit(&form, on_form, |f, v| {
                                    if let Ok(n) = v.parse() {
                                        f.target_duration_s = n;
                                    }
                                }),
                                for n in TARGETS {
                                    option {
                                        key: "{n}",
                                        value: "{n}",
                                        selected: form.target_duration_s == n,
                                        {format::seconds(lang, u64::from(n))}
                                    }
                                }
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{s.aspect_ratio}" }
                            select {
                                class: if ratio_ok { "select" } else { "select invalid" },
                                id: "quick-aspect",
                                value: "{form.aspect_ratio.as_str()}",
                                onchange: edit(&form, on_form, |f, v| {
                                    if let Ok(r) = v.parse() {
                                        f.aspect_ratio = r;
                                    }
                                }),
                                for ratio in ratios.iter().copied() {
                                    option {
                                        key: "{ratio}",
                                        value: "{ratio}",
                                        selected: form.aspect_ratio == ratio,
                                        "{ratio}"
                                    }
                                }
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{x.script_language}" }
                            select {
                                class: "select",
                                id: "quick-language",
                                value: "{language_value}",
                                onchange: edit(&form, on_form, |f, v| f.language = ScriptLanguage::parse(&v)),
                                option { value: "", selected: form.language.is_none(), "{x.language_auto}" }
                                for language in ScriptLanguage::ALL {
                                    option {
                                        key: "{language.as_str()}",
                                        value: "{language.as_str()}",
                                        selected: form.language == Some(language),
                                        {script_language_name(language)}
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section { class: "panel form-panel", id: "quick-generation",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{s.provider_chain}" }
                }
                div { class: "form-body",
                    div { class: "form-grid",
                        label { class: "form-field",
                            span { class: "form-label", "{s.primary_provider}" }
                            select {
                                class: "select wide",
                                id: "quick-provider",
                                value: "{primary}",
                                onchange: on_primary,
                                option { value: "", selected: primary.is_empty(), "{x.engine_default_provider}" }
                                for p in providers.iter() {
                                    option {
                                        key: "{p.id}",
                                        value: "{p.id}",
                                        selected: p.id == primary,
                                        {format::provider_option(p)}
                                    }
                                }
                            }
                        }
                        if let Some(desc) = primary_desc.clone() {
                            label { class: "form-field",
                                span { class: "form-label", "{s.model}" }
                                select {
                                    class: "select wide",
                                    id: "quick-model",
                                    value: form.model.clone().unwrap_or_default(),
                                    onchange: edit(&form, on_form, |f, v| f.model = (!v.is_empty()).then_some(v)),
                                    option { value: "", selected: form.model.is_none(), {(s.model_default)(&default_model)} }
                                    for m in desc.models.iter() {
                                        option {
                                            key: "{m.id}",
                                            value: "{m.id}",
                                            selected: form.model.as_deref() == Some(m.id.as_str()),
                                            "{m.display_name}"
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if !fallbacks.is_empty() {
                        fieldset { class: "form-field fallback-chain", id: "quick-fallbacks",
                            legend { class: "form-label", "{s.fallback_providers}" }
                            p { class: "muted small", "{s.fallback_order_hint}" }
                            for p in fallbacks {
                                FallbackToggle { key: "{p.id}", provider: p.clone(), form: form.clone(), on_form }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.budget_cap}" }
                        div { class: "input-affix",
                            span { "$" }
                            input {
                                class: if budget_invalid { "input narrow invalid" } else { "input narrow" },
                                id: "quick-budget",
                                r#type: "text",
                                inputmode: "decimal",
                                placeholder: s.no_budget_cap,
                                value: "{form.budget_cap}",
                                oninput: edit(&form, on_form, |f, v| f.budget_cap = v),
                            }
                        }
                        span { class: "muted small", "{s.budget_cap_hint}" }
                    }
                }
            }
            section { class: "panel form-panel", id: "quick-flow",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{x.quick_flow}" }
                }
                div { class: "form-body choice-list", role: "radiogroup",
                    label { class: "choice",
                        input {
                            r#type: "radio",
                            name: "quick-flow",
                            id: "quick-review",
                            checked: form.review,
                            onchange: edit(&form, on_form, |f, _| f.review = true),
                        }
                        span { class: "choice-text",
                            strong { "{x.review_first}" }
                            span { class: "muted small", "{x.review_first_hint}" }
                        }
                    }
                    label { class: "choice",
                        input {
                            r#type: "radio",
                            name: "quick-flow",
                            id: "quick-straight",
                            checked: !form.review,
                            onchange: edit(&form, on_form, |f, _| f.review = false),
                        }
                        span { class: "choice-text",
                            strong { "{x.run_straight}" }
                            span { class: "muted small", "{x.run_straight_hint}" }
                        }
                    }
                }
                StoryboardFirstChoice { lang, form: form.clone(), on_form }
            }
            footer { class: "wizard-footer",
                if let Some(problem) = problem_text {
                    p { class: "form-problem", id: "quick-problem", role: "alert", "{problem}" }
                }
                div { class: "wizard-footer-actions",
                    RouteLink { to: Route::Dashboard {}, class: "button ghost", id: "quick-cancel",
                        "{s.dialog_cancel}"
                    }
                    button {
                        class: "button",
                        id: "quick-submit",
                        r#type: "submit",
                        disabled: !can_submit,
                        "{submit_label}"
                    }
                }
            }
        }
    }
}

#[component]
fn FallbackToggle(
    provider: ProviderDescriptor,
    form: QuickForm,
    on_form: EventHandler<QuickForm>,
) -> Element {
    let position = form
        .providers
        .iter()
        .skip(1)
        .position(|p| *p == provider.id);
    let id = provider.id.clone();
    rsx! {
        label { class: "choice inline",
            input {
                r#type: "checkbox",
                id: "quick-fallback-{id}",
                checked: position.is_some(),
                onchange: move |_| {
                    let mut next = form.clone();
                    if position.is_some() {
                        next.providers.retain(|p| *p != id);
                    } else {
                        next.providers.push(id.clone());
                    }
                    on_form.call(next);
                },
            }
            if let Some(at) = position {
                span { class: "tag", "{at + 2}" }
            }
            span { "{provider.display_name}" }
            span { class: "muted small", {format::provider_description(&provider)} }
        }
    }
}
