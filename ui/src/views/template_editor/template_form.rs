//! The template form's fields as typed ([`TemplateForm`]), made blank or from a template, and
//! checked into a [`TemplateInput`].

use reelforge_protocol::{
    AspectRatio, GenerationMode, ModelTier, ProviderDescriptor, ProviderId, StyleDefaults,
    TemplateInput,
};

/// The most segments a template may have here.
pub const MAX_SEGMENTS: u32 = 60;

/// The template form's fields, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateForm {
    pub name: String,
    pub description: String,
    pub pillar: String,
    pub segment_count: String,
    pub segment_duration_s: String,
    pub aspect_ratio: AspectRatio,
    /// The chosen provider's id; empty until one is chosen.
    pub provider: String,
    /// Empty: the provider's default model.
    pub model: String,
    pub mode: GenerationMode,
    pub fallback_providers: Vec<ProviderId>,
    pub allow_fallback: bool,
    /// One beat per line.
    pub beats: String,
    pub style: StyleDefaults,
    /// The model a promotion regenerates with on `provider` (the draft is `model`); empty:
    /// none.
    pub final_model: String,
    /// The draft and final models named for other providers, kept as they were.
    pub other_tiers: Vec<ModelTier>,
}

impl TemplateForm {
    /// A new template on the first listed provider and its default model.
    pub fn blank(providers: &[ProviderDescriptor]) -> Self {
        let provider = providers.first();
        let model = provider.and_then(|p| p.models.first());
        Self {
            name: String::new(),
            description: String::new(),
            pillar: String::new(),
            segment_count: "6".to_owned(),
            segment_duration_s: model
                .and_then(|m| m.durations_s.first())
                .copied()
                .unwrap_or(5)
                .to_string(),
            aspect_ratio: AspectRatio::Portrait,
            provider: provider.map(|p| p.id.to_string()).unwrap_or_default(),
            model: String::new(),
            mode: model
                .and_then(|m| m.modes.first())
                .copied()
                .unwrap_or(GenerationMode::TextToVideo),
            fallback_providers: Vec::new(),
            allow_fallback: false,
            beats: String::new(),
            style: StyleDefaults::default(),
            final_model: String::new(),
            other_tiers: Vec::new(),
        }
    }

    pub fn from_input(input: &TemplateInput) -> Self {
        Self {
            name: input.name.clone(),
            description: input.description.clone(),
            pillar: input.pillar.clone(),
            segment_count: input.segment_count.to_string(),
            segment_duration_s: input.segment_duration_s.to_string(),
            aspect_ratio: input.aspect_ratio,
            provider: input.provider.to_string(),
            model: input.model.clone().unwrap_or_default(),
            mode: input.mode,
            fallback_providers: input.fallback_providers.clone(),
            allow_fallback: input.allow_fallback,
            beats: input.beats.join("\n"),
            style: input.style.clone(),
            final_model: input
                .model_tiers
                .iter()
                .find(|t| t.provider == input.provider)
                .map(|t| t.final_model.clone())
                .unwrap_or_default(),
            other_tiers: input
                .model_tiers
                .iter()
                .filter(|t| t.provider != input.provider)
                .cloned()
                .collect(),
        }
    }

    /// What `create_template` / `update_template` take, or the first problem.
    pub fn to_input(&self) -> Result<TemplateInput, TemplateProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(TemplateProblem::NameRequired);
        }
        let segment_count = match self.segment_count.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_SEGMENTS).contains(&n) => n,
            _ => return Err(TemplateProblem::SegmentCount),
        };
        let segment_duration_s = match self.segment_duration_s.trim().parse::<u32>() {
            Ok(n) if (1..=600).contains(&n) => n,
            _ => return Err(TemplateProblem::Duration),
        };
        if self.provider.trim().is_empty() {
            return Err(TemplateProblem::ProviderRequired);
        }
        let model = self.model.trim();
        let final_model = self.final_model.trim();
        let mut model_tiers: Vec<ModelTier> = self
            .other_tiers
            .iter()
            .filter(|t| t.provider != self.provider.trim())
            .cloned()
            .collect();
        if !final_model.is_empty() {
            if model.is_empty() {
                return Err(TemplateProblem::DraftModelRequired);
            }
            model_tiers.push(ModelTier {
                provider: self.provider.trim().into(),
                draft_model: model.to_owned(),
                final_model: final_model.to_owned(),
            });
        }
        Ok(TemplateInput {
            name: name.to_owned(),
            description: self.description.trim().to_owned(),
            pillar: self.pillar.trim().to_owned(),
            segment_count,
            segment_duration_s,
            aspect_ratio: self.aspect_ratio,
            provider: self.provider.trim().into(),
            model: (!model.is_empty()).then(|| model.to_owned()),
            mode: self.mode,
            fallback_providers: self
                .fallback_providers
                .iter()
                .filter(|p| **p != self.provider)
                .cloned()
                .collect(),
            allow_fallback: self.allow_fallback,
            beats: self
                .beats
                .lines()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_owned)
                .collect(),
            style: StyleDefaults {
                character: self.style.character.trim().to_owned(),
                scene: self.style.scene.trim().to_owned(),
                visual_style: self.style.visual_style.trim().to_owned(),
            },
            model_tiers,
        })
    }
}

/// Why a template form cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateProblem {
    NameRequired,
    SegmentCount,
    Duration,
    ProviderRequired,
    /// A final model is named but the draft model is the provider's default.
    DraftModelRequired,
}
