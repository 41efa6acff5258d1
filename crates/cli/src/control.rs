//! `reelforge status|retry|cancel|pause|resume|decide …`: the generation controls, each one
//! facade call. Segments are numbered from 1 on the command line.

use crate::args::DecideArgs;
use crate::output::{self, Output};
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, DecideRequest, ErrorCode, JobDetail, JobId, JobStatusReport, SegmentRef,
    SubmitUnknownDecision, TakeId,
};

/// The job's status report, with the absolute path of every succeeded take's clip and each
/// segment's storyboard keyframes (with their image files).
pub async fn status_report(core: &Core, job: &JobId) -> Result<JobStatusReport, ApiError> {
    let detail = core.get_job(job).await?;
    let board = core.get_storyboard(job).await?;
    let files = core.take_output_files(job).await?;
    let file_of = |take: &TakeId| files.get(take).map(|path| path.display().to_string());
    Ok(JobStatusReport::from_detail(&detail, file_of).with_storyboard(&board, file_of))
}

/// The zero-based index of segment `number` (counted from 1 on the command line).
pub fn segment_index(number: u32) -> Result<u32, ApiError> {
    number
        .checked_sub(1)
        .ok_or_else(|| ApiError::new(ErrorCode::Validation, "segments are numbered from 1"))
}

/// The zero-based reference of segment `number` (counted from 1) of `job`.
pub fn segment_ref(job: &str, number: u32) -> Result<SegmentRef, ApiError> {
    Ok(SegmentRef {
        job_id: JobId(job.to_owned()),
        index: segment_index(number)?,
    })
}

pub async fn status(core: &Core, job: String, out: &Output) -> Result<(), ApiError> {
    let report = status_report(core, &JobId(job)).await?;
    out.emit(&report, output::status_report);
    Ok(())
}

pub async fn retry(core: &Core, job: String, segment: u32, out: &Output) -> Result<(), ApiError> {
    let detail = core.retry_segment(&segment_ref(&job, segment)?).await?;
    show_after(core, &detail, out).await
}

pub async fn cancel(
    core: &Core,
    job: String,
    segment: Option<u32>,
    out: &Output,
) -> Result<(), ApiError> {
    let detail = match segment {
        Some(number) => core.cancel_segment(&segment_ref(&job, number)?).await?,
        None => core.cancel_job(&JobId(job)).await?,
    };
    show_after(core, &detail, out).await
}

pub async fn pause(core: &Core, job: String, out: &Output) -> Result<(), ApiError> {
    let detail = core.pause_job(&JobId(job)).await?;
    show_after(core, &detail, out).await
}

pub async fn resume(core: &Core, job: String, out: &Output) -> Result<(), ApiError> {
    let detail = core.resume_job(&JobId(job)).await?;
    show_after(core, &detail, out).await
}

pub async fn decide(core: &Core, args: DecideArgs, out: &Output) -> Result<(), ApiError> {
    let decision = if args.abandon {
        SubmitUnknownDecision::Abandon
    } else {
        SubmitUnknownDecision::Resubmit
    };
    let req = DecideRequest {
        segment: segment_ref(&args.job, args.segment)?,
        decision,
        take_id: args.take.map(TakeId),
    };
    let detail = core.decide_submit_unknown(&req).await?;
    show_after(core, &detail, out).await
}

/// After a control: the job detail as JSON (as `jobs show` prints it), its status for people.
async fn show_after(core: &Core, detail: &JobDetail, out: &Output) -> Result<(), ApiError> {
    if out.json {
        out.emit(detail, |_| {});
    } else {
        output::status_report(&status_report(core, &detail.summary.id).await?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_numbered_from_one() {
        assert_eq!(segment_ref("j", 1).unwrap().index, 0);
        assert_eq!(segment_ref("j", 6).unwrap().index, 5);
        assert_eq!(segment_ref("j", 0).unwrap_err().code, ErrorCode::Validation);
    }
}
