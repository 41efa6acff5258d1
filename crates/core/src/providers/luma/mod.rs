//! The Luma AI adapter (provider id `luma`, providers.md §1): one provider over Luma's two
//! APIs, the model choosing the surface.
//!
//! - `ray-3.2` goes to the **Luma Agents API** (§1b, `https://agents.lumalabs.ai/v1`):
//!   text-to-video, and image-to-video with a start frame (and an end frame) sent inline as
//!   base64, so the app needs no public image host. States `queued/processing/completed/
//!   failed`, failures by `failure_code`, output URLs presigned for one hour.
//! - `ray-2` and `ray-flash-2` go to the legacy **Dream Machine API** (§1a,
//!   `https://api.lumalabs.ai/dream-machine/v1`): text-to-video only, because its keyframes
//!   must be public URLs Luma can fetch, which a desktop app does not have; the descriptor
//!   says so. States `queued/dreaming/completed/failed`, failures by `failure_reason` text.
//!
//! The `remote_id` says which surface owns the generation (`agents:<id>` or `dm:<id>`), so
//! `poll` and `fetch_output` work from it alone after a restart. One key (stored under `luma`)
//! and one base-URL override serve both surfaces: an override (a gateway, the test fake) takes
//! both APIs' paths, which do not collide except `GET /generations/{id}`. Neither API can
//! cancel a generation (the legacy `DELETE` only deletes it), so `cancel` is a no-op.
//!
//! Wire types live in [`wire`]; reading a generation's state into an outcome in [`outcome`];
//! finding a lost create among the Dream Machine's recent generations in [`recent`].

mod descriptor;
mod outcome;
mod recent;
pub mod wire;

use super::http::download::download_refreshing;
use super::http::images::{ImageBytes, read_image};
use super::http::status;
use super::http::{HttpApi, Phase, ProviderEnv};
use super::{
    ErrorClass, GenerationRequest, PollOutcome, ProviderError, Reconciliation, RemoteOutput,
    Submitted, TerminalReason, VideoProvider,
};
use descriptor::descriptor;
use outcome::{agents_outcome, dream_outcome};
use reelforge_protocol::{AspectRatio, GenerationMode, ProviderDescriptor};
use std::path::Path;
use std::time::Duration;
use wire::{AgentsCreate, AgentsGeneration, AgentsVideo, DreamCreate, DreamGeneration, ImageRef};

/// The provider id stored on templates, jobs and segments.
pub const LUMA_PROVIDER_ID: &str = "luma";
/// The legacy Dream Machine API (providers.md §1a).
pub const DREAM_MACHINE_BASE: &str = "https://api.lumalabs.ai/dream-machine/v1";
/// The Luma Agents API (providers.md §1b).
pub const AGENTS_BASE: &str = "https://agents.lumalabs.ai/v1";
/// The Agents API's video model.
pub const RAY_3_2: &str = "ray-3.2";
/// Resolution requested on both surfaces (priced below).
const RESOLUTION: &str = "720p";
/// Largest inline image: the Agents API answers 413 "Image exceeds 50 MB" above this.
const MAX_IMAGE_BYTES: u64 = 50_000_000;
/// First poll: a 5 s clip typically takes 30–60 s.
const FIRST_POLL: Duration = Duration::from_secs(10);
/// Later polls while queued or running, unless the API says otherwise.
const POLL_EVERY: Duration = Duration::from_secs(5);
/// An id that cannot exist, for the Agents key probe.
const NIL_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Which of Luma's two APIs a model or a generation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Surface {
    DreamMachine,
    Agents,
}

impl Surface {
    fn of_model(model: &str) -> Option<Self> {
        match model {
            RAY_3_2 => Some(Self::Agents),
            "ray-2" | "ray-flash-2" => Some(Self::DreamMachine),
            _ => None,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Self::DreamMachine => "dm:",
            Self::Agents => "agents:",
        }
    }
}

