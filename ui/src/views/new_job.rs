//! The new job wizard. Step 1 (setup): title, subject, template with its structure and cost,
//! overrides. Step 2 (segments): one card per segment of the draft job the first step created,
//! with a live total estimate and "Generate" behind a cost confirmation.
//!
//! Every choice of provider, model, mode and duration comes from the providers' descriptors
//! (`list_providers`); no provider is named here. The live estimate is computed from those
//! descriptors' pricing exactly as the engine does (`Pricing::clip_micros` of the segment's
//! model and duration); the engine's own `estimate_job` is shown in the confirmation dialog,
//! after the segments are saved, and is the one that counts.
//!
//! Reference images: files dropped from the OS on the window are imported by the shell, which
//! says which (`files_dropped`); the page gives them to the card under the drop point, else to
//! the "armed" card (the last one clicked or focused, highlighted, the first one at the start).
//! Each card shows its images (preview URLs) with a way to remove one, and the files the shell
//! refused with their reason.

use super::common::{ErrorState, LoadingState, PageHeader, RouteLink};
use super::dialogs::LaunchDialog;
use crate::format;
use crate::i18n::media::media as texts;
use crate::i18n::{Lang, Strings, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AspectRatio, AssetId, CostEstimate, CreateJobRequest, GenerationMode, ImageInputKind,
    JobConfig, JobDetail, ModelDescriptor, Pricing, ProviderDescriptor, RejectedFile,
    ResolvedConfig, SegmentDto, SegmentPatch, TemplateDto, TemplateId,
};
use std::collections::HashMap;

/// The reference images of step 2 as the view shows them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferenceState {
    /// The preview URL of each asset known so far.
    pub urls: HashMap<AssetId, String>,
    /// The card dropped files go to (`None`: the first one).
    pub armed: Option<u32>,
    /// The files the shell refused in the last drop, shown on the card that received it.
    pub rejected: Option<(u32, Vec<RejectedFile>)>,
    /// The card whose references are being saved.
    pub saving: Option<u32>,
}

/// The selector of a step 2 card, for finding the one under a drop point.
pub const CARD_SELECTOR: &str = "#segment-cards li[data-index]";

/// Segments of a job made without a template, until the person says otherwise.
pub const DEFAULT_SEGMENT_COUNT: u32 = 3;
/// The most segments a job made without a template may ask for here.
pub const MAX_SEGMENT_COUNT: u32 = 60;

/// The two steps of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WizardStep {
    #[default]
    Setup,
    Segments,
}

/// What the wizard is waiting for, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardBusy {
    /// Step 1 → 2: the draft job is being created.
    Creating,
    /// The segments are being saved and the engine's estimate fetched.
    Saving,
    /// `launch_job` is running.
    Launching,
}

/// What step 1 holds. `None` overrides inherit the template's value.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupForm {
    pub title: String,
    pub subject: String,
    pub template_id: Option<TemplateId>,
    /// Used only without a template.
    pub segment_count: u32,
    pub aspect_ratio: Option<AspectRatio>,
    pub provider: Option<String>,
    /// The ordered providers to fall back to; `None` inherits the template's.
    pub fallback_providers: Option<Vec<String>>,
    pub allow_fallback: Option<bool>,
    /// As typed, in dollars; empty means no cap.
    pub budget_cap: String,
}

impl Default for SetupForm {
    fn default() -> Self {
        Self::new(None)
    }
}

/// Why step 1 cannot continue yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupError {
    TitleRequired,
    BudgetInvalid,
}

impl SetupForm {
    /// An empty form, with `template` chosen when given.
    pub fn new(template: Option<TemplateId>) -> Self {
        Self {
            title: String::new(),
            subject: String::new(),
            template_id: template,
            segment_count: DEFAULT_SEGMENT_COUNT,
            aspect_ratio: None,
            provider: None,
            fallback_providers: None,
            allow_fallback: None,
            budget_cap: String::new(),
        }
    }

    /// The overrides the job stores.
    pub fn overrides(&self) -> JobConfig {
        JobConfig {
            aspect_ratio: self.aspect_ratio,
            provider: self.provider.clone(),
            fallback_providers: self.fallback_providers.clone(),
            allow_fallback: self.allow_fallback,
            ..JobConfig::default()
        }
    }

