//! Storyboard keyframes on the [`Core`] facade: the image providers' descriptors and one
//! keyframe made outside any job (the CLI's `reelforge keyframe`), written durably.
//!
//! The one-off keyframe follows the image provider's whole protocol (submit once, poll until
//! done, fetch) but records nothing: keyframes as takes of a job belong to the durable engine.

use super::Core;
use crate::durable::PendingFile;
use crate::error::{CoreError, CoreResult};
use crate::providers::image::ImageRequest;
use crate::providers::{PollOutcome, ProviderError};
use reelforge_protocol::{AspectRatio, ImageProviderDescriptor};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long to wait between polls when the provider gives no hint.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// One keyframe to make: provider (`None`: the first registered, the offline one), model
/// (`None`: its default), the aspect ratio and the prompt.
#[derive(Debug, Clone)]
pub struct KeyframeOrder<'a> {
    pub provider: Option<&'a str>,
    pub model: Option<&'a str>,
    pub aspect_ratio: AspectRatio,
    pub prompt: &'a str,
}

/// What a keyframe made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyframeMade {
    pub provider: String,
    pub model: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub out: String,
}

impl Core {
    /// Every available image provider's descriptor, to build storyboard choices from.
    pub fn list_image_providers(&self) -> Vec<ImageProviderDescriptor> {
        self.runner().image_registry().descriptors()
    }

    /// Makes one keyframe with `order` and writes it to `out` (a temporary name, then
    /// renamed: `out` is whole or absent).
    pub async fn render_keyframe(
        &self,
        order: KeyframeOrder<'_>,
        out: &Path,
    ) -> CoreResult<KeyframeMade> {
        let registry = self.runner().image_registry();
        let provider = match order.provider {
            Some(id) => registry
                .get(id)
                .ok_or_else(|| CoreError::not_found("image provider", id))?,
            None => registry
                .iter()
                .next()
                .ok_or_else(|| CoreError::not_found("image provider", "local"))?,
        };
        let descriptor = provider.descriptor();
        let model = descriptor.model(order.model).ok_or_else(|| {
            CoreError::validation(
                "model",
                format!(
                    "{} has no model `{}`",
                    descriptor.display_name,
                    order.model.unwrap_or_default()
                ),
            )
        })?;
        let size = model.size(order.aspect_ratio).ok_or_else(|| {
            CoreError::validation(
                "aspect_ratio",
                format!(
                    "{} makes no {} images",
                    model.display_name, order.aspect_ratio
                ),
            )
        })?;
        if order.prompt.trim().is_empty() {
            return Err(CoreError::validation("prompt", "must not be empty"));
        }
        let request = ImageRequest {
            model: model.id.clone(),
            prompt: order.prompt.trim().to_owned(),
            aspect_ratio: order.aspect_ratio,
            reference_paths: Vec::new(),
            seed: None,
        };
        let submitted = provider.submit(&request).await?;
        let deadline = Instant::now() + Duration::from_secs(u64::from(descriptor.max_generation_s));
        let mut wait = submitted.poll_after;
        let output = loop {
            if let Some(wait) = wait {
                tokio::time::sleep(wait).await;
            }
            match provider.poll(&submitted.remote_id).await? {
                PollOutcome::Succeeded { output, .. } => break output,
                PollOutcome::Failed(why) => return Err(why.into()),
                PollOutcome::Running { poll_after, .. } => {
                    if Instant::now() >= deadline {
                        let _ = provider.cancel(&submitted.remote_id).await;
                        return Err(ProviderError::terminal(
                            crate::providers::TerminalReason::TimedOut,
                            "no image before the provider's time limit",
                        )
                        .into());
                    }
                    wait = Some(poll_after.unwrap_or(POLL_EVERY));
                }
            }
        };
        let io = |source: std::io::Error| CoreError::Io {
            path: out.display().to_string(),
            source,
        };
        let pending = PendingFile::new(out).map_err(io)?;
        let bytes = provider
            .fetch_output(&submitted.remote_id, &output, pending.path())
            .await?;
        pending.commit_file().map_err(io)?;
        Ok(KeyframeMade {
            provider: descriptor.id.to_string(),
            model: model.id.clone(),
            width: size.width,
            height: size.height,
            bytes,
            out: out.display().to_string(),
        })
    }
}
