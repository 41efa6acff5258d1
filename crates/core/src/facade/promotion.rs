//! Draft → final promotion actions of the [`Core`] facade: the promotion's estimate, shown
//! before anything is paid, and the promotion itself (see the pipeline's promotion module
//! for what a promotion regenerates and keeps).

use super::Core;
use crate::error::CoreResult;
use reelforge_protocol::{CostEstimate, JobDetail, PromotionRequest};

impl Core {
    /// What regenerating the chosen segments at their final model would cost, and whether it
    /// fits the job's budget cap; a segment that cannot be promoted says why.
    pub async fn estimate_promotion(&self, req: &PromotionRequest) -> CoreResult<CostEstimate> {
        self.runner()
            .estimate_promotion(&req.job_id, &req.segments)
            .await
    }

    /// Regenerates the chosen segments at their final model, keeping the draft takes;
    /// refused over the budget cap, changing nothing.
    pub async fn promote_segments(&self, req: &PromotionRequest) -> CoreResult<JobDetail> {
        self.runner().promote(&req.job_id, &req.segments).await?;
        self.get_job(&req.job_id).await
    }
}
