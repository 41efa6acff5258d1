//! The storyboard on the [`Core`] facade: a job's keyframe takes per segment, its image
//! provider options, generating (queued in the durable engine, see `pipeline::keyframes`),
//! selecting and approving keyframes. Animating the approved ones is
//! [`Core::animate_storyboard`] (`storyboard_animate`).

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::providers::image::keyframe_provider::image_provider_of;
use crate::storage::storyboard::{self, StoredOptions};
use crate::storage::{jobs, segments, takes};
use crate::time::now_ms;
use reelforge_protocol::{
    ApproveKeyframesRequest, EngineEvent, GenerateKeyframesRequest, JobId, KeyframeDto,
    SelectKeyframeRequest, Storyboard, StoryboardOptionsRequest, StoryboardSegment, TakeStatus,
};
use sqlx::SqliteConnection;

impl Core {
    /// The job's storyboard.
    pub async fn get_storyboard(&self, id: &JobId) -> CoreResult<Storyboard> {
        let mut tx = self.db().reader().begin().await?;
        let board = self.load_storyboard(&mut tx, id).await?;
        tx.commit().await?;
        Ok(board)
    }

    async fn load_storyboard(
        &self,
        conn: &mut SqliteConnection,
        id: &JobId,
    ) -> CoreResult<Storyboard> {
        let job = jobs::get(&mut *conn, id).await?;
        let runner = self.runner();
        let options = runner.keyframe_options(&mut *conn, &job).await?;
        let aspect_ratio = runner.keyframe_aspect_ratio(&mut *conn, &job).await?;
        let images = runner.image_registry();
        let model_of = |provider: &str, model: Option<&str>| {
            images
                .get(provider)
                .and_then(|p| p.descriptor().model(model).cloned())
        };
        let chosen = model_of(&options.image_provider, options.image_model.as_deref());
        let segs = segments::list_for_job(&mut *conn, id).await?;
        let keyframes = takes::list_keyframes_for_job(&mut *conn, id).await?;
        let frames = storyboard::frames(&mut *conn, id).await?;
        let stored_images = storyboard::images(&mut *conn, id).await?;
        let segments = segs
            .into_iter()
            .map(|seg| {
                let frame = frames.iter().find(|f| f.segment_id == seg.id);
                let keyframes = keyframes
                    .iter()
                    .filter(|t| t.segment_id == seg.id)
                    .map(|take| {
                        let mut take = take.clone();
                        let image_id = image_provider_of(take.provider.as_str())
                            .unwrap_or_default()
                            .to_owned();
                        let stored = stored_images.iter().find(|(t, _)| *t == take.id);
                        let asked = model_of(&image_id, take.model.as_deref())
                            .and_then(|m| m.size(aspect_ratio));
                        let (width, height, reframed) = match (stored, asked) {
                            (Some((_, image)), _) => (image.width, image.height, image.reframed),
                            (None, Some(size)) => (size.width, size.height, false),
                            (None, None) => (0, 0, false),
                        };
                        take.provider = image_id.into();
                        KeyframeDto {
                            take,
                            width,
                            height,
                            reframed,
                        }
                    })
                    .collect();
                StoryboardSegment {
                    segment_id: seg.id,
                    index: seg.index,
                    prompt: seg.prompt,
                    keyframes,
                    selected_keyframe: frame.and_then(|f| f.selected.clone()),
                    approved: frame.is_some_and(|f| f.approved && f.selected.is_some()),
                }
            })
            .collect();
        Ok(Storyboard {
            job_id: job.id,
            image_provider: options.image_provider.into(),
            image_model: options.image_model,
            same_character: options.same_character,
            micros_per_keyframe: chosen.map_or(0, |m| m.micros_per_image),
            segments,
        })
    }

