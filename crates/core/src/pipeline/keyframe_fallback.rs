//! A failed keyframe made again on the next image provider of its job's fallback chain: the
//! storyboard's image provider first, then the job's fallback providers that also make
//! images, when the job allows fallback. Each candidate's default model is used when it
//! makes the job's aspect ratio and fits the budget cap; the references are kept as far as
//! the model takes them. Every switch and every passed-over provider is written to the
//! activity log, as for clips.

use super::Runner;
use super::outcome::job_config;
use crate::error::CoreResult;
use crate::providers::GenerationRequest;
use crate::providers::image::keyframe_provider::{image_provider_of, keyframe_provider_id};
use crate::storage::segments::SegmentRecord;
use crate::storage::takes::queue::{self, NewQueued, QueuedTake};
use crate::storage::{activity, decode_json, encode_json, jobs};
use reelforge_protocol::{ActivityEntry, FallbackSkipReason, ProviderFailure};
use sqlx::SqliteConnection;

impl Runner {
    /// Queues the failed keyframe `take` on the next image provider of the chain that can
    /// make it; true when one was found.
    pub(super) async fn fall_back_keyframe(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        seg: &SegmentRecord,
        failure: &ProviderFailure,
        now: i64,
    ) -> CoreResult<bool> {
        let job = jobs::get(&mut *conn, &take.job_id).await?;
        let config = job_config(conn, &job).await?;
        let Some(current) = image_provider_of(take.provider.as_str()) else {
            return Ok(false);
        };
        if !config.allow_fallback {
            return Ok(false);
        }
        let images = &self.inner.images;
        let mut chain = vec![self.keyframe_options(conn, &job).await?.image_provider];
        for provider in &config.fallback_providers {
            let makes_images = images.get(provider.as_str()).is_some();
            if makes_images && !chain.iter().any(|p| p == provider.as_str()) {
                chain.push(provider.to_string());
            }
        }
        let Some(position) = chain.iter().position(|p| p == current) else {
            return Ok(false);
        };
        let mut request: GenerationRequest =
            decode_json("generations.request_json", &take.request_json)?;
        for candidate in &chain[position + 1..] {
            let Some(image) = images.get(candidate) else {
                continue;
            };
            let model = image
                .descriptor()
                .model(None)
                .filter(|m| m.size(config.aspect_ratio).is_some());
            let reason = match model {
                None => FallbackSkipReason::NotAvailable,
                Some(model) => {
                    let cost = model.micros_per_image;
                    let over = match job.budget_cap_micros {
                        Some(cap) => queue::committed_micros(&mut *conn, &job.id).await? + cost > cap,
                        None => false,
                    };
                    if over {
                        FallbackSkipReason::OverBudget
                    } else {
                        request.model = model.id.clone();
                        let takes = model.references.as_ref().map_or(0, |r| r.max_count);
                        request
                            .reference_paths
                            .truncate(usize::try_from(takes).unwrap_or(usize::MAX));
                        queue::enqueue(
                            &mut *conn,
                            NewQueued {
                                job_id: job.id.clone(),
                                segment_id: seg.id.clone(),
                                provider: keyframe_provider_id(candidate).into(),
                                model: Some(model.id.clone()),
                                request_json: encode_json(&request),
                                estimated_cost_micros: cost,
                                attempt: 1,
                                not_before: now,
                            },
                            now,
                        )
                        .await?;
                        let fell_back = ActivityEntry::FellBack {
                            index: seg.index,
                            failure: failure.clone(),
                            to: candidate.as_str().into(),
                        };
                        activity::append(&mut *conn, &job.id, now, &fell_back).await?;
                        return Ok(true);
                    }
                }
            };
            let skipped = ActivityEntry::FallbackSkipped {
                index: seg.index,
                provider: candidate.as_str().into(),
                reason,
            };
            activity::append(&mut *conn, &job.id, now, &skipped).await?;
        }
        Ok(false)
    }
}
