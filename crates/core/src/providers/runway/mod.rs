//! The Runway API adapter (`runway`): Gen-4.5 text/image-to-video, Gen-4 Turbo
//! image-to-video and Veo 3.1 (standard and fast) through Runway's task API at
//! `https://api.dev.runwayml.com`.
//!
//! It owns the request bodies (`POST /v1/text_to_video`, `/v1/image_to_video`), the
//! `X-Runway-Version` header every call needs, reference images (inline `data:` URIs up to
//! Runway's 5 MB limit, larger ones through `POST /v1/uploads` and a presigned multipart
//! POST), task polling (`PENDING`/`THROTTLED` count as queued, `CANCELLED`, failure codes
//! classified by prefix family), cancel/delete (`DELETE /v1/tasks/{id}`) and the key check
//! (`GET /v1/organization`). The remote id is Runway's task id alone.

mod wire;

use super::http::download::download_refreshing;
use super::http::images::{self, ImageBytes, read_image};
use super::http::{HttpApi, Phase, ProviderEnv, status};
use super::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode,
    TerminalReason, VideoProvider,
};
use crate::secrets::ApiKey;
use reelforge_protocol::{
    GenerationMode, ImageInputKind, ModelDescriptor, Pricing, ProviderDescriptor, RequiredField,
};
use reqwest::RequestBuilder;
use serde_json::{Value, json};
use std::path::Path;
use wire::ModelSpec;

/// The provider id stored on templates, jobs and segments.
pub const RUNWAY_PROVIDER_ID: &str = "runway";
/// The documented base URL (not `api.runwayml.com`).
pub const RUNWAY_BASE_URL: &str = "https://api.dev.runwayml.com";
/// The API version sent in `X-Runway-Version` on every request.
pub const RUNWAY_API_VERSION: &str = "2024-11-06";
/// Largest `data:` URI sent inline. Runway allows 5 MB encoded; we stay under ≈3.3 MB of
/// image (4.4 MB encoded) and upload anything larger.
pub const DATA_URI_MAX: usize = 4_400_000;
/// Largest reference image accepted (Runway takes 16 MB by URL; uploads go higher, but the
/// upload limit is only reported by third parties).
pub const IMAGE_MAX_BYTES: u64 = 16_000_000;
/// 1 credit = US$0.01.
const MICROS_PER_CREDIT: i64 = 10_000;
/// `promptText` limit, in UTF-16 code units.
const PROMPT_MAX_UTF16: usize = 1000;

/// Runway's hosted API.
#[derive(Debug)]
pub struct RunwayProvider {
    api: HttpApi,
    descriptor: ProviderDescriptor,
}

impl RunwayProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        Self {
            api: HttpApi::new(RUNWAY_PROVIDER_ID, "Runway", RUNWAY_BASE_URL, env.clone()),
            descriptor: descriptor(),
        }
    }

    /// Adds the bearer key and the version header.
    fn authed(&self, request: RequestBuilder, key: &ApiKey) -> RequestBuilder {
        request
            .bearer_auth(key.expose())
            .header("X-Runway-Version", RUNWAY_API_VERSION)
    }

    fn task_url(&self, remote_id: &str) -> Result<String, ProviderError> {
        let valid = !remote_id.is_empty()
            && remote_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("`{remote_id}` is not a Runway task id"),
            ));
        }
        Ok(self.api.url(&format!("/v1/tasks/{remote_id}")))
    }

    /// An image as Runway takes it: inline when small enough, else uploaded (ephemeral).
    async fn image_uri(&self, image: ImageBytes, key: &ApiKey) -> Result<String, ProviderError> {
        let data_uri = image.data_uri();
        if data_uri.len() <= DATA_URI_MAX {
            return Ok(data_uri);
        }
        let request = self
            .authed(self.api.client().post(self.api.url("/v1/uploads")), key)
            .json(&json!({"filename": image.file_name, "type": "ephemeral"}));
        let response = self.api.send(request, Phase::Upload).await?;
        let started: wire::UploadStarted = self.api.json(response, Phase::Upload).await?;
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in started.fields {
            form = form.text(name, value);
        }
        let part = reqwest::multipart::Part::bytes(image.bytes)
            .file_name(image.file_name)
            .mime_str(image.mime)
            .map_err(|e| ProviderError::transient(TakeErrorCode::Internal, e.to_string()))?;
        // The presigned URL carries its own authorisation: the key is not sent there.
        let upload = self
            .api
            .client()
            .post(&started.upload_url)
            .multipart(form.part("file", part));
        self.api.send(upload, Phase::Upload).await?;
        Ok(started.runway_uri)
    }
}

fn unsupported(message: String) -> ProviderError {
    ProviderError::terminal(TerminalReason::Unsupported, message)
}

fn invalid(message: String) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

