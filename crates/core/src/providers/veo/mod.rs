//! Google Veo through the Gemini API (the Developer API, not Vertex AI): the `veo` provider.
//!
//! Owns the wire format of providers.md §6: `POST /v1beta/models/{model}:predictLongRunning`
//! creates a long-running operation whose `name` (`models/{model}/operations/{id}`) is the
//! take's remote id; `GET /v1beta/{name}` polls it until `done`, which then carries either
//! `error` (a `google.rpc.Status`), or `response.generateVideoResponse` with
//! `generatedSamples[].video.uri` (or inline `encodedVideo`), or — when the safety filter
//! dropped every sample — `raiMediaFilteredCount > 0` with `raiMediaFilteredReasons`, which is
//! a moderation failure. Auth is the `x-goog-api-key` header, also required on the video
//! download (`…/files/{id}:download?alt=media`), so the key is sent there too, but only to
//! the API's own origin. Reference images go inline as base64 (the Gemini API refuses
//! storage URIs). There is no cancel: cancelling just stops polling. Rate limits carry
//! their delay as `Retry-After` or as a `google.rpc.RetryInfo` error detail; a wrong key
//! (Google's 400 `API_KEY_INVALID`, or 403 `PERMISSION_DENIED`) is a bad key.
//!
//! The base URL (default `https://generativelanguage.googleapis.com`, overridable like the
//! SDK's `http_options.base_url`) is the host root; paths carry the `/v1beta` version.
//!
//! Wire types and reading answers live in [`wire`].

mod wire;

use super::http::download::{DownloadError, stream_to_file};
use super::http::images::read_image;
use super::http::{HttpApi, Phase, ProviderEnv, status};
use super::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode,
    TerminalReason, VideoProvider,
};
use base64::Engine;
use reelforge_protocol::{
    AspectRatio, GenerationMode, ImageInputKind, ImageInputSpec, ModelDescriptor, Pricing,
    ProviderDescriptor,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use wire::{Created, Operation, bad_key, outcome, retry_info};

/// The provider id.
pub const VEO_PROVIDER_ID: &str = "veo";
const DEFAULT_BASE: &str = "https://generativelanguage.googleapis.com";
const API_VERSION: &str = "/v1beta";
const KEY_HEADER: &str = "x-goog-api-key";
/// The docs and SDK examples poll every 10 s.
const POLL_EVERY: Duration = Duration::from_secs(10);
/// Inline images travel base64-encoded in a request the Gemini API caps at 20 MB.
const MAX_IMAGE_BYTES: u64 = 14 * 1024 * 1024;
/// Marks an output that came inline (`encodedVideo`) rather than as a URI.
const INLINE_OUTPUT: &str = "veo-inline:encodedVideo";

/// Veo through the Gemini API.
#[derive(Debug)]
pub struct VeoProvider {
    api: HttpApi,
    descriptor: ProviderDescriptor,
}

fn model(id: &str, name: &str, micros_per_s: i64, last_frame: bool) -> ModelDescriptor {
    let formats = vec!["image/png".to_owned(), "image/jpeg".to_owned()];
    let frame = |kind| ImageInputSpec {
        kind,
        max_count: 1,
        max_bytes: MAX_IMAGE_BYTES,
        formats: formats.clone(),
    };
    let mut modes = vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo];
    let mut image_inputs = vec![frame(ImageInputKind::FirstFrame)];
    if last_frame {
        modes.push(GenerationMode::FirstLastFrame);
        image_inputs.push(frame(ImageInputKind::LastFrame));
    }
    ModelDescriptor {
        id: id.to_owned(),
        display_name: name.to_owned(),
        modes,
        durations_s: vec![4, 6, 8],
        aspect_ratios: vec![AspectRatio::Landscape, AspectRatio::Portrait],
        // The request leaves `resolution` at its default (720p), the price quoted here.
        resolutions: vec!["720p".to_owned()],
        image_inputs,
        pricing: Pricing::PerSecond {
            micros: micros_per_s,
        },
        // providers.md §6 does not mark `prompt` as required.
        requires: Vec::new(),
    }
}

