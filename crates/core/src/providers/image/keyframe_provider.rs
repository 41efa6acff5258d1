//! [`KeyframeProvider`]: an [`ImageProvider`] seen by the generation engine as a
//! [`VideoProvider`], so keyframe takes run through the same durable queue as clips (intent
//! before create, never paid twice, resume, retry, cost ledger).
//!
//! Each image provider is registered with the runner under its own id, `image:<id>`
//! ([`keyframe_provider_id`]), so its concurrency slots are separate from the video provider
//! of the same service. A keyframe take stores a [`GenerationRequest`] (model, prompt, aspect
//! ratio, references, seed; no duration), mapped to an [`ImageRequest`] at each call.

use super::{ImageProvider, ImageRequest};
use crate::providers::{
    GenerationRequest, PollOutcome, ProviderError, Reconciliation, RemoteOutput, Submitted,
    VideoProvider,
};
use reelforge_protocol::{
    GenerationMode, ImageProviderDescriptor, ModelDescriptor, Pricing, ProviderDescriptor,
};
use std::path::Path;
use std::sync::Arc;

/// The prefix of a keyframe provider's id in the runner (and in `generations.provider`).
const PREFIX: &str = "image:";

/// The runner id of image provider `image_id`.
pub fn keyframe_provider_id(image_id: &str) -> String {
    format!("{PREFIX}{image_id}")
}

/// The image provider behind a runner id; `None` for a video provider's id.
pub fn image_provider_of(provider: &str) -> Option<&str> {
    provider.strip_prefix(PREFIX)
}

/// An image provider adapted to the engine's provider trait.
#[derive(Debug)]
pub struct KeyframeProvider {
    image: Arc<dyn ImageProvider>,
    descriptor: ProviderDescriptor,
}

impl KeyframeProvider {
    pub fn new(image: Arc<dyn ImageProvider>) -> Self {
        let d = image.descriptor();
        let descriptor = ProviderDescriptor {
            id: keyframe_provider_id(d.id.as_str()).into(),
            display_name: d.display_name.clone(),
            label: d.label.clone(),
            needs_key: d.needs_key,
            models: d
                .models
                .iter()
                .map(|m| ModelDescriptor {
                    id: m.id.clone(),
                    display_name: m.display_name.clone(),
                    modes: vec![GenerationMode::TextToVideo],
                    durations_s: Vec::new(),
                    aspect_ratios: m.sizes.iter().map(|s| s.aspect_ratio).collect(),
                    resolutions: Vec::new(),
                    image_inputs: m.references.iter().cloned().collect(),
                    pricing: Pricing::PerClip {
                        micros: m.micros_per_image,
                    },
                    requires: Vec::new(),
                })
                .collect(),
            default_concurrency: d.default_concurrency,
            max_generation_s: d.max_generation_s,
        };
        Self { image, descriptor }
    }

    /// The image provider's own descriptor (sizes per aspect ratio, references).
    pub fn image_descriptor(&self) -> &ImageProviderDescriptor {
        self.image.descriptor()
    }
}

/// The image request a keyframe take's stored request stands for.
pub fn image_request(request: &GenerationRequest) -> ImageRequest {
    ImageRequest {
        model: request.model.clone(),
        prompt: request.prompt.clone(),
        aspect_ratio: request.aspect_ratio,
        reference_paths: request.reference_paths.clone(),
        seed: request.seed,
    }
}

#[async_trait::async_trait]
impl VideoProvider for KeyframeProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        self.image.submit(&image_request(request)).await
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        self.image.poll(remote_id).await
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        self.image.cancel(remote_id).await
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        self.image.fetch_output(remote_id, output, dest).await
    }

    async fn find_created(
        &self,
        request: &GenerationRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        self.image
            .find_created(&image_request(request), sent_at_ms)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::image::local::LocalImageProvider;

    #[test]
    fn an_image_provider_runs_under_its_own_id_and_price() {
        let keyframes = KeyframeProvider::new(Arc::new(LocalImageProvider::new()));
        let d = keyframes.descriptor();
        assert_eq!(d.id, "image:local");
        assert_eq!(image_provider_of(d.id.as_str()), Some("local"));
        assert_eq!(image_provider_of("local"), None);
        assert_eq!(d.models[0].pricing, Pricing::PerClip { micros: 0 });
        assert_eq!(d.models.len(), keyframes.image_descriptor().models.len());
    }
}