    /// The `create_job` request, or the first reason it cannot be sent.
    pub fn to_request(&self) -> Result<CreateJobRequest, SetupError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(SetupError::TitleRequired);
        }
        let budget_cap_micros = parse_budget(&self.budget_cap).ok_or(SetupError::BudgetInvalid)?;
        Ok(CreateJobRequest {
            title: title.to_owned(),
            subject: self.subject.trim().to_owned(),
            template_id: self.template_id.clone(),
            segment_count: self
                .template_id
                .is_none()
                .then_some(self.segment_count.clamp(1, MAX_SEGMENT_COUNT)),
            config: self.overrides(),
            budget_cap_micros,
        })
    }
}

/// A budget typed in dollars (`5`, `12.50`, `12,5`, `$3`) as micro-USD: `Some(None)` when
/// empty, `None` when it is not an amount.
pub fn parse_budget(text: &str) -> Option<Option<i64>> {
    let text = text
        .trim()
        .trim_start_matches('$')
        .trim_end_matches('$')
        .trim();
    if text.is_empty() {
        return Some(None);
    }
    let text = text.replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 6
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction_micros: i64 = format!("{fraction:0<6}").parse().ok()?;
    whole
        .checked_mul(1_000_000)?
        .checked_add(fraction_micros)
        .map(Some)
}

/// What the job would run with, mirroring the engine's cascade (job → template → built-in
/// default) for the preview only; the engine resolves it for real when the job is created.
pub fn preview_config(form: &SetupForm, template: Option<&TemplateDto>) -> ResolvedConfig {
    let base = template.map_or_else(
        || ResolvedConfig {
            aspect_ratio: AspectRatio::Portrait,
            provider: "local".to_owned(),
            model: None,
            mode: GenerationMode::TextToVideo,
            segment_duration_s: 5,
            fallback_providers: Vec::new(),
            allow_fallback: false,
        },
        |t| ResolvedConfig {
            aspect_ratio: t.input.aspect_ratio,
            provider: t.input.provider.clone(),
            model: t.input.model.clone(),
            mode: t.input.mode,
            segment_duration_s: t.input.segment_duration_s,
            fallback_providers: t.input.fallback_providers.clone(),
            allow_fallback: t.input.allow_fallback,
        },
    );
    let model = match &form.provider {
        Some(provider) if *provider != base.provider => None,
        _ => base.model.clone(),
    };
    ResolvedConfig {
        aspect_ratio: form.aspect_ratio.unwrap_or(base.aspect_ratio),
        provider: form.provider.clone().unwrap_or(base.provider),
        model,
        mode: base.mode,
        segment_duration_s: base.segment_duration_s,
        fallback_providers: form
            .fallback_providers
            .clone()
            .unwrap_or(base.fallback_providers),
        allow_fallback: form.allow_fallback.unwrap_or(base.allow_fallback),
    }
}

/// The descriptor of `provider`.
pub fn find_provider<'a>(
    providers: &'a [ProviderDescriptor],
    provider: &str,
) -> Option<&'a ProviderDescriptor> {
    providers.iter().find(|p| p.id == provider)
}

/// The model a segment would use: the named one, or the provider's default.
pub fn find_model<'a>(
    providers: &'a [ProviderDescriptor],
    provider: &str,
    model: Option<&str>,
) -> Option<&'a ModelDescriptor> {
    find_provider(providers, provider)?.model(model)
}

/// What one clip costs on that provider and model, as the engine computes it; `None` when the
/// provider or model is unknown.
pub fn clip_cost(
    providers: &[ProviderDescriptor],
    provider: &str,
    model: Option<&str>,
    duration_s: u32,
) -> Option<i64> {
    find_model(providers, provider, model).map(|m| m.pricing.clip_micros(duration_s))
}

/// The allowed duration nearest to `wanted` (the longer one on a tie); `wanted` itself when
/// nothing is listed.
pub fn snap_duration(wanted: u32, allowed: &[u32]) -> u32 {
    allowed
        .iter()
        .copied()
        .min_by_key(|&d| (d.abs_diff(wanted), std::cmp::Reverse(d)))
        .unwrap_or(wanted)
}

