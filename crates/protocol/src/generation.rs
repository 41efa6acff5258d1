//! Generation DTOs: cost estimates, control requests and the engine's event stream.

use crate::ids::{JobId, ProviderId, SegmentId, TakeId};
use crate::job::{JobStatus, TakeStatus};
use serde::{Deserialize, Serialize};

/// The estimated cost of one segment's next take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentEstimate {
    pub segment_id: SegmentId,
    pub index: u32,
    pub provider: ProviderId,
    pub model: Option<String>,
    pub duration_s: u32,
    pub micros: i64,
    /// Why the segment's provider cannot generate it as configured, if it cannot.
    pub problem: Option<String>,
    /// The job has a reference set that this segment's model cannot be sent (it takes no
    /// reference image, and no start frame the segment leaves free): said before launch.
    #[serde(default)]
    pub job_references_unsent: bool,
}

/// What launching a job would cost, computed from provider descriptors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostEstimate {
    pub job_id: JobId,
    /// Segments still to generate, with their estimate.
    pub segments: Vec<SegmentEstimate>,
    /// Sum of the segments' estimates.
    pub total_micros: i64,
    /// What the job's takes have cost so far.
    pub spent_micros: i64,
    pub budget_cap_micros: Option<i64>,
    /// `spent + total` stays within the cap (always true without a cap).
    pub within_budget: bool,
}

/// One segment of a job, by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentRef {
    pub job_id: JobId,
    /// Zero-based segment index.
    pub index: u32,
}

/// What to do with a take whose create call may or may not have reached the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmitUnknownDecision {
    /// Send it again (the provider may charge twice).
    Resubmit,
    /// Give it up.
    Abandon,
}

/// The person's decision about a `submit_unknown` take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecideRequest {
    pub segment: SegmentRef,
    pub decision: SubmitUnknownDecision,
    /// Which of the segment's undecided takes (a keyframe's, from the storyboard); `None`:
    /// its clip take when it has one waiting, else its keyframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub take_id: Option<TakeId>,
}

/// A finished assembly of a job: where the final video and its captions are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssemblyResult {
    pub job_id: JobId,
    /// Absolute path of the final video.
    pub output: String,
    /// Absolute path of the `.srt` beside it (same stem), when a segment has narration.
    pub srt: Option<String>,
    /// Absolute path of the `.ass` beside it (styled, word by word), when there is an `.srt`
    /// (absent in assemblies stored before).
    #[serde(default)]
    pub ass: Option<String>,
    /// The export preset's id, e.g. `vertical-1080`.
    pub preset: String,
    pub width: u32,
    pub height: u32,
    pub duration_ms: u64,
    /// The narration spoken, when a voice spoke it (absent in assemblies stored before).
    #[serde(default)]
    pub narration: Option<NarrationUsed>,
    /// Where each segment sits in the video, in order (empty in assemblies stored before).
    #[serde(default)]
    pub segments: Vec<AssembledSegment>,
    /// Every file of a multi-format export (`reelforge export`), with its size; empty for a
    /// single assembly.
    #[serde(default)]
    pub exports: Vec<crate::export_format::ExportedFile>,
}

/// One segment's place in the assembled video.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssembledSegment {
    pub start_ms: u64,
    pub end_ms: u64,
    /// How long its narration speaks, when a voice spoke it; a voice longer than the clip
    /// holds the clip's last frame until it has finished.
    pub voice_ms: Option<u64>,
}

/// Which voice spoke an assembly's narration, and how many segments it had to synthesize
/// (the others came from the narration cache).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NarrationUsed {
    /// The voice provider's id.
    pub provider: String,
    pub voice: String,
    pub language: crate::quick::ScriptLanguage,
    pub synthesized: u32,
    pub reused: u32,
    /// Characters sent to the voice for this assembly (cached narration costs nothing).
    #[serde(default)]
    pub characters_synthesized: u64,
    /// What those characters cost at the voice's list price, in micro-USD.
    #[serde(default)]
    pub cost_micro_usd: i64,
}

/// A notification from the engine. The database is the truth; these say what to re-read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A job's status changed.
    JobUpdated { job_id: JobId, status: JobStatus },
    /// A take of a segment changed state.
    SegmentUpdated {
        job_id: JobId,
        segment_id: SegmentId,
        take_id: TakeId,
        status: TakeStatus,
    },
    /// A running take progressed (throttled).
    Progress {
        job_id: JobId,
        segment_id: SegmentId,
        take_id: TakeId,
        /// 0–100.
        progress: u8,
    },
    /// The listener missed events: re-read everything it shows.
    Resync,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_decisions_have_a_stable_wire_shape() {
        let event = EngineEvent::Progress {
            job_id: JobId::from("j"),
            segment_id: SegmentId::from("s"),
            take_id: TakeId::from("t"),
            progress: 42,
        };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::json!({
                "type": "progress", "job_id": "j", "segment_id": "s", "take_id": "t",
                "progress": 42
            })
        );
        assert_eq!(
            serde_json::to_value(EngineEvent::Resync).unwrap(),
            serde_json::json!({"type": "resync"})
        );
        let decide: DecideRequest = serde_json::from_value(serde_json::json!({
            "segment": {"job_id": "j", "index": 2},
            "decision": "abandon"
        }))
        .unwrap();
        assert_eq!(decide.decision, SubmitUnknownDecision::Abandon);
        assert_eq!(decide.segment.index, 2);
    }
}
