//! The person's controls over generation: launch, pause, resume, cancel a job or
//! one segment, retry a segment with a new take, and decide about a `submit_unknown` take.
//! Each runs in one write transaction and only then notifies listeners and the run loop.

use super::Runner;
use super::outcome::step;
use crate::storage::takes::{TakeKind, queue};
use crate::domain::job_state::{self, JobEvent};
use crate::domain::take_state::TakeEvent;
use crate::error::{CoreError, CoreResult};
use crate::job_transition;
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::{activity, jobs, segments};
use reelforge_protocol::{
    ActivityEntry, EngineEvent, JobId, JobStatus, SubmitUnknownDecision, TakeErrorCode, TakeId, TakeStatus,
};
use sqlx::SqliteConnection;

fn conflict_for(status: JobStatus, event: JobEvent) -> CoreError {
    let hint = match (status, event) {
        (JobStatus::Draft, _) => ": every segment needs a prompt (and its references) first",
        (JobStatus::Generating, JobEvent::Launch | JobEvent::Regenerate) => {
            ": it is already generating"
        }
        _ => "",
    };
    CoreError::Conflict(format!(
        "a {} job cannot be {}{hint}",
        status.as_str(),
        match event {
            JobEvent::Pause => "paused",
            JobEvent::Resume => "resumed",
            JobEvent::Cancel => "cancelled",
            _ => "launched",
        }
    ))
}

impl Runner {
    /// [`job_transition::apply`] with the person's-control refusals; the event joins `events`.
    pub(super) async fn set_job_status(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
        event: JobEvent,
        now: i64,
        entry: &ActivityEntry,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let update = job_transition::apply(conn, job, event, entry, now, |e| {
            conflict_for(e.status, e.event)
        })
        .await?;
        events.extend(update);
        Ok(())
    }

