//! ComfyUI keyframes on the person's own machine (audio-and-images.md §E4): txt2img
//! workflow templates in API format with the prompt, the size for the aspect ratio and the
//! seed placed in them, queued over the ComfyUI server calls the video adapter uses
//! ([`crate::providers::comfyui::server`]): the prompt id is derived from the request, so a
//! create whose answer was lost is found in the queue or history instead of queued twice;
//! `/history` is followed until the prompt finished; the `SaveImage` output is fetched
//! through `/view`, checked to be an image, and the history entry forgotten.
//!
//! **Templates.** One ships built in: SDXL base (`comfyui/workflows/sdxl_t2i.json`:
//! `CheckpointLoaderSimple` → two `CLIPTextEncode` → `KSampler` on an `EmptyLatentImage` →
//! `VAEDecode` → `SaveImage`; `sd_xl_base_1.0.safetensors` must be installed in ComfyUI).
//! People add their own with [`ComfyUiImageProvider::with_workflow_dir`] (every `*.json` of
//! [`USER_IMAGE_WORKFLOW_DIR`]): the video templates' file format (a bare "Export (API)"
//! graph named by its file, or `{"reelforge": {"model", "name", "sizes": {"9:16": [w, h]}},
//! "prompt": {graph}}`) and placeholder syntax ([`crate::providers::comfyui::workflows`]),
//! limited to `{{prompt}}` (required), `{{width}}`, `{{height}}` and `{{seed}}`; the graph
//! must save an image (`SaveImage`). A user template with a built-in model id replaces it.
//!
//! No key, free; the base URL is the `comfyui` one (default `http://127.0.0.1:8188`). A
//! missing checkpoint is ComfyUI's own validation refusal, named.

