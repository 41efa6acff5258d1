//! The runner's actions on one take, each split in two: the provider call (made by a task,
//! outside any transaction) and the recording of its answer (inside the tick's batch
//! transaction, see `tick`). Sending a take first commits its intent (`begin_submit`),
//! then calls the provider once, then records the answer.

use super::Runner;
use super::outcome::{step, step_from};
use crate::storage::takes::TakeKind;
use crate::storage::takes::queue::{self, QueuedTake};
use crate::domain::take_state::TakeEvent;
use crate::error::{CoreError, CoreResult};
use crate::providers::{
    ErrorClass, GenerationRequest, PollOutcome, ProviderError, Submitted, TerminalReason,
    VideoProvider,
};
use crate::storage::{activity, decode_json, encode_json, jobs, takes};
use reelforge_protocol::{
    ActivityEntry, EngineEvent, JobStatus, SubmitUnknownCause, TakeErrorCode, TakeId, TakeStatus,
};
use sqlx::SqliteConnection;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub(super) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

pub(super) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Why a take is `submit_unknown`, in the person's words.
pub(super) fn submit_unknown_explanation(provider: &str, cause: &str) -> String {
    format!(
        "{cause} after this take was sent to {provider} and before its answer was recorded, so \
         {provider} may already be generating (and charging for) it. Check {provider}'s \
         dashboard, then resubmit (it may be charged twice) or abandon it."
    )
}

fn unavailable(provider: &str) -> ProviderError {
    ProviderError::terminal(
        TerminalReason::Unsupported,
        format!("provider `{provider}` is not available in this version"),
    )
}

/// A create call's answer as the task brings it back.
pub(super) struct SentAnswer<'a> {
    pub max_generation_s: u32,
    pub answer: &'a Result<Submitted, ProviderError>,
    /// The id came from the provider's list after an ambiguous create.
    pub reconciled: bool,
}

/// A take whose intent is recorded, with what its one create call needs.
pub(super) struct PendingCreate {
    pub take: QueuedTake,
    pub request: GenerationRequest,
    pub provider: Arc<dyn VideoProvider>,
}

impl Runner {
    /// Sends `events` on the engine's bus (after their transaction committed).
    pub(super) fn emit(&self, events: Vec<EngineEvent>) {
        self.inner.events.send_all(events, self.now());
    }