/// Splits a `remote_id` into its surface and Luma's generation id (a UUID-like token that
/// is safe to put in a path).
fn parse_remote(remote_id: &str) -> Result<(Surface, &str), ProviderError> {
    let (surface, id) = if let Some(id) = remote_id.strip_prefix(Surface::Agents.prefix()) {
        (Surface::Agents, id)
    } else if let Some(id) = remote_id.strip_prefix(Surface::DreamMachine.prefix()) {
        (Surface::DreamMachine, id)
    } else {
        return Err(invalid(format!(
            "`{remote_id}` is not a Luma generation id"
        )));
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(format!(
            "`{remote_id}` is not a Luma generation id"
        )));
    }
    Ok((surface, id))
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

fn unsupported(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::Unsupported, message)
}

/// Luma AI over the Agents API (ray-3.2) and the Dream Machine API (ray-2, ray-flash-2).
#[derive(Debug)]
pub struct LumaProvider {
    descriptor: ProviderDescriptor,
    dream: HttpApi,
    agents: HttpApi,
}

impl LumaProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        Self {
            descriptor: descriptor(),
            dream: HttpApi::new(LUMA_PROVIDER_ID, "Luma", DREAM_MACHINE_BASE, env.clone()),
            agents: HttpApi::new(LUMA_PROVIDER_ID, "Luma", AGENTS_BASE, env.clone()),
        }
    }

    fn api(&self, surface: Surface) -> &HttpApi {
        match surface {
            Surface::DreamMachine => &self.dream,
            Surface::Agents => &self.agents,
        }
    }

    async fn submit_dream(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        if request.mode != GenerationMode::TextToVideo {
            return Err(unsupported(format!(
                "Luma {} (Dream Machine API) only makes text-to-video here: its images must be \
                 public URLs; use ray-3.2 for {}",
                request.model, request.mode
            )));
        }
        if !matches!(request.duration_s, 5 | 9) {
            return Err(invalid(format!(
                "Luma {} makes 5 s or 9 s clips, not {} s",
                request.model, request.duration_s
            )));
        }
        let body = DreamCreate {
            model: &request.model,
            prompt: &request.prompt,
            aspect_ratio: aspect(request.aspect_ratio)?,
            duration: format!("{}s", request.duration_s),
            resolution: RESOLUTION,
            r#loop: false,
            generation_type: "video",
        };
        let key = self.dream.key()?;
        let response = self
            .dream
            .send_create(
                self.dream
                    .client()
                    .post(self.dream.url("/generations/video"))
                    .bearer_auth(key.expose())
                    .json(&body),
            )
            .await?;
        let created: DreamGeneration = self.dream.json(response, Phase::Create).await?;
        submitted(Surface::DreamMachine, created.id)
    }

    async fn submit_agents(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let image = |index: usize| -> Result<ImageBytes, ProviderError> {
            let path = request.reference_paths.get(index).ok_or_else(|| {
                invalid(format!(
                    "{} with Luma ray-3.2 needs {} reference image(s)",
                    request.mode,
                    index + 1
                ))
            })?;
            read_image(Path::new(path), MAX_IMAGE_BYTES)
        };
        let inline = |image: ImageBytes| ImageRef {
            data: image.base64(),
            media_type: image.mime,
        };
        let (start_frame, end_frame) = match request.mode {
            GenerationMode::TextToVideo => (None, None),
            GenerationMode::ImageToVideo => (Some(inline(image(0)?)), None),
            GenerationMode::FirstLastFrame => (Some(inline(image(0)?)), Some(inline(image(1)?))),
            other => return Err(unsupported(format!("Luma ray-3.2 does not do {other}"))),
        };
        match (request.duration_s, start_frame.is_some()) {
            (5, _) | (10, false) => {}
            (10, true) => {
                return Err(invalid(
                    "Luma ray-3.2 makes 10 s clips from text only; use 5 s with start/end frames",
                ));
            }
            (other, _) => {
                return Err(invalid(format!(
                    "Luma ray-3.2 makes 5 s or 10 s clips, not {other} s"
                )));
            }
        }
        let body = AgentsCreate {
            model: RAY_3_2,
            kind: "video",
            prompt: &request.prompt,
            aspect_ratio: aspect(request.aspect_ratio)?,
            video: AgentsVideo {
                resolution: RESOLUTION,
                duration: format!("{}s", request.duration_s),
                r#loop: false,
                start_frame,
                end_frame,
            },
        };
        let key = self.agents.key()?;
        let response = self
            .agents
            .send_create(
                self.agents
                    .client()
                    .post(self.agents.url("/generations"))
                    .bearer_auth(key.expose())
                    .json(&body),
            )
            .await?;
        let created: AgentsGeneration = self.agents.json(response, Phase::Create).await?;
        submitted(Surface::Agents, created.id)
    }
}

