//! What step 1 of the wizard holds ([`SetupForm`]) and how it becomes a `create_job` request:
//! the budget parser and the preview of the configuration the job would run with.

use reelforge_protocol::{
    AspectRatio, CreateJobRequest, GenerationMode, JobConfig, ResolvedConfig, TemplateDto,
    TemplateId,
};

/// Segments of a job made without a template, until the person says otherwise.
pub const DEFAULT_SEGMENT_COUNT: u32 = 3;

/// The most segments a job made without a template may ask for here.
pub const MAX_SEGMENT_COUNT: u32 = 60;

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

/// Why step 1 cannot continue yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupError {
    TitleRequired,
    BudgetInvalid,
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
