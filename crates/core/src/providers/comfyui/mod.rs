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
//! Workflow templates (built-in and people's own) are described in [`workflows`]; the server
//! calls (shared with the ComfyUI image adapter) live in [`server`].

pub(crate) mod answers;
mod descriptor;
pub(crate) mod server;
pub mod workflows;

use super::http::{HttpApi, ProviderEnv, download::download_refreshing, images};
use super::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode,
    TerminalReason, VideoProvider,
};
use answers::{execution_failure, succeeded, video_output};
use descriptor::describe;
use reelforge_protocol::{GenerationMode, ProviderDescriptor};
use serde_json::{Value, json};
use server::{ComfyServer, Found};
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
pub(crate) const MAX_ATTEMPTS: u32 = 32;
/// Subfolder of ComfyUI's `input/` the reference images are uploaded to.
pub(crate) const UPLOAD_SUBFOLDER: &str = "reelforge";
pub(crate) const CLIENT_ID: &str = "reelforge";

/// A ComfyUI server, usually on this machine.
#[derive(Debug)]
pub struct ComfyUiProvider {
    server: ComfyServer,
    workflows: Vec<Workflow>,
    descriptor: ProviderDescriptor,
}

impl ComfyUiProvider {
    /// The provider with the built-in workflows only.
    pub fn new(env: &ProviderEnv) -> Self {
        let api = HttpApi::new(COMFYUI_PROVIDER_ID, "ComfyUI", DEFAULT_BASE, env.clone());
        let workflows = Workflow::builtin();
        let descriptor = describe(&workflows);
        Self {
            server: ComfyServer { api },
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

    fn finished(&self, entry: &Value) -> PollOutcome {
        if succeeded(entry) {
            return match video_output(entry).and_then(|f| self.server.output_url(f)) {
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
        let (prompt_id, known) = self.server.choose_prompt_id(request).await?;
        if known {
            return Ok(Submitted {
                remote_id: prompt_id,
                poll_after: Some(POLL_EVERY),
            });
        }
        let mut uploaded = Vec::with_capacity(images.len());
        for image in images {
            uploaded.push(self.server.upload(image).await?);
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
        self.server.queue_prompt(&body).await?;
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
        Ok(match self.server.find(remote_id).await? {
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
        self.server.cancel(remote_id).await
    }

    /// No key: checks that ComfyUI answers.
    async fn test_key(&self) -> Result<(), ProviderError> {
        let stats = self.server.get_json("/system_stats").await?;
        if stats.get("system").is_none() {
            return Err(ProviderError::transient(
                TakeErrorCode::MalformedResponse,
                format!(
                    "{} answered, but not like ComfyUI's /system_stats",
                    self.server.api.base_url()
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
        let bytes =
            download_refreshing(&self.server.api, output, dest, || self.poll(remote_id)).await?;
        // Fetched: forget the history entry so a later take of the same request runs anew.
        self.server.forget(remote_id).await;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests;
