//! What step 1 of the wizard holds ([`SetupForm`]) and how it becomes a `create_job` request,
//! and the preview of the configuration the job would run with.

use reelforge_protocol::money::parse_budget_cap;
use reelforge_protocol::{
    AspectRatio, CreateJobRequest, JobConfig, ProviderId, ResolvedConfig, TemplateDto, TemplateId,
    config,
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
    pub provider: Option<ProviderId>,
    /// The ordered providers to fall back to; `None` inherits the template's.
    pub fallback_providers: Option<Vec<ProviderId>>,
    pub allow_fallback: Option<bool>,
    /// As typed, in dollars ([`parse_budget_cap`]); empty means no cap.
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
        let budget_cap_micros =
            parse_budget_cap(&self.budget_cap).ok_or(SetupError::BudgetInvalid)?;
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

/// What the job would run with: the engine's cascade (job → template → built-in default)
/// applied to the form's overrides, for the preview; the engine resolves it for real when the
/// job is created.
pub fn preview_config(form: &SetupForm, template: Option<&TemplateDto>) -> ResolvedConfig {
    config::resolve(&form.overrides(), template.map(|t| &t.input))
}
