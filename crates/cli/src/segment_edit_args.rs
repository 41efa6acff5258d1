//! The grammar of `reelforge jobs edit` (one segment's settings, after launch too) and
//! `reelforge jobs references` (the job's character/style reference set), and the segment
//! settings `jobs edit` and `jobs configure` share ([`SegmentFields`]).

use clap::Args;
use reelforge_protocol::{GenerationMode, ProviderId, SegmentPatch};

/// The segment settings `jobs configure` and `jobs edit` both take.
#[derive(Debug, Args)]
pub struct SegmentFields {
    #[arg(long)]
    pub prompt: Option<String>,
    #[arg(long)]
    pub narration: Option<String>,
    #[arg(long)]
    pub mode: Option<GenerationMode>,
    /// Another provider (its default model unless --model says).
    #[arg(long)]
    pub provider: Option<ProviderId>,
    /// Model id; an empty string means the provider's default.
    #[arg(long)]
    pub model: Option<String>,
    /// Seconds.
    #[arg(long)]
    pub duration: Option<u32>,
}

impl SegmentFields {
    /// The patch these settings (and `beat`) make.
    pub fn patch(self, beat: Option<String>) -> SegmentPatch {
        SegmentPatch {
            beat,
            prompt: self.prompt,
            narration: self.narration,
            mode: self.mode,
            provider: self.provider,
            model: self.model.map(|m| (!m.trim().is_empty()).then_some(m)),
            duration_s: self.duration,
        }
    }
}

#[derive(Debug, Args)]
pub struct EditSegmentArgs {
    pub job: String,
    /// 1-based segment number.
    pub segment: u32,
    #[command(flatten)]
    pub fields: SegmentFields,
    /// Library asset id of a reference image, in order; repeat for several (replaces the
    /// segment's references).
    #[arg(long = "reference", value_name = "ASSET")]
    pub references: Vec<String>,
    /// Remove the segment's reference images.
    #[arg(long, conflicts_with = "references")]
    pub no_references: bool,
}

#[derive(Debug, Args)]
pub struct JobReferencesArgs {
    pub job: String,
    /// Library asset id of a reference image, in order; repeat for several. None removes
    /// the set.
    #[arg(long = "asset", value_name = "ASSET")]
    pub assets: Vec<String>,
}
