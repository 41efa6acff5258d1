//! The storyboard on the [`Core`] facade: a job's keyframe takes per segment, its image
//! provider options, generating, selecting and approving keyframes, and animating the approved
//! ones (each segment switched to image-to-video from its keyframe).

use super::Core;
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::{
    AnimateOutcome, ApproveKeyframesRequest, GenerateKeyframesRequest, JobId,
    SelectKeyframeRequest, Storyboard, StoryboardOptionsRequest,
};

impl Core {
    /// The job's storyboard.
    pub async fn get_storyboard(&self, id: &JobId) -> CoreResult<Storyboard> {
        self.get_job(id).await?;
        Err(not_yet())
    }

    /// Sets the job's keyframe provider, model and "same character" switch.
    pub async fn set_storyboard_options(
        &self,
        req: &StoryboardOptionsRequest,
    ) -> CoreResult<Storyboard> {
        self.get_job(&req.job_id).await?;
        Err(not_yet())
    }

    /// Queues keyframe takes; the runner makes them.
    pub async fn generate_keyframes(
        &self,
        req: &GenerateKeyframesRequest,
    ) -> CoreResult<Storyboard> {
        self.get_job(&req.job_id).await?;
        Err(not_yet())
    }

    /// Selects the keyframe its segment is animated from.
    pub async fn select_keyframe(&self, req: &SelectKeyframeRequest) -> CoreResult<Storyboard> {
        self.get_job(&req.job_id).await?;
        Err(not_yet())
    }

    /// Approves (or withdraws) the selected keyframes of the segments asked.
    pub async fn approve_keyframes(&self, req: &ApproveKeyframesRequest) -> CoreResult<Storyboard> {
        self.get_job(&req.job_id).await?;
        Err(not_yet())
    }

    /// Switches every segment with an approved keyframe to image-to-video from it.
    pub async fn animate_storyboard(&self, id: &JobId) -> CoreResult<AnimateOutcome> {
        self.get_job(id).await?;
        Err(not_yet())
    }
}

/// The storyboard engine is not in this build yet.
fn not_yet() -> CoreError {
    CoreError::Conflict("the storyboard is not available in this build yet".to_owned())
}
