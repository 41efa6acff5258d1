//! Storyboard keyframes in the durable queue: the image providers registered as keyframe
//! providers, queueing a keyframe take per segment (prompt with the template's style, the
//! job's aspect ratio, references for models that take them: the first approved keyframe
//! when "same character" is on, then the job's reference set), under the job's budget cap,
//! and what follows a stored keyframe (it becomes its segment's selection when it is the
//! newest).

use super::Runner;
use super::outcome::job_config;
use super::plan::styled_prompt;
use crate::error::{CoreError, CoreResult};
use crate::providers::image::ImageProviderRegistry;
use crate::providers::image::keyframe_provider::{KeyframeProvider, keyframe_provider_id};
use crate::providers::{GenerationRequest, ProviderRegistry};
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::storyboard::{self, StoredOptions};
use crate::storage::takes::queue::{self, NewQueued, QueuedTake};
use crate::storage::{assets, encode_json, job_references, jobs, segments, takes, templates};
use reelforge_protocol::{
    AspectRatio, EngineEvent, GenerationMode, ImageModelDescriptor, JobId, TakeStatus,
};
use sqlx::SqliteConnection;
use std::sync::Arc;

/// Every image provider as the queue runs it (`image:<id>`).
pub(super) fn keyframe_registry(images: &ImageProviderRegistry) -> ProviderRegistry {
    images.iter().fold(ProviderRegistry::default(), |r, image| {
        r.with(Arc::new(KeyframeProvider::new(image.clone())))
    })
}

impl Runner {
    /// The job's keyframe options: as stored, else the job's provider when it also makes
    /// images, else the first image provider (the offline one), default model, "same
    /// character" off.
    pub async fn keyframe_options(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
    ) -> CoreResult<StoredOptions> {
        if let Some(stored) = storyboard::options(&mut *conn, &job.id).await? {
            return Ok(stored);
        }
        let config = job_config(conn, job).await?;
        let images = &self.inner.images;
        let provider = match images.get(config.provider.as_str()) {
            Some(p) => p.descriptor().id.to_string(),
            None => images
                .iter()
                .next()
                .map(|p| p.descriptor().id.to_string())
                .ok_or_else(|| CoreError::not_found("image provider", "local"))?,
        };
        Ok(StoredOptions {
            image_provider: provider,
            image_model: None,
            same_character: false,
        })
    }

    /// The aspect ratio the job's keyframes are made at (the job's, after the cascade).
    pub async fn keyframe_aspect_ratio(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
    ) -> CoreResult<AspectRatio> {
        Ok(job_config(conn, job).await?.aspect_ratio)
    }

    /// Queues one keyframe take for each of `indexes` (zero-based), or with none for every
    /// segment that has no keyframe succeeded nor under way; refused over the budget cap.
    pub async fn queue_keyframes(&self, job_id: &JobId, indexes: &[u32]) -> CoreResult<()> {
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let options = self.keyframe_options(&mut tx, &job).await?;
        let image = self
            .inner
            .images
            .get(&options.image_provider)
            .ok_or_else(|| CoreError::not_found("image provider", &options.image_provider))?;
        let descriptor = image.descriptor();
        let model = descriptor
            .model(options.image_model.as_deref())
            .ok_or_else(|| {
                CoreError::validation(
                    "image_model",
                    format!(
                        "{} has no model `{}`",
                        descriptor.display_name,
                        options.image_model.as_deref().unwrap_or_default()
                    ),
                )
            })?;
        let config = job_config(&mut tx, &job).await?;
        if model.size(config.aspect_ratio).is_none() {
            return Err(CoreError::validation(
                "aspect_ratio",
                format!(
                    "{} makes no {} images: choose another image model",
                    model.display_name, config.aspect_ratio
                ),
            ));
        }
        let style = match &job.template_id {
            Some(id) => Some(templates::get(&mut tx, id).await?.input.style),
            None => None,
        };
        let segs = segments::list_for_job(&mut tx, job_id).await?;
        for index in indexes {
            if !segs.iter().any(|s| s.index == *index) {
                return Err(CoreError::validation(
                    "segments",
                    format!(
                        "segment {} does not exist (the job has {})",
                        index + 1,
                        segs.len()
                    ),
                ));
            }
        }
        if let Some(empty) = wanted_prompts_empty(&segs, indexes) {
            return Err(CoreError::validation(
                "segments",
                format!("segment {} has no prompt to make a keyframe from", empty + 1),
            ));
        }
        let keyframes = takes::list_keyframes_for_job(&mut tx, job_id).await?;
        let wanted: Vec<_> = segs
            .iter()
            .filter(|seg| {
                if indexes.is_empty() {
                    !keyframes.iter().any(|t| {
                        t.segment_id == seg.id
                            && (t.status == TakeStatus::Succeeded || !t.status.is_terminal())
                    })
                } else {
                    indexes.contains(&seg.index)
                }
            })
            .collect();
        let first_approved = match options.same_character {
            true => storyboard::first_approved(&mut tx, job_id).await?,
            false => None,
        };
        let first_approved =
            first_approved.map(|(_, path)| self.inner.library.join(path).display().to_string());
        let mut job_set = Vec::new();
        for asset in job_references::list(&mut tx, job_id).await? {
            let stored = assets::get(&mut tx, &asset).await?.path;
            job_set.push(self.inner.library.join(stored).display().to_string());
        }
        let references = keyframe_references(model, first_approved, job_set);
        let total = model
            .micros_per_image
            .saturating_mul(i64::try_from(wanted.len()).unwrap_or(i64::MAX));
        let committed = queue::committed_micros(&mut tx, job_id).await?;
        if let Some(cap) = job.budget_cap_micros
            && committed + total > cap
        {
            return Err(CoreError::BudgetExceeded {
                estimate_micros: total,
                committed_micros: committed,
                cap_micros: cap,
            });
        }
        let provider = keyframe_provider_id(descriptor.id.as_str());
        for seg in wanted {
            let request = GenerationRequest {
                model: model.id.clone(),
                mode: GenerationMode::TextToVideo,
                prompt: styled_prompt(style.as_ref(), &seg.prompt),
                duration_s: 0,
                aspect_ratio: config.aspect_ratio,
                reference_paths: references.clone(),
                seed: None,
            };
            let take_id = queue::enqueue(
                &mut tx,
                NewQueued {
                    job_id: job_id.clone(),
                    segment_id: seg.id.clone(),
                    provider: provider.clone().into(),
                    model: Some(model.id.clone()),
                    request_json: encode_json(&request),
                    estimated_cost_micros: model.micros_per_image,
                    attempt: 1,
                    not_before: now,
                },
                now,
            )
            .await?;
            events.push(EngineEvent::SegmentUpdated {
                job_id: job_id.clone(),
                segment_id: seg.id.clone(),
                take_id,
                status: TakeStatus::Queued,
            });
        }
        tx.commit().await?;
        self.emit(events);
        self.wake();
        Ok(())
    }

