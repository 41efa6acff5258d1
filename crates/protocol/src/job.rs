//! Job, segment and take DTOs, the dashboard query and its page of results.

use crate::activity::ActivityEntry;
use crate::generation::AssemblyResult;
use crate::ids::{AssetId, JobId, ProviderId, SegmentId, TakeId, TemplateId};
use crate::media::{AspectRatio, GenerationMode};
use crate::take_error::TakeErrorCode;
use serde::{Deserialize, Serialize};

/// Where a job stands. `draft → configured → generating → review → assembling → completed`,
/// plus `failed`, `paused` and `cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Draft,
    Configured,
    Generating,
    Review,
    Assembling,
    Completed,
    Failed,
    Paused,
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 9] = [
        Self::Draft,
        Self::Configured,
        Self::Generating,
        Self::Review,
        Self::Assembling,
        Self::Completed,
        Self::Failed,
        Self::Paused,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Configured => "configured",
            Self::Generating => "generating",
            Self::Review => "review",
            Self::Assembling => "assembling",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Paused => "paused",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the wire name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Counted as "in progress" on the dashboard.
    pub fn is_in_progress(self) -> bool {
        matches!(self, Self::Generating | Self::Assembling | Self::Paused)
    }
}

/// Where one generation attempt (take) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TakeStatus {
    /// Waiting for a slot.
    Queued,
    /// Intent committed; the create call may be in flight.
    Submitting,
    /// The provider accepted it and returned its id.
    Running,
    /// The provider finished; the output is being downloaded and checked.
    Downloading,
    Succeeded,
    Failed,
    Cancelled,
    /// The app stopped between sending the create call and recording its answer: the
    /// provider may or may not be working on it. Waits for the person's decision.
    SubmitUnknown,
}

impl TakeStatus {
    pub const ALL: [TakeStatus; 8] = [
        Self::Queued,
        Self::Submitting,
        Self::Running,
        Self::Downloading,
        Self::Succeeded,
        Self::Failed,
        Self::Cancelled,
        Self::SubmitUnknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Submitting => "submitting",
            Self::Running => "running",
            Self::Downloading => "downloading",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::SubmitUnknown => "submit_unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// No further event changes it.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// Per-job overrides of the template. `None` means "inherit" (job → template → default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<GenerationMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_duration_s: Option<u32>,
    /// Ordered providers to fall back to after `provider`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_providers: Option<Vec<ProviderId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_fallback: Option<bool>,
    /// The voice and captions chosen for the job (`None`: the offline voice, bold pop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<crate::voice::VoiceAndCaptions>,
}

/// The configuration a job actually runs with, after the cascade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResolvedConfig {
    pub aspect_ratio: AspectRatio,
    pub provider: ProviderId,
    pub model: Option<String>,
    pub mode: GenerationMode,
    pub segment_duration_s: u32,
    pub fallback_providers: Vec<ProviderId>,
    pub allow_fallback: bool,
}

/// Create a job from a template (segments materialised from it) or from scratch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateJobRequest {
    pub title: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub template_id: Option<TemplateId>,
    /// Required when there is no template; overrides the template's count otherwise.
    #[serde(default)]
    pub segment_count: Option<u32>,
    #[serde(default)]
    pub config: JobConfig,
    /// Refuse to launch when the estimate exceeds this (micro-USD).
    #[serde(default)]
    pub budget_cap_micros: Option<i64>,
}

/// Fields to set on several segments at once; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<GenerationMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    /// `Some(None)` clears the model (provider default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
}

/// Apply `patch` to the segments at `indexes` (all segments when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConfigureSegmentsRequest {
    pub job_id: JobId,
    #[serde(default)]
    pub indexes: Vec<u32>,
    pub patch: SegmentPatch,
}

/// The dashboard's query over the whole offline history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobListQuery {
    #[serde(default)]
    pub status: Option<JobStatus>,
    /// Matched against title and subject (substring, case-insensitive).
    #[serde(default)]
    pub search: Option<String>,
    /// Zero-based page number.
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

fn default_page_size() -> u32 {
    25
}

impl Default for JobListQuery {
    fn default() -> Self {
        Self {
            status: None,
            search: None,
            page: 0,
            page_size: default_page_size(),
        }
    }
}

