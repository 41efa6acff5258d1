//! `reelforge storyboard JOB [--segment N] [--approve] [--animate]`: a job's storyboard.
//!
//! Without `--approve` or `--animate` it queues the missing keyframes (or a new keyframe of
//! segment N), runs the engine here until they are made (or follows the desktop app's engine
//! when it runs on the folder) and prints the storyboard; it fails, naming them, when a
//! keyframe failed or waits for a decision. `--approve` approves the selected keyframes (all,
//! or segment N's); `--animate` switches every segment with an approved keyframe to
//! image-to-video from it (the usual `reelforge generate JOB --wait` then makes the clips).

use crate::args::StoryboardArgs;
use crate::output::Output;
use reelforge_core::{Core, CoreError, LockWait};
use reelforge_protocol::{
    AnimateOutcome, ApiError, ApproveKeyframesRequest, ErrorCode, GenerateKeyframesRequest, JobId,
    Storyboard, TakeStatus, money::format_usd,
};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often the storyboard is re-read while another process runs the engine.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);

pub async fn run(core: &Core, args: StoryboardArgs, out: &Output) -> Result<(), ApiError> {
    let job = JobId(args.job.clone());
    let segments = match args.segment {
        Some(n) => vec![crate::control::segment_index(n)?],
        None => Vec::new(),
    };
    if !args.approve && !args.animate {
        let board = generate_and_wait(core, &job, segments).await?;
        let made = failures(&board);
        // With `--json` the error alone is printed (one JSON document on stdout).
        if made.is_ok() || !out.json {
            out.emit(&board, print);
        }
        return made;
    }
    let mut board = None;
    if args.approve {
        let request = ApproveKeyframesRequest {
            job_id: job.clone(),
            segments,
            approved: true,
        };
        board = Some(core.approve_keyframes(&request).await?);
    }
    if args.animate {
        let outcome = core.animate_storyboard(&job).await?;
        out.emit(&outcome, print_animated);
    } else if let Some(board) = board {
        out.emit(&board, print);
    }
    Ok(())
}

/// Queues the keyframes and waits until none of the job's is queued or under way.
async fn generate_and_wait(
    core: &Core,
    job: &JobId,
    segments: Vec<u32>,
) -> Result<Storyboard, ApiError> {
    let mut events = core.subscribe();
    let request = GenerateKeyframesRequest {
        job_id: job.clone(),
        segments,
    };
    core.generate_keyframes(&request).await?;
    let shutdown = CancellationToken::new();
    let mut engine = match core.start_engine(shutdown.clone(), LockWait::Refuse) {
        Ok(handle) => Some(handle),
        Err(CoreError::EngineBusy { .. }) => None,
        Err(other) => return Err(other.into()),
    };
    let waited = async {
        loop {
            let board = core.get_storyboard(job).await?;
            if !under_way(&board) {
                return Ok(board);
            }
            match engine.as_mut() {
                Some(handle) => tokio::select! {
                    event = events.recv() => if event.is_none() {
                        return Err(internal("the engine stopped sending events"));
                    },
                    joined = handle => {
                        engine = None;
                        return Err(match joined {
                            Ok(Err(err)) => err.into(),
                            _ => internal("the engine stopped before the keyframes were made"),
                        });
                    }
                    _ = tokio::signal::ctrl_c() => return Err(conflict(format!(
                        "interrupted: the keyframes of job {job} stay queued and are made at \
                         the next `reelforge storyboard {job}` or in the app"
                    ))),
                },
                None => tokio::time::sleep(FOLLOW_EVERY).await,
            }
        }
    }
    .await;
    shutdown.cancel();
    if let Some(handle) = engine {
        let _ = handle.await;
    }
    waited
}

/// Whether a keyframe of the job is queued or being made.
fn under_way(board: &Storyboard) -> bool {
    board.segments.iter().flat_map(|s| &s.keyframes).any(|k| {
        matches!(
            k.take.status,
            TakeStatus::Queued
                | TakeStatus::Submitting
                | TakeStatus::Running
                | TakeStatus::Downloading
        )
    })
}

/// An error naming the segments whose newest keyframe failed or waits for a decision.
fn failures(board: &Storyboard) -> Result<(), ApiError> {
    let problems: Vec<String> = board
        .segments
        .iter()
        .filter_map(|s| {
            let newest = s.keyframes.last()?;
            let why = newest.take.error_message.as_deref().unwrap_or_default();
            match newest.take.status {
                TakeStatus::Failed => Some(format!("segment {}: failed ({why})", s.index + 1)),
                TakeStatus::SubmitUnknown => Some(format!(
                    "segment {}: needs a decision (`reelforge decide {} {} --resubmit` or \
                     `--abandon`)",
                    s.index + 1,
                    board.job_id,
                    s.index + 1
                )),
                _ => None,
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(conflict(format!(
            "some keyframes were not made: {}",
            problems.join("; ")
        )))
    }
}

fn print(board: &Storyboard) {
    let model = board.image_model.as_deref().unwrap_or("default model");
    let same = if board.same_character {
        ", same character"
    } else {
        ""
    };
    println!(
        "Keyframes: {} ({model}{same}), {} each",
        board.image_provider,
        format_usd(board.micros_per_keyframe)
    );
    for s in &board.segments {
        let selected = s
            .keyframes
            .iter()
            .find(|k| Some(&k.take.id) == s.selected_keyframe.as_ref());
        let state = match (selected, s.approved) {
            (Some(_), true) => "approved",
            (Some(_), false) => "to review",
            (None, _) => "no keyframe",
        };
        let reframed = if selected.is_some_and(|k| k.reframed) {
            " (reframed to the aspect ratio)"
        } else {
            ""
        };
        println!(
            "Segment {}: {} keyframe(s), {state}{reframed}",
            s.index + 1,
            s.keyframes.len()
        );
    }
}

fn print_animated(outcome: &AnimateOutcome) {
    let numbers = |v: &[u32]| {
        v.iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !outcome.animated.is_empty() {
        println!(
            "Segments {} now start from their keyframe (image-to-video); `reelforge generate {} \
             --wait` makes the clips",
            numbers(&outcome.animated),
            outcome.job_id
        );
    }
    if !outcome.skipped.is_empty() {
        println!(
            "Segments {} have no approved keyframe and are unchanged",
            numbers(&outcome.skipped)
        );
    }
}

fn conflict(message: String) -> ApiError {
    ApiError::new(ErrorCode::Conflict, message)
}

fn internal(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Internal, message)
}
