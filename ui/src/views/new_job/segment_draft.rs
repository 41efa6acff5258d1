//! What step 2 of the wizard holds: one [`SegmentDraft`] per segment (kept within what its
//! model does, checked against the descriptors, turned into a `configure_segments` patch), and
//! the reference images' state ([`ReferenceState`]).

use super::descriptors::{clip_cost, find_model, find_provider, snap_duration};
use crate::format;
use crate::i18n::{Lang, Strings};
use reelforge_protocol::{
    AspectRatio, AssetId, GenerationMode, JobDetail, ProviderDescriptor, ProviderId, RejectedFile,
    SegmentDto, SegmentPatch,
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

/// Why a segment cannot be generated as configured, found from the descriptors alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentProblem {
    UnknownProvider,
    UnknownModel,
    Mode,
    Aspect(AspectRatio),
    /// The provider's API refuses this mode without a prompt of at least this many
    /// characters (its descriptor's `requires`).
    PromptRequired(u32),
}

impl SegmentProblem {
    pub fn text(self, s: &Strings) -> String {
        match self {
            Self::UnknownProvider => s.problem_unknown_provider.to_owned(),
            Self::UnknownModel => s.problem_unknown_model.to_owned(),
            Self::Mode => s.problem_mode.to_owned(),
            Self::Aspect(ratio) => (s.problem_aspect)(ratio.as_str()),
            Self::PromptRequired(min) => (s.problem_prompt_required)(u64::from(min)),
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
    pub provider: ProviderId,
    pub model: Option<String>,
    pub duration_s: u32,
    /// The duration before it was snapped to one the model makes.
    pub snapped_from: Option<u32>,
    pub reference_assets: Vec<AssetId>,
    /// The person typed the beat in this wizard: the field shows it exactly as typed (not as
    /// a label, which would capitalise it under their fingers).
    pub beat_typed: bool,
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
            beat_typed: false,
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
    pub fn with_provider(mut self, provider: ProviderId, providers: &[ProviderDescriptor]) -> Self {
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

    /// What the beat field shows: a stored beat as a label ("Call to action" for
    /// `call_to_action`), a typed one as typed.
    pub fn beat_text(&self, lang: Lang) -> String {
        if self.beat_typed {
            self.beat.clone()
        } else {
            format::beat_label(lang, &self.beat)
        }
    }

    /// The draft after the person typed `text` in the beat field. The field shows
    /// [`Self::beat_text`], so that very text means no change and the stored beat
    /// (`call_to_action`) is kept; any other text is the new beat.
    pub fn with_beat_text(mut self, lang: Lang, text: String) -> Self {
        if text != self.beat_text(lang) {
            self.beat = text;
            self.beat_typed = true;
        }
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
        if !model.prompt_suffices(self.mode, &self.prompt) {
            let min = model.prompt_min_chars(self.mode).unwrap_or(1);
            return Some(SegmentProblem::PromptRequired(min));
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