/// What the descriptor says, from the model table.
fn descriptor() -> ProviderDescriptor {
    let image = |kind| images::image_input(kind, IMAGE_MAX_BYTES);
    let models = wire::MODELS
        .iter()
        .map(|m| {
            let mut modes = Vec::new();
            let mut image_inputs = Vec::new();
            if m.text_to_video {
                modes.push(GenerationMode::TextToVideo);
            }
            if m.image_to_video {
                modes.push(GenerationMode::ImageToVideo);
                image_inputs.push(image(ImageInputKind::FirstFrame));
            }
            if m.first_last {
                modes.push(GenerationMode::FirstLastFrame);
                image_inputs.push(image(ImageInputKind::LastFrame));
            }
            // providers.md §2: text-to-video always requires `promptText`; image-to-video
            // only on the models whose body marks it required (gen4.5).
            let mut prompted = Vec::new();
            if m.text_to_video {
                prompted.push(GenerationMode::TextToVideo);
            }
            if m.image_prompt_required {
                prompted.push(GenerationMode::ImageToVideo);
            }
            ModelDescriptor {
                id: m.id.to_owned(),
                display_name: m.display_name.to_owned(),
                requires: RequiredField::prompt_in(&prompted, 1),
                modes,
                durations_s: m.durations.to_vec(),
                aspect_ratios: wire::aspect_ratios(m),
                resolutions: vec!["720p".to_owned()],
                image_inputs,
                pricing: Pricing::PerSecond {
                    micros: m.credits_per_s * MICROS_PER_CREDIT,
                },
            }
        })
        .collect();
    ProviderDescriptor {
        id: reelforge_protocol::ProviderId::from_static(RUNWAY_PROVIDER_ID),
        display_name: "Runway".to_owned(),
        label: "Hosted AI, paid per second; Gen-4.5 text-to-video is 16:9 or 9:16 only".to_owned(),
        needs_key: true,
        models,
        default_concurrency: 2,
        max_generation_s: 600,
    }
}

/// Checks `request` against the model and returns the endpoint, the number of images it
/// needs and the pixel ratio.
fn plan(
    spec: &ModelSpec,
    request: &GenerationRequest,
) -> Result<(&'static str, usize, &'static str), ProviderError> {
    let (endpoint, images) = match request.mode {
        GenerationMode::TextToVideo if spec.text_to_video => ("/v1/text_to_video", 0),
        GenerationMode::ImageToVideo if spec.image_to_video => ("/v1/image_to_video", 1),
        GenerationMode::FirstLastFrame if spec.first_last => ("/v1/image_to_video", 2),
        mode => {
            return Err(unsupported(format!(
                "Runway {} does not do {mode}",
                spec.display_name
            )));
        }
    };
    if !spec.durations.contains(&request.duration_s) {
        return Err(invalid(format!(
            "Runway {} cannot make {} s clips (allowed: {:?})",
            spec.display_name, request.duration_s, spec.durations
        )));
    }
    let ratio = wire::ratio(spec, images > 0, request.aspect_ratio).ok_or_else(|| {
        unsupported(format!(
            "Runway {} cannot make {} clips in this mode",
            spec.display_name, request.aspect_ratio
        ))
    })?;
    let prompt_units = request.prompt.encode_utf16().count();
    if prompt_units > PROMPT_MAX_UTF16 {
        return Err(invalid(format!(
            "the prompt is {prompt_units} characters; Runway accepts at most {PROMPT_MAX_UTF16}"
        )));
    }
    if images == 0 && request.prompt.trim().is_empty() {
        return Err(invalid("text-to-video needs a prompt".to_owned()));
    }
    if request.reference_paths.len() < images {
        return Err(invalid(format!(
            "{} needs {images} reference image(s), {} given",
            request.mode,
            request.reference_paths.len()
        )));
    }
    Ok((endpoint, images, ratio))
}

/// The create body for `request` with its images already as URIs.
fn body(spec: &ModelSpec, request: &GenerationRequest, ratio: &str, images: &[String]) -> Value {
    let mut body = json!({
        "model": spec.id,
        "ratio": ratio,
        "duration": request.duration_s,
    });
    if !request.prompt.trim().is_empty() {
        body["promptText"] = json!(request.prompt);
    }
    match images {
        [] => {}
        [first] => body["promptImage"] = json!(first),
        [first, last, ..] => {
            body["promptImage"] = json!([
                {"uri": first, "position": "first"},
                {"uri": last, "position": "last"},
            ])
        }
    }
    if spec.audio_flag {
        body["audio"] = json!(false);
    }
    body
}

