//! Quick mode's "storyboard first" step ([`Core::quick_storyboard`]): after the script and the
//! job, a keyframe per segment, made by the running engine and waited for; then either the
//! creator reviews them (quick mode stops), or every keyframe is approved and animated and
//! quick mode runs on to generate and assemble.

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::pipeline::events::EventStream;
use reelforge_protocol::{
    ApproveKeyframesRequest, GenerateKeyframesRequest, JobId, QuickRequest, Storyboard, TakeStatus,
};
use std::time::Duration;

/// How often the storyboard is read again without an event (another process's engine).
const RECHECK: Duration = Duration::from_secs(1);

impl Core {
    /// Makes the job's missing keyframes and waits for them (the engine must be running);
    /// refused, naming the segments, when one failed or waits for a decision. With `run_on`
    /// every keyframe is then approved and the storyboard animated (the launch follows).
    pub async fn quick_storyboard(&self, id: &JobId, run_on: bool) -> CoreResult<Storyboard> {
        let mut events = self.subscribe();
        self.generate_keyframes(&GenerateKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
        })
        .await?;
        let board = self.wait_for_keyframes(id, &mut events).await?;
        let missing: Vec<String> = board
            .segments
            .iter()
            .filter(|s| s.selected_keyframe.is_none())
            .map(|s| (s.index + 1).to_string())
            .collect();
        if !missing.is_empty() {
            return Err(CoreError::Conflict(format!(
                "no keyframe was made for segment(s) {} of job {id}: see its storyboard",
                missing.join(", ")
            )));
        }
        if !run_on {
            return Ok(board);
        }
        self.approve_keyframes(&ApproveKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
            approved: true,
        })
        .await?;
        self.animate_storyboard(id).await?;
        self.get_storyboard(id).await
    }

    /// Waits until none of the job's keyframes is queued or being made. `events` must have
    /// been subscribed before they were queued.
    pub async fn wait_for_keyframes(
        &self,
        id: &JobId,
        events: &mut EventStream,
    ) -> CoreResult<Storyboard> {
        loop {
            let board = self.get_storyboard(id).await?;
            let moving = board.segments.iter().flat_map(|s| &s.keyframes).any(|k| {
                matches!(
                    k.take.status,
                    TakeStatus::Queued
                        | TakeStatus::Submitting
                        | TakeStatus::Running
                        | TakeStatus::Downloading
                )
            });
            if !moving {
                return Ok(board);
            }
            tokio::select! {
                event = events.recv() => if event.is_none() {
                    return Err(CoreError::Conflict("the engine stopped".to_owned()));
                },
                () = tokio::time::sleep(RECHECK) => {}
            }
        }
    }

    /// The app's storyboard-first quick run: keyframes, then (with `storyboard_run_on`)
    /// approve, animate, launch, wait and assemble.
    pub(super) async fn quick_storyboard_then_finish(
        &self,
        id: &JobId,
        req: &QuickRequest,
    ) -> CoreResult<()> {
        self.quick_storyboard(id, req.storyboard_run_on).await?;
        if !req.storyboard_run_on {
            return Ok(());
        }
        let events = self.subscribe();
        self.launch_job(id).await?;
        let captions = (req.caption_style, req.caption_platform);
        self.finish_quick(id, events, None, req.narration.clone(), captions, None)
            .await
            .map(drop)
    }
}
