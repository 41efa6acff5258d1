//! ComfyUI keyframes on the person's own machine (audio-and-images.md §E4): an SDXL
//! txt2img graph in API format (`CheckpointLoaderSimple` → two `CLIPTextEncode` → `KSampler`
//! on an `EmptyLatentImage` → `VAEDecode` → `SaveImage`) with the prompt, the size for the
//! aspect ratio (SDXL's ~1 megapixel buckets, sides multiples of 8) and the seed placed in
//! it, queued over the ComfyUI server calls the video adapter uses
//! ([`crate::providers::comfyui::server`]): the prompt id is derived from the request, so a
//! create whose answer was lost is found in the queue or history instead of queued twice;
//! `/history` is followed until the prompt finished; the `SaveImage` output is fetched
//! through `/view`, checked to be an image, and the history entry forgotten.
//!
//! No key, free; the base URL is the `comfyui` one (default `http://127.0.0.1:8188`). The
//! checkpoint must be installed in ComfyUI (`sd_xl_base_1.0.safetensors`); a missing one is
//! ComfyUI's own validation refusal, named.

use super::{ImageProvider, ImageRequest, output};
use crate::providers::comfyui::answers::{execution_failure, image_output, succeeded};
use crate::providers::comfyui::server::{ComfyServer, Found};
use crate::providers::comfyui::{CLIENT_ID, COMFYUI_PROVIDER_ID};
use crate::providers::http::{HttpApi, ProviderEnv, download};
use crate::providers::{
    PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode, TerminalReason,
};
use reelforge_protocol::{
    AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, ImageSize, ProviderId,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

/// The model id in descriptors and requests.
pub const SDXL: &str = "sdxl";
const DEFAULT_BASE: &str = "http://127.0.0.1:8188";
const CHECKPOINT: &str = "sd_xl_base_1.0.safetensors";
const NEGATIVE: &str = "text, watermark, blurry";
/// providers.md: without the WebSocket, poll `/history` every 1–2 s.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// SDXL's size for each ratio.
fn sdxl_size(ratio: AspectRatio) -> (u32, u32) {
    match ratio {
        AspectRatio::Portrait => (768, 1344),
        AspectRatio::Landscape => (1344, 768),
        AspectRatio::Square => (1024, 1024),
        AspectRatio::Feed => (896, 1120),
    }
}

/// The txt2img graph with `prompt`, `width` × `height` and `seed` placed in it.
fn txt2img(prompt: &str, (width, height): (u32, u32), seed: u64) -> Value {
    json!({
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": CHECKPOINT}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": width, "height": height, "batch_size": 1}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": prompt, "clip": ["4", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": NEGATIVE, "clip": ["4", 1]}},
        "3": {"class_type": "KSampler", "inputs": {"model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
            "latent_image": ["5", 0], "seed": seed, "steps": 25, "cfg": 7.0, "sampler_name": "euler",
            "scheduler": "normal", "denoise": 1.0}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "reelforge/keyframe"}},
    })
}

/// SDXL on the person's ComfyUI.
#[derive(Debug)]
pub struct ComfyUiImageProvider {
    descriptor: ImageProviderDescriptor,
    server: ComfyServer,
}

impl ComfyUiImageProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let sizes = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (width, height) = sdxl_size(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::from_static(COMFYUI_PROVIDER_ID),
                display_name: "ComfyUI".to_owned(),
                label:
                    "AI image model on this computer's ComfyUI (SDXL txt2img; free, needs a GPU)"
                        .to_owned(),
                needs_key: false,
                models: vec![ImageModelDescriptor {
                    id: SDXL.to_owned(),
                    display_name: "SDXL base 1.0 (txt2img)".to_owned(),
                    sizes,
                    references: None,
                    micros_per_image: 0,
                }],
                default_concurrency: 1,
                max_generation_s: 15 * 60,
            },
            server: ComfyServer {
                api: HttpApi::new(COMFYUI_PROVIDER_ID, "ComfyUI", DEFAULT_BASE, env.clone()),
            },
        }
    }
}

#[async_trait::async_trait]
impl ImageProvider for ComfyUiImageProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        let invalid = |m: String| ProviderError::terminal(TerminalReason::InvalidInput, m);
        if request.model != SDXL {
            return Err(invalid(format!(
                "no ComfyUI image workflow for model `{}`",
                request.model
            )));
        }
        if request.prompt.trim().is_empty() {
            return Err(invalid("SDXL needs a prompt".to_owned()));
        }
        let (prompt_id, known) = self.server.choose_prompt_id(request).await?;
        if !known {
            let seed = request
                .seed
                .unwrap_or_else(|| (uuid::Uuid::new_v4().as_u128() as u64) & ((1 << 53) - 1));
            let graph = txt2img(&request.prompt, sdxl_size(request.aspect_ratio), seed);
            let body = json!({"prompt": graph, "client_id": CLIENT_ID, "prompt_id": prompt_id});
            self.server.queue_prompt(&body).await?;
        }
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
        let running = |progress| PollOutcome::Running {
            progress,
            poll_after: Some(POLL_EVERY),
        };
        Ok(match self.server.find(remote_id).await? {
            Found::Pending => running(Some(0)),
            Found::Running => running(None),
            Found::Done(entry) if succeeded(&entry) => {
                match image_output(&entry).and_then(|f| self.server.output_url(f)) {
                    Some(url) => PollOutcome::Succeeded {
                        output: RemoteOutput { url },
                        actual_cost_micros: Some(0),
                    },
                    None => PollOutcome::Failed(ProviderError::terminal(
                        TerminalReason::InvalidOutput,
                        "the ComfyUI workflow finished without saving an image (SaveImage)",
                    )),
                }
            }
            Found::Done(entry) => PollOutcome::Failed(execution_failure(&entry)),
            Found::Unknown => PollOutcome::Failed(ProviderError::transient(
                TakeErrorCode::GenerationLost,
                format!(
                    "ComfyUI no longer knows prompt {remote_id} (removed, or ComfyUI restarted)"
                ),
            )),
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        self.server.cancel(remote_id).await
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let bytes =
            download::download_refreshing(&self.server.api, output, dest, || self.poll(remote_id))
                .await?;
        output::check_image("ComfyUI", dest)?;
        self.server.forget(remote_id).await;
        Ok(bytes)
    }
}