/// Whether `code` is `family` or one of its sub-codes (`SAFETY` matches `SAFETY.INPUT.TEXT`).
fn in_family(code: &str, family: &str) -> bool {
    code.strip_prefix(family)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A `FAILED` task's error, classified by its failure code's prefix family.
pub fn classify_failure(code: Option<&str>, failure: Option<&str>) -> ProviderError {
    let code = code.map(str::trim).unwrap_or_default();
    let text = failure.map(str::trim).filter(|t| !t.is_empty());
    let text = text.unwrap_or("no reason given");
    let shown = if code.is_empty() { "no code" } else { code };
    let message = format!("Runway task failed ({shown}): {text}");
    let terminal = |reason| ProviderError::terminal(reason, message.clone());
    // Runway's own code stays in the message.
    let transient = || ProviderError::transient(TakeErrorCode::ProviderFailed, message.clone());
    if in_family(code, "SAFETY") || in_family(code, "INPUT_PREPROCESSING.SAFETY") {
        terminal(TerminalReason::Moderation)
    } else if in_family(code, "INPUT_PREPROCESSING.INTERNAL") {
        transient()
    } else if in_family(code, "INPUT_PREPROCESSING") || in_family(code, "ASSET") {
        terminal(TerminalReason::InvalidInput)
    } else if in_family(code, "INTERNAL") || in_family(code, "THIRD_PARTY") {
        // Includes INTERNAL.BAD_OUTPUT.* (quality reject, refunded): a new attempt may pass.
        transient()
    } else if status::looks_like_moderation(text) {
        terminal(TerminalReason::Moderation)
    } else {
        transient()
    }
}

/// A task as a poll outcome.
fn outcome(task: wire::Task, poll_after: Option<std::time::Duration>) -> PollOutcome {
    match task.status.as_str() {
        "SUCCEEDED" => match task.output.unwrap_or_default().into_iter().next() {
            Some(url) if !url.is_empty() => PollOutcome::Succeeded {
                output: RemoteOutput { url },
                actual_cost_micros: task
                    .cost
                    .filter(|c| c.credits.is_finite() && c.credits >= 0.0)
                    .map(|c| (c.credits * MICROS_PER_CREDIT as f64).round() as i64),
            },
            _ => PollOutcome::Failed(status::malformed(
                Phase::Follow,
                "the task SUCCEEDED without an output URL",
            )),
        },
        "FAILED" => PollOutcome::Failed(classify_failure(
            task.failure_code.as_deref(),
            task.failure.as_deref(),
        )),
        "CANCELLED" => PollOutcome::Failed(ProviderError::cancelled_at_provider(
            "the task was cancelled at Runway",
        )),
        "RUNNING" => PollOutcome::Running {
            progress: task.progress.filter(|p| p.is_finite()).map(|p| {
                let percent = if p <= 1.0 { p * 100.0 } else { p };
                percent.clamp(0.0, 100.0).round() as u8
            }),
            poll_after,
        },
        // PENDING, THROTTLED (over the concurrency limit: stored, enqueued later) and any
        // state this adapter does not know yet.
        _ => PollOutcome::Running {
            progress: None,
            poll_after,
        },
    }
}

#[async_trait::async_trait]
impl VideoProvider for RunwayProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let spec = wire::model(&request.model)
            .ok_or_else(|| unsupported(format!("Runway has no model `{}`", request.model)))?;
        let (endpoint, count, ratio) = plan(spec, request)?;
        let images = request.reference_paths[..count]
            .iter()
            .map(|p| read_image(Path::new(p), IMAGE_MAX_BYTES))
            .collect::<Result<Vec<_>, _>>()?;
        let key = self.api.key()?;
        let mut uris = Vec::with_capacity(images.len());
        for image in images {
            uris.push(self.image_uri(image, &key).await?);
        }
        let create = self
            .authed(self.api.client().post(self.api.url(endpoint)), &key)
            .json(&body(spec, request, ratio, &uris));
        let response = self.api.send_create(create).await?;
        let created: wire::Created = self.api.json(response, Phase::Create).await?;
        if created.id.trim().is_empty() {
            return Err(status::malformed(Phase::Create, "no task id in the answer"));
        }
        Ok(Submitted {
            remote_id: created.id,
            poll_after: None,
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let url = self.task_url(remote_id)?;
        let key = self.api.key()?;
        let request = self.authed(self.api.client().get(url), &key);
        let response = self.api.send(request, Phase::Follow).await?;
        let poll_after = status::retry_after(response.headers());
        let task: wire::Task = self.api.json(response, Phase::Follow).await?;
        Ok(outcome(task, poll_after))
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        let url = self.task_url(remote_id)?;
        let key = self.api.key()?;
        let request = self
            .authed(self.api.client().delete(url), &key)
            .header(reqwest::header::ACCEPT, "*/*");
        let response = self.api.send_any_status(request, Phase::Follow).await?;
        let code = response.status();
        // 404: already deleted (or never existed): nothing is left to stop.
        if code.is_success() || code == reqwest::StatusCode::NOT_FOUND {
            return Ok(());
        }
        let retry = status::retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        Err(status::status_error(code, retry, &text, Phase::Follow))
    }

    async fn test_key(&self) -> Result<(), ProviderError> {
        let key = self.api.key()?;
        let request = self.authed(
            self.api.client().get(self.api.url("/v1/organization")),
            &key,
        );
        self.api.send(request, Phase::Follow).await.map(|_| ())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await
    }
}

#[cfg(test)]
mod tests;
