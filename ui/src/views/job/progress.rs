//! Where a job and its segments stand: the latest take and the take in use, whether a segment
//! is ready, the job's percent, and a take's label.

use crate::i18n::{Lang, t};
use reelforge_protocol::{JobDetail, SegmentDto, TakeDto, TakeStatus};

/// The take the assembly uses for `segment`: the selected one, or else the latest succeeded.
pub fn take_in_use(segment: &SegmentDto) -> Option<&TakeDto> {
    match &segment.selected_take {
        Some(id) => segment.takes.iter().find(|t| &t.id == id),
        None => segment
            .takes
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == TakeStatus::Succeeded)
            .max_by_key(|(i, t)| (t.created_at, *i))
            .map(|(_, t)| t),
    }
    .filter(|t| t.status == TakeStatus::Succeeded)
}

/// A segment's current take: the latest one made.
pub fn latest_take(segment: &SegmentDto) -> Option<&TakeDto> {
    segment
        .takes
        .iter()
        .enumerate()
        .max_by_key(|(i, take)| (take.created_at, *i))
        .map(|(_, take)| take)
}

/// Whether the segment has a usable clip (its selected take, or else any take, succeeded).
pub fn segment_ready(segment: &SegmentDto) -> bool {
    match &segment.selected_take {
        Some(id) => segment
            .takes
            .iter()
            .any(|t| &t.id == id && t.status == TakeStatus::Succeeded),
        None => segment
            .takes
            .iter()
            .any(|t| t.status == TakeStatus::Succeeded),
    }
}

/// The job's progress in percent: ready segments count fully, a running take by its progress.
/// Never 100 before every segment is ready (a take at 100% is still being downloaded).
pub fn job_percent(detail: &JobDetail) -> u32 {
    let count = detail.segments.len() as u32;
    if count == 0 {
        return 0;
    }
    let sum: u32 = detail
        .segments
        .iter()
        .map(|segment| {
            if segment_ready(segment) {
                100
            } else {
                latest_take(segment)
                    .filter(|take| !take.status.is_terminal())
                    .map_or(0, |take| u32::from(take.progress.min(99)))
            }
        })
        .sum();
    sum / count
}

pub(super) fn take_label(lang: Lang, take: &TakeDto) -> String {
    let s = t(lang);
    match take.status {
        TakeStatus::Queued => s.take_queued.to_owned(),
        TakeStatus::Submitting => s.take_submitting.to_owned(),
        TakeStatus::Running => (s.take_running)(take.progress.min(99)),
        TakeStatus::Downloading => s.take_downloading.to_owned(),
        TakeStatus::Succeeded => s.take_succeeded.to_owned(),
        TakeStatus::Failed => s.take_failed.to_owned(),
        TakeStatus::Cancelled => s.take_cancelled.to_owned(),
        TakeStatus::SubmitUnknown => s.take_submit_unknown.to_owned(),
    }
}

pub(super) fn is_active(status: TakeStatus) -> bool {
    matches!(
        status,
        TakeStatus::Queued | TakeStatus::Submitting | TakeStatus::Running | TakeStatus::Downloading
    )
}
