//! ComfyUI on the person's own machine: the `comfyui` provider (providers.md §7).
//!
//! Owns talking to a local ComfyUI server (default `http://127.0.0.1:8188`, no key, called
//! from Rust so its origin check never fires): workflow templates filled and queued with
//! `POST /prompt`, reference images sent through `POST /upload/image`, progress read from
//! `GET /history/{prompt_id}` (which stays `{}` until the prompt has finished) and
//! `GET /queue` (pending / running), the video fetched through
//! `GET /view?filename=…&subfolder=…&type=output`, and cancel as `POST /queue
//! {"delete":[id]}` plus `POST /interrupt {"prompt_id":id}`. `test_key` only checks that the
//! server answers `GET /system_stats`.
//!
//! **Resubmission after a crash.** ComfyUI takes a client-supplied `prompt_id` (a canonical
//! lowercase UUID), which is the take's remote id. It is derived from the request itself
//! (SHA-256 of the request JSON and an attempt number), so sending the same request again
//! finds the prompt a lost create call already queued: if `/queue` or `/history` knows the
//! id, nothing is re-sent and that id is returned. Attempts whose prompt failed are skipped
//! (a retry queues a new one), and a finished prompt's history entry is removed once its
//! video has been fetched (`POST /history {"delete":[id]}`, best effort), so a later take of
//! the same request is a new generation (the seed is the one the engine chose for the take).
//!
//! Workflow templates (built-in and people's own) are described in [`workflows`].

mod answers;
mod descriptor;
pub mod workflows;

use super::http::status;
use super::http::{HttpApi, Phase, ProviderEnv, download::download_refreshing, images};
use super::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode,
    TerminalReason, VideoProvider,
};
use crate::secrets::redaction::redact;
use answers::{execution_failure, refusal, succeeded, video_output};
use descriptor::describe;
use reelforge_protocol::{GenerationMode, ProviderDescriptor};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;
use workflows::{Fill, Workflow};

/// The provider id.
pub const COMFYUI_PROVIDER_ID: &str = "comfyui";
/// Where the app keeps people's own workflow templates, under its data folder.
pub const USER_WORKFLOW_DIR: &str = "comfyui-workflows";
const DEFAULT_BASE: &str = "http://127.0.0.1:8188";
/// providers.md: without the WebSocket, poll `/history` every 1–2 s.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// `--max-upload-size` defaults to 100 MB; reference images stay well under.
const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;
/// Attempt ids tried before giving up on finding a free derived prompt id.
const MAX_ATTEMPTS: u32 = 32;
/// Subfolder of ComfyUI's `input/` the reference images are uploaded to.
const UPLOAD_SUBFOLDER: &str = "reelforge";
const CLIENT_ID: &str = "reelforge";

/// A ComfyUI server, usually on this machine.
#[derive(Debug)]
pub struct ComfyUiProvider {
    api: HttpApi,
    workflows: Vec<Workflow>,
    descriptor: ProviderDescriptor,
}

/// Where a prompt stands in ComfyUI.
enum Found {
    Pending,
    Running,
    Done(Value),
    Unknown,
}

impl ComfyUiProvider {
    /// The provider with the built-in workflows only.
    pub fn new(env: &ProviderEnv) -> Self {
        let api = HttpApi::new(COMFYUI_PROVIDER_ID, "ComfyUI", DEFAULT_BASE, env.clone());
        let workflows = Workflow::builtin();
        let descriptor = describe(&workflows);
        Self {
            api,
            workflows,
            descriptor,
        }
    }

    /// Adds the `*.json` templates of `dir` (a missing folder adds none; invalid files are
    /// skipped with a warning). A user template for a built-in model and mode replaces it.
    pub fn with_workflow_dir(mut self, dir: &Path) -> Self {
        for workflow in Workflow::load_dir(dir) {
            self.workflows
                .retain(|w| !(w.model == workflow.model && w.mode == workflow.mode));
            self.workflows.push(workflow);
        }
        self.descriptor = describe(&self.workflows);
        self
    }

    fn workflow(&self, model: &str, mode: GenerationMode) -> Result<&Workflow, ProviderError> {
        self.workflows
            .iter()
            .find(|w| w.model == model && w.mode == mode)
            .ok_or_else(|| {
                ProviderError::terminal(
                    TerminalReason::Unsupported,
                    format!("no ComfyUI workflow for model {model:?} in mode {mode:?}"),
                )
            })
    }

    async fn get_json(&self, path: &str) -> Result<Value, ProviderError> {
        let response = self
            .api
            .send(self.api.client().get(self.api.url(path)), Phase::Follow)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        self.api.json(response, Phase::Follow).await
    }