/// Why a segment cannot be generated as configured, found from the descriptors alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentProblem {
    UnknownProvider,
    UnknownModel,
    Mode,
    Aspect(AspectRatio),
}

impl SegmentProblem {
    pub fn text(self, s: &Strings) -> String {
        match self {
            Self::UnknownProvider => s.problem_unknown_provider.to_owned(),
            Self::UnknownModel => s.problem_unknown_model.to_owned(),
            Self::Mode => s.problem_mode.to_owned(),
            Self::Aspect(ratio) => (s.problem_aspect)(ratio.as_str()),
        }
    }
}

/// What a segment still needs before it can be launched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Prompt,
    /// How many more reference images.
    References(u32),
}

impl Missing {
    pub fn text(self, s: &Strings) -> String {
        match self {
            Self::Prompt => s.missing_prompt.to_owned(),
            Self::References(n) => (s.missing_references)(u64::from(n)),
        }
    }
}

/// One segment being written in step 2.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentDraft {
    pub index: u32,
    pub beat: String,
    pub prompt: String,
    pub narration: String,
    pub mode: GenerationMode,
    pub provider: String,
    pub model: Option<String>,
    pub duration_s: u32,
    /// The duration before it was snapped to one the model makes.
    pub snapped_from: Option<u32>,
    pub reference_assets: Vec<AssetId>,
}

impl SegmentDraft {
    /// The draft of a stored segment, its duration snapped to the model's allowed values.
    pub fn from_segment(segment: &SegmentDto, providers: &[ProviderDescriptor]) -> Self {
        let mut draft = Self {
            index: segment.index,
            beat: segment.beat.clone(),
            prompt: segment.prompt.clone(),
            narration: segment.narration.clone(),
            mode: segment.mode,
            provider: segment.provider.clone(),
            model: segment.model.clone(),
            duration_s: segment.duration_s,
            snapped_from: None,
            reference_assets: segment.reference_assets.clone(),
        };
        draft.fit_model(providers);
        draft
    }

    /// Keeps the mode and duration within what the chosen model does.
    fn fit_model(&mut self, providers: &[ProviderDescriptor]) {
        let Some(model) = find_model(providers, &self.provider, self.model.as_deref()) else {
            return;
        };
        if !model.modes.contains(&self.mode)
            && let Some(&first) = model.modes.first()
        {
            self.mode = first;
        }
        let snapped = snap_duration(self.duration_s, &model.durations_s);
        if snapped != self.duration_s {
            self.snapped_from.get_or_insert(self.duration_s);
            self.duration_s = snapped;
        }
        if self.snapped_from == Some(self.duration_s) {
            self.snapped_from = None;
        }
    }

    /// Another provider, with its default model.
    pub fn with_provider(mut self, provider: String, providers: &[ProviderDescriptor]) -> Self {
        self.provider = provider;
        self.model = None;
        self.fit_model(providers);
        self
    }

    /// Another model of the same provider (`None`: its default).
    pub fn with_model(mut self, model: Option<String>, providers: &[ProviderDescriptor]) -> Self {
        self.model = model;
        self.fit_model(providers);
        self
    }

    /// A duration the person picked (from the allowed ones): no longer "snapped".
    pub fn with_duration(mut self, duration_s: u32) -> Self {
        self.duration_s = duration_s;
        self.snapped_from = None;
        self
    }

    /// What one take of this segment costs, per the descriptors.
    pub fn cost(&self, providers: &[ProviderDescriptor]) -> Option<i64> {
        clip_cost(
            providers,
            &self.provider,
            self.model.as_deref(),
            self.duration_s,
        )
    }