/// One row of the jobs table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobSummary {
    pub id: JobId,
    pub title: String,
    pub subject: String,
    pub template_id: Option<TemplateId>,
    pub template_name: Option<String>,
    pub status: JobStatus,
    pub aspect_ratio: AspectRatio,
    pub segment_count: u32,
    /// Segments whose selected take succeeded.
    pub segments_done: u32,
    pub estimated_cost_micros: i64,
    /// Sum of the actual cost of every take of the job.
    pub actual_cost_micros: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Whole-history figures for the dashboard header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DashboardStats {
    pub total_jobs: u64,
    pub completed: u64,
    pub in_progress: u64,
    pub failed: u64,
    pub total_cost_micros: i64,
}

/// A page of jobs plus the whole-history stats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobPage {
    pub items: Vec<JobSummary>,
    /// How many jobs match the filter and search (all pages).
    pub total_matching: u64,
    pub page: u32,
    pub page_size: u32,
    pub stats: DashboardStats,
}

/// One generation attempt of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TakeDto {
    pub id: TakeId,
    pub segment_id: SegmentId,
    pub provider: ProviderId,
    pub model: Option<String>,
    /// The prompt the take was made with, as sent (style text first); `None` when unknown.
    #[serde(default)]
    pub prompt: Option<String>,
    pub remote_id: Option<String>,
    pub status: TakeStatus,
    /// 0–100.
    pub progress: u8,
    pub estimated_cost_micros: i64,
    pub actual_cost_micros: i64,
    /// Why the take failed or was stopped; the UI words it.
    pub error_code: Option<TakeErrorCode>,
    /// The provider's (or engine's) own English text: secondary detail, logs and the CLI.
    pub error_message: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One clip slot of a job, with its takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentDto {
    pub id: SegmentId,
    pub index: u32,
    pub beat: String,
    pub prompt: String,
    pub narration: String,
    pub mode: GenerationMode,
    pub provider: ProviderId,
    pub model: Option<String>,
    pub duration_s: u32,
    pub reference_assets: Vec<AssetId>,
    pub selected_take: Option<TakeId>,
    pub takes: Vec<TakeDto>,
}

/// One line of a job's activity log: what happened as structure (the UI words it), with the
/// engine's English line and its kind as stored (for logs and the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivityDto {
    pub at: i64,
    /// The entry's category ([`ActivityEntry::kind`]).
    pub kind: String,
    /// The English line, for logs and the CLI; the UI words [`ActivityDto::entry`] instead.
    pub message: String,
    pub entry: ActivityEntry,
}

/// Everything the job screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobDetail {
    /// Flattened: a job detail has the summary's fields (`id`, `title`, `status`, …) at its top.
    #[serde(flatten)]
    pub summary: JobSummary,
    /// The overrides stored on the job.
    pub overrides: JobConfig,
    /// What the job runs with after the cascade.
    pub config: ResolvedConfig,
    pub budget_cap_micros: Option<i64>,
    pub segments: Vec<SegmentDto>,
    /// The job's character/style reference images, sent with every segment whose provider
    /// takes them.
    #[serde(default)]
    pub reference_assets: Vec<AssetId>,
    pub activity: Vec<ActivityDto>,
    /// The last successful assembly (final video, `.srt`, preset, size, duration), whoever
    /// ran it; `None` until the job is first assembled.
    #[serde(default)]
    pub last_assembly: Option<AssemblyResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_wire_names() {
        for st in JobStatus::ALL {
            assert_eq!(JobStatus::parse(st.as_str()), Some(st));
            assert_eq!(
                serde_json::to_string(&st).unwrap(),
                format!("\"{}\"", st.as_str())
            );
        }
        for st in TakeStatus::ALL {
            assert_eq!(TakeStatus::parse(st.as_str()), Some(st));
            assert_eq!(
                serde_json::to_string(&st).unwrap(),
                format!("\"{}\"", st.as_str())
            );
        }
        assert_eq!(JobStatus::parse("done"), None);
    }

    #[test]
    fn list_query_defaults_when_fields_are_missing() {
        let q: JobListQuery = serde_json::from_str("{}").unwrap();
        assert_eq!(q, JobListQuery::default());
        assert_eq!(q.page_size, 25);
    }
}
