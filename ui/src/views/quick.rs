//! The Quick screen: a subject becomes a script (`write_script`), the script a production
//! (`start_quick`). With "review the script first" the script is shown for editing (title, and
//! each segment's narration and visual prompt) before anything is generated; "run straight
//! through" starts at once.
//!
//! Providers, models and aspect ratios come from the descriptors only.

use super::common::{ErrorState, LoadingState, PageHeader, RouteLink};
use super::new_job::parse_budget;
use super::providers::ActionError;
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AspectRatio, ProviderDescriptor, QuickRequest, ScriptDto, ScriptLanguage,
};

/// Pillars offered as suggestions (any text is accepted).
pub const PILLARS: [&str; 4] = ["tips", "education", "demo", "story"];
/// Target lengths offered, in seconds.
pub const TARGETS: [u32; 6] = [15, 20, 30, 45, 60, 90];

/// What the quick form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct QuickForm {
    pub subject: String,
    pub pillar: String,
    pub target_duration_s: u32,
    pub aspect_ratio: AspectRatio,
    /// `None`: guessed from the subject.
    pub language: Option<ScriptLanguage>,
    /// The chain: the first generates, the others are fallbacks in order. Empty: the engine's
    /// default provider.
    pub providers: Vec<String>,
    /// Model of the first provider; `None`: its default.
    pub model: Option<String>,
    /// As typed, in dollars; empty means no cap.
    pub budget_cap: String,
    /// Show the script for review before generating.
    pub review: bool,
}

impl Default for QuickForm {
    fn default() -> Self {
        let base = QuickRequest::new("");
        Self {
            subject: String::new(),
            pillar: base.pillar,
            target_duration_s: base.target_duration_s,
            aspect_ratio: base.aspect_ratio,
            language: None,
            providers: Vec::new(),
            model: None,
            budget_cap: String::new(),
            review: true,
        }
    }
}

/// Why the form cannot be sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickProblem {
    SubjectRequired,
    BudgetInvalid,
}

impl QuickForm {
    /// The request for `write_script` / `start_quick` (without a script; `review` in the
    /// protocol means "stop after creating the job", which this screen does not use).
    pub fn to_request(&self) -> Result<QuickRequest, QuickProblem> {
        let subject = self.subject.trim();
        if subject.is_empty() {
            return Err(QuickProblem::SubjectRequired);
        }
        let budget_cap_micros =
            parse_budget(&self.budget_cap).ok_or(QuickProblem::BudgetInvalid)?;
        let pillar = self.pillar.trim();
        let mut request = QuickRequest::new(subject);
        if !pillar.is_empty() {
            request.pillar = pillar.to_owned();
        }
        request.target_duration_s = self.target_duration_s.clamp(5, 600);
        request.aspect_ratio = self.aspect_ratio;
        request.language = self.language;
        request.providers = self.providers.clone();
        request.model = self.model.clone().filter(|_| !self.providers.is_empty());
        request.budget_cap_micros = budget_cap_micros;
        Ok(request)
    }
}

/// Where the quick flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuickStage {
    #[default]
    Form,
    /// `write_script` is running.
    Writing,
    /// The script is shown for review.
    Review,
    /// `start_quick` is running.
    Starting,
}

/// The whole screen, from data alone.
#[component]
pub fn QuickView(
    lang: Lang,
    providers: Remote<Vec<ProviderDescriptor>>,
    form: QuickForm,
    #[props(default)] stage: QuickStage,
    #[props(default)] script: Option<ScriptDto>,
    #[props(default)] error: Option<ApiError>,
    #[props(default)] on_form: EventHandler<QuickForm>,
    /// The form was sent: write the script (review) or start at once.
    #[props(default)]
    on_submit: EventHandler<()>,
    #[props(default)] on_script: EventHandler<ScriptDto>,
    /// Back from the review to the form.
    #[props(default)]
    on_back: EventHandler<()>,
    /// Generate from the reviewed script.
    #[props(default)]
    on_start: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let x = studio(lang);
    let body = match (&providers, stage, script.as_ref()) {
        (Remote::Loading, _, _) => rsx! {
            LoadingState { lang, id: "quick-loading" }
        },
        (Remote::Failed(error), _, _) => rsx! {
            ErrorState { lang, error: error.clone(), id: "quick-error", on_retry }
        },
        (Remote::Ready(_), QuickStage::Writing, _) => rsx! {
            Working { id: "quick-writing", text: x.writing_script, hint: form.subject.clone() }
        },
        (Remote::Ready(_), QuickStage::Starting, _) => rsx! {
            Working { id: "quick-starting", text: x.starting_quick, hint: form.subject.clone() }
        },
        (Remote::Ready(_), QuickStage::Review, Some(script)) => rsx! {
            ScriptReview {
                lang,
                script: script.clone(),
                target: form.target_duration_s,
                on_script,
                on_back,
                on_rewrite: on_submit,
                on_start,
            }
        },
        (Remote::Ready(list), _, _) => rsx! {
            QuickFormView { lang, providers: list.clone(), form: form.clone(), on_form, on_submit }
        },
    };
    rsx! {
        section { id: "quick-page", class: "page quick", "data-testid": "quick-page",
            PageHeader { title: x.quick_title, subtitle: x.quick_subtitle }
            if let Some(error) = error {
                ActionError { lang, error, on_dismiss: on_dismiss_error }
            }
            {body}
        }
    }
}

#[component]
fn Working(id: String, text: String, hint: String) -> Element {
    rsx! {
        div { class: "state state-loading quick-working", id, role: "status", "aria-live": "polite",
            span { class: "spinner", "aria-hidden": "true" }
            p { class: "state-title", "{text}" }
            p { class: "state-detail", "{hint}" }
        }
    }
}

fn edit<T: Clone + 'static>(
    value: &T,
    on_change: EventHandler<T>,
    apply: impl Fn(&mut T, String) + 'static,
) -> impl FnMut(FormEvent) + 'static {
    let value = value.clone();
    move |event: FormEvent| {
        let mut next = value.clone();
        apply(&mut next, event.value());
        on_change.call(next);
    }
}

#[component]
fn QuickFormView(
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
    let primary = form.providers.first().cloned().unwrap_or_default();
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
                next.providers.insert(0, value);
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
                                        "{p.display_name} — {p.label}"
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

/// The language's own name.
pub fn script_language_name(language: ScriptLanguage) -> &'static str {
    match language {
        ScriptLanguage::En => "English",
        ScriptLanguage::Fr => "Français",
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
            span { class: "muted small", "{provider.label}" }
        }
    }
}

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
                            span { class: "tag beat-chip", "{segment.beat}" }
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