    /// The first reason the engine would refuse this segment, if any.
    pub fn problem(
        &self,
        providers: &[ProviderDescriptor],
        aspect: AspectRatio,
    ) -> Option<SegmentProblem> {
        let Some(provider) = find_provider(providers, &self.provider) else {
            return Some(SegmentProblem::UnknownProvider);
        };
        let Some(model) = provider.model(self.model.as_deref()) else {
            return Some(SegmentProblem::UnknownModel);
        };
        if !model.modes.contains(&self.mode) {
            return Some(SegmentProblem::Mode);
        }
        if !model.aspect_ratios.contains(&aspect) {
            return Some(SegmentProblem::Aspect(aspect));
        }
        None
    }

    /// What the segment still lacks before the engine accepts to launch it (mirrors the
    /// engine's rule: a text-to-video segment needs a prompt, an image-to-video or uploaded
    /// one a reference, a first-and-last-frame one two).
    pub fn missing(&self) -> Option<Missing> {
        let references = self.reference_assets.len() as u32;
        match self.mode {
            GenerationMode::TextToVideo if self.prompt.trim().is_empty() => Some(Missing::Prompt),
            GenerationMode::ImageToVideo | GenerationMode::UploadedClip if references < 1 => {
                Some(Missing::References(1 - references))
            }
            GenerationMode::FirstLastFrame if references < 2 => {
                Some(Missing::References(2 - references))
            }
            _ => None,
        }
    }

    /// Whether "Generate" may include this segment.
    pub fn is_ready(&self, providers: &[ProviderDescriptor], aspect: AspectRatio) -> bool {
        self.missing().is_none() && self.problem(providers, aspect).is_none()
    }

    /// What `configure_segments` must change on `segment` to match this draft; `None` when
    /// they already match.
    pub fn patch_for(&self, segment: &SegmentDto) -> Option<SegmentPatch> {
        let text = |draft: &String, stored: &String| (draft != stored).then(|| draft.clone());
        let patch = SegmentPatch {
            beat: text(&self.beat, &segment.beat),
            prompt: text(&self.prompt, &segment.prompt),
            narration: text(&self.narration, &segment.narration),
            mode: (self.mode != segment.mode).then_some(self.mode),
            provider: (self.provider != segment.provider).then(|| self.provider.clone()),
            model: (self.model != segment.model).then(|| self.model.clone()),
            duration_s: (self.duration_s != segment.duration_s).then_some(self.duration_s),
        };
        (patch != SegmentPatch::default()).then_some(patch)
    }
}

/// The drafts of a new draft job's segments. When the person went back to step 1 and a new
/// job was made, the texts they had written (`previous`) are kept, by position.
pub fn drafts_for(
    job: &JobDetail,
    providers: &[ProviderDescriptor],
    previous: &[SegmentDraft],
) -> Vec<SegmentDraft> {
    job.segments
        .iter()
        .map(|segment| {
            let mut draft = SegmentDraft::from_segment(segment, providers);
            if let Some(old) = previous.iter().find(|d| d.index == segment.index) {
                for (new, old) in [
                    (&mut draft.beat, &old.beat),
                    (&mut draft.prompt, &old.prompt),
                    (&mut draft.narration, &old.narration),
                ] {
                    if !old.is_empty() {
                        new.clone_from(old);
                    }
                }
            }
            draft
        })
        .collect()
}

/// The sum of the drafts' costs (unknown ones count as nothing).
pub fn drafts_total(drafts: &[SegmentDraft], providers: &[ProviderDescriptor]) -> i64 {
    drafts.iter().filter_map(|d| d.cost(providers)).sum()
}

/// A price as people read it: `Free`, `$0.05/s`, `$0.40/clip`.
pub fn pricing_label(lang: Lang, pricing: Pricing) -> String {
    let s = t(lang);
    match pricing {
        Pricing::Free => s.free.to_owned(),
        Pricing::PerSecond { micros } => (s.price_per_second)(&format::money(lang, micros)),
        Pricing::PerClip { micros } => (s.price_per_clip)(&format::money(lang, micros)),
    }
}

/// A handler for a text control that edits a copy of `value` and sends it on.
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