    /// The prompt's place: history first (finished), then the queue.
    async fn find(&self, prompt_id: &str) -> Result<Found, ProviderError> {
        let history = self.get_json(&format!("/history/{prompt_id}")).await?;
        if let Some(entry) = history.get(prompt_id) {
            return Ok(Found::Done(entry.clone()));
        }
        let queue = self.get_json("/queue").await?;
        let holds = |list: &str| {
            queue[list]
                .as_array()
                .is_some_and(|items| items.iter().any(|item| item[1] == prompt_id))
        };
        Ok(if holds("queue_running") {
            Found::Running
        } else if holds("queue_pending") {
            Found::Pending
        } else {
            Found::Unknown
        })
    }

    /// The derived prompt id to use: one ComfyUI already holds for this request (`true`: do
    /// not resubmit), else the first free one.
    async fn choose_prompt_id(
        &self,
        request: &GenerationRequest,
    ) -> Result<(String, bool), ProviderError> {
        for attempt in 0..MAX_ATTEMPTS {
            let id = derived_prompt_id(request, attempt);
            match self.find(&id).await? {
                Found::Pending | Found::Running => return Ok((id, true)),
                Found::Done(entry) if succeeded(&entry) => return Ok((id, true)),
                Found::Done(_) => continue,
                Found::Unknown => return Ok((id, false)),
            }
        }
        Ok((uuid::Uuid::new_v4().to_string(), false))
    }

    async fn upload(&self, image: images::ImageBytes) -> Result<String, ProviderError> {
        let part = reqwest::multipart::Part::bytes(image.bytes)
            .file_name(image.file_name)
            .mime_str(image.mime)
            .map_err(|e| ProviderError::terminal(TerminalReason::InvalidInput, e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .part("image", part)
            .text("type", "input")
            .text("subfolder", UPLOAD_SUBFOLDER);
        let request = self
            .api
            .client()
            .post(self.api.url("/upload/image"))
            .multipart(form);
        let response = self
            .api
            .send(request, Phase::Upload)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let uploaded: Value = self.api.json(response, Phase::Upload).await?;
        let name = uploaded["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                ProviderError::transient(
                    TakeErrorCode::MalformedResponse,
                    "ComfyUI's upload answer has no name",
                )
            })?;
        Ok(match uploaded["subfolder"].as_str() {
            Some(sub) if !sub.is_empty() => format!("{sub}/{name}"),
            _ => name.to_owned(),
        })
    }

    /// `POST /prompt`, once; a 400 names the failing nodes.
    async fn queue_prompt(&self, body: &Value) -> Result<(), ProviderError> {
        let request = self.api.client().post(self.api.url("/prompt")).json(body);
        let response = self
            .api
            .send_any_status(request, Phase::Create)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let code = response.status();
        if code.is_success() {
            let answer: Value = self.api.json(response, Phase::Create).await?;
            if answer.get("prompt_id").is_none() {
                return Err(status::malformed(
                    Phase::Create,
                    "no prompt_id in the answer",
                ));
            }
            return Ok(());
        }
        let retry = status::retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        let mut error = status::status_error(code, retry, &text, Phase::Create);
        if code.as_u16() == 400 {
            error.message = redact(&format!("ComfyUI refused the workflow: {}", refusal(&text)));
        }
        Err(error)
    }

    fn output_url(&self, file: &Value) -> Option<String> {
        let filename = file["filename"].as_str()?;
        let mut url = reqwest::Url::parse(&self.api.url("/view")).ok()?;
        url.query_pairs_mut()
            .append_pair("filename", filename)
            .append_pair("subfolder", file["subfolder"].as_str().unwrap_or(""))
            .append_pair("type", file["type"].as_str().unwrap_or("output"));
        Some(url.to_string())
    }

    fn finished(&self, entry: &Value) -> PollOutcome {
        if succeeded(entry) {
            return match video_output(entry).and_then(|f| self.output_url(f)) {
                Some(url) => PollOutcome::Succeeded {
                    output: RemoteOutput { url },
                    actual_cost_micros: Some(0),
                },
                None => PollOutcome::Failed(ProviderError::terminal(
                    TerminalReason::InvalidOutput,
                    "the ComfyUI workflow finished without saving a video (it needs a SaveVideo, SaveWEBM or VHS_VideoCombine node)",
                )),
            };
        }
        PollOutcome::Failed(execution_failure(entry))
    }
}

/// Adds "is ComfyUI running?" to a connection failure.
fn unreachable_hint(error: ProviderError, api: &HttpApi) -> ProviderError {
    if error.message.starts_with("network error") {
        let base = api.base_url();
        ProviderError {
            message: redact(&format!(
                "{} (is ComfyUI running at {base}?)",
                error.message
            )),
            ..error
        }
    } else {
        error
    }
}