    /// After a keyframe was stored: it becomes its segment's selected keyframe unless a
    /// newer one of the segment already is.
    pub(super) async fn keyframe_stored(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        now: i64,
    ) -> CoreResult<()> {
        let keyframes = takes::list_keyframes_for_job(&mut *conn, &take.job_id).await?;
        let frames = storyboard::frames(&mut *conn, &take.job_id).await?;
        let created = |id: &reelforge_protocol::TakeId| {
            keyframes
                .iter()
                .find(|t| t.id == *id)
                .map(|t| (t.created_at, t.id.as_str().to_owned()))
        };
        let newer_selected = frames
            .iter()
            .find(|f| f.segment_id == take.segment_id)
            .and_then(|f| f.selected.as_ref())
            .and_then(created)
            .is_some_and(|selected| Some(selected) > created(&take.id));
        if !newer_selected {
            storyboard::select(&mut *conn, &take.segment_id, &take.id, now).await?;
        }
        Ok(())
    }
}

/// The first segment asked for (all when `indexes` is empty) whose prompt is empty.
fn wanted_prompts_empty(segs: &[SegmentRecord], indexes: &[u32]) -> Option<u32> {
    segs.iter()
        .filter(|s| indexes.is_empty() || indexes.contains(&s.index))
        .find(|s| s.prompt.trim().is_empty())
        .map(|s| s.index)
}

/// The reference images a keyframe of `model` is sent: none when the model takes none; else
/// the first approved keyframe ("same character", when on and there is one), then the job's
/// reference set, as many as the model takes.
fn keyframe_references(
    model: &ImageModelDescriptor,
    first_approved: Option<String>,
    job_set: Vec<String>,
) -> Vec<String> {
    let Some(spec) = model.references.as_ref() else {
        return Vec::new();
    };
    let mut references: Vec<String> = first_approved.into_iter().chain(job_set).collect();
    references.truncate(usize::try_from(spec.max_count).unwrap_or(usize::MAX));
    references
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{ImageInputKind, ImageInputSpec};

    fn model(references: Option<u32>) -> ImageModelDescriptor {
        ImageModelDescriptor {
            id: "m".into(),
            display_name: "M".into(),
            sizes: Vec::new(),
            references: references.map(|max_count| ImageInputSpec {
                kind: ImageInputKind::Reference,
                max_count,
                max_bytes: 1,
                formats: Vec::new(),
            }),
            micros_per_image: 0,
        }
    }

    fn paths(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn the_first_approved_keyframe_leads_the_references_of_a_model_that_takes_them() {
        let approved = Some("approved.png".to_owned());
        assert_eq!(
            keyframe_references(&model(Some(2)), approved.clone(), paths(&["a", "b"])),
            paths(&["approved.png", "a"])
        );
        assert_eq!(
            keyframe_references(&model(Some(4)), None, paths(&["a", "b"])),
            paths(&["a", "b"])
        );
        assert!(keyframe_references(&model(None), approved, paths(&["a"])).is_empty());
    }
}
