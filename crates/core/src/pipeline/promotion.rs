//! Draft → final promotion: regenerating chosen segments of a job at the final model its
//! template names for the segment's provider ([`ModelTier`]), with the selected draft take's
//! prompt, references and seed. The estimate comes first; a promotion over the job's budget
//! cap is refused before anything is queued. The draft take stays; the final take becomes the
//! segment's selected take when it succeeds, like any new take (the creator may choose the
//! draft again).

use super::Runner;
use super::chain::ChainStart;
use super::plan::{PlannedTake, cost_estimate};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::providers::GenerationRequest;
use crate::providers::capability::{SegmentNeeds, clip_cost_micros, supporting_model};
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::takes::queue;
use crate::storage::{activity, decode_json, jobs, segments, takes, templates};
use reelforge_protocol::{
    ActivityEntry, CostEstimate, JobId, JobStatus, ModelTier, TakeDto, TakeStatus,
};
use sqlx::SqliteConnection;

impl Runner {
    /// One promotion take per chosen segment (`chosen` empty: every segment), each with the
    /// reason it cannot be promoted when it cannot.
    async fn plan_promotion(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
        chosen: &[u32],
    ) -> CoreResult<Vec<PlannedTake>> {
        let tiers = match &job.template_id {
            Some(id) => templates::get(&mut *conn, id).await?.input.model_tiers,
            None => Vec::new(),
        };
        let all_takes = takes::list_for_job(&mut *conn, &job.id).await?;
        let segs = segments::list_for_job(&mut *conn, &job.id).await?;
        if let Some(bad) = chosen.iter().find(|i| !segs.iter().any(|s| s.index == **i)) {
            return Err(CoreError::validation(
                "segments",
                format!("the job has no segment {}", bad + 1),
            ));
        }
        let mut plans = Vec::new();
        for seg in segs {
            if !chosen.is_empty() && !chosen.contains(&seg.index) {
                continue;
            }
            let mine: Vec<&TakeDto> = all_takes
                .iter()
                .filter(|t| t.segment_id == seg.id)
                .collect();
            let draft = mine
                .iter()
                .find(|t| seg.selected_take.as_ref() == Some(&t.id))
                .filter(|t| t.status == TakeStatus::Succeeded);
            let planned = if mine.iter().any(|t| !t.status.is_terminal()) {
                Err("a take of it is under way".to_owned())
            } else if let Some(draft) = draft {
                self.promoted_request(conn, &tiers, draft).await?
            } else {
                Err("it has no selected take to promote".to_owned())
            };
            plans.push(match planned {
                Ok((request, micros)) => PlannedTake {
                    segment: SegmentRecord {
                        provider: draft.map_or(seg.provider.clone(), |d| d.provider.clone()),
                        ..seg
                    },
                    request: Some(request),
                    micros,
                    problem: None,
                    // The draft's request already holds the start frame it was chained from.
                    chain: ChainStart::Off,
                    chain_refused: false,
                    job_references_unsent: false,
                },
                Err(problem) => PlannedTake {
                    segment: seg,
                    request: None,
                    micros: 0,
                    problem: Some(problem),
                    chain: ChainStart::Off,
                    chain_refused: false,
                    job_references_unsent: false,
                },
            });
        }
        Ok(plans)
    }

    /// The draft take's request at its provider's final model, and its cost; or why not.
    async fn promoted_request(
        &self,
        conn: &mut SqliteConnection,
        tiers: &[ModelTier],
        draft: &TakeDto,
    ) -> CoreResult<Result<(GenerationRequest, i64), String>> {
        let Some(tier) = tiers.iter().find(|t| t.provider == draft.provider) else {
            return Ok(Err(format!(
                "the template names no final model for {}",
                draft.provider
            )));
        };
        if draft.model.as_deref() == Some(tier.final_model.as_str()) {
            return Ok(Err("its selected take is already at the final model".into()));
        }
        let Some(provider) = self.registry().get(&draft.provider) else {
            return Ok(Err(format!("provider `{}` is not available", draft.provider)));
        };
        let stored = queue::get(&mut *conn, &draft.id).await?.request_json;
        let request: GenerationRequest = decode_json("generations.request_json", &stored)?;
        let needs = SegmentNeeds {
            model: Some(&tier.final_model),
            mode: request.mode,
            duration_s: request.duration_s,
            aspect_ratio: request.aspect_ratio,
            prompt: Some(&request.prompt),
        };
        Ok(
            supporting_model(provider.descriptor(), &needs).map(|model| {
                let micros = clip_cost_micros(model, request.duration_s);
                let seed = match request.seed {
                    Some(seed) => Some(seed),
                    None => provider.takes_seed().then(super::plan::new_seed),
                };
                let promoted = GenerationRequest {
                    model: model.id.clone(),
                    seed,
                    ..request
                };
                (promoted, micros)
            }),
        )
    }

    /// What promoting the chosen segments would cost, segment by segment (those that cannot
    /// be promoted say why), and whether it fits the job's budget cap.
    pub async fn estimate_promotion(
        &self,
        job_id: &JobId,
        chosen: &[u32],
    ) -> CoreResult<CostEstimate> {
        let mut tx = self.inner.db.reader().begin().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let plans = self.plan_promotion(&mut tx, &job, chosen).await?;
        let spent = queue::committed_micros(&mut tx, job_id).await?;
        tx.commit().await?;
        Ok(cost_estimate(&job, plans, spent))
    }

    /// Queues a final-model take of each chosen segment (`chosen` empty: every segment that
    /// can be promoted). Refused, changing nothing, above the budget cap or when a chosen
    /// segment cannot be promoted.
    pub async fn promote(&self, job_id: &JobId, chosen: &[u32]) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let mut plans = self.plan_promotion(&mut tx, &job, chosen).await?;
        if chosen.is_empty() {
            plans.retain(|p| p.problem.is_none());
        }
        if plans.is_empty() {
            return Err(CoreError::Conflict(
                "nothing to promote: no segment has a selected draft take with a final model"
                    .into(),
            ));
        }
        let indexes: Vec<u32> = plans.iter().map(|p| p.segment.index).collect();
        let total = self
            .enqueue_plans(&mut tx, &job, plans, now, &mut events)
            .await?;
        let started = ActivityEntry::Promoted {
            indexes,
            estimated_cost_micros: total,
        };
        match job.status {
            JobStatus::Generating | JobStatus::Paused => {
                activity::append(&mut tx, job_id, now, &started).await?;
            }
            _ => {
                self.set_job_status(&mut tx, &job, JobEvent::Regenerate, now, &started, &mut events)
                    .await?;
            }
        }
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }
}
