//! Provider descriptors: what each video provider can do and what it costs.
//!
//! The engine publishes one [`ProviderDescriptor`] per registered provider; the UI and the CLI
//! build their choices (models, modes, durations, aspect ratios, prices) from these alone, so
//! adding a provider needs no UI change.

use crate::ids::ProviderId;
use crate::media::{AspectRatio, GenerationMode};
use serde::{Deserialize, Serialize};

/// How a provider charges for one clip. Amounts are micro-USD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pricing {
    /// Nothing to pay (local rendering).
    Free,
    /// A price per second of generated video.
    PerSecond { micros: i64 },
    /// A flat price per clip, whatever its duration.
    PerClip { micros: i64 },
}

impl Pricing {
    /// What one clip of `duration_s` seconds costs.
    pub fn clip_micros(self, duration_s: u32) -> i64 {
        match self {
            Self::Free => 0,
            Self::PerSecond { micros } => micros.saturating_mul(i64::from(duration_s)),
            Self::PerClip { micros } => micros,
        }
    }
}

/// The role an input image plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImageInputKind {
    /// Becomes the first frame.
    FirstFrame,
    /// Becomes the last frame.
    LastFrame,
    /// Guides style or subject without being a frame.
    Reference,
}

/// One kind of image a model accepts, with its limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageInputSpec {
    pub kind: ImageInputKind,
    /// How many images of this kind at most.
    pub max_count: u32,
    /// Largest accepted file, in bytes.
    pub max_bytes: u64,
    /// Accepted formats, as MIME types.
    pub formats: Vec<String>,
}

/// One model of a provider and its capabilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelDescriptor {
    pub id: String,
    pub display_name: String,
    pub modes: Vec<GenerationMode>,
    /// Allowed clip durations in seconds.
    pub durations_s: Vec<u32>,
    pub aspect_ratios: Vec<AspectRatio>,
    /// Output resolutions, e.g. `720p`, `1080p`.
    pub resolutions: Vec<String>,
    pub image_inputs: Vec<ImageInputSpec>,
    pub pricing: Pricing,
    /// Fields the provider's API refuses a create without, per mode (beyond the images the
    /// mode itself implies): checked before launch, so a segment is refused with a reason
    /// instead of failing at the provider.
    #[serde(default)]
    pub requires: Vec<RequiredField>,
}

/// A request field one mode of a model cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequiredField {
    pub mode: GenerationMode,
    pub field: RequestField,
    /// Fewest characters the field takes, spaces at its ends not counted (1: not empty).
    pub min_chars: u32,
}

/// A field of a generation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestField {
    /// The prompt as sent (style defaults first, then the segment's prompt).
    Prompt,
}

impl RequiredField {
    /// The prompt is required in each of `modes`, with at least `min_chars` characters.
    pub fn prompt_in(modes: &[GenerationMode], min_chars: u32) -> Vec<RequiredField> {
        modes
            .iter()
            .map(|&mode| RequiredField {
                mode,
                field: RequestField::Prompt,
                min_chars,
            })
            .collect()
    }
}

impl ModelDescriptor {
    /// The fewest characters of prompt `mode` takes, when the API requires one.
    pub fn prompt_min_chars(&self, mode: GenerationMode) -> Option<u32> {
        self.requires
            .iter()
            .find(|r| r.mode == mode && r.field == RequestField::Prompt)
            .map(|r| r.min_chars)
    }

    /// Whether `prompt` is enough for `mode` on this model.
    pub fn prompt_suffices(&self, mode: GenerationMode, prompt: &str) -> bool {
        self.prompt_min_chars(mode)
            .is_none_or(|min| prompt.trim().chars().count() >= min as usize)
    }
}

/// Everything the engine, the UI and the CLI know about one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProviderDescriptor {
    /// Lowercase slug stored on templates, jobs and segments (`local`, `luma`).
    pub id: ProviderId,
    pub display_name: String,
    /// What it really is, shown next to the name ("offline, not AI").
    pub label: String,
    /// Whether an API key must be configured before use.
    pub needs_key: bool,
    /// The first model is the default one.
    pub models: Vec<ModelDescriptor>,
    /// How many generations may run at once on this provider by default.
    pub default_concurrency: u32,
    /// Longest a generation may take before the engine gives up on it.
    pub max_generation_s: u32,
}

impl ProviderDescriptor {
    /// The model named `id`, or the default model when `id` is `None`.
    pub fn model(&self, id: Option<&str>) -> Option<&ModelDescriptor> {
        match id {
            Some(id) => self.models.iter().find(|m| m.id == id),
            None => self.models.first(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pricing_per_second_scales_and_per_clip_does_not() {
        assert_eq!(
            Pricing::PerSecond { micros: 50_000 }.clip_micros(5),
            250_000
        );
        assert_eq!(Pricing::PerClip { micros: 400_000 }.clip_micros(9), 400_000);
        assert_eq!(Pricing::Free.clip_micros(9), 0);
        let json = serde_json::to_value(Pricing::PerClip { micros: 1 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "per_clip", "micros": 1}));
    }
}
