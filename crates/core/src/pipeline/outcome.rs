//! What follows a take's change, inside the caller's write transaction: the state machine
//! step itself, automatic retry after a transient failure, fallback to the next capable
//! provider, and the job status derived from its segments.

use super::Runner;
use crate::storage::takes::TakeKind;
use crate::storage::takes::queue::{self, NewQueued, QueuedTake};
use crate::domain::config::resolve;
use crate::domain::job_state::JobEvent;
use crate::domain::take_state::{self, TakeEvent};
use crate::error::CoreResult;
use crate::job_transition;
use crate::providers::capability::{SegmentNeeds, clip_cost_micros};
use crate::providers::image::keyframe_provider::image_provider_of;
use crate::providers::{ErrorClass, GenerationRequest, ProviderError};
use crate::storage::segments::SegmentRecord;
use crate::storage::{activity, decode_json, encode_json, jobs, segments, takes, templates};
use reelforge_protocol::{
    ActivityEntry, EngineEvent, FallbackSkipReason, JobId, ProviderFailure, ResolvedConfig,
    TakeErrorCode, TakeId, TakeStatus,
};
use sqlx::SqliteConnection;

/// Applies `event` to the take as stored now. `None` when the take has moved on (cancelled
/// meanwhile, say) and the event no longer applies.
pub(super) async fn step(
    conn: &mut SqliteConnection,
    take: &TakeId,
    event: TakeEvent,
    progress: Option<u8>,
    error: Option<(TakeErrorCode, &str)>,
    now: i64,
    events: &mut Vec<EngineEvent>,
) -> CoreResult<Option<TakeStatus>> {
    let stored = queue::get(&mut *conn, take).await?;
    step_from(conn, &stored, event, progress, error, now, events).await
}

/// [`step`] for a take just read in the same transaction.
pub(super) async fn step_from(
    conn: &mut SqliteConnection,
    stored: &QueuedTake,
    event: TakeEvent,
    progress: Option<u8>,
    error: Option<(TakeErrorCode, &str)>,
    now: i64,
    events: &mut Vec<EngineEvent>,
) -> CoreResult<Option<TakeStatus>> {
    let take = &stored.id;
    let Ok(next) = take_state::transition(stored.status, event) else {
        return Ok(None);
    };
    let progress = progress.unwrap_or(stored.progress);
    let error = error.map(|(code, message)| (code.as_str(), message));
    takes::set_status(&mut *conn, take, next, progress, error, now).await?;
    if next != stored.status {
        events.push(EngineEvent::SegmentUpdated {
            job_id: stored.job_id.clone(),
            segment_id: stored.segment_id.clone(),
            take_id: take.clone(),
            status: next,
        });
    }
    Ok(Some(next))
}

/// The job's configuration after the cascade.
pub(super) async fn job_config(
    conn: &mut SqliteConnection,
    job: &jobs::JobRecord,
) -> CoreResult<ResolvedConfig> {
    let template = match &job.template_id {
        Some(id) => Some(templates::get(&mut *conn, id).await?.input),
        None => None,
    };
    Ok(resolve(&job.overrides, template.as_ref()))
}

pub(super) async fn segment_of(
    conn: &mut SqliteConnection,
    take: &QueuedTake,
) -> CoreResult<SegmentRecord> {
    let all = segments::list_for_job(&mut *conn, &take.job_id).await?;
    all.into_iter()
        .find(|s| s.id == take.segment_id)
        .ok_or_else(|| crate::CoreError::not_found("segment", take.segment_id.as_str()))
}

/// A new take of the same request as `take`, numbered `attempt`, not sent before `at`.
fn again(take: &QueuedTake, attempt: u32, at: i64) -> NewQueued {
    NewQueued {
        job_id: take.job_id.clone(),
        segment_id: take.segment_id.clone(),
        provider: take.provider.clone(),
        model: decode_json::<GenerationRequest>("generations.request_json", &take.request_json)
            .ok()
            .map(|r| r.model),
        request_json: take.request_json.clone(),
        estimated_cost_micros: take.estimated_cost_micros,
        attempt,
        not_before: at,
    }
}

