//! [`JobStatusReport`]: a job's generation at a glance (status, per-segment take status and
//! progress, estimated and actual costs, output files), built from a [`JobDetail`].
//!
//! `reelforge status --json` prints it; anything showing progress can build it the same way.

use crate::ids::{JobId, ProviderId, SegmentId, TakeId};
use crate::job::{JobDetail, JobStatus, SegmentDto, TakeDto, TakeStatus};
use crate::storyboard::Storyboard;
use serde::{Deserialize, Serialize};

/// Where one segment's generation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentStatusReport {
    pub segment_id: SegmentId,
    /// Zero-based, as everywhere in the protocol.
    pub index: u32,
    /// One-based, as the command line numbers segments.
    pub number: u32,
    pub provider: ProviderId,
    /// The current take (the selected one, else the newest); `None` before the first take.
    pub take_id: Option<TakeId>,
    /// The current take's status; `None` before the first take.
    pub status: Option<TakeStatus>,
    /// 0–100: the current take's progress (100 once it succeeded).
    pub progress: u8,
    /// How many takes the segment has had.
    pub takes: u32,
    /// The current take's estimate (micro-USD).
    pub estimated_cost_micros: i64,
    /// What every take of the segment cost (micro-USD).
    pub actual_cost_micros: i64,
    /// The current take's checked clip, once it succeeded.
    pub output: Option<String>,
    /// Why the current take failed or waits for a decision.
    pub error: Option<String>,
    /// The segment's storyboard keyframes, oldest first (see [`JobStatusReport::with_storyboard`]).
    #[serde(default)]
    pub keyframes: Vec<KeyframeStatusReport>,
}

/// One storyboard keyframe of a segment, as `reelforge status --json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyframeStatusReport {
    pub id: TakeId,
    pub status: TakeStatus,
    /// The checked image (PNG), once it succeeded.
    pub path: Option<String>,
    /// The one its segment is animated from.
    pub selected: bool,
    /// Selected and approved by the creator.
    pub approved: bool,
    /// The model ignored the aspect ratio: the image was reframed to it.
    pub reframed: bool,
    /// Why it failed.
    pub error: Option<String>,
}

/// Where a job's generation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobStatusReport {
    pub job_id: JobId,
    pub title: String,
    pub status: JobStatus,
    pub segment_count: u32,
    /// Segments whose selected take succeeded.
    pub segments_done: u32,
    /// 0–100: the mean of the segments' progress.
    pub progress: u8,
    pub estimated_cost_micros: i64,
    pub actual_cost_micros: i64,
    pub budget_cap_micros: Option<i64>,
    pub segments: Vec<SegmentStatusReport>,
}

impl JobStatusReport {
    /// The report of `job`; `output_of` gives the clip file of a succeeded take, if known.
    pub fn from_detail(job: &JobDetail, output_of: impl Fn(&TakeId) -> Option<String>) -> Self {
        let segments: Vec<SegmentStatusReport> = job
            .segments
            .iter()
            .map(|segment| SegmentStatusReport::of(segment, &output_of))
            .collect();
        let progress_sum: u32 = segments.iter().map(|s| u32::from(s.progress)).sum();
        let progress = progress_sum
            .checked_div(u32::try_from(segments.len()).unwrap_or(u32::MAX))
            .unwrap_or(0);
        let s = &job.summary;
        Self {
            job_id: s.id.clone(),
            title: s.title.clone(),
            status: s.status,
            segment_count: s.segment_count,
            segments_done: s.segments_done,
            progress: u8::try_from(progress.min(100)).unwrap_or(100),
            estimated_cost_micros: s.estimated_cost_micros,
            actual_cost_micros: s.actual_cost_micros,
            budget_cap_micros: job.budget_cap_micros,
            segments,
        }
    }

    /// This report with each segment's keyframes from `board`; `output_of` gives the image
    /// file of a succeeded keyframe, if known.
    pub fn with_storyboard(
        mut self,
        board: &Storyboard,
        output_of: impl Fn(&TakeId) -> Option<String>,
    ) -> Self {
        for segment in &mut self.segments {
            let Some(frame) = board.segments.iter().find(|f| f.index == segment.index) else {
                continue;
            };
            segment.keyframes = frame
                .keyframes
                .iter()
                .map(|k| {
                    let selected = frame.selected_keyframe.as_ref() == Some(&k.take.id);
                    KeyframeStatusReport {
                        id: k.take.id.clone(),
                        status: k.take.status,
                        path: (k.take.status == TakeStatus::Succeeded)
                            .then(|| output_of(&k.take.id))
                            .flatten(),
                        selected,
                        approved: selected && frame.approved,
                        reframed: k.reframed,
                        error: k.take.error_message.clone(),
                    }
                })
                .collect();
        }
        self
    }

    /// The segments whose current take waits for a resubmit-or-abandon decision.
    pub fn awaiting_decision(&self) -> impl Iterator<Item = &SegmentStatusReport> {
        self.segments
            .iter()
            .filter(|s| s.status == Some(TakeStatus::SubmitUnknown))
    }

    /// Whether a take of the job is being sent, rendered or downloaded right now.
    pub fn has_take_under_way(&self) -> bool {
        self.segments.iter().any(|s| {
            matches!(
                s.status,
                Some(TakeStatus::Submitting | TakeStatus::Running | TakeStatus::Downloading)
            )
        })
    }
}