impl VeoProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        Self {
            api: HttpApi::new(VEO_PROVIDER_ID, "Google Veo", DEFAULT_BASE, env.clone()),
            descriptor: ProviderDescriptor {
                id: reelforge_protocol::ProviderId::from_static(VEO_PROVIDER_ID),
                display_name: "Google Veo".to_owned(),
                label: "Hosted AI through the Gemini API (paid-tier key); audio always included"
                    .to_owned(),
                needs_key: true,
                models: vec![
                    model(
                        "veo-3.1-fast-generate-preview",
                        "Veo 3.1 Fast",
                        100_000,
                        true,
                    ),
                    model("veo-3.1-generate-preview", "Veo 3.1", 400_000, true),
                    model("veo-3.0-fast-generate-001", "Veo 3 Fast", 150_000, false),
                    model("veo-3.0-generate-001", "Veo 3", 400_000, false),
                ],
                // Preview models allow ~10 requests a minute and ≤10 running per project.
                default_concurrency: 4,
                // Typically 1–3 min, up to ~6 min at peak.
                max_generation_s: 900,
            },
        }
    }

    fn operation_url(&self, name: &str) -> Result<String, ProviderError> {
        let safe = (name.starts_with("models/") || name.starts_with("operations/"))
            && !name.contains("..")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c));
        if !safe {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("not a Veo operation name: {name:?}"),
            ));
        }
        Ok(self.api.url(&format!("{API_VERSION}/{name}")))
    }

    async fn operation(&self, name: &str) -> Result<Operation, ProviderError> {
        let key = self.api.key()?;
        let request = self
            .api
            .client()
            .get(self.operation_url(name)?)
            .header(KEY_HEADER, key.expose());
        let response = self.send(request, Phase::Follow).await?;
        self.api.json(response, Phase::Follow).await
    }

    /// Sends `request` once and classifies failures like [`HttpApi::send`], also reading
    /// Google's `RetryInfo` error detail when there is no `Retry-After` header.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        phase: Phase,
    ) -> Result<reqwest::Response, ProviderError> {
        self.api
            .send_classified(request, phase, |code, header, body, phase| {
                let retry = header.or_else(|| retry_info(body));
                bad_key(status::status_error(code, retry, body, phase))
            })
            .await
    }

    /// A download request, with the key when `url` is on the API's own origin.
    fn download_request(&self, url: &str) -> Result<reqwest::RequestBuilder, ProviderError> {
        let request = self.api.client().get(url);
        let origin = |u: &str| {
            reqwest::Url::parse(u).ok().map(|u| {
                (
                    u.scheme().to_owned(),
                    u.host_str().map(str::to_owned),
                    u.port_or_known_default(),
                )
            })
        };
        if origin(url).is_some() && origin(url) == origin(&self.api.base_url()) {
            Ok(request.header(KEY_HEADER, self.api.key()?.expose()))
        } else {
            Ok(request)
        }
    }
}

fn image_json(path: &str) -> Result<Value, ProviderError> {
    let image = read_image(Path::new(path), MAX_IMAGE_BYTES)?;
    Ok(json!({"bytesBase64Encoded": image.base64(), "mimeType": image.mime}))
}

/// The documented request body.
fn body(request: &GenerationRequest) -> Result<Value, ProviderError> {
    let invalid = |m: String| ProviderError::terminal(TerminalReason::InvalidInput, m);
    let aspect = match request.aspect_ratio {
        AspectRatio::Landscape | AspectRatio::Portrait => request.aspect_ratio.as_str(),
        other => {
            return Err(invalid(format!(
                "Veo makes 16:9 or 9:16 clips, not {other}"
            )));
        }
    };
    if ![4, 6, 8].contains(&request.duration_s) {
        return Err(invalid(format!(
            "Veo makes 4, 6 or 8 second clips, not {} s",
            request.duration_s
        )));
    }
    let mut instance = json!({"prompt": request.prompt});
    let needed = match request.mode {
        GenerationMode::TextToVideo => 0,
        GenerationMode::ImageToVideo => 1,
        GenerationMode::FirstLastFrame => 2,
        GenerationMode::UploadedClip => {
            return Err(ProviderError::terminal(
                TerminalReason::Unsupported,
                "an uploaded clip is not generated",
            ));
        }
    };
    if request.reference_paths.len() < needed {
        return Err(invalid(format!(
            "this mode needs {needed} reference image(s), got {}",
            request.reference_paths.len()
        )));
    }
    if needed == 2 && !request.model.starts_with("veo-3.1") {
        return Err(invalid(format!(
            "{} has no last frame (Veo 3.1 only)",
            request.model
        )));
    }
    if needed >= 1 {
        instance["image"] = image_json(&request.reference_paths[0])?;
    }
    if needed == 2 {
        instance["lastFrame"] = image_json(&request.reference_paths[1])?;
    }
    Ok(json!({
        "instances": [instance],
        "parameters": {
            "aspectRatio": aspect,
            "durationSeconds": request.duration_s,
            "sampleCount": 1,
        }
    }))
}