/// The canonical lowercase UUID derived from the request and the attempt number.
fn derived_prompt_id(request: &GenerationRequest, attempt: u32) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(request).unwrap_or_default());
    hash.update(attempt.to_le_bytes());
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[async_trait::async_trait]
impl VideoProvider for ComfyUiProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    fn takes_seed(&self) -> bool {
        true
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let workflow = self.workflow(&request.model, request.mode)?;
        let invalid = |m: String| ProviderError::terminal(TerminalReason::InvalidInput, m);
        let (width, height) = workflow.size(request.aspect_ratio).ok_or_else(|| {
            invalid(format!(
                "the {} workflow has no size for {}",
                workflow.model, request.aspect_ratio
            ))
        })?;
        if !workflow.durations_s().contains(&request.duration_s) {
            return Err(invalid(format!(
                "{} makes clips of 1 to {} s, not {} s",
                workflow.model_name,
                workflow.durations_s().last().copied().unwrap_or(1),
                request.duration_s
            )));
        }
        let wanted = match request.mode {
            GenerationMode::ImageToVideo => 1,
            GenerationMode::FirstLastFrame => 2,
            _ => 0,
        };
        if request.reference_paths.len() < wanted {
            return Err(invalid(format!(
                "this mode needs {wanted} reference image(s)"
            )));
        }
        // Read (and size-check) the images before any HTTP call.
        let images = request.reference_paths[..wanted]
            .iter()
            .map(|p| images::read_image(Path::new(p), MAX_IMAGE_BYTES))
            .collect::<Result<Vec<_>, _>>()?;
        let (prompt_id, known) = self.choose_prompt_id(request).await?;
        if known {
            return Ok(Submitted {
                remote_id: prompt_id,
                poll_after: Some(POLL_EVERY),
            });
        }
        let mut uploaded = Vec::with_capacity(images.len());
        for image in images {
            uploaded.push(self.upload(image).await?);
        }
        let seed = request
            .seed
            .unwrap_or_else(|| (uuid::Uuid::new_v4().as_u128() as u64) & ((1 << 53) - 1));
        let graph = workflow.fill(&Fill {
            prompt: &request.prompt,
            images: &uploaded,
            width,
            height,
            frames: workflow.frames(request.duration_s),
            fps: workflow.fps,
            duration_s: request.duration_s,
            seed,
        })?;
        let body = json!({
            "prompt": graph,
            "client_id": CLIENT_ID,
            "prompt_id": prompt_id,
        });
        self.queue_prompt(&body).await?;
        Ok(Submitted {
            remote_id: prompt_id,
            poll_after: Some(POLL_EVERY),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        if uuid::Uuid::parse_str(remote_id).is_err() {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("not a ComfyUI prompt id: {remote_id:?}"),
            ));
        }
        Ok(match self.find(remote_id).await? {
            Found::Pending => PollOutcome::Running {
                progress: Some(0),
                poll_after: Some(POLL_EVERY),
            },
            Found::Running => PollOutcome::Running {
                progress: None,
                poll_after: Some(POLL_EVERY),
            },
            Found::Done(entry) => self.finished(&entry),
            Found::Unknown => PollOutcome::Failed(ProviderError::transient(
                TakeErrorCode::GenerationLost,
                format!(
                    "ComfyUI no longer knows prompt {remote_id} (it was removed from the queue, or ComfyUI restarted)"
                ),
            )),
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        // Dequeue it if it is waiting, interrupt it if it is running; both are no-ops otherwise.
        let client = self.api.client();
        let dequeue = client
            .post(self.api.url("/queue"))
            .json(&json!({"delete": [remote_id]}));
        self.api
            .send(dequeue, Phase::Follow)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let interrupt = client
            .post(self.api.url("/interrupt"))
            .json(&json!({"prompt_id": remote_id}));
        self.api.send(interrupt, Phase::Follow).await?;
        Ok(())
    }

    /// No key: checks that ComfyUI answers.
    async fn test_key(&self) -> Result<(), ProviderError> {
        let stats = self.get_json("/system_stats").await?;
        if stats.get("system").is_none() {
            return Err(ProviderError::transient(
                TakeErrorCode::MalformedResponse,
                format!(
                    "{} answered, but not like ComfyUI's /system_stats",
                    self.api.base_url()
                ),
            ));
        }
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let bytes = download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await?;
        // Fetched: forget the history entry so a later take of the same request runs anew.
        let forget = self
            .api
            .client()
            .post(self.api.url("/history"))
            .json(&json!({"delete": [remote_id]}));
        if let Err(e) = self.api.send(forget, Phase::Follow).await {
            tracing::debug!("ComfyUI history entry not removed: {e}");
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests;
