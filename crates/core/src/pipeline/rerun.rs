//! Re-running a finished or failed job: a new take for every segment, planned from the
//! segments' current settings, queued under the budget cap in one transaction; earlier takes
//! stay (the selected one stays selected until a new one succeeds).

use super::Runner;
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::job_transition;
use crate::storage::takes::queue;
use crate::storage::{jobs, segments};
use reelforge_protocol::{ActivityEntry, JobId, JobStatus};

impl Runner {
    /// Queues a new take of every segment of a reviewed, completed, failed or cancelled job
    /// and puts it back to generating.
    pub async fn rerun(&self, job_id: &JobId) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        if !matches!(
            job.status,
            JobStatus::Review | JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
        ) {
            return Err(CoreError::Conflict(format!(
                "a {} job cannot be re-run: only a finished, failed or cancelled one",
                job.status.as_str()
            )));
        }
        if queue::has_unfinished(&mut tx, job_id).await? {
            return Err(CoreError::Conflict(
                "a take of the job is still under way: cancel it first".into(),
            ));
        }
        let mut plans = Vec::new();
        for seg in segments::list_for_job(&mut tx, job_id).await? {
            plans.extend(self.plan(&mut tx, &job, Some(seg.index)).await?);
        }
        let count = u32::try_from(plans.len()).unwrap_or(u32::MAX);
        let total = self
            .enqueue_plans(&mut tx, &job, plans, now, &mut events)
            .await?;
        let started = ActivityEntry::GenerationStarted {
            segments: count,
            estimated_cost_micros: total,
        };
        let update = job_transition::apply(&mut tx, &job, JobEvent::Regenerate, &started, now, |e| {
            CoreError::Conflict(format!("a {} job cannot be re-run", e.status.as_str()))
        })
        .await?;
        events.extend(update);
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }
}