/// The whole wizard, from data alone.
///
/// `templates` and `providers` are what the shell listed; `job` is the draft job step 1
/// created (step 2 edits its segments as `drafts`); `confirm` is the engine's estimate shown in
/// the cost confirmation; `references` the reference images' URLs, armed card, refused files
/// and saving state. `on_arm` receives the card clicked or focused, `on_remove_reference` an
/// image to take off a card.
#[component]
pub fn NewJobView(
    lang: Lang,
    templates: Remote<Vec<TemplateDto>>,
    providers: Remote<Vec<ProviderDescriptor>>,
    #[props(default)] step: WizardStep,
    form: SetupForm,
    #[props(default)] job: Option<JobDetail>,
    #[props(default)] drafts: Vec<SegmentDraft>,
    #[props(default)] busy: Option<WizardBusy>,
    #[props(default)] error: Option<ApiError>,
    #[props(default)] confirm: Option<CostEstimate>,
    #[props(default)] on_form: EventHandler<SetupForm>,
    #[props(default)] on_continue: EventHandler<()>,
    #[props(default)] on_back: EventHandler<()>,
    #[props(default)] on_draft: EventHandler<SegmentDraft>,
    #[props(default)] on_generate: EventHandler<()>,
    #[props(default)] on_confirm: EventHandler<()>,
    #[props(default)] on_dismiss: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    #[props(default)] references: ReferenceState,
    #[props(default)] on_arm: EventHandler<u32>,
    #[props(default)] on_remove_reference: EventHandler<(u32, AssetId)>,
    #[props(default)] on_dismiss_rejected: EventHandler<()>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let step_number = match step {
        WizardStep::Setup => 1,
        WizardStep::Segments => 2,
    };
    let loaded = match (&templates, &providers) {
        (Remote::Failed(error), _) | (_, Remote::Failed(error)) => Err(Some(error.clone())),
        (Remote::Ready(templates), Remote::Ready(providers)) => {
            Ok((templates.clone(), providers.clone()))
        }
        _ => Err(None),
    };
    let body = match loaded {
        Err(None) => rsx! {
            LoadingState { lang, id: "wizard-loading" }
        },
        Err(Some(error)) => rsx! {
            ErrorState { lang, error, id: "wizard-load-error", on_retry }
        },
        Ok((templates, providers)) => match (step, job) {
            (WizardStep::Segments, Some(job)) => rsx! {
                SegmentsStep {
                    lang,
                    job,
                    providers,
                    drafts,
                    busy,
                    on_back,
                    on_draft,
                    on_generate,
                    references,
                    on_arm,
                    on_remove_reference,
                    on_dismiss_rejected,
                }
            },
            _ => rsx! {
                SetupStep {
                    lang,
                    form: form.clone(),
                    templates,
                    providers,
                    busy,
                    on_form,
                    on_continue,
                }
            },
        },
    };
    let launching = busy == Some(WizardBusy::Launching);
    rsx! {
        section {
            id: "new-job",
            class: "page wizard",
            "data-testid": "new-job-page",
            "data-step": "{step_number}",
            onkeydown: move |event: KeyboardEvent| {
                let modifiers = event.modifiers();
                if step == WizardStep::Segments
                    && event.key() == Key::Enter
                    && (modifiers.ctrl() || modifiers.meta())
                {
                    event.prevent_default();
                    on_generate.call(());
                }
            },
            RouteLink { to: Route::Dashboard {}, class: "back-link", id: "wizard-back-to-dashboard",
                "← {s.back_to_dashboard}"
            }
            PageHeader { title: s.new_job, subtitle: s.wizard_subtitle,
                Stepper { lang, step }
            }
            if let Some(error) = error {
                ActionError { lang, error, on_dismiss: on_dismiss_error }
            }
            {body}
            if let Some(estimate) = confirm {
                LaunchDialog { lang, estimate, busy: launching, on_confirm, on_dismiss }
            }
        }
    }
}

/// An action's error, above the form, with a way to put it away.
#[component]
pub fn ActionError(lang: Lang, error: ApiError, on_dismiss: EventHandler<()>) -> Element {
    let s = t(lang);
    let code = format::error_code_label(lang, error.code);
    rsx! {
        div {
            class: "callout callout-danger action-error",
            id: "action-error",
            role: "alert",
            "data-error-code": error.code.as_str(),
            div { class: "callout-text",
                strong { "{s.action_failed}" }
                span { " · {code} · {error.message}" }
            }
            button {
                class: "button ghost small",
                r#type: "button",
                onclick: move |_| on_dismiss.call(()),
                "{s.dismiss}"
            }
        }
    }
}

