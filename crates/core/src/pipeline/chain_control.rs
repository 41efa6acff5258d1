//! The person's side of continuity chaining: a job's chain state (switches, waiting, stale,
//! refused by a provider without start frames), setting the switches, and regenerating the
//! stale segments with the chained ones after them.

use super::Runner;
use super::chain::{JobChains, chained_mode, takes_start_frame};
use super::outcome::job_config;
use crate::error::{CoreError, CoreResult};
use crate::providers::capability::SegmentNeeds;
use crate::storage::segments::SegmentRecord;
use crate::storage::{chain, jobs, segments};
use reelforge_protocol::{
    ChainStatus, JobId, ProviderId, ResolvedConfig, SegmentChainState, SetChainingRequest,
};
use sqlx::SqliteConnection;
use std::collections::BTreeSet;

impl Runner {
    /// The job's chain state.
    pub async fn chain_status(&self, job_id: &JobId) -> CoreResult<ChainStatus> {
        let mut conn = self.inner.db.reader().acquire().await?;
        self.chain_status_in(&mut conn, job_id).await
    }

    async fn chain_status_in(
        &self,
        conn: &mut SqliteConnection,
        job_id: &JobId,
    ) -> CoreResult<ChainStatus> {
        let job = jobs::get(&mut *conn, job_id).await?;
        let config = job_config(&mut *conn, &job).await?;
        let chains = JobChains::load(&mut *conn, job_id).await?;
        let segs = segments::list_for_job(&mut *conn, job_id).await?;
        let states = segs
            .iter()
            .map(|seg| {
                let row = chains.row(&seg.id);
                let chained = chains.is_chained(seg);
                SegmentChainState {
                    segment_id: seg.id.clone(),
                    index: seg.index,
                    chained,
                    own_switch: row.chained,
                    waiting: chained && row.waiting,
                    stale: chained && row.stale,
                    from_take: row.from_take,
                    unsupported_by: chained
                        .then(|| self.refusing_provider(seg, &config))
                        .flatten(),
                }
            })
            .collect();
        Ok(ChainStatus {
            job_id: job_id.clone(),
            chain_all: chains.chain_all,
            segments: states,
        })
    }

    /// The segment's provider when it cannot start the segment from a frame as configured.
    fn refusing_provider(&self, seg: &SegmentRecord, config: &ResolvedConfig) -> Option<ProviderId> {
        let mode = chained_mode(seg.mode);
        let needs = SegmentNeeds {
            model: seg.model.as_deref(),
            mode,
            duration_s: seg.duration_s,
            aspect_ratio: config.aspect_ratio,
            prompt: None,
        };
        let supported = self.registry().get(&seg.provider).is_some_and(|p| {
            self.supporting_model_for(p.descriptor(), &needs)
                .is_ok_and(|model| takes_start_frame(&model, mode))
        });
        (!supported).then(|| seg.provider.clone())
    }

    /// Sets the job's and segments' chain switches; the first segment cannot be chained.
    pub async fn set_chaining(&self, req: &SetChainingRequest) -> CoreResult<ChainStatus> {
        let mut tx = self.inner.db.begin_write().await?;
        jobs::get(&mut tx, &req.job_id).await?;
        let segs = segments::list_for_job(&mut tx, &req.job_id).await?;
        if let Some(on) = req.chain_all {
            chain::set_chain_all(&mut tx, &req.job_id, on).await?;
        }
        for switch in &req.segments {
            let Some(seg) = segs.iter().find(|s| s.index == switch.index) else {
                return Err(CoreError::validation(
                    "segments",
                    format!("the job has no segment {}", switch.index + 1),
                ));
            };
            if seg.index == 0 && switch.chained {
                return Err(CoreError::validation(
                    "segments",
                    "the first segment has no previous clip to start from",
                ));
            }
            chain::set_chained(&mut tx, &seg.id, switch.chained).await?;
        }
        tx.commit().await?;
        self.chain_status(&req.job_id).await
    }

    /// Regenerates the stale segments: each first one of a run starts now from the previous
    /// segment's selected take; the chained segments after it wait for its new take and are
    /// regenerated in turn from theirs.
    pub async fn regenerate_stale(&self, job_id: &JobId) -> CoreResult<ChainStatus> {
        let status = self.chain_status(job_id).await?;
        let stale = status.stale();
        if stale.is_empty() {
            return Err(CoreError::Conflict(
                "no segment is stale: every chained take starts from the selected take".into(),
            ));
        }
        let chained: BTreeSet<u32> = status
            .segments
            .iter()
            .filter(|s| s.chained)
            .map(|s| s.index)
            .collect();
        let mut again: BTreeSet<u32> = BTreeSet::new();
        for &index in &stale {
            again.insert(index);
            let mut next = index + 1;
            while chained.contains(&next) {
                again.insert(next);
                next += 1;
            }
        }
        let first: Vec<u32> = again
            .iter()
            .copied()
            .filter(|i| *i == 0 || !again.contains(&(i - 1)))
            .collect();
        let mut tx = self.inner.db.begin_write().await?;
        for state in &status.segments {
            if again.contains(&state.index) && !first.contains(&state.index) {
                chain::set_waiting(&mut tx, &state.segment_id, true).await?;
            }
        }
        tx.commit().await?;
        for index in first {
            self.retry_segment(job_id, index).await?;
        }
        self.chain_status(job_id).await
    }
}
