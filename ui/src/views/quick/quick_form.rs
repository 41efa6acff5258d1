//! What the Quick form holds ([`QuickForm`]) and how it becomes a `write_script` / `start_quick`
//! request, with the pillars, target lengths and script languages it offers.

use reelforge_protocol::money::parse_budget_cap;
use reelforge_protocol::{AspectRatio, ProviderId, QuickRequest, ScriptLanguage};

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
    pub providers: Vec<ProviderId>,
    /// Model of the first provider; `None`: its default.
    pub model: Option<String>,
    /// As typed, in dollars; empty means no cap.
    pub budget_cap: String,
    /// Show the script for review before generating.
    pub review: bool,
    /// Storyboard first (issue 19): a keyframe per segment after the script, then stop for
    /// review on the job screen…
    pub storyboard_first: bool,
    /// …or approve them all, animate, generate and assemble.
    pub storyboard_run_on: bool,
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
            storyboard_first: false,
            storyboard_run_on: false,
        }
    }
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
            parse_budget_cap(&self.budget_cap).ok_or(QuickProblem::BudgetInvalid)?;
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
        request.storyboard_first = self.storyboard_first;
        request.storyboard_run_on = self.storyboard_first && self.storyboard_run_on;
        Ok(request)
    }
}

/// Why the form cannot be sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickProblem {
    SubjectRequired,
    BudgetInvalid,
}

/// The language's own name.
pub fn script_language_name(language: ScriptLanguage) -> &'static str {
    match language {
        ScriptLanguage::En => "English",
        ScriptLanguage::Fr => "Français",
    }
}