    /// Sets the job's keyframe provider, model and "same character" switch; a provider or
    /// model that makes no image of the job's aspect ratio is refused.
    pub async fn set_storyboard_options(
        &self,
        req: &StoryboardOptionsRequest,
    ) -> CoreResult<Storyboard> {
        let images = self.runner().image_registry();
        let provider = images
            .get(req.image_provider.as_str())
            .ok_or_else(|| CoreError::not_found("image provider", req.image_provider.as_str()))?;
        let descriptor = provider.descriptor();
        let model = descriptor
            .model(req.image_model.as_deref())
            .ok_or_else(|| {
                CoreError::validation(
                    "image_model",
                    format!(
                        "{} has no model `{}`",
                        descriptor.display_name,
                        req.image_model.as_deref().unwrap_or_default()
                    ),
                )
            })?;
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, &req.job_id).await?;
        let aspect_ratio = self.runner().keyframe_aspect_ratio(&mut tx, &job).await?;
        if model.size(aspect_ratio).is_none() {
            return Err(CoreError::validation(
                "image_model",
                format!("{} makes no {aspect_ratio} images", model.display_name),
            ));
        }
        let options = StoredOptions {
            image_provider: descriptor.id.to_string(),
            image_model: req.image_model.clone(),
            same_character: req.same_character,
        };
        storyboard::set_options(&mut tx, &job.id, &options, now_ms()).await?;
        let board = self.load_storyboard(&mut tx, &job.id).await?;
        tx.commit().await?;
        self.emit([EngineEvent::JobUpdated {
            job_id: job.id,
            status: job.status,
        }]);
        Ok(board)
    }

    /// Queues keyframe takes (the runner makes them; their progress comes as take events).
    pub async fn generate_keyframes(
        &self,
        req: &GenerateKeyframesRequest,
    ) -> CoreResult<Storyboard> {
        self.runner()
            .queue_keyframes(&req.job_id, &req.segments)
            .await?;
        self.get_storyboard(&req.job_id).await
    }

    /// Makes a succeeded keyframe of the job its segment's selection (not approved yet, unless
    /// it already was the approved selection).
    pub async fn select_keyframe(&self, req: &SelectKeyframeRequest) -> CoreResult<Storyboard> {
        let mut tx = self.db().begin_write().await?;
        jobs::get(&mut tx, &req.job_id).await?;
        let keyframes = takes::list_keyframes_for_job(&mut tx, &req.job_id).await?;
        let take = keyframes
            .iter()
            .find(|t| t.id == req.take_id)
            .ok_or_else(|| CoreError::not_found("keyframe", req.take_id.as_str()))?;
        if take.status != TakeStatus::Succeeded {
            return Err(CoreError::validation(
                "take_id",
                format!(
                    "only a finished keyframe can be selected; this one is {}",
                    take.status.as_str()
                ),
            ));
        }
        storyboard::select(&mut tx, &take.segment_id, &take.id, now_ms()).await?;
        let board = self.load_storyboard(&mut tx, &req.job_id).await?;
        tx.commit().await?;
        Ok(board)
    }

    /// Approves (or withdraws approval of) the selected keyframes of the segments asked (all
    /// when none is named: those with a selected keyframe). A named segment without a selected
    /// keyframe is refused.
    pub async fn approve_keyframes(&self, req: &ApproveKeyframesRequest) -> CoreResult<Storyboard> {
        let now = now_ms();
        let mut tx = self.db().begin_write().await?;
        let board = self.load_storyboard(&mut tx, &req.job_id).await?;
        for index in &req.segments {
            let Some(seg) = board.segments.iter().find(|s| s.index == *index) else {
                return Err(CoreError::validation(
                    "segments",
                    format!(
                        "segment {} does not exist (the job has {})",
                        index + 1,
                        board.segments.len()
                    ),
                ));
            };
            if seg.selected_keyframe.is_none() && req.approved {
                return Err(CoreError::Conflict(format!(
                    "segment {} has no finished keyframe to approve",
                    index + 1
                )));
            }
        }
        let chosen = board.segments.iter().filter(|s| {
            (req.segments.is_empty() || req.segments.contains(&s.index))
                && s.selected_keyframe.is_some()
        });
        let mut changed = 0;
        for seg in chosen {
            storyboard::set_approved(&mut tx, &seg.segment_id, req.approved, now).await?;
            changed += 1;
        }
        if changed == 0 && req.approved {
            return Err(CoreError::Conflict(
                "no segment has a finished keyframe to approve".to_owned(),
            ));
        }
        let board = self.load_storyboard(&mut tx, &req.job_id).await?;
        tx.commit().await?;
        Ok(board)
    }
}
