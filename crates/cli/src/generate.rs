//! `reelforge generate JOB [--segment N] [--wait]`.
//!
//! With `--segment N` only a new take of that segment is queued (from its current settings;
//! earlier takes stay), then generated here with `--wait`.
//!
//! Without `--wait` the job is launched and whoever runs the engine (the desktop app, or a
//! later `generate --wait`) generates it. With `--wait` this process runs the engine itself on
//! the wall clock: it launches the job (or attaches to it when it is already generating, e.g.
//! after an interruption), takes the data folder's engine lock and runs the engine, re-reads
//! the job on every engine event for it, shows one progress bar per segment, and ends when the
//! job does. It fails, with the reason, unless every segment succeeded. When another process
//! (the desktop app) already runs the engine on the folder, it follows the job's progress
//! from the database instead. Ctrl-C stops the engine after its current step and exits 130;
//! the job stays queued and resumes at the next `generate --wait` or app start.

use crate::control::status_report;
use crate::output::{self, Output, take_status};
use crate::progress::SegmentBars;
use reelforge_core::{Core, CoreError, CoreResult, LockWait};
use reelforge_protocol::{
    ApiError, EngineEvent, ErrorCode, JobId, JobStatus, JobStatusReport, TakeStatus,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub async fn run(
    core: &Core,
    job: JobId,
    segment: Option<u32>,
    wait: bool,
    out: &Output,
) -> Result<(), ApiError> {
    // Listen before anything changes, so no update can slip between a read and the wait.
    let mut events = core.subscribe();
    if let Some(number) = segment {
        let segment = crate::control::segment_ref(job.as_str(), number)?;
        let detail = core.retry_segment(&segment).await?;
        if !wait {
            out.emit(&detail, |d| {
                println!(
                    "a new take of segment {number} of {} is queued; the desktop app or \
                     `reelforge generate {} --wait` generates it",
                    d.summary.title, d.summary.id
                );
            });
            return Ok(());
        }
    }
    if !wait {
        let detail = core.launch_job(&job).await?;
        out.emit(&detail, |d| {
            println!(
                "launched {} ({}): {} segment(s) queued; the desktop app or \
                 `reelforge generate {} --wait` generates them",
                d.summary.title, d.summary.id, d.summary.segment_count, d.summary.id
            );
        });
        return Ok(());
    }

    let before = core.get_job(&job).await?;
    if matches!(
        before.summary.status,
        JobStatus::Review | JobStatus::Completed
    ) {
        // Already generated (e.g. a previous run ended just as it was interrupted).
        let report = status_report(core, &job).await?;
        out.emit(&report, output::status_report);
        return Ok(());
    }
    if before.summary.status != JobStatus::Generating {
        core.launch_job(&job).await?;
    }
    let shutdown = CancellationToken::new();
    let mut runner = match core.start_engine(shutdown.clone(), LockWait::Refuse) {
        Ok(handle) => Some(handle),
        Err(CoreError::EngineBusy { .. }) => {
            if !out.json {
                eprintln!(
                    "another Reelforge process (the desktop app?) is generating on this data \
                     folder: following its progress"
                );
            }
            None
        }
        Err(other) => return Err(other.into()),
    };
    let first = status_report(core, &job).await?;
    let bars = SegmentBars::new(&first, out.json);

    let ended = watch(core, &job, &mut events, &mut runner, &bars).await;
    bars.finish();
    shutdown.cancel();
    if let Some(handle) = runner {
        stopped(handle.await)?;
    }
    let report = ended?;
    out.emit(&report, output::status_report);
    Ok(())
}

/// Set when Ctrl-C ended `generate --wait`: the CLI then exits 130.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C ended the command.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// How often the job is re-read when another process runs the engine (its events do not
/// cross processes).
const FOLLOW_EVERY: Duration = Duration::from_secs(1);

/// What woke the watch loop.
enum Wake {
    Event(Option<EngineEvent>),
    EngineEnded(Result<CoreResult<()>, tokio::task::JoinError>),
    Interrupted,
    FollowTick,
}

/// Waits until the job ends; `Ok` with its report when every segment succeeded.
async fn watch(
    core: &Core,
    job: &JobId,
    events: &mut reelforge_core::EventStream,
    runner: &mut Option<JoinHandle<CoreResult<()>>>,
    bars: &SegmentBars,
) -> Result<JobStatusReport, ApiError> {
    loop {
        let report = status_report(core, job).await?;
        bars.show(&report);
        if let Some(end) = ending(&report)
            && !retry_under_way(core, job).await?
        {
            return end.map(|()| report);
        }
        // Progress only moves a bar; anything else about this job (or a resync) is re-read.
        loop {
            let wake = match runner.as_mut() {
                Some(handle) => tokio::select! {
                    event = events.recv() => Wake::Event(event),
                    joined = handle => Wake::EngineEnded(joined),
                    _ = tokio::signal::ctrl_c() => Wake::Interrupted,
                },
                None => tokio::select! {
                    () = tokio::time::sleep(FOLLOW_EVERY) => Wake::FollowTick,
                    _ = tokio::signal::ctrl_c() => Wake::Interrupted,
                },
            };
            match wake {
                Wake::Interrupted => {
                    INTERRUPTED.store(true, Ordering::SeqCst);
                    return Err(conflict(format!(
                        "interrupted: job {job} stays queued; the engine stops after its current \
                         step and the job resumes with `reelforge generate {job} --wait` or in the app"
                    )));
                }
                Wake::EngineEnded(joined) => {
                    *runner = None;
                    stopped(joined)?;
                    return Err(internal("the engine stopped before the job ended"));
                }
                Wake::FollowTick => break,
                Wake::Event(Some(EngineEvent::Progress {
                    job_id,
                    segment_id,
                    progress,
                    ..
                })) => {
                    if &job_id == job {
                        bars.progress(&segment_id, progress);
                    }
                }
                Wake::Event(Some(
                    EngineEvent::JobUpdated { job_id, .. }
                    | EngineEvent::SegmentUpdated { job_id, .. },
                )) if &job_id != job => {}
                Wake::Event(Some(_)) => break,
                Wake::Event(None) => return Err(internal("the engine stopped sending events")),
            }
        }
    }
}

/// Whether a take that is not its segment's current one (a retry of a generated segment: the
/// report follows the selected take until the new one succeeds) is still queued or under way.
async fn retry_under_way(core: &Core, job: &JobId) -> Result<bool, ApiError> {
    let detail = core.get_job(job).await?;
    Ok(detail.segments.iter().flat_map(|s| &s.takes).any(|t| {
        matches!(
            t.status,
            TakeStatus::Queued
                | TakeStatus::Submitting
                | TakeStatus::Running
                | TakeStatus::Downloading
        )
    }))
}

/// `Some` once the job has ended: `Ok` when every segment succeeded, else why not.
fn ending(report: &JobStatusReport) -> Option<Result<(), ApiError>> {
    let moving = |s: &&reelforge_protocol::SegmentStatusReport| {
        matches!(
            s.status,
            Some(
                TakeStatus::Queued
                    | TakeStatus::Submitting
                    | TakeStatus::Running
                    | TakeStatus::Downloading
            )
        )
    };
    // Never leave takes half done behind: wait for those sent to finish.
    if report.has_take_under_way() {
        return None;
    }
    let job = &report.job_id;
    match report.status {
        JobStatus::Review | JobStatus::Completed => Some(Ok(())),
        JobStatus::Assembling => None,
        JobStatus::Failed => Some(Err(conflict(format!(
            "job {job} failed: {}",
            problems(report)
        )))),
        JobStatus::Cancelled => Some(Err(conflict(format!("job {job} was cancelled")))),
        JobStatus::Paused => Some(Err(conflict(format!(
            "job {job} is paused: `reelforge resume {job}`, then `reelforge generate {job} \
             --wait`, to go on"
        )))),
        JobStatus::Draft | JobStatus::Configured => Some(Err(conflict(format!(
            "job {job} is {} and not generating",
            report.status.as_str()
        )))),
        JobStatus::Generating => {
            if report.segments.iter().any(|s| moving(&s)) {
                return None;
            }
            let waiting: Vec<String> = report
                .awaiting_decision()
                .map(|s| s.number.to_string())
                .collect();
            let message = if waiting.is_empty() {
                format!("generation of job {job} stopped: {}", problems(report))
            } else {
                format!(
                    "job {job} needs a decision: {}; run `reelforge decide {job} SEGMENT \
                     --resubmit` (the provider may charge twice) or `--abandon`",
                    problems(report)
                )
            };
            Some(Err(conflict(message)))
        }
    }
}

/// Each segment that did not succeed, with its status and reason.
fn problems(report: &JobStatusReport) -> String {
    let lines: Vec<String> = report
        .segments
        .iter()
        .filter(|s| s.status != Some(TakeStatus::Succeeded))
        .map(|s| {
            let why = s
                .error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            format!("segment {} is {}{why}", s.number, take_status(s.status))
        })
        .collect();
    if lines.is_empty() {
        "no segment failed".to_owned()
    } else {
        lines.join("; ")
    }
}

/// How the runner task ended, as the CLI reports it.
fn stopped(joined: Result<CoreResult<()>, tokio::task::JoinError>) -> Result<(), ApiError> {
    match joined {
        Ok(result) => Ok(result?),
        Err(join) => Err(internal(format!("the engine crashed: {join}"))),
    }
}

fn conflict(message: String) -> ApiError {
    ApiError::new(ErrorCode::Conflict, message)
}

fn internal(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Internal, message)
}
