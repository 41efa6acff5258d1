//! A job's activity log as structure: [`ActivityEntry`] says what happened and with which
//! values (a segment, a provider, an error code, a count), and the UI words it in its own
//! language. The engine also stores an English line per entry, for logs and the CLI only.

use crate::error::ErrorCode;
use crate::generation::SubmitUnknownDecision;
use crate::ids::{JobId, ProviderId, TakeId};
use crate::media::{AspectRatio, GenerationMode};
use crate::quick::ScriptLanguage;
use crate::take_error::TakeErrorCode;
use serde::{Deserialize, Serialize};

/// One thing that happened to a job. Segments are named by their 0-based `index` (people read
/// `index + 1`); providers by their id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActivityEntry {
    /// The job was created with `segments` segments, from the named template or from scratch.
    Created {
        template: Option<String>,
        segments: u32,
    },
    /// Quick mode wrote the job's script.
    ScriptWritten {
        /// Which writer (`offline`, or `chat:<model>`).
        writer: String,
        segments: u32,
        duration_s: u32,
        language: ScriptLanguage,
    },
    /// Some fields of some segments were edited.
    SegmentsEdited {
        indexes: Vec<u32>,
        fields: Vec<SegmentField>,
    },
    /// A segment's reference images were replaced by `count` images.
    ReferencesSet {
        index: u32,
        count: u32,
    },
    /// Generation started (or started again) for `segments` segments.
    GenerationStarted {
        segments: u32,
        estimated_cost_micros: i64,
    },
    /// The job was paused: no new take is sent.
    Paused,
    Resumed,
    /// The job was cancelled with everything under way for it.
    Cancelled,
    /// What was under way for one segment was cancelled.
    SegmentCancelled {
        index: u32,
    },
    /// The person asked for a new take of a segment.
    RetryRequested {
        index: u32,
    },
    /// A take failed for a reason that may pass: the engine sends a new one in `delay_s`
    /// seconds (retry `retry` of `max_retries`).
    RetryScheduled {
        index: u32,
        failure: ProviderFailure,
        retry: u32,
        max_retries: u32,
        delay_s: u64,
    },
    /// A segment failed for good on a provider (no retry or fallback left).
    SegmentFailed {
        index: u32,
        failure: ProviderFailure,
    },
    /// A provider of the fallback chain was passed over.
    FallbackSkipped {
        index: u32,
        provider: ProviderId,
        reason: FallbackSkipReason,
    },
    /// After `failure`, the segment was sent to the next provider of the chain.
    FellBack {
        index: u32,
        failure: ProviderFailure,
        to: ProviderId,
    },
    /// A take may or may not have reached `provider`: the person decides.
    SubmitUnknown {
        index: u32,
        provider: ProviderId,
        cause: SubmitUnknownCause,
    },
    /// A take sent to `provider` before Reelforge stopped, found in its list of recent
    /// generations: the take follows that generation (one create, one charge).
    FoundInProviderList {
        index: u32,
        provider: ProviderId,
    },
    /// `provider`'s list of recent generations shows that a take sent before Reelforge
    /// stopped made nothing: it is sent again.
    NothingInProviderList {
        index: u32,
        provider: ProviderId,
    },
    /// The person's decision about a `submit_unknown` take.
    Decided {
        index: u32,
        decision: SubmitUnknownDecision,
    },
    /// Every segment has a generated take: the job is ready for review.
    ReadyForReview,
    /// Generation ended with these segments (indexes) not generated.
    GenerationStopped {
        failed: Vec<u32>,
    },
    /// A take was chosen for its segment's final video.
    TakeSelected {
        take_id: TakeId,
    },
    /// Assembly of `segments` segments with the named export preset started.
    AssemblyStarted {
        segments: u32,
        preset: String,
    },
    /// The final video was written to `output`.
    Assembled {
        output: String,
    },
    /// Assembly failed; `detail` is the engine's English account, for logs.
    AssemblyFailed {
        code: ErrorCode,
        detail: String,
    },
    /// Reelforge stopped during an assembly, which must be run again.
    AssemblyInterrupted,
    /// Segments (zero-based indexes) promoted from their draft take to a new take at their
    /// final model (draft → final).
    Promoted {
        indexes: Vec<u32>,
        estimated_cost_micros: i64,
    },
    /// The person's own video (`name`, from `in_ms` to `out_ms`) became the take of the
    /// segment at `index`, without a provider call. (Own clips, issue 17.)
    ClipUsed {
        index: u32,
        name: String,
        in_ms: u64,
        out_ms: u64,
    },
    /// A line written before entries were structured: its kind and English text as stored.
    Legacy {
        kind: String,
        message: String,
    },
    /// The job was made as a copy of job `from` (titled `title`), with `takes` takes copied.
    Duplicated {
        from: JobId,
        title: String,
        takes: u32,
    },
}