/// The wire aspect ratio; Luma has no 4:5.
fn aspect(ratio: AspectRatio) -> Result<&'static str, ProviderError> {
    match ratio {
        AspectRatio::Portrait | AspectRatio::Landscape | AspectRatio::Square => Ok(ratio.as_str()),
        other => Err(unsupported(format!(
            "Luma does not make {other} clips (it offers 9:16, 16:9 and 1:1 among others)"
        ))),
    }
}

fn submitted(surface: Surface, id: Option<String>) -> Result<Submitted, ProviderError> {
    let id = id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| status::malformed(Phase::Create, "the generation has no id"))?;
    let remote_id = format!("{}{id}", surface.prefix());
    // A created id we could not use later would strand a paid job: refuse it loudly.
    parse_remote(&remote_id)
        .map_err(|_| status::malformed(Phase::Create, "the generation id is not a plain token"))?;
    Ok(Submitted {
        remote_id,
        poll_after: Some(FIRST_POLL),
    })
}

#[async_trait::async_trait]
impl VideoProvider for LumaProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        match Surface::of_model(&request.model) {
            Some(Surface::Agents) => self.submit_agents(request).await,
            Some(Surface::DreamMachine) => self.submit_dream(request).await,
            None => Err(unsupported(format!(
                "Luma has no model `{}` here (ray-3.2, ray-2, ray-flash-2)",
                request.model
            ))),
        }
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let (surface, id) = parse_remote(remote_id)?;
        let api = self.api(surface);
        let key = api.key()?;
        let response = api
            .send(
                api.client()
                    .get(api.url(&format!("/generations/{id}")))
                    .bearer_auth(key.expose()),
                Phase::Follow,
            )
            .await?;
        let retry_after = status::retry_after(response.headers());
        Ok(match surface {
            Surface::DreamMachine => {
                dream_outcome(api.json(response, Phase::Follow).await?, retry_after)
            }
            Surface::Agents => {
                agents_outcome(api.json(response, Phase::Follow).await?, retry_after)
            }
        })
    }

    /// Neither Luma API can stop a generation (the legacy `DELETE` removes the record, which
    /// is not a cancel): the engine just stops polling.
    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        parse_remote(remote_id).map(|_| ())
    }

    /// The Agents API has no account endpoint: reading a generation that cannot exist passes
    /// the key check and answers 404. A key the Agents API refuses is tried on the Dream
    /// Machine's `GET /credits`, so a legacy-only key is still accepted. Nothing is charged.
    async fn test_key(&self) -> Result<(), ProviderError> {
        let key = self.agents.key()?;
        let probe = self
            .agents
            .client()
            .get(self.agents.url(&format!("/generations/{NIL_ID}")))
            .bearer_auth(key.expose());
        match self.agents.send(probe, Phase::Follow).await {
            Ok(_) => return Ok(()),
            Err(e) if e.class == ErrorClass::Terminal(TerminalReason::InvalidInput) => {
                return Ok(());
            }
            Err(e) if e.class == ErrorClass::Terminal(TerminalReason::BadKey) => {}
            Err(e) => return Err(e),
        }
        let credits = self
            .dream
            .client()
            .get(self.dream.url("/credits"))
            .bearer_auth(key.expose());
        self.dream.send(credits, Phase::Follow).await.map(|_| ())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let (surface, _) = parse_remote(remote_id)?;
        download_refreshing(self.api(surface), output, dest, || self.poll(remote_id)).await
    }

    /// The Dream Machine API lists recent generations (providers.md §1a); the Agents API
    /// has no list, so a lost ray-3.2 create is the person's to check.
    async fn find_created(
        &self,
        request: &GenerationRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        match Surface::of_model(&request.model) {
            Some(Surface::DreamMachine) => self.find_dream_created(request, sent_at_ms).await,
            _ => Ok(Reconciliation::CannotList),
        }
    }
}

#[cfg(test)]
mod tests;
