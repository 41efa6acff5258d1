//! Template DTOs: a reusable shape for production jobs.

use crate::ids::{ProviderId, TemplateId};
use crate::media::{AspectRatio, GenerationMode};
use crate::promotion::ModelTier;
use serde::{Deserialize, Serialize};

/// Style text prepended to every prompt of a job, for visual consistency across segments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StyleDefaults {
    #[serde(default)]
    pub character: String,
    #[serde(default)]
    pub scene: String,
    #[serde(default)]
    pub visual_style: String,
}

/// What a person writes to create or update a template (also the import/export file format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TemplateInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Content pillar: tips, education, demo, story, …
    #[serde(default)]
    pub pillar: String,
    pub segment_count: u32,
    pub segment_duration_s: u32,
    pub aspect_ratio: AspectRatio,
    pub provider: ProviderId,
    #[serde(default)]
    pub model: Option<String>,
    pub mode: GenerationMode,
    /// Providers to fall back to, in order, after `provider`.
    #[serde(default)]
    pub fallback_providers: Vec<ProviderId>,
    /// Whether jobs from this template may switch to a fallback provider.
    #[serde(default)]
    pub allow_fallback: bool,
    /// Beat names, one per segment where given (hook, problem, revelation, …).
    #[serde(default)]
    pub beats: Vec<String>,
    #[serde(default)]
    pub style: StyleDefaults,
    /// The draft and final model per provider, for draft → final promotion.
    #[serde(default)]
    pub model_tiers: Vec<ModelTier>,
}

/// A stored template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TemplateDto {
    pub id: TemplateId,
    #[serde(flatten)]
    pub input: TemplateInput,
    /// Seeded by the app on first run.
    pub builtin: bool,
    pub created_at: i64,
    pub updated_at: i64,
}
