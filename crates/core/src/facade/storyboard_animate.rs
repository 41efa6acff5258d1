//! Animating a storyboard ([`Core::animate_storyboard`]): each segment whose selected
//! keyframe is approved switches to image-to-video starting from it. The keyframe is imported
//! into the library as the segment's first reference image, and the segment goes to a model
//! that takes a start image (the job's provider when one of its models can, else the offline
//! local provider). Nothing is launched: the usual launch, with its cost estimate, follows.

use super::Core;
use super::LIBRARY_DIR;
use super::library::MAX_REFERENCES;
use crate::error::{CoreError, CoreResult};
use crate::providers::capability::{SegmentNeeds, supporting_model};
use crate::storage::{jobs, takes};
use reelforge_protocol::{
    AnimateOutcome, EditSegmentRequest, GenerationMode, JobId, ProviderId, SegmentPatch,
};

impl Core {
    /// Switches every segment with an approved keyframe to image-to-video from it; the
    /// others are listed as skipped.
    pub async fn animate_storyboard(&self, id: &JobId) -> CoreResult<AnimateOutcome> {
        let board = self.get_storyboard(id).await?;
        let detail = self.get_job(id).await?;
        let (files, aspect_ratio) = {
            let mut tx = self.db().reader().begin().await?;
            let job = jobs::get(&mut tx, id).await?;
            let files = takes::output_paths_for_job(&mut tx, id).await?;
            let ratio = self.runner().keyframe_aspect_ratio(&mut tx, &job).await?;
            tx.commit().await?;
            (files, ratio)
        };
        let mut outcome = AnimateOutcome {
            job_id: id.clone(),
            animated: Vec::new(),
            skipped: Vec::new(),
        };
        for frame in &board.segments {
            let file = frame
                .selected_keyframe
                .as_ref()
                .filter(|_| frame.approved)
                .and_then(|take| files.iter().find(|(t, _)| t == take));
            let (Some((_, relative)), Some(seg)) = (
                file,
                detail.segments.iter().find(|s| s.index == frame.index),
            ) else {
                outcome.skipped.push(frame.index);
                continue;
            };
            let needs = SegmentNeeds {
                model: None,
                mode: GenerationMode::ImageToVideo,
                duration_s: seg.duration_s,
                aspect_ratio,
                prompt: Some(&seg.prompt),
            };
            let registry = self.runner().registry();
            let starts = |provider: &ProviderId| {
                registry
                    .get(provider.as_str())
                    .and_then(|p| supporting_model(p.descriptor(), &needs).ok().cloned())
            };
            let (provider, model) = match starts(&detail.config.provider) {
                Some(model) => (detail.config.provider.clone(), model),
                None => match starts(&ProviderId::LOCAL) {
                    Some(model) => (ProviderId::LOCAL, model),
                    None => {
                        return Err(CoreError::validation(
                            "provider",
                            format!(
                                "no provider can animate segment {} from a start image",
                                frame.index + 1
                            ),
                        ));
                    }
                },
            };
            let image = self
                .import_asset(&self.data_dir().join(LIBRARY_DIR).join(relative))
                .await?;
            let mut references = vec![image.id.clone()];
            references.extend(
                seg.reference_assets
                    .iter()
                    .filter(|a| **a != image.id)
                    .cloned(),
            );
            references.truncate(MAX_REFERENCES);
            self.edit_segment(&EditSegmentRequest {
                job_id: id.clone(),
                index: frame.index,
                patch: SegmentPatch {
                    mode: Some(GenerationMode::ImageToVideo),
                    provider: Some(provider),
                    model: Some(Some(model.id)),
                    ..SegmentPatch::default()
                },
                references: Some(references),
            })
            .await?;
            outcome.animated.push(frame.index);
        }
        Ok(outcome)
    }
}
