//! How a job's narration fits its clips before anything is spoken or paid
//! ([`NarrationPlan`], asked with [`NarrationPlanRequest`]): per segment, how long the voice
//! speaks against how long its clip runs — the wizard shows "voice 4.2 s / clip 5 s" and warns
//! before launch when the voice runs longer — and what synthesizing the narration not yet in
//! the narration cache would cost at the voice's list price.

use crate::ids::JobId;
use crate::quick::ScriptLanguage;
use crate::voice::NarrationChoice;
use serde::{Deserialize, Serialize};

/// Which job, narrated how (the same choice the assembly will get).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NarrationPlanRequest {
    pub job_id: JobId,
    #[serde(default)]
    pub narration: NarrationChoice,
}

/// One segment's narration against its clip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentNarrationFit {
    /// Zero-based segment index.
    pub index: u32,
    /// How long the voice speaks the segment's narration, in seconds: measured when this
    /// voice already spoke this text (narration cache), else estimated from the language's
    /// speaking rate at the chosen speed. `None`: nothing to say (empty, or stage directions
    /// only).
    pub narration_seconds: Option<f64>,
    /// `narration_seconds` was measured on the synthesized audio (else estimated).
    pub measured: bool,
    /// How long the segment's clip runs, in seconds (its configured duration).
    pub clip_seconds: f64,
    /// The voice runs longer than the clip. The assembly's rule: the clip's last frame is
    /// held until the voice has finished (plus a short tail), never cutting a word; the UI
    /// warns before launch.
    pub voice_longer_than_clip: bool,
    /// Characters still to synthesize for this segment (0 when cached or silent).
    pub characters_to_synthesize: u64,
}

/// What narrating a job would do: the voice that would speak, each segment's fit and the
/// voice's cost estimate (cached narration costs nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NarrationPlan {
    pub job_id: JobId,
    /// The voice provider's id.
    pub provider: String,
    pub voice: String,
    pub language: ScriptLanguage,
    /// In segment order.
    pub segments: Vec<SegmentNarrationFit>,
    /// Characters the assembly would send to the voice.
    pub characters_to_synthesize: u64,
    /// What they cost at the voice's list price, in micro-USD.
    pub cost_micro_usd: i64,
}
