//! Replicate predictions adapter (providers.md §4).
//!
//! It owns the model catalogue (Kling video models published on Replicate, each with its
//! own input schema), the create call (`POST /v1/models/{owner}/{name}/predictions` for
//! official models, `POST /v1/predictions` with `version` for a pinned version), file inputs
//! (a data URL up to 256 KB as Replicate recommends, else an upload to `POST /v1/files` whose
//! `urls.get` is passed), the prediction states (`starting` / `processing` / `succeeded` /
//! `failed` / `canceled`, plus `aborted`), progress read from the logs, cancel, and
//! Replicate's errors (RFC 7807 bodies; a failed prediction's `error` text, where "flagged as
//! sensitive" is moderation; 429 "Expected available in N seconds").
//!
//! `Prefer: wait` is not sent: a video takes minutes, far over its 60 s, and holding the
//! paid create call open only widens the window in which a lost answer leaves it
//! ambiguous. `Cancel-After` is sent with the descriptor's deadline, so a prediction the app
//! stopped following does not run (and bill) forever.
//!
//! The base URL is the API host (`https://api.replicate.com`, as the official client takes
//! it); paths carry `/v1`. `remote_id` is the prediction id.
//! The predictions protocol (shared with the FLUX image adapter) lives in [`predictions`],
//! the wire formats in [`wire`]; finding a lost create among the recent predictions
//! (`GET /v1/predictions`) in [`recent`].

pub(crate) mod predictions;
mod recent;
pub(crate) mod wire;

use super::http::{HttpApi, Phase, ProviderEnv, download, images};
use super::{
    GenerationRequest, PollOutcome, ProviderError, Reconciliation, RemoteOutput, Submitted,
    TerminalReason, VideoProvider,
};
use reelforge_protocol::{
    GenerationMode, ImageInputKind, ModelDescriptor, Pricing, ProviderDescriptor, RequiredField,
};
use reqwest::RequestBuilder;
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use wire::MODELS;

/// The provider id.
pub const REPLICATE_PROVIDER_ID: &str = "replicate";
const API_BASE: &str = "https://api.replicate.com";
/// The SDK polls every 0.5 s; providers.md advises 2–5 s for video.
const POLL_AFTER: Duration = Duration::from_secs(3);
/// Largest reference image sent.
const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// Longest a generation may take; also sent as `Cancel-After`.
const MAX_GENERATION_S: u32 = 30 * 60;

/// Replicate.
#[derive(Debug)]
pub struct ReplicateProvider {
    descriptor: ProviderDescriptor,
    api: HttpApi,
}

impl ReplicateProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let models = MODELS
            .iter()
            .map(|m| {
                let mut modes = Vec::new();
                if m.text_to_video {
                    modes.push(GenerationMode::TextToVideo);
                }
                modes.push(GenerationMode::ImageToVideo);
                let mut image_inputs = vec![images::image_input(
                    ImageInputKind::FirstFrame,
                    MAX_IMAGE_BYTES,
                )];
                if m.end_image {
                    modes.push(GenerationMode::FirstLastFrame);
                    image_inputs.push(images::image_input(
                        ImageInputKind::LastFrame,
                        MAX_IMAGE_BYTES,
                    ));
                }
                // providers.md §4: the Kling models' `prompt` is required.
                let requires = RequiredField::prompt_in(&modes, 1);
                ModelDescriptor {
                    id: m.id.to_owned(),
                    display_name: m.display_name.to_owned(),
                    modes,
                    requires,
                    durations_s: vec![5, 10],
                    aspect_ratios: m.aspect_ratios.to_vec(),
                    resolutions: vec![m.resolution.to_owned()],
                    image_inputs,
                    pricing: Pricing::PerSecond {
                        micros: m.micros_per_second,
                    },
                }
            })
            .collect();
        Self {
            descriptor: ProviderDescriptor {
                id: reelforge_protocol::ProviderId::from_static(REPLICATE_PROVIDER_ID),
                display_name: "Replicate".to_owned(),
                label: "Hosted AI: Kling video models; prices are estimates, outputs are deleted after 1 hour".to_owned(),
                needs_key: true,
                models,
                default_concurrency: 4,
                max_generation_s: MAX_GENERATION_S,
            },
            api: HttpApi::new(REPLICATE_PROVIDER_ID, "Replicate", API_BASE, env.clone()),
        }
    }

    fn authorized(&self, request: RequestBuilder) -> Result<RequestBuilder, ProviderError> {
        predictions::authorized(&self.api, request)
    }
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

#[async_trait::async_trait]
impl VideoProvider for ReplicateProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let model = MODELS
            .iter()
            .find(|m| m.id == request.model)
            .ok_or_else(|| invalid(format!("Replicate has no model `{}` here", request.model)))?;
        if ![5, 10].contains(&request.duration_s) {
            return Err(invalid(format!(
                "{} makes 5 or 10 second clips, not {}",
                model.display_name, request.duration_s
            )));
        }
        if !model.aspect_ratios.contains(&request.aspect_ratio) {
            return Err(invalid(format!(
                "{} does not make {} clips",
                model.display_name, request.aspect_ratio
            )));
        }
        let images_needed = match request.mode {
            GenerationMode::TextToVideo if model.text_to_video => 0,
            GenerationMode::ImageToVideo => 1,
            GenerationMode::FirstLastFrame if model.end_image => 2,
            mode => {
                return Err(ProviderError::terminal(
                    TerminalReason::Unsupported,
                    format!("{} cannot do {mode:?}", model.display_name),
                ));
            }
        };
        if request.reference_paths.len() < images_needed {
            return Err(invalid(format!(
                "{} needs {images_needed} reference image(s)",
                model.display_name
            )));
        }
        let images = request
            .reference_paths
            .iter()
            .take(images_needed)
            .map(|p| images::read_image(Path::new(p), MAX_IMAGE_BYTES))
            .collect::<Result<Vec<_>, _>>()?;
        self.api.key()?;

        let mut input = json!({
            "prompt": request.prompt,
            "duration": request.duration_s,
        });
        if let Some(mode) = model.mode {
            input["mode"] = json!(mode);
        }
        if model.aspect_field && images_needed == 0 {
            input["aspect_ratio"] = json!(request.aspect_ratio.as_str());
        }
        let mut images = images.into_iter();
        if let Some(first) = images.next() {
            input["start_image"] = json!(predictions::image_input(&self.api, first).await?);
        }
        if let Some(last) = images.next() {
            input["end_image"] = json!(predictions::image_input(&self.api, last).await?);
        }

        let (path, body) = match model.version {
            Some(version) => (
                "/v1/predictions".to_owned(),
                json!({ "version": version, "input": input }),
            ),
            None => (
                format!("/v1/models/{}/predictions", model.model),
                json!({ "input": input }),
            ),
        };
        Ok(Submitted {
            remote_id: predictions::create(&self.api, &path, &body, MAX_GENERATION_S / 60).await?,
            poll_after: Some(POLL_AFTER),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let prediction = predictions::get(&self.api, remote_id).await?;
        Ok(predictions::outcome(&prediction, POLL_AFTER, "video"))
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        predictions::cancel(&self.api, remote_id).await
    }

    async fn test_key(&self) -> Result<(), ProviderError> {
        let request = self.authorized(self.api.client().get(self.api.url("/v1/account")))?;
        self.api.send(request, Phase::Follow).await.map(|_| ())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        download::download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await
    }

    async fn find_created(
        &self,
        request: &GenerationRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        self.find_recent(request, sent_at_ms).await
    }
}

#[cfg(test)]
mod tests;
