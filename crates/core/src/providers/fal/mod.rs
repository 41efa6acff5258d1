//! fal.ai queue adapter (providers.md §3): Kling, Pika, MiniMax/Hailuo, Wan and LTX models
//! behind `queue.fal.run`.
//!
//! It owns the per-model request bodies (duration as a string, a number or an integer
//! depending on the model; aspect-ratio and image field names), the upload of reference
//! images to fal storage (`rest.fal.ai/storage/upload/initiate` then `PUT`), the queue
//! protocol (`IN_QUEUE` / `IN_PROGRESS` / `COMPLETED`, the result fetched from the returned
//! `response_url`, cancel through `cancel_url`) and fal's error shapes: a `COMPLETED` status
//! carrying `error`, and a result answering `422` with `detail[]` (`type:
//! "content_policy_violation"` is moderation).
//!
//! `remote_id` is the request's path under the queue base (`owner/alias/requests/<id>`,
//! exactly what `response_url` holds): status is `…/status`, cancel `…/cancel`, so a take
//! can be followed after a restart, and a changed base URL (proxy) still applies.
//! The wire formats live in [`wire`].

pub(crate) mod queue;
pub(crate) mod wire;

use super::http::status::Phase;
use super::http::{HttpApi, ProviderEnv, download, images};
use super::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TerminalReason,
    VideoProvider,
};
use queue::QueueState;
use reelforge_protocol::{
    GenerationMode, ImageInputKind, ModelDescriptor, Pricing, ProviderDescriptor, RequiredField,
};
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use wire::{DurationField, MODELS, UploadSlot, video_url};

/// The provider id.
pub const FAL_PROVIDER_ID: &str = "fal";
/// fal's queue (every fal adapter's default base URL).
pub(crate) const QUEUE_BASE: &str = "https://queue.fal.run";
const STORAGE_BASE: &str = "https://rest.fal.ai";
/// fal-js polls every 500 ms; providers.md advises 2–5 s for video.
const POLL_AFTER: Duration = Duration::from_secs(3);
/// Largest reference image sent (fal storage takes far more in one piece; a frame never
/// needs it).
const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

/// The fal.ai queue.
#[derive(Debug)]
pub struct FalProvider {
    descriptor: ProviderDescriptor,
    api: HttpApi,
    env: ProviderEnv,
}

impl FalProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let models = MODELS
            .iter()
            .map(|m| {
                let mut image_inputs = vec![images::image_input(
                    ImageInputKind::FirstFrame,
                    MAX_IMAGE_BYTES,
                )];
                let mut modes = vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo];
                if m.end_field.is_some() {
                    modes.push(GenerationMode::FirstLastFrame);
                    image_inputs.push(images::image_input(
                        ImageInputKind::LastFrame,
                        MAX_IMAGE_BYTES,
                    ));
                }
                // providers.md §3: `prompt` is required on every endpoint offered here.
                let requires = RequiredField::prompt_in(&modes, 1);
                ModelDescriptor {
                    id: m.id.to_owned(),
                    display_name: m.display_name.to_owned(),
                    modes,
                    requires,
                    durations_s: m.durations.to_vec(),
                    aspect_ratios: m.aspect_ratios.to_vec(),
                    resolutions: vec![m.output.to_owned()],
                    image_inputs,
                    pricing: Pricing::PerSecond {
                        micros: m.micros_per_second,
                    },
                }
            })
            .collect();
        Self {
            descriptor: ProviderDescriptor {
                id: reelforge_protocol::ProviderId::from_static(FAL_PROVIDER_ID),
                display_name: "fal.ai".to_owned(),
                label: "Hosted AI queue for Kling, Pika, Hailuo, Wan and LTX; reference images are uploaded to fal's public CDN".to_owned(),
                needs_key: true,
                models,
                // New fal accounts run 2 jobs at once; more wait in fal's queue.
                default_concurrency: 2,
                // Queue backlogs on hot models can be long.
                max_generation_s: 30 * 60,
            },
            api: HttpApi::new(FAL_PROVIDER_ID, "fal.ai", QUEUE_BASE, env.clone()),
            env: env.clone(),
        }
    }

    /// The storage API: the person's override (a gateway or fake serving both), else
    /// `rest.fal.ai`.
    fn storage_base(&self) -> String {
        self.env
            .endpoints
            .get(FAL_PROVIDER_ID)
            .unwrap_or_else(|| STORAGE_BASE.to_owned())
    }

    /// Uploads one reference image to fal storage and returns its public URL.
    async fn upload(&self, path: &str) -> Result<String, ProviderError> {
        let image = images::read_image(Path::new(path), MAX_IMAGE_BYTES)?;
        let initiate = self
            .api
            .client()
            .post(format!(
                "{}/storage/upload/initiate?storage_type=fal-cdn-v3",
                self.storage_base()
            ))
            .json(&json!({"content_type": image.mime, "file_name": image.file_name}));
        let slot: UploadSlot = self
            .api
            .json(
                queue::follow(&self.api, initiate, Phase::Upload).await?,
                Phase::Upload,
            )
            .await?;
        // The upload URL is pre-signed: no key on it.
        self.api
            .send(
                self.api
                    .client()
                    .put(&slot.upload_url)
                    .header(reqwest::header::CONTENT_TYPE, image.mime)
                    .body(image.bytes),
                Phase::Upload,
            )
            .await?;
        Ok(slot.file_url)
    }
}

