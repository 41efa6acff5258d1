//! Continuity chaining in the [`Core`] facade: a job's chain state, its switches, and
//! regenerating its stale segments (the engine side is `pipeline::chain`).

use super::Core;
use crate::error::CoreResult;
use reelforge_protocol::{ChainStatus, JobId, SetChainingRequest};

impl Core {
    /// The job's chain switches and each segment's chain state.
    pub async fn chain_status(&self, job_id: &JobId) -> CoreResult<ChainStatus> {
        self.runner().chain_status(job_id).await
    }

    /// Turns chaining on or off for the job and/or some of its segments.
    pub async fn set_chaining(&self, req: &SetChainingRequest) -> CoreResult<ChainStatus> {
        self.runner().set_chaining(req).await
    }

    /// Regenerates the stale chained segments and the chained ones after them.
    pub async fn regenerate_stale(&self, job_id: &JobId) -> CoreResult<ChainStatus> {
        self.runner().regenerate_stale(job_id).await
    }
}
