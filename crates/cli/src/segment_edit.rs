//! `reelforge jobs edit JOB SEG …`: one segment's settings changed (after launch too; refused
//! with `segment_busy` while a take of it is generated), and `reelforge jobs references`:
//! the job's reference set. `reelforge generate JOB --segment N` then makes a new take.

use crate::output::{self, Output};
use crate::segment_edit_args::{EditSegmentArgs, JobReferencesArgs};
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, AssetId, EditSegmentRequest, ErrorCode, JobId, SegmentPatch, SetJobReferencesRequest,
};

pub async fn edit(core: &Core, a: EditSegmentArgs, out: &Output) -> Result<(), ApiError> {
    let index = a
        .segment
        .checked_sub(1)
        .ok_or_else(|| ApiError::new(ErrorCode::Validation, "segments are numbered from 1"))?;
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
        patch: SegmentPatch {
            beat: None,
            prompt: a.prompt,
            narration: a.narration,
            mode: a.mode,
            provider: a.provider,
            model: a.model.map(|m| (!m.trim().is_empty()).then_some(m)),
            duration_s: a.duration,
        },
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
