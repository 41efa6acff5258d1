//! The dashboard's bulk actions: one action over a selection (ticked ids, or everything the
//! dashboard's filter matches minus un-ticked rows), walked in batches read from SQLite so
//! that no more than a batch of jobs is ever held, whatever the history's size. Deleting
//! goes a batch per write transaction (see `job_removal`); the other actions go job by job
//! through the same engine calls as the job screen. Each job the action cannot apply to is
//! refused with a reason the UI words, and the whole is one [`BulkSummary`].

use super::{AssembleOptions, Core};
use crate::error::{CoreError, CoreResult};
use crate::storage::bulk_selection::{self, SelectedJob};
use crate::storage::takes::job_files;
use reelforge_protocol::{
    BulkAction, BulkJobsRequest, BulkRefusalReason, BulkSelection, BulkSummary,
    DuplicateJobRequest, JobId, JobListQuery, JobStatus,
};
use std::collections::HashSet;

/// Jobs read (and, for a delete, deleted in one transaction) at a time.
pub const BULK_BATCH: u32 = 500;

/// Where the walk over a selection stands.
enum Cursor {
    Ids(std::vec::IntoIter<JobId>),
    Filter {
        query: JobListQuery,
        except: Vec<JobId>,
        after: i64,
        /// The last rowid when the walk started (`None` until the first batch).
        until: Option<i64>,
        done: bool,
    },
}

impl Cursor {
    fn new(selection: BulkSelection) -> Self {
        match selection {
            BulkSelection::Ids { ids } => {
                let mut seen = HashSet::new();
                let unique: Vec<JobId> = ids
                    .into_iter()
                    .filter(|id| seen.insert(id.clone()))
                    .collect();
                Self::Ids(unique.into_iter())
            }
            BulkSelection::Filter {
                status,
                search,
                except,
            } => Self::Filter {
                query: JobListQuery {
                    status,
                    search,
                    ..JobListQuery::default()
                },
                except,
                after: 0,
                until: None,
                done: false,
            },
        }
    }
}

/// Whether `action` applies to a job in `status` (the engine checks again as it acts).
fn applies(action: BulkAction, status: JobStatus) -> bool {
    use JobStatus as S;
    match action {
        BulkAction::Pause => status == S::Generating,
        BulkAction::Resume => status == S::Paused,
        BulkAction::Cancel => !matches!(status, S::Completed | S::Cancelled),
        BulkAction::RetryFailed => !matches!(status, S::Assembling),
        BulkAction::Reassemble => matches!(status, S::Review | S::Completed),
        BulkAction::Duplicate | BulkAction::Delete => true,
    }
}

fn refusal_for(error: &CoreError) -> BulkRefusalReason {
    match error {
        CoreError::NotFound { .. } => BulkRefusalReason::NotFound,
        other => BulkRefusalReason::Error {
            code: other.code(),
            detail: other.to_string(),
        },
    }
}

impl Core {
    /// Applies `req.action` to every job of `req.selection`; what was done and what was
    /// refused, and why. A storage failure stops the walk (what was done stays done).
    pub async fn bulk_jobs(&self, req: BulkJobsRequest) -> CoreResult<BulkSummary> {
        let mut summary = BulkSummary::default();
        let mut cursor = Cursor::new(req.selection);
        loop {
            let batch = self.next_batch(&mut cursor, &mut summary).await?;
            if batch.is_empty() {
                break;
            }
            summary.selected += batch.len() as u64;
            match req.action {
                BulkAction::Delete => self.delete_batch(batch, &mut summary).await?,
                action => {
                    for job in batch {
                        self.act_on(action, job, &mut summary).await?;
                    }
                }
            }
        }
        Ok(summary)
    }