    /// Inside the intents transaction: moves a queued take of a generating job to
    /// `submitting` (the intent, durable once the transaction commits) and returns what its
    /// create call needs. `None` when it should not be sent now; a take of an unknown
    /// provider is failed here with a clear reason.
    pub(super) async fn begin_submit(
        &self,
        conn: &mut SqliteConnection,
        id: &TakeId,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<Option<PendingCreate>> {
        let take = queue::get(&mut *conn, id).await?;
        let job = jobs::get(&mut *conn, &take.job_id).await?;
        // A keyframe is made whenever its job is not paused or cancelled (before launch too).
        let runs = match take.kind {
            TakeKind::Clip => job.status == JobStatus::Generating,
            TakeKind::Keyframe => !matches!(job.status, JobStatus::Paused | JobStatus::Cancelled),
        };
        if take.status != TakeStatus::Queued || !runs {
            return Ok(None);
        }
        let Some(provider) = self.provider(&take.provider) else {
            let err = unavailable(&take.provider);
            let error = Some((err.code, err.message.as_str()));
            step(conn, id, TakeEvent::Fail, None, error, now, events).await?;
            self.follow_failure(conn, &take, &err, now, events).await?;
            return Ok(None);
        };
        let request: GenerationRequest =
            decode_json("generations.request_json", &take.request_json)?;
        if step_from(conn, &take, TakeEvent::Submit, Some(0), None, now, events)
            .await?
            .is_none()
        {
            return Ok(None);
        }
        Ok(Some(PendingCreate {
            take,
            request,
            provider,
        }))
    }

    /// Records the answer to a create call: the provider's id (the take runs), or
    /// `submit_unknown` after an ambiguous failure, or the failure and what follows it. An
    /// id found by reconciling that another take recorded meanwhile is `submit_unknown`.
    pub(super) async fn record_submit_answer(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        sent: SentAnswer<'_>,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let id = &take.id;
        let max_generation_s = sent.max_generation_s;
        let raced;
        let answer = match sent.answer {
            Ok(found)
                if sent.reconciled
                    && takes::remote_id_taken(conn, &take.provider, &found.remote_id).await? =>
            {
                raced = Err(ProviderError::ambiguous_submit(format!(
                    "the generation found in {}'s list is followed by another take",
                    take.provider
                )));
                &raced
            }
            answer => answer,
        };
        match answer {
            Ok(submitted) => {
                let stored = queue::get(&mut *conn, id).await?;
                if stored.status == TakeStatus::Submitting {
                    let deadline = now + i64::from(max_generation_s).saturating_mul(1_000);
                    let first_poll = submitted
                        .poll_after
                        .unwrap_or_else(|| self.inner.settings.poll_backoff.delay(id.as_str(), 0));
                    queue::record_sent(
                        conn,
                        id,
                        &submitted.remote_id,
                        now,
                        deadline,
                        now + millis(first_poll),
                    )
                    .await?;
                    events.push(EngineEvent::SegmentUpdated {
                        job_id: take.job_id.clone(),
                        segment_id: take.segment_id.clone(),
                        take_id: id.clone(),
                        status: TakeStatus::Running,
                    });
                } else {
                    // Cancelled while the call was in flight: keep the id, owe a cancel.
                    queue::record_remote_id_to_cancel(conn, id, &submitted.remote_id, now).await?;
                }
            }
            Err(err) if err.class == ErrorClass::AmbiguousSubmit => {
                let why = submit_unknown_explanation(
                    &take.provider,
                    &format!("The connection failed ({})", err.message),
                );
                let error = Some((TakeErrorCode::SubmitUnknown, why.as_str()));
                if step(conn, id, TakeEvent::Interrupted, None, error, now, events)
                    .await?
                    .is_some()
                {
                    let seg = super::outcome::segment_of(conn, take).await?;
                    let waiting = ActivityEntry::SubmitUnknown {
                        index: seg.index,
                        provider: take.provider.clone(),
                        cause: SubmitUnknownCause::ConnectionFailed {
                            detail: err.message.clone(),
                        },
                    };
                    activity::append(conn, &take.job_id, now, &waiting).await?;
                }
            }
            Err(err) => self.fail(conn, take, err, now, events).await?,
        }
        Ok(())
    }

    /// The provider call of a poll: the provider's answer, or a failure when the take's
    /// deadline passed or its provider is unknown. `None` when the take is not running.
    pub(super) async fn poll_call(
        &self,
        take: &QueuedTake,
    ) -> Option<Result<PollOutcome, ProviderError>> {
        let (TakeStatus::Running, Some(remote)) = (take.status, take.remote_id.as_deref()) else {
            return None;
        };
        let now = self.now();
        Some(match (self.provider(&take.provider), take.deadline_at) {
            (None, _) => Ok(PollOutcome::Failed(unavailable(&take.provider))),
            (Some(p), Some(deadline)) if now >= deadline => {
                // Best effort: the take is given up whatever the provider answers.
                let _ = p.cancel(remote).await;
                Ok(PollOutcome::Failed(ProviderError::terminal(
                    TerminalReason::TimedOut,
                    format!(
                        "no result from {} after {} s",
                        take.provider,
                        p.descriptor().max_generation_s
                    ),
                )))
            }
            (Some(p), _) => p.poll(remote).await,
        })
    }

    /// Records a poll's answer, pacing the next poll; true when the output is ready and must
    /// be fetched at once (output URLs expire).
    pub(super) async fn record_poll(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        answer: &Result<PollOutcome, ProviderError>,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<bool> {
        let id = &take.id;
        let backoff = &self.inner.settings.poll_backoff;
        match answer {
            Ok(PollOutcome::Running {
                progress,
                poll_after,
            }) => {
                let progress = progress.map(|p| p.min(99));
                if step(conn, id, TakeEvent::Progress, progress, None, now, events)
                    .await?
                    .is_some()
                {
                    let wait = poll_after
                        .unwrap_or_else(|| backoff.delay(id.as_str(), take.poll_count + 1));
                    queue::count_poll(conn, id, false, now + millis(wait)).await?;
                    if let Some(progress) = progress {
                        events.push(EngineEvent::Progress {
                            job_id: take.job_id.clone(),
                            segment_id: take.segment_id.clone(),
                            take_id: id.clone(),
                            progress,
                        });
                    }
                }
            }
            Ok(PollOutcome::Succeeded {
                output,
                actual_cost_micros,
            }) => {
                if step(
                    conn,
                    id,
                    TakeEvent::OutputReady,
                    Some(100),
                    None,
                    now,
                    events,
                )
                .await?
                .is_some()
                {
                    let cost = actual_cost_micros.unwrap_or(take.estimated_cost_micros);
                    queue::record_output(conn, id, &encode_json(output), cost, now).await?;
                    return Ok(true);
                }
            }
            Ok(PollOutcome::Failed(err)) => self.fail(conn, take, err, now, events).await?,
            Err(err) if matches!(err.class, ErrorClass::Terminal(_) | ErrorClass::Interrupted) => {
                self.fail(conn, take, err, now, events).await?;
            }
            Err(err) => {
                // A failed poll never fails the take; the deadline bounds the waiting.
                let wait = backoff.delay(id.as_str(), take.poll_failures + 1);
                let wait = err.retry_after.map_or(wait, |hint| hint.max(wait));
                queue::count_poll(conn, id, true, now + millis(wait)).await?;
            }
        }
        Ok(false)
    }

    pub(super) async fn fail(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        err: &ProviderError,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let error = Some((err.code, err.message.as_str()));
        if step(conn, &take.id, TakeEvent::Fail, None, error, now, events)
            .await?
            .is_some()
        {
            self.follow_failure(conn, take, err, now, events).await?;
        }
        Ok(())
    }
}