use super::{ImageProvider, ImageRequest, output};
use crate::providers::comfyui::answers::{execution_failure, image_output, succeeded};
use crate::providers::comfyui::server::{ComfyServer, Found};
use crate::providers::comfyui::workflows::{Fill, fill_graph, placeholders_in};
use crate::providers::comfyui::{CLIENT_ID, COMFYUI_PROVIDER_ID};
use crate::providers::http::{HttpApi, ProviderEnv, download};
use crate::providers::{
    PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode, TerminalReason,
};
use reelforge_protocol::{
    AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, ImageSize, ProviderId,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// The built-in model id.
pub const SDXL: &str = "sdxl";
/// Where the app keeps people's own image workflow templates, under its data folder.
pub const USER_IMAGE_WORKFLOW_DIR: &str = "comfyui-image-workflows";
const SDXL_TEMPLATE: &str = include_str!("../comfyui/workflows/sdxl_t2i.json");
const DEFAULT_BASE: &str = "http://127.0.0.1:8188";
/// providers.md: without the WebSocket, poll `/history` every 1–2 s.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// The placeholders an image template may use.
const IMAGE_PLACEHOLDERS: [&str; 4] = ["prompt", "width", "height", "seed"];

/// A txt2img template's `reelforge` block.
#[derive(Debug, Default, Deserialize)]
struct Meta {
    model: Option<String>,
    name: Option<String>,
    sizes: Option<BTreeMap<String, (u32, u32)>>,
}

/// One txt2img template, ready to fill.
#[derive(Debug, Clone)]
pub struct ImageWorkflow {
    pub model: String,
    pub name: String,
    sizes: Vec<ImageSize>,
    graph: Map<String, Value>,
}

impl ImageWorkflow {
    /// Reads a template (`stem`: its file name, the model id of a bare graph).
    pub fn parse(stem: &str, text: &str) -> Result<Self, String> {
        let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
            return Err("not a JSON object".to_owned());
        };
        let meta: Meta = match top.remove("reelforge") {
            Some(meta) => serde_json::from_value(meta)
                .map_err(|e| format!("the \"reelforge\" block is invalid: {e}"))?,
            None => Meta::default(),
        };
        let graph = match top.remove("prompt") {
            Some(Value::Object(graph)) => graph,
            Some(_) => return Err("\"prompt\" must be the API-format graph".to_owned()),
            None => top,
        };
        let class = |n: &Value| {
            n.get("class_type")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        if graph.is_empty() || graph.values().any(|n| class(n).is_none()) {
            return Err("not an API-format graph (export it with \"Export (API)\")".to_owned());
        }
        if !graph
            .values()
            .any(|n| class(n).as_deref() == Some("SaveImage"))
        {
            return Err("the graph saves no image (it needs a SaveImage node)".to_owned());
        }
        let mut used = Vec::new();
        placeholders_in(&Value::Object(graph.clone()), &mut used);
        if let Some(unknown) = used
            .iter()
            .find(|p| !IMAGE_PLACEHOLDERS.contains(&p.as_str()))
        {
            return Err(format!(
                "unknown placeholder {{{{{unknown}}}}}; known: {}",
                IMAGE_PLACEHOLDERS.join(", ")
            ));
        }
        if !used.iter().any(|p| p == "prompt") {
            return Err("a txt2img template must use {{prompt}}".to_owned());
        }
        let sizes = match meta.sizes {
            None => AspectRatio::ALL
                .iter()
                .map(|&r| (r.as_str().to_owned(), sdxl_size(r)))
                .collect(),
            Some(sizes) => sizes,
        };
        let sizes = sizes
            .into_iter()
            .map(|(ratio, (width, height))| {
                let aspect_ratio = ratio
                    .parse::<AspectRatio>()
                    .map_err(|_| format!("unknown aspect ratio {ratio} in sizes"))?;
                if width == 0 || height == 0 {
                    return Err(format!("the size for {ratio} is empty"));
                }
                Ok(ImageSize {
                    aspect_ratio,
                    width,
                    height,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let model = meta.model.unwrap_or_else(|| stem.to_owned());
        Ok(Self {
            name: meta.name.unwrap_or_else(|| model.clone()),
            model,
            sizes,
            graph,
        })
    }

    /// The graph to queue for `request`.
    fn fill(&self, request: &ImageRequest, seed: u64) -> Result<Map<String, Value>, ProviderError> {
        let size = self
            .sizes
            .iter()
            .find(|s| s.aspect_ratio == request.aspect_ratio);
        let size = size.ok_or_else(|| {
            ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!(
                    "the {} workflow has no size for {}",
                    self.name, request.aspect_ratio
                ),
            )
        })?;
        fill_graph(
            &self.graph,
            &Fill {
                prompt: &request.prompt,
                images: &[],
                width: size.width,
                height: size.height,
                frames: 1,
                fps: 1,
                duration_s: 0,
                seed,
            },
        )
    }
}

/// SDXL's size for each ratio (a bare user graph's default).
fn sdxl_size(ratio: AspectRatio) -> (u32, u32) {
    match ratio {
        AspectRatio::Portrait => (768, 1344),
        AspectRatio::Landscape => (1344, 768),
        AspectRatio::Square => (1024, 1024),
        AspectRatio::Feed => (896, 1120),
    }
}

/// txt2img on the person's ComfyUI.
#[derive(Debug)]
pub struct ComfyUiImageProvider {
    descriptor: ImageProviderDescriptor,
    server: ComfyServer,
    workflows: Vec<ImageWorkflow>,
}

fn describe(workflows: &[ImageWorkflow]) -> ImageProviderDescriptor {
    ImageProviderDescriptor {
        id: ProviderId::from_static(COMFYUI_PROVIDER_ID),
        display_name: "ComfyUI".to_owned(),
        label: "AI image models on this computer's ComfyUI (txt2img workflows; free, needs a GPU)"
            .to_owned(),
        needs_key: false,
        models: workflows
            .iter()
            .map(|w| ImageModelDescriptor {
                id: w.model.clone(),
                display_name: w.name.clone(),
                sizes: w.sizes.clone(),
                references: None,
                micros_per_image: 0,
            })
            .collect(),
        default_concurrency: 1,
        max_generation_s: 15 * 60,
    }
}

impl ComfyUiImageProvider {
    /// The provider with the built-in SDXL template only.
    pub fn new(env: &ProviderEnv) -> Self {
        let workflows = vec![
            ImageWorkflow::parse(SDXL, SDXL_TEMPLATE).expect("the built-in SDXL template is valid"),
        ];
        Self {
            descriptor: describe(&workflows),
            server: ComfyServer {
                api: HttpApi::new(COMFYUI_PROVIDER_ID, "ComfyUI", DEFAULT_BASE, env.clone()),
            },
            workflows,
        }
    }

    /// Adds the `*.json` templates of `dir` (a missing folder adds none; invalid files are
    /// skipped with a warning naming the file and the problem).
    pub fn with_workflow_dir(mut self, dir: &Path) -> Self {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| ImageWorkflow::parse(&stem, &text));
            match parsed {
                Ok(workflow) => {
                    self.workflows.retain(|w| w.model != workflow.model);
                    self.workflows.push(workflow);
                }
                Err(why) => {
                    tracing::warn!("ComfyUI image workflow {} skipped: {why}", path.display())
                }
            }
        }
        self.descriptor = describe(&self.workflows);
        self
    }
}

#[async_trait::async_trait]
impl ImageProvider for ComfyUiImageProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        let invalid = |m: String| ProviderError::terminal(TerminalReason::InvalidInput, m);
        let workflow = self
            .workflows
            .iter()
            .find(|w| w.model == request.model)
            .ok_or_else(|| {
                invalid(format!(
                    "no ComfyUI image workflow for model `{}`",
                    request.model
                ))
            })?;
        if request.prompt.trim().is_empty() {
            return Err(invalid("a txt2img workflow needs a prompt".to_owned()));
        }
        // Filled (and refused) before any call; the seed is the request's, else random.
        let seed = request
            .seed
            .unwrap_or_else(|| (uuid::Uuid::new_v4().as_u128() as u64) & ((1 << 53) - 1));
        let graph = workflow.fill(request, seed)?;
        let (prompt_id, known) = self.server.choose_prompt_id(request).await?;
        if !known {
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