    /// The next batch of the selection (empty at its end). Ticked ids that no longer exist
    /// are refused as not found.
    async fn next_batch(
        &self,
        cursor: &mut Cursor,
        summary: &mut BulkSummary,
    ) -> CoreResult<Vec<SelectedJob>> {
        let mut conn = self.db().reader().acquire().await?;
        match cursor {
            Cursor::Ids(ids) => loop {
                let chunk: Vec<JobId> = ids.by_ref().take(BULK_BATCH as usize).collect();
                if chunk.is_empty() {
                    return Ok(Vec::new());
                }
                let found = bulk_selection::by_ids(&mut conn, &chunk).await?;
                for id in &chunk {
                    if !found.iter().any(|j| j.id == *id) {
                        summary.selected += 1;
                        summary.refuse(id.clone(), String::new(), BulkRefusalReason::NotFound);
                    }
                }
                if !found.is_empty() {
                    return Ok(found);
                }
            },
            Cursor::Filter {
                query,
                except,
                after,
                until,
                done,
            } => {
                if *done {
                    return Ok(Vec::new());
                }
                let until = match until {
                    Some(last) => *last,
                    None => *until.insert(bulk_selection::last_rowid(&mut conn).await?),
                };
                let bounds = (*after, until);
                let batch =
                    bulk_selection::filter_batch(&mut conn, query, except, bounds, BULK_BATCH)
                        .await?;
                match batch.last() {
                    Some(last) => *after = last.rowid,
                    None => *done = true,
                }
                Ok(batch)
            }
        }
    }

    /// One job of a bulk action other than delete. A refusal is counted, not returned: only
    /// a storage failure ends the walk.
    async fn act_on(
        &self,
        action: BulkAction,
        job: SelectedJob,
        summary: &mut BulkSummary,
    ) -> CoreResult<()> {
        if !applies(action, job.status) {
            let reason = BulkRefusalReason::WrongStatus { status: job.status };
            summary.refuse(job.id, job.title, reason);
            return Ok(());
        }
        let outcome = match action {
            BulkAction::Pause => self.runner().pause(&job.id).await,
            BulkAction::Resume => self.runner().resume(&job.id).await,
            BulkAction::Cancel => self.runner().cancel(&job.id).await,
            BulkAction::RetryFailed => {
                let failed = {
                    let mut conn = self.db().reader().acquire().await?;
                    job_files::segments_last_failed(&mut conn, &job.id).await?
                };
                if failed.is_empty() {
                    summary.refuse(job.id, job.title, BulkRefusalReason::NothingToRetry);
                    return Ok(());
                }
                let mut outcome = Ok(());
                for index in failed {
                    outcome = self.runner().retry_segment(&job.id, index).await;
                    if outcome.is_err() {
                        break;
                    }
                }
                outcome
            }
            BulkAction::Reassemble => self
                .assemble_job(&job.id, AssembleOptions::default())
                .await
                .map(drop),
            BulkAction::Duplicate => {
                let req = DuplicateJobRequest {
                    job_id: job.id.clone(),
                    with_takes: false,
                };
                self.duplicate_job(req).await.map(|copy| {
                    if summary.created.len() < BulkSummary::MAX_LISTED {
                        summary.created.push(copy.summary.id);
                    }
                })
            }
            BulkAction::Delete => unreachable!("deletes go a batch at a time"),
        };
        match outcome {
            Ok(()) => summary.done += 1,
            Err(e @ CoreError::Database(_)) => return Err(e),
            Err(e) => summary.refuse(job.id, job.title, refusal_for(&e)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_applies_to_the_statuses_it_can_change() {
        assert!(applies(BulkAction::Pause, JobStatus::Generating));
        assert!(!applies(BulkAction::Pause, JobStatus::Completed));
        assert!(applies(BulkAction::Resume, JobStatus::Paused));
        assert!(!applies(BulkAction::Cancel, JobStatus::Cancelled));
        assert!(applies(BulkAction::Reassemble, JobStatus::Review));
        assert!(!applies(BulkAction::Reassemble, JobStatus::Failed));
        for status in JobStatus::ALL {
            assert!(applies(BulkAction::Delete, status));
            assert!(applies(BulkAction::Duplicate, status));
        }
    }
}
