//! `reelforge jobs duplicate|rerun|delete`: a copy of a job (with its selected takes when
//! asked), a new take for every segment of a finished or failed job, and deleting jobs with
//! their files — asked first on a terminal, `--yes` in scripts — through the same bulk
//! command the dashboard sends.

use crate::output::{self, Output};
use clap::Args;
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, BulkAction, BulkJobsRequest, BulkRefusalReason, BulkSelection, BulkSummary,
    DuplicateJobRequest, ErrorCode, JobId,
};
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Args)]
pub struct DuplicateJobArgs {
    pub job: String,
    /// Also copy each segment's selected take (its files are copied).
    #[arg(long)]
    pub with_takes: bool,
}

#[derive(Debug, Args)]
pub struct DeleteJobsArgs {
    /// One or more job ids.
    #[arg(required = true)]
    pub jobs: Vec<String>,
    /// Delete without asking (needed when not on a terminal).
    #[arg(long)]
    pub yes: bool,
}

pub async fn duplicate(core: &Core, a: DuplicateJobArgs, out: &Output) -> Result<(), ApiError> {
    let req = DuplicateJobRequest {
        job_id: JobId(a.job),
        with_takes: a.with_takes,
    };
    let job = core.duplicate_job(req).await?;
    out.emit(&job, output::job);
    Ok(())
}

pub async fn rerun(core: &Core, job: String, out: &Output) -> Result<(), ApiError> {
    let job = core.rerun_job(&JobId(job)).await?;
    out.emit(&job, output::job);
    Ok(())
}

pub async fn delete(core: &Core, a: DeleteJobsArgs, out: &Output) -> Result<(), ApiError> {
    if !a.yes && !confirmed(a.jobs.len())? {
        return Err(ApiError::new(ErrorCode::Cancelled, "nothing was deleted"));
    }
    let req = BulkJobsRequest {
        selection: BulkSelection::Ids {
            ids: a.jobs.into_iter().map(JobId).collect(),
        },
        action: BulkAction::Delete,
    };
    let summary = core.bulk_jobs(req).await?;
    if summary.refused_count > 0 {
        return Err(ApiError::new(
            refusal_code(&summary),
            refusal_text(&summary),
        ));
    }
    out.emit(&summary, |s| {
        println!("deleted {} jobs with their files", s.done)
    });
    Ok(())
}

/// Asks on the terminal; off a terminal, refuses (a script passes `--yes`).
fn confirmed(count: usize) -> Result<bool, ApiError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "deleting removes the jobs' files: pass --yes to delete without asking",
        ));
    }
    eprint!("Delete {count} job(s) with their takes' files and exports? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// `not_found` when every refusal is a missing job, else `conflict`.
fn refusal_code(summary: &BulkSummary) -> ErrorCode {
    if summary
        .refused
        .iter()
        .all(|r| r.reason == BulkRefusalReason::NotFound)
    {
        ErrorCode::NotFound
    } else {
        ErrorCode::Conflict
    }
}

fn refusal_text(summary: &BulkSummary) -> String {
    let reasons: Vec<String> = summary
        .refused
        .iter()
        .map(|r| {
            let why = match &r.reason {
                BulkRefusalReason::UnderWay { status } => {
                    format!(
                        "is {} with something under way: cancel it first",
                        status.as_str()
                    )
                }
                BulkRefusalReason::WrongStatus { status } => format!("is {}", status.as_str()),
                BulkRefusalReason::NothingToRetry => "has nothing to retry".into(),
                BulkRefusalReason::NotFound => "does not exist".into(),
                BulkRefusalReason::Error { detail, .. } => detail.clone(),
            };
            format!("job {} {why}", r.job_id)
        })
        .collect();
    format!(
        "deleted {} of {} jobs; not deleted: {}",
        summary.done,
        summary.selected,
        reasons.join("; ")
    )
}