impl SegmentStatusReport {
    fn of(segment: &SegmentDto, output_of: &impl Fn(&TakeId) -> Option<String>) -> Self {
        let current: Option<&TakeDto> = segment
            .selected_take
            .as_ref()
            .and_then(|id| segment.takes.iter().find(|t| &t.id == id))
            .or_else(|| {
                segment
                    .takes
                    .iter()
                    .max_by_key(|t| (t.created_at, t.id.clone()))
            });
        let status = current.map(|t| t.status);
        let progress = match current {
            Some(t) if t.status == TakeStatus::Succeeded => 100,
            Some(t) => t.progress.min(100),
            None => 0,
        };
        Self {
            keyframes: Vec::new(),
            segment_id: segment.id.clone(),
            index: segment.index,
            number: segment.index + 1,
            provider: current.map_or_else(|| segment.provider.clone(), |t| t.provider.clone()),
            take_id: current.map(|t| t.id.clone()),
            status,
            progress,
            takes: u32::try_from(segment.takes.len()).unwrap_or(u32::MAX),
            estimated_cost_micros: current.map_or(0, |t| t.estimated_cost_micros),
            actual_cost_micros: segment.takes.iter().map(|t| t.actual_cost_micros).sum(),
            output: current
                .filter(|t| t.status == TakeStatus::Succeeded)
                .and_then(|t| output_of(&t.id)),
            error: current
                .and_then(|t| t.error_message.clone())
                .filter(|_| status != Some(TakeStatus::Succeeded)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{JobConfig, JobSummary, ResolvedConfig};
    use crate::media::{AspectRatio, GenerationMode};

    fn take(id: &str, status: TakeStatus, progress: u8, created_at: i64) -> TakeDto {
        TakeDto {
            id: TakeId::from(id),
            segment_id: SegmentId::from("s"),
            provider: "local".into(),
            model: None,
            prompt: None,
            remote_id: None,
            status,
            progress,
            estimated_cost_micros: 10,
            actual_cost_micros: 7,
            error_code: None,
            error_message: Some(format!("{id} said no")),
            created_at,
            updated_at: created_at,
        }
    }

    fn segment(index: u32, selected: Option<&str>, takes: Vec<TakeDto>) -> SegmentDto {
        SegmentDto {
            id: SegmentId::from(format!("s{index}")),
            index,
            beat: String::new(),
            prompt: "p".into(),
            narration: String::new(),
            mode: GenerationMode::TextToVideo,
            provider: "local".into(),
            model: None,
            duration_s: 5,
            reference_assets: Vec::new(),
            selected_take: selected.map(TakeId::from),
            takes,
        }
    }

    fn job(segments: Vec<SegmentDto>) -> JobDetail {
        JobDetail {
            summary: JobSummary {
                id: JobId::from("j"),
                title: "t".into(),
                subject: String::new(),
                template_id: None,
                template_name: None,
                status: JobStatus::Generating,
                aspect_ratio: AspectRatio::Portrait,
                segment_count: u32::try_from(segments.len()).unwrap(),
                segments_done: 1,
                estimated_cost_micros: 30,
                actual_cost_micros: 21,
                created_at: 0,
                updated_at: 0,
            },
            overrides: JobConfig::default(),
            config: ResolvedConfig {
                aspect_ratio: AspectRatio::Portrait,
                provider: "local".into(),
                model: None,
                mode: GenerationMode::TextToVideo,
                segment_duration_s: 5,
                fallback_providers: Vec::new(),
                allow_fallback: false,
            },
            budget_cap_micros: None,
            segments,
            reference_assets: Vec::new(),
            activity: Vec::new(),
            last_assembly: None,
        }
    }

    #[test]
    fn reports_the_selected_take_else_the_newest_and_sums_costs() {
        let detail = job(vec![
            segment(
                0,
                Some("a"),
                vec![
                    take("a", TakeStatus::Succeeded, 40, 1),
                    take("b", TakeStatus::Failed, 0, 2),
                ],
            ),
            segment(
                1,
                None,
                vec![
                    take("c", TakeStatus::Failed, 0, 1),
                    take("d", TakeStatus::SubmitUnknown, 0, 3),
                ],
            ),
            segment(2, None, Vec::new()),
        ]);
        let report = JobStatusReport::from_detail(&detail, |id| Some(format!("/lib/{id}.mp4")));
        let [first, second, third] = &report.segments[..] else {
            panic!("three segments expected");
        };
        assert_eq!(first.take_id, Some(TakeId::from("a")));
        assert_eq!(
            (first.status, first.progress),
            (Some(TakeStatus::Succeeded), 100)
        );
        assert_eq!(first.output.as_deref(), Some("/lib/a.mp4"));
        assert_eq!(first.error, None);
        assert_eq!((first.takes, first.actual_cost_micros), (2, 14));
        assert_eq!(second.take_id, Some(TakeId::from("d")));
        assert_eq!(second.output, None, "no output before success");
        assert_eq!(second.error.as_deref(), Some("d said no"));
        assert_eq!(second.number, 2);
        assert_eq!((third.status, third.take_id.clone()), (None, None));
        assert_eq!(report.progress, 33);
        let waiting: Vec<u32> = report.awaiting_decision().map(|s| s.number).collect();
        assert_eq!(waiting, [2]);
        assert!(!report.has_take_under_way());
    }
}