#[component]
fn Stepper(lang: Lang, step: WizardStep) -> Element {
    let s = t(lang);
    let number: u64 = if step == WizardStep::Setup { 1 } else { 2 };
    let class_of = |mine: WizardStep, n: u64| {
        if mine == step {
            "step current"
        } else if n < number {
            "step done"
        } else {
            "step"
        }
    };
    rsx! {
        span { class: "step-count muted", id: "wizard-step-count", {(s.step_of)(number, 2)} }
        ol { class: "stepper", id: "wizard-steps", "aria-label": (s.step_of)(number, 2),
            li {
                class: class_of(WizardStep::Setup, 1),
                "aria-current": if step == WizardStep::Setup { "step" } else { "false" },
                span { class: "step-number", "1" }
                span { "{s.wizard_step_setup}" }
            }
            li { class: "step-line", "aria-hidden": "true" }
            li {
                class: class_of(WizardStep::Segments, 2),
                "aria-current": if step == WizardStep::Segments { "step" } else { "false" },
                span { class: "step-number", "2" }
                span { "{s.wizard_step_segments}" }
            }
        }
    }
}

/// Step 1: what the job is, which template it follows and what it overrides.
#[component]
fn SetupStep(
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
    let budget_invalid = parse_budget(&form.budget_cap).is_none();
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
                        budget_cap: parse_budget(&form.budget_cap).flatten(),
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
        provider.map_or_else(|| config.provider.clone(), |p| p.display_name.clone());
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
                            li { key: "{i}", class: "tag beat-chip", "{beat}" }
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

/// Aspect ratio, provider chain, fallback permission and budget cap.
#[component]
fn Overrides(
    lang: Lang,
    form: SetupForm,
    template: Option<TemplateDto>,
    providers: Vec<ProviderDescriptor>,
    config: ResolvedConfig,
    budget_invalid: bool,
    on_form: EventHandler<SetupForm>,
) -> Element {
    let s = t(lang);
    // What "inherit" means here: the template's value, or the built-in default.
    let inherited = preview_config(&SetupForm::new(form.template_id.clone()), template.as_ref());
    let inherit_label = |value: &str| {
        if template.is_some() {
            (s.inherit)(value)
        } else {
            format!("{} ({value})", s.default_value)
        }
    };
    let ratio_value = form.aspect_ratio.map_or("", AspectRatio::as_str);
    let provider_value = form.provider.clone().unwrap_or_default();
    let inherited_provider = find_provider(&providers, &inherited.provider)
        .map_or_else(|| inherited.provider.clone(), |p| p.display_name.clone());
    let allow_value = match form.allow_fallback {
        None => "",
        Some(true) => "yes",
        Some(false) => "no",
    };
    let inherited_allow = if inherited.allow_fallback {
        s.yes
    } else {
        s.no
    };
    let chain = config.fallback_providers.clone();
    let on_ratio = edit(&form, on_form, |f, v| f.aspect_ratio = v.parse().ok());
    let on_provider = edit(&form, on_form, |f, v| {
        f.provider = (!v.is_empty()).then_some(v);
    });
    let on_allow = edit(&form, on_form, |f, v| {
        f.allow_fallback = match v.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
    });
    let custom_chain = form.fallback_providers.is_some();
    let primary_name = find_provider(&providers, &config.provider)
        .map_or_else(|| config.provider.clone(), |p| p.display_name.clone());
    let inherited_chain = if inherited.fallback_providers.is_empty() {
        s.none.to_owned()
    } else {
        inherited.fallback_providers.join(", ")
    };
    let reset_chain = {
        let form = form.clone();
        move |_| {
            let mut next = form.clone();
            next.fallback_providers = None;
            on_form.call(next);
        }
    };
    rsx! {
        section { class: "panel form-panel", id: "setup-overrides",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.overrides_title}" }
                    span { class: "panel-count", "{s.overrides_hint}" }
                }
            }
            div { class: "form-body form-grid",
                label { class: "form-field",
                    span { class: "form-label", "{s.aspect_ratio}" }
                    select {
                        class: "select",
                        id: "override-aspect",
                        value: "{ratio_value}",
                        onchange: on_ratio,
                        option { value: "", selected: form.aspect_ratio.is_none(),
                            {inherit_label(inherited.aspect_ratio.as_str())}
                        }
                        for ratio in AspectRatio::ALL {
                            option {
                                key: "{ratio}",
                                value: "{ratio}",
                                selected: form.aspect_ratio == Some(ratio),
                                "{ratio}"
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.primary_provider}" }
                    select {
                        class: "select",
                        id: "override-provider",
                        value: "{provider_value}",
                        onchange: on_provider,
                        option { value: "", selected: form.provider.is_none(),
                            {inherit_label(&inherited_provider)}
                        }
                        for provider in providers.iter() {
                            option {
                                key: "{provider.id}",
                                value: "{provider.id}",
                                selected: form.provider.as_deref() == Some(provider.id.as_str()),
                                "{provider.display_name} — {provider.label}"
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.allow_fallback}" }
                    select {
                        class: "select",
                        id: "override-allow-fallback",
                        value: "{allow_value}",
                        onchange: on_allow,
                        option { value: "", selected: form.allow_fallback.is_none(),
                            {inherit_label(inherited_allow)}
                        }
                        option { value: "yes", selected: form.allow_fallback == Some(true), "{s.yes}" }
                        option { value: "no", selected: form.allow_fallback == Some(false), "{s.no}" }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.budget_cap}" }
                    div { class: "input-affix",
                        span { class: "affix", "aria-hidden": "true", "$" }
                        input {
                            class: if budget_invalid { "input narrow invalid" } else { "input narrow" },
                            id: "override-budget",
                            r#type: "text",
                            inputmode: "decimal",
                            placeholder: s.no_budget_cap,
                            "aria-invalid": budget_invalid,
                            value: "{form.budget_cap}",
                            oninput: edit(&form, on_form, |f, v| f.budget_cap = v),
                        }
                    }
                    span { class: "form-hint", "{s.budget_cap_hint}" }
                }
                div { class: "form-field span-all", id: "override-chain",
                    span { class: "form-label", "{s.provider_chain}" }
                    div { class: "chain",
                        span { class: "chain-primary tag", "1 · {primary_name}" }
                        // Inherited fallbacks this app has no descriptor for.
                        for (at, id) in chain.iter().enumerate().filter(|(_, id)| find_provider(&providers, id).is_none()) {
                            span { key: "{id}", class: "tag chain-missing", "{at + 2} · {id}" }
                        }
                        for provider in providers.iter().filter(|p| p.id != config.provider) {
                            ChainChip {
                                key: "{provider.id}",
                                provider: provider.clone(),
                                position: chain.iter().position(|id| *id == provider.id),
                                form: form.clone(),
                                chain: chain.clone(),
                                on_form,
                            }
                        }
                        if custom_chain {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                id: "chain-reset",
                                onclick: reset_chain,
                                {inherit_label(&inherited_chain)}
                            }
                        }
                    }
                    span { class: "form-hint", "{s.fallback_order_hint}" }
                }
            }
        }
    }
}

/// One provider of the fallback chain: pressed when in it (with its place), click to toggle.
#[component]
fn ChainChip(
    provider: ProviderDescriptor,
    position: Option<usize>,
    form: SetupForm,
    chain: Vec<String>,
    on_form: EventHandler<SetupForm>,
) -> Element {
    let pressed = position.is_some();
    let id = provider.id.clone();
    let onclick = move |_| {
        let mut next = form.clone();
        let mut list = chain.clone();
        if let Some(at) = list.iter().position(|p| *p == id) {
            list.remove(at);
        } else {
            list.push(id.clone());
        }
        next.fallback_providers = Some(list);
        on_form.call(next);
    };
    rsx! {
        button {
            class: if pressed { "chain-chip pressed" } else { "chain-chip" },
            r#type: "button",
            "aria-pressed": if pressed { "true" } else { "false" },
            "data-provider": "{provider.id}",
            onclick,
            if let Some(at) = position {
                span { class: "chain-order", "{at + 2}" }
            }
            "{provider.display_name}"
        }
    }
}

/// Step 2: one card per segment, the live total and "Generate".
#[component]
#[allow(clippy::too_many_arguments)]
fn SegmentsStep(
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
) -> Element {
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
                    }
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

/// One segment: beat, prompt, narration, mode, provider, model, duration, references.
#[component]
#[allow(clippy::too_many_arguments)]
fn SegmentCard(
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
            on_draft.call(draft.clone().with_provider(event.value(), &providers))
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
                    value: "{draft.beat}",
                    oninput: edit(&draft, on_draft, |d, v| d.beat = v),
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
            }
        }
    }
}

