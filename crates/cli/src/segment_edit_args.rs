//! The grammar of `reelforge jobs edit` (one segment's settings, after launch too) and
//! `reelforge jobs references` (the job's character/style reference set).

use clap::Args;
use reelforge_protocol::{GenerationMode, ProviderId};

#[derive(Debug, Args)]
pub struct EditSegmentArgs {
    pub job: String,
    /// 1-based segment number.
    pub segment: u32,
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
