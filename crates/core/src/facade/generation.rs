//! Generation actions of the [`Core`] facade: the providers' descriptors, the cost estimate,
//! and launch, pause, resume, cancel, per-segment cancel and retry, and the decision about a
//! `submit_unknown` take. Each returns what the job screen shows afterwards.

use super::{Core, LIBRARY_DIR};
use crate::error::CoreResult;
use crate::storage::takes;
use reelforge_protocol::{
    CostEstimate, DecideRequest, JobDetail, JobId, ProviderDescriptor, SegmentRef, TakeId,
};
use std::collections::HashMap;
use std::path::PathBuf;

impl Core {
    /// Every available provider's descriptor, to build choices from.
    pub fn list_providers(&self) -> Vec<ProviderDescriptor> {
        self.runner().registry().descriptors()
    }

    /// What generating the job's remaining segments would cost, and whether it fits the cap.
    pub async fn estimate_job(&self, id: &JobId) -> CoreResult<CostEstimate> {
        self.runner().estimate(id).await
    }

    /// Starts generation; refused above the budget cap or when a segment's provider cannot
    /// generate it as configured.
    pub async fn launch_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        self.runner().launch(id).await?;
        self.get_job(id).await
    }

    /// Stops sending new takes; those already sent finish.
    pub async fn pause_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        self.runner().pause(id).await?;
        self.get_job(id).await
    }

    pub async fn resume_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        self.runner().resume(id).await?;
        self.get_job(id).await
    }

    /// Cancels the job and everything under way for it.
    pub async fn cancel_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        self.runner().cancel(id).await?;
        self.get_job(id).await
    }

    /// Cancels what is under way for one segment.
    pub async fn cancel_segment(&self, segment: &SegmentRef) -> CoreResult<JobDetail> {
        self.runner()
            .cancel_segment(&segment.job_id, segment.index)
            .await?;
        self.get_job(&segment.job_id).await
    }

    /// Generates one segment again with a new take.
    pub async fn retry_segment(&self, segment: &SegmentRef) -> CoreResult<JobDetail> {
        self.runner()
            .retry_segment(&segment.job_id, segment.index)
            .await?;
        self.get_job(&segment.job_id).await
    }

    /// Resubmits or abandons a segment's `submit_unknown` take.
    pub async fn decide_submit_unknown(&self, req: &DecideRequest) -> CoreResult<JobDetail> {
        self.runner()
            .decide(
                &req.segment.job_id,
                req.segment.index,
                req.decision,
                req.take_id.as_ref(),
            )
            .await?;
        self.get_job(&req.segment.job_id).await
    }

    /// Where the checked output file of each of the job's takes that has one is (absolute).
    pub async fn take_output_files(&self, id: &JobId) -> CoreResult<HashMap<TakeId, PathBuf>> {
        let mut conn = self.db().reader().acquire().await?;
        let rows = takes::output_paths_for_job(&mut conn, id).await?;
        let library = self.data_dir().join(LIBRARY_DIR);
        Ok(rows
            .into_iter()
            .map(|(take, path)| (take, library.join(path)))
            .collect())
    }
}