/// A card's reference images: where dropped files go (when the card is armed), the images
/// with a button to remove each, and the files the shell refused with their reason.
#[component]
#[allow(clippy::too_many_arguments)]
fn DropZone(
    lang: Lang,
    index: u32,
    formats: Vec<String>,
    assets: Vec<AssetId>,
    urls: HashMap<AssetId, String>,
    armed: bool,
    rejected: Vec<RejectedFile>,
    saving: bool,
    on_remove: EventHandler<(u32, AssetId)>,
    on_dismiss_rejected: EventHandler<()>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let accepts = !formats.is_empty();
    let list = formats
        .iter()
        .map(|f| f.trim_start_matches("image/").to_uppercase())
        .collect::<Vec<_>>();
    let mut unique = list.clone();
    unique.dedup();
    let count = assets.len();
    let class = match (accepts || count > 0, armed) {
        (true, true) => "drop-zone armed",
        (true, false) => "drop-zone",
        (false, true) => "drop-zone idle armed",
        (false, false) => "drop-zone idle",
    };
    rsx! {
        div {
            class,
            "data-testid": "drop-zone",
            "data-segment": "{index}",
            "data-wired": "true",
            "aria-label": s.references_title,
            span { class: "drop-icon", "aria-hidden": "true" }
            div { class: "drop-text",
                strong { "{s.references_title}" }
                if count > 0 {
                    span { class: "tag", "{count}" }
                }
                if armed {
                    span { class: "drop-target", "{m.drop_target}" }
                }
                if accepts {
                    span { "{s.drop_zone_text}" }
                    span { class: "muted", {(s.drop_zone_formats)(&unique.join(", "))} }
                } else {
                    span { class: "muted", "{s.drop_zone_no_images}" }
                }
                if !armed {
                    span { class: "muted small", "{m.drop_arm_hint}" }
                }
                if saving {
                    span { class: "muted small", id: "references-saving", "{m.saving_references}" }
                }
            }
        }
        if count > 0 {
            ul { class: "reference-list", "data-testid": "references",
                for (n, asset) in assets.iter().enumerate() {
                    li { key: "{asset}", class: "reference", "data-asset": "{asset}",
                        if let Some(url) = urls.get(asset) {
                            img { src: "{url}", alt: (m.reference_n)(n as u64 + 1) }
                        }
                        button {
                            class: "reference-remove",
                            r#type: "button",
                            "data-action": "remove-reference",
                            title: (m.remove_reference)(n as u64 + 1),
                            "aria-label": (m.remove_reference)(n as u64 + 1),
                            disabled: saving,
                            onclick: {
                                let asset = asset.clone();
                                move |_| on_remove.call((index, asset.clone()))
                            },
                            "×"
                        }
                    }
                }
            }
        }
        if !rejected.is_empty() {
            div { class: "callout rejected", id: "rejected-files", role: "alert",
                strong { {(m.rejected_title)(rejected.len() as u64)} }
                ul {
                    for (n, file) in rejected.iter().enumerate() {
                        li { key: "{n}",
                            strong { "{file.name}" }
                            " — {file.error.message}"
                        }
                    }
                }
                button {
                    class: "button ghost small",
                    r#type: "button",
                    onclick: move |_| on_dismiss_rejected.call(()),
                    "{s.dismiss}"
                }
            }
        }
    }
}