#[async_trait::async_trait]
impl VideoProvider for VeoProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let body = body(request)?;
        let model = &request.model;
        if model.is_empty()
            || !model
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("not a Veo model id: {model:?}"),
            ));
        }
        let key = self.api.key()?;
        let url = self
            .api
            .url(&format!("{API_VERSION}/models/{model}:predictLongRunning"));
        let request = self
            .api
            .client()
            .post(url)
            .header(KEY_HEADER, key.expose())
            .json(&body);
        // Sent once (never retried): failures after sending are ambiguous.
        let response = self.send(request, Phase::Create).await?;
        let created: Created = self.api.json(response, Phase::Create).await?;
        if created.name.is_empty() {
            return Err(ProviderError::ambiguous_submit(
                "Veo accepted the request without an operation name",
            ));
        }
        Ok(Submitted {
            remote_id: created.name,
            poll_after: Some(POLL_EVERY),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        Ok(outcome(self.operation(remote_id).await?))
    }

    /// The Gemini API has no cancel for Veo operations: the engine just stops polling.
    async fn cancel(&self, _remote_id: &str) -> Result<(), ProviderError> {
        Ok(())
    }

    /// Lists one model: authenticated, free.
    async fn test_key(&self) -> Result<(), ProviderError> {
        let key = self.api.key()?;
        let request = self
            .api
            .client()
            .get(self.api.url(&format!("{API_VERSION}/models")))
            .query(&[("pageSize", "1")])
            .header(KEY_HEADER, key.expose());
        self.send(request, Phase::Follow).await?;
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        if output.url == INLINE_OUTPUT {
            return self.write_inline(remote_id, dest).await;
        }
        match stream_to_file(self.download_request(&output.url)?, dest).await {
            Ok(bytes) => Ok(bytes),
            Err(DownloadError::Expired(expired)) => match self.poll(remote_id).await? {
                PollOutcome::Succeeded { output: fresh, .. } if fresh.url == INLINE_OUTPUT => {
                    self.write_inline(remote_id, dest).await
                }
                PollOutcome::Succeeded { output: fresh, .. } => {
                    Ok(stream_to_file(self.download_request(&fresh.url)?, dest).await?)
                }
                PollOutcome::Failed(error) => Err(error),
                PollOutcome::Running { .. } => Err(expired),
            },
            Err(DownloadError::Other(error)) => Err(bad_key(error)),
        }
    }
}

impl VeoProvider {
    /// Writes a video that came inline (`encodedVideo`, base64) in the operation.
    async fn write_inline(&self, remote_id: &str, dest: &Path) -> Result<u64, ProviderError> {
        let operation = self.operation(remote_id).await?;
        let encoded = operation
            .response
            .and_then(|r| r.generate_video_response)
            .unwrap_or_default()
            .generated_samples
            .into_iter()
            .find_map(|s| s.video.and_then(|v| v.encoded_video))
            .ok_or_else(|| {
                ProviderError::transient(
                    TakeErrorCode::NoOutput,
                    "Veo's operation no longer holds the video",
                )
            })?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|e| {
                ProviderError::terminal(
                    TerminalReason::InvalidOutput,
                    format!("Veo's inline video is not base64: {e}"),
                )
            })?;
        if bytes.is_empty() {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidOutput,
                "the provider's output file is empty",
            ));
        }
        tokio::fs::write(dest, &bytes)
            .await
            .map_err(|e| ProviderError::disk(dest.display(), &e))?;
        Ok(bytes.len() as u64)
    }
}

#[cfg(test)]
mod tests;