impl Runner {
    /// After `take` failed with `err` (already recorded): the same attempt again after an
    /// interruption, a new take after a transient error while retries remain, else the next capable provider of the job's chain when the job
    /// allows it, else the segment stays failed. Then the job's status is derived.
    pub(super) async fn follow_failure(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        err: &ProviderError,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let seg = segment_of(conn, take).await?;
        let index = seg.index;
        // A keyframe's failure names its image provider (`fal`), not the queue's `image:fal`.
        let provider = image_provider_of(take.provider.as_str()).map_or_else(
            || take.provider.clone(),
            |image| image.into(),
        );
        let failure = ProviderFailure {
            provider,
            error_code: err.code,
            detail: err.message.clone(),
        };
        let settings = &self.inner.settings;
        if err.class == ErrorClass::Interrupted {
            // Reelforge stopped under it: the same attempt again, at once, unrecorded as a
            // retry (an interruption is no provider failure).
            tracing::info!("take {} was interrupted: started again", take.id);
            queue::enqueue(&mut *conn, again(take, take.attempt, now), now).await?;
            return Ok(());
        }
        if err.class == ErrorClass::Transient && take.attempt <= settings.max_transient_retries {
            let delay = settings
                .retry_backoff
                .delay(seg.id.as_str(), take.attempt - 1);
            let delay = err.retry_after.map_or(delay, |hint| hint.max(delay));
            let at = now + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2);
            queue::enqueue(&mut *conn, again(take, take.attempt + 1, at), now).await?;
            let scheduled = ActivityEntry::RetryScheduled {
                index,
                failure,
                retry: take.attempt,
                max_retries: settings.max_transient_retries,
                delay_s: delay.as_secs(),
            };
            activity::append(&mut *conn, &take.job_id, now, &scheduled).await?;
            return Ok(());
        }
        if take.kind == TakeKind::Keyframe {
            // A keyframe does not move its job: made again on the next image provider of
            // the job's chain when it allows fallback, else the storyboard shows the failed
            // take and the person makes another.
            self.fall_back_keyframe(conn, take, &seg, &failure, now)
                .await?;
            return Ok(());
        }
        if !self.fall_back(conn, take, &seg, &failure, now).await? {
            let failed = ActivityEntry::SegmentFailed { index, failure };
            activity::append(&mut *conn, &take.job_id, now, &failed).await?;
        }
        self.derive_job(conn, &take.job_id, now, events).await
    }

    /// Queues the segment on the next provider of the chain that can generate it; true when
    /// one was found. Every switch and every skipped provider is written to the activity log.
    async fn fall_back(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        seg: &SegmentRecord,
        failure: &ProviderFailure,
        now: i64,
    ) -> CoreResult<bool> {
        let job = jobs::get(&mut *conn, &take.job_id).await?;
        let config = job_config(conn, &job).await?;
        if !config.allow_fallback {
            return Ok(false);
        }
        let mut chain = vec![seg.provider.clone()];
        for p in &config.fallback_providers {
            if !chain.contains(p) {
                chain.push(p.clone());
            }
        }
        let Some(position) = chain.iter().position(|p| *p == take.provider) else {
            return Ok(false);
        };
        let index = seg.index;
        let mut request: GenerationRequest =
            decode_json("generations.request_json", &take.request_json)?;
        for candidate in &chain[position + 1..] {
            let skip = match self
                .fallback_take(conn, &job, &config, seg, candidate)
                .await?
            {
                Ok((model, cost)) => {
                    request.model = model.clone();
                    queue::enqueue(
                        &mut *conn,
                        NewQueued {
                            job_id: job.id.clone(),
                            segment_id: seg.id.clone(),
                            provider: candidate.clone(),
                            model: Some(model),
                            request_json: encode_json(&request),
                            estimated_cost_micros: cost,
                            attempt: 1,
                            not_before: now,
                        },
                        now,
                    )
                    .await?;
                    let fell_back = ActivityEntry::FellBack {
                        index,
                        failure: failure.clone(),
                        to: candidate.clone(),
                    };
                    activity::append(&mut *conn, &job.id, now, &fell_back).await?;
                    return Ok(true);
                }
                Err(reason) => ActivityEntry::FallbackSkipped {
                    index,
                    provider: candidate.clone(),
                    reason,
                },
            };
            activity::append(&mut *conn, &job.id, now, &skip).await?;
        }
        Ok(false)
    }

    /// The model and cost of generating `seg` on the fallback `candidate`, or why it is
    /// passed over.
    async fn fallback_take(
        &self,
        conn: &mut SqliteConnection,
        job: &jobs::JobRecord,
        config: &ResolvedConfig,
        seg: &SegmentRecord,
        candidate: &str,
    ) -> CoreResult<Result<(String, i64), FallbackSkipReason>> {
        let Some(provider) = self.provider(candidate) else {
            return Ok(Err(FallbackSkipReason::NotAvailable));
        };
        // The segment's own prompt: style defaults only add to it, so a provider this
        // accepts takes the prompt as sent too.
        let needs = SegmentNeeds {
            model: None,
            mode: seg.mode,
            duration_s: seg.duration_s,
            aspect_ratio: config.aspect_ratio,
            prompt: Some(&seg.prompt),
        };
        let Ok(model) = self.supporting_model_for(provider.descriptor(), &needs) else {
            return Ok(Err(FallbackSkipReason::NoSupportingModel {
                mode: seg.mode,
                duration_s: seg.duration_s,
                aspect_ratio: config.aspect_ratio,
            }));
        };
        let cost = clip_cost_micros(&model, seg.duration_s);
        if let Some(cap) = job.budget_cap_micros
            && queue::committed_micros(conn, &job.id).await? + cost > cap
        {
            return Ok(Err(FallbackSkipReason::OverBudget));
        }
        Ok(Ok((model.id, cost)))
    }

    /// Moves a generating job on from what its segments say: every segment has a succeeded
    /// selected take → review; nothing left to run and none waiting for a decision → failed.
    pub(super) async fn derive_job(
        &self,
        conn: &mut SqliteConnection,
        job_id: &JobId,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let job = jobs::get(&mut *conn, job_id).await?;
        if job.status != reelforge_protocol::JobStatus::Generating
            || queue::has_unfinished(&mut *conn, job_id).await?
        {
            return Ok(());
        }
        let segs = segments::list_for_job(&mut *conn, job_id).await?;
        let all = takes::list_for_job(&mut *conn, job_id).await?;
        if all.iter().any(|t| !t.status.is_terminal()) {
            // Something is still queued, running, or waiting for the person's decision.
            return Ok(());
        }
        let ready = |s: &SegmentRecord| {
            s.selected_take.as_ref().is_some_and(|sel| {
                all.iter()
                    .any(|t| t.id == *sel && t.status == TakeStatus::Succeeded)
            })
        };
        let missing: Vec<u32> = segs.iter().filter(|s| !ready(s)).map(|s| s.index).collect();
        let (event, entry) = if missing.is_empty() {
            (JobEvent::AllSegmentsReady, ActivityEntry::ReadyForReview)
        } else {
            (
                JobEvent::SegmentFailed,
                ActivityEntry::GenerationStopped { failed: missing },
            )
        };
        let update = job_transition::apply(conn, &job, event, &entry, now, |e| {
            crate::CoreError::Conflict(e.to_string())
        })
        .await?;
        events.extend(update);
        Ok(())
    }
}
