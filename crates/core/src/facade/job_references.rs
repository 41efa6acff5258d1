//! A job's character/style reference set ([`Core::set_job_references`]): library images
//! attached once to the job. Planning sends them with every segment whose provider's model
//! takes reference images, or as the start frame of a text-to-video segment whose model takes
//! only a first frame (see `pipeline::plan`); a segment's own references come first.

use super::Core;
use super::jobs::load_detail;
use super::library::MAX_REFERENCES;
use crate::error::{CoreError, CoreResult};
use crate::storage::{assets, job_references, jobs};
use reelforge_protocol::{EngineEvent, JobDetail, SetJobReferencesRequest};

impl Core {
    /// Replaces the job's reference set (in order; at most [`MAX_REFERENCES`]; empty removes
    /// it). Unknown assets are `not_found`. Takes already made or under way keep what they
    /// were sent; the set applies to the takes planned from now on.
    pub async fn set_job_references(&self, req: &SetJobReferencesRequest) -> CoreResult<JobDetail> {
        if req.assets.len() > MAX_REFERENCES {
            return Err(CoreError::validation(
                "assets",
                format!("a job takes at most {MAX_REFERENCES} reference images"),
            ));
        }
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, &req.job_id).await?;
        for asset in &req.assets {
            assets::get(&mut tx, asset).await?;
        }
        job_references::set(&mut tx, &job.id, &req.assets).await?;
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        self.emit([EngineEvent::JobUpdated {
            job_id: job.id,
            status: job.status,
        }]);
        Ok(detail)
    }
}
