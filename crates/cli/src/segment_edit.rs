//! `reelforge jobs edit JOB SEG …`: one segment's settings changed (after launch too; refused
//! with `segment_busy` while a take of it is generated), and `reelforge jobs references`:
//! the job's reference set. `reelforge generate JOB --segment N` then makes a new take.

use crate::output::{self, Output};
use crate::segment_edit_args::{EditSegmentArgs, JobReferencesArgs};
use reelforge_core::Core;
use reelforge_protocol::{ApiError, AssetId, EditSegmentRequest, JobId, SetJobReferencesRequest};

pub async fn edit(core: &Core, a: EditSegmentArgs, out: &Output) -> Result<(), ApiError> {
    let index = crate::control::segment_index(a.segment)?;
    let references = if a.no_references {
        Some(Vec::new())
    } else if a.references.is_empty() {
        None
    } else {
        Some(a.references.into_iter().map(AssetId).collect())
    };
    let req = EditSegmentRequest {
        job_id: JobId(a.job),
        index,
        patch: a.fields.patch(None),
        references,
    };
    let job = core.edit_segment(&req).await?;
    out.emit(&job, output::job);
    Ok(())
}

pub async fn references(core: &Core, a: JobReferencesArgs, out: &Output) -> Result<(), ApiError> {
    let req = SetJobReferencesRequest {
        job_id: JobId(a.job),
        assets: a.assets.into_iter().map(AssetId).collect(),
    };
    let job = core.set_job_references(&req).await?;
    out.emit(&job, output::job);
    Ok(())
}