    /// Starts generating every segment that has no succeeded take, refusing above the budget
    /// cap. A failed, cancelled or reviewed job is generated again the same way.
    pub async fn launch(&self, job_id: &JobId) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let event = match job.status {
            JobStatus::Configured | JobStatus::Draft | JobStatus::Generating => JobEvent::Launch,
            _ => JobEvent::Regenerate,
        };
        job_state::transition(job.status, event).map_err(|e| conflict_for(e.status, e.event))?;
        let plans = self.plan(&mut tx, &job, None).await?;
        if plans.is_empty() {
            return Err(CoreError::Conflict(
                "nothing to generate: every segment already has a take".into(),
            ));
        }
        let count = plans.len();
        let total = self
            .enqueue_plans(&mut tx, &job, plans, now, &mut events)
            .await?;
        let started = ActivityEntry::GenerationStarted {
            segments: u32::try_from(count).unwrap_or(u32::MAX),
            estimated_cost_micros: total,
        };
        self.set_job_status(&mut tx, &job, event, now, &started, &mut events)
            .await?;
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }

    /// Stops sending new takes of the job; takes already sent keep running.
    pub async fn pause(&self, job_id: &JobId) -> CoreResult<()> {
        self.job_control(job_id, JobEvent::Pause, ActivityEntry::Paused)
            .await
    }

    /// Sends the job's queued takes again.
    pub async fn resume(&self, job_id: &JobId) -> CoreResult<()> {
        self.job_control(job_id, JobEvent::Resume, ActivityEntry::Resumed)
            .await
    }

    /// Cancels the job and every take of it not finished (provider-side where it was sent).
    pub async fn cancel(&self, job_id: &JobId) -> CoreResult<()> {
        self.job_control(job_id, JobEvent::Cancel, ActivityEntry::Cancelled)
            .await
    }

    async fn job_control(
        &self,
        job_id: &JobId,
        event: JobEvent,
        entry: ActivityEntry,
    ) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        self.set_job_status(&mut tx, &job, event, now, &entry, &mut events)
            .await?;
        match event {
            JobEvent::Cancel => {
                for take in queue::active_for_job(&mut tx, job_id).await? {
                    self.cancel_take(&mut tx, &take, "Cancelled with the job", now, &mut events)
                        .await?;
                }
                crate::storage::chain::stop_waiting(&mut tx, job_id).await?;
            }
            JobEvent::Resume => self.derive_job(&mut tx, job_id, now, &mut events).await?,
            _ => {}
        }
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }

    async fn cancel_take(
        &self,
        conn: &mut SqliteConnection,
        take: &queue::QueuedTake,
        why: &str,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let error = Some((TakeErrorCode::Cancelled, why));
        if step(conn, &take.id, TakeEvent::Cancel, None, error, now, events)
            .await?
            .is_some()
            && take.remote_id.is_some()
            && matches!(take.status, TakeStatus::Running | TakeStatus::Downloading)
        {
            queue::set_cancel_remote(conn, &take.id, true).await?;
        }
        Ok(())
    }

    async fn segment_at(
        &self,
        conn: &mut SqliteConnection,
        job: &JobId,
        index: u32,
    ) -> CoreResult<SegmentRecord> {
        let all = segments::list_for_job(&mut *conn, job).await?;
        let count = all.len();
        all.into_iter().find(|s| s.index == index).ok_or_else(|| {
            CoreError::validation(
                "index",
                format!("segment {} does not exist (the job has {count})", index + 1),
            )
        })
    }

    /// Cancels what is under way for one segment.
    pub async fn cancel_segment(&self, job_id: &JobId, index: u32) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let seg = self.segment_at(&mut tx, job_id, index).await?;
        let active: Vec<_> = queue::active_for_job(&mut tx, job_id)
            .await?
            .into_iter()
            .filter(|t| t.segment_id == seg.id)
            .collect();
        if active.is_empty() {
            return Err(CoreError::Conflict(format!(
                "segment {} has nothing under way to cancel",
                index + 1
            )));
        }
        for take in &active {
            self.cancel_take(&mut tx, take, "Cancelled by you", now, &mut events)
                .await?;
        }
        let cancelled = ActivityEntry::SegmentCancelled { index };
        activity::append(&mut tx, job_id, now, &cancelled).await?;
        self.derive_job(&mut tx, job_id, now, &mut events).await?;
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }

    /// Generates one segment again with a new take on its own provider.
    pub async fn retry_segment(&self, job_id: &JobId, index: u32) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let seg = self.segment_at(&mut tx, job_id, index).await?;
        if queue::active_for_job(&mut tx, job_id)
            .await?
            .iter()
            .any(|t| t.segment_id == seg.id)
        {
            return Err(CoreError::Conflict(format!(
                "segment {} is still under way: cancel it first",
                index + 1
            )));
        }
        let plans = self.plan(&mut tx, &job, Some(index)).await?;
        self.enqueue_plans(&mut tx, &job, plans, now, &mut events)
            .await?;
        let requested = ActivityEntry::RetryRequested { index };
        match job.status {
            JobStatus::Generating | JobStatus::Paused => {
                activity::append(&mut tx, job_id, now, &requested).await?;
            }
            _ => {
                let event = JobEvent::Regenerate;
                self.set_job_status(&mut tx, &job, event, now, &requested, &mut events)
                    .await?;
            }
        }
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }

    /// Applies the person's decision to a segment's `submit_unknown` take.
    pub async fn decide(
        &self,
        job_id: &JobId,
        index: u32,
        decision: SubmitUnknownDecision,
        take_id: Option<&TakeId>,
    ) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let seg = self.segment_at(&mut tx, job_id, index).await?;
        let mut undecided: Vec<_> = queue::active_for_job(&mut tx, job_id)
            .await?
            .into_iter()
            .filter(|t| t.segment_id == seg.id && t.status == TakeStatus::SubmitUnknown)
            .filter(|t| take_id.is_none_or(|id| t.id == *id))
            .collect();
        // Unnamed: the clip take first (the job screen's decision), then a keyframe.
        undecided.sort_by_key(|t| t.kind != TakeKind::Clip);
        let take = undecided.into_iter().next().ok_or_else(|| {
                CoreError::Conflict(format!(
                    "segment {} has no take waiting for a decision",
                    index + 1
                ))
            })?;
        match decision {
            SubmitUnknownDecision::Resubmit => {
                step(
                    &mut tx,
                    &take.id,
                    TakeEvent::Resubmit,
                    Some(0),
                    None,
                    now,
                    &mut events,
                )
                .await?;
                queue::schedule(&mut tx, &take.id, now).await?;
            }
            SubmitUnknownDecision::Abandon => {
                let why = "Abandoned on your decision; check the provider's dashboard for a charge";
                step(
                    &mut tx,
                    &take.id,
                    TakeEvent::Cancel,
                    None,
                    Some((TakeErrorCode::Abandoned, why)),
                    now,
                    &mut events,
                )
                .await?;
            }
        }
        let decided = ActivityEntry::Decided { index, decision };
        activity::append(&mut tx, job_id, now, &decided).await?;
        self.derive_job(&mut tx, job_id, now, &mut events).await?;
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }
}