impl ActivityEntry {
    /// The entry's category as stored beside it (`created`, `retry`, `fallback`, `review`…),
    /// for logs, the CLI and styling.
    pub fn kind(&self) -> &str {
        match self {
            Self::Created { .. } => "created",
            Self::ScriptWritten { .. } => "quick",
            Self::SegmentsEdited { .. } | Self::ReferencesSet { .. } => "configured",
            Self::GenerationStarted { .. } | Self::Resumed => "generating",
            Self::Paused => "paused",
            Self::Cancelled | Self::SegmentCancelled { .. } => "cancelled",
            Self::RetryRequested { .. } | Self::RetryScheduled { .. } => "retry",
            Self::SegmentFailed { .. } | Self::GenerationStopped { .. } => "failed",
            Self::FallbackSkipped { .. } | Self::FellBack { .. } => "fallback",
            Self::SubmitUnknown { .. } => "submit_unknown",
            Self::FoundInProviderList { .. } | Self::NothingInProviderList { .. } => "reconciled",
            Self::Decided { .. } => "decision",
            Self::ReadyForReview => "review",
            Self::TakeSelected { .. } => "take_selected",
            Self::AssemblyStarted { .. } => "assembling",
            Self::Assembled { .. } => "assembled",
            Self::AssemblyFailed { .. } => "assembly_failed",
            Self::AssemblyInterrupted => "assembly_interrupted",
            Self::Promoted { .. } => "promoted",
            Self::ClipUsed { .. } => "clip_used",
            Self::Legacy { kind, .. } => kind,
            Self::Duplicated { .. } => "created",
        }
    }
}

/// A provider call that failed, as an activity entry names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProviderFailure {
    /// The provider's id.
    pub provider: ProviderId,
    /// The take error code (`moderation`, `rate_limited`, `timeout`…); the UI words it.
    pub error_code: TakeErrorCode,
    /// The provider's own words, for logs and the CLI.
    pub detail: String,
}

/// A field of a segment an edit can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SegmentField {
    Beat,
    Prompt,
    Narration,
    Mode,
    Provider,
    Model,
    Duration,
}

impl SegmentField {
    pub const ALL: [SegmentField; 7] = [
        Self::Beat,
        Self::Prompt,
        Self::Narration,
        Self::Mode,
        Self::Provider,
        Self::Model,
        Self::Duration,
    ];

    /// The field's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beat => "beat",
            Self::Prompt => "prompt",
            Self::Narration => "narration",
            Self::Mode => "mode",
            Self::Provider => "provider",
            Self::Model => "model",
            Self::Duration => "duration",
        }
    }
}

/// Why a provider of the fallback chain was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FallbackSkipReason {
    /// The provider is not available in this version.
    NotAvailable,
    /// None of its models makes clips of this mode, length and aspect ratio.
    NoSupportingModel {
        mode: GenerationMode,
        duration_s: u32,
        aspect_ratio: AspectRatio,
    },
    /// Its cost would take the job over its budget cap.
    OverBudget,
}

/// Why a take's fate at the provider is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SubmitUnknownCause {
    /// The connection failed during the create call; `detail` is the transport's words.
    ConnectionFailed { detail: String },
    /// Reelforge stopped between sending the take and recording the answer.
    EngineStopped,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_serialise_as_a_type_and_their_values() {
        let entry = ActivityEntry::FellBack {
            index: 1,
            failure: ProviderFailure {
                provider: "runway".into(),
                error_code: TakeErrorCode::Moderation,
                detail: "flagged".into(),
            },
            to: "local".into(),
        };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "type": "fell_back",
                "index": 1,
                "failure": {"provider": "runway", "error_code": "moderation", "detail": "flagged"},
                "to": "local",
            })
        );
        assert_eq!(
            serde_json::from_value::<ActivityEntry>(json).unwrap(),
            entry
        );
        let skipped = ActivityEntry::FallbackSkipped {
            index: 0,
            provider: "beta".into(),
            reason: FallbackSkipReason::NoSupportingModel {
                mode: GenerationMode::TextToVideo,
                duration_s: 5,
                aspect_ratio: AspectRatio::Portrait,
            },
        };
        let text = serde_json::to_string(&skipped).unwrap();
        assert_eq!(
            serde_json::from_str::<ActivityEntry>(&text).unwrap(),
            skipped
        );
        assert_eq!(
            serde_json::to_value(ActivityEntry::Paused).unwrap(),
            serde_json::json!({"type": "paused"})
        );
    }

    #[test]
    fn a_legacy_line_keeps_its_stored_kind() {
        let legacy = ActivityEntry::Legacy {
            kind: "review".into(),
            message: "Every segment is generated".into(),
        };
        assert_eq!(legacy.kind(), "review");
        assert_eq!(ActivityEntry::ReadyForReview.kind(), "review");
    }

    #[test]
    fn segment_fields_round_trip_through_their_wire_names() {
        for field in SegmentField::ALL {
            assert_eq!(
                serde_json::to_string(&field).unwrap(),
                format!("\"{}\"", field.as_str())
            );
        }
    }
}