/// `owner/alias[/more]/requests/<id>`: safe path characters only.
pub(crate) fn valid_remote_id(remote_id: &str) -> bool {
    !remote_id.is_empty()
        && remote_id.contains("/requests/")
        && !remote_id.starts_with('/')
        && !remote_id.contains("..")
        && remote_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

/// The queue path of an endpoint's requests: `owner/alias` (the model sub-path dropped),
/// shifted by one under the `workflows/` and `comfy/` namespaces.
pub(crate) fn app_path(endpoint: &str) -> String {
    let parts: Vec<&str> = endpoint.split('/').collect();
    let take = if matches!(parts.first(), Some(&"workflows") | Some(&"comfy")) {
        3
    } else {
        2
    };
    parts[..take.min(parts.len())].join("/")
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

#[async_trait::async_trait]
impl VideoProvider for FalProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let model = MODELS
            .iter()
            .find(|m| m.id == request.model)
            .ok_or_else(|| invalid(format!("fal.ai has no model `{}`", request.model)))?;
        if !model.durations.contains(&request.duration_s) {
            return Err(invalid(format!(
                "{} makes clips of {:?} seconds, not {}",
                model.display_name, model.durations, request.duration_s
            )));
        }
        if !model.aspect_ratios.contains(&request.aspect_ratio) {
            return Err(invalid(format!(
                "{} does not make {} clips",
                model.display_name, request.aspect_ratio
            )));
        }
        let images_needed = match request.mode {
            GenerationMode::TextToVideo => 0,
            GenerationMode::ImageToVideo => 1,
            GenerationMode::FirstLastFrame if model.end_field.is_some() => 2,
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
        // Every image is checked (size, format) before any call is made.
        for path in request.reference_paths.iter().take(images_needed) {
            images::read_image(Path::new(path), MAX_IMAGE_BYTES)?;
        }
        self.api.key()?;

        let mut body = json!({ "prompt": request.prompt });
        body["duration"] = match model.duration {
            DurationField::String => json!(request.duration_s.to_string()),
            DurationField::Number => json!(request.duration_s),
        };
        if let Some(resolution) = model.resolution {
            body["resolution"] = json!(resolution);
        }
        let endpoint = if images_needed == 0 {
            if model.text_aspect {
                body["aspect_ratio"] = json!(request.aspect_ratio.as_str());
            }
            model.text_endpoint
        } else {
            let first = self.upload(&request.reference_paths[0]).await?;
            body[model.image_field] = json!(first);
            if let (2, Some(end_field)) = (images_needed, model.end_field) {
                body[end_field] = json!(self.upload(&request.reference_paths[1]).await?);
            }
            model.image_endpoint
        };

        Ok(Submitted {
            remote_id: queue::enqueue(&self.api, endpoint, &body).await?,
            poll_after: Some(POLL_AFTER),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let body = match queue::status(&self.api, remote_id).await? {
            QueueState::Running => {
                return Ok(PollOutcome::Running {
                    progress: None,
                    poll_after: Some(POLL_AFTER),
                });
            }
            QueueState::Failed(e) => return Ok(PollOutcome::Failed(e)),
            QueueState::Completed => match queue::result(&self.api, remote_id).await? {
                Ok(body) => body,
                Err(e) => return Ok(PollOutcome::Failed(e)),
            },
        };
        Ok(match video_url(&body) {
            Some(url) => PollOutcome::Succeeded {
                output: RemoteOutput { url },
                actual_cost_micros: None,
            },
            None => PollOutcome::Failed(ProviderError::terminal(
                TerminalReason::InvalidOutput,
                "fal finished the request but its result has no video",
            )),
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        queue::cancel(&self.api, remote_id).await
    }

    async fn test_key(&self) -> Result<(), ProviderError> {
        // A short-lived storage token: authenticated, free, creates nothing.
        let request = self
            .api
            .client()
            .post(format!(
                "{}/storage/auth/token?storage_type=fal-cdn-v3",
                self.storage_base()
            ))
            .json(&json!({}));
        queue::follow(&self.api, request, Phase::Follow)
            .await
            .map(|_| ())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        download::download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await
    }
}

#[cfg(test)]
mod tests;
