//! ComfyUI workflow templates: the built-in LTX-Video ones, users' own `*.json` files, the
//! placeholder syntax and filling a template into the API-format graph sent to
//! `POST /prompt`.
//!
//! **Workflow templates.** A model is one or more templates (one per mode). Two ship built
//! in: LTX-Video text-to-video and image-to-video (`workflows/*.json`, the checkpoint
//! `ltx-video-2b-v0.9.5.safetensors` and the `t5xxl_fp16.safetensors` text encoder must be
//! installed in ComfyUI). People add their own with [`ComfyUiProvider::with_workflow_dir`](super::ComfyUiProvider::with_workflow_dir):
//! every `*.json` file of that folder (see [`USER_WORKFLOW_DIR`](super::USER_WORKFLOW_DIR)) is read at construction. A
//! file is either a bare API-format graph exported from ComfyUI with "Export (API)" (its
//! file name is the model id), or
//!
//! ```json
//! {
//!   "reelforge": {
//!     "model": "wan-2.1",             // model id; templates sharing it form one model
//!     "name": "Wan 2.1 (local)",      // shown in the model list
//!     "mode": "image_to_video",       // text_to_video | image_to_video | first_last_frame
//!     "fps": 16,                      // frames per second of the saved video
//!     "frame_step": 4,                // frame counts are k × frame_step + 1 (LTX 8, Wan 4)
//!     "max_frames": 81,               // longest clip the model makes
//!     "sizes": {"16:9": [832, 480], "9:16": [480, 832]}  // width × height per aspect ratio
//!   },
//!   "prompt": { "1": {"class_type": "…", "inputs": {…}}, … }   // the API-format graph
//! }
//! ```
//!
//! Placeholders in the graph's strings are `{{name}}`: `{{prompt}}`, `{{image}}` (the
//! uploaded first frame, for `LoadImage.inputs.image`), `{{last_image}}`, `{{width}}`,
//! `{{height}}`, `{{frames}}` (the frame count for the clip's duration, e.g. the `length`
//! of `EmptyLTXVLatentVideo` / `WanImageToVideo`), `{{fps}}`, `{{duration_s}}` and
//! `{{seed}}` (random per generation). A string that is exactly one placeholder takes the
//! value's type (`"{{frames}}"` becomes the number `121`); inside a longer string the value
//! is pasted as text (`"{{prompt}}, cinematic"`). The graph must save a video (`SaveVideo`,
//! `SaveWEBM` or VideoHelperSuite's `VHS_VideoCombine`). Node input shapes change between
//! ComfyUI versions: export the graph from the installed version rather than writing it by
//! hand.

use crate::providers::{ProviderError, TerminalReason};
use reelforge_protocol::{AspectRatio, GenerationMode};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped templates: LTX-Video text-to-video and image-to-video.
const BUILTIN: [(&str, &str); 2] = [
    ("ltxv_t2v", include_str!("workflows/ltxv_t2v.json")),
    ("ltxv_i2v", include_str!("workflows/ltxv_i2v.json")),
];

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 9] = [
    "prompt",
    "image",
    "last_image",
    "width",
    "height",
    "frames",
    "fps",
    "duration_s",
    "seed",
];

/// One template, ready to fill.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// Where it came from: `builtin:ltxv_t2v` or the file path.
    pub source: String,
    /// The model id shown in Reelforge; templates sharing it are one model.
    pub model: String,
    pub model_name: String,
    pub mode: GenerationMode,
    pub fps: u32,
    /// Frame counts are `k × frame_step + 1` (LTX-Video 8, Wan 4).
    pub frame_step: u32,
    pub max_frames: u32,
    /// Frame size per aspect ratio.
    pub sizes: Vec<(AspectRatio, (u32, u32))>,
    /// The API-format graph with placeholders.
    pub graph: Map<String, Value>,
}

/// The optional `reelforge` block of a template file.
#[derive(Debug, Default, Deserialize)]
struct Meta {
    model: Option<String>,
    name: Option<String>,
    mode: Option<GenerationMode>,
    fps: Option<u32>,
    frame_step: Option<u32>,
    max_frames: Option<u32>,
    sizes: Option<BTreeMap<String, (u32, u32)>>,
}

/// What fills a template's placeholders.
#[derive(Debug, Clone)]
pub struct Fill<'a> {
    pub prompt: &'a str,
    /// Uploaded image names (`subfolder/name`), in order.
    pub images: &'a [String],
    pub width: u32,
    pub height: u32,
    pub frames: u32,
    pub fps: u32,
    pub duration_s: u32,
    pub seed: u64,
}

fn default_sizes() -> Vec<(AspectRatio, (u32, u32))> {
    vec![
        (AspectRatio::Portrait, (480, 832)),
        (AspectRatio::Landscape, (832, 480)),
        (AspectRatio::Square, (640, 640)),
        (AspectRatio::Feed, (576, 704)),
    ]
}

/// Every `{{name}}` in the graph's strings.
pub(crate) fn placeholders_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("{{") {
                let after = &rest[start + 2..];
                let Some(end) = after.find("}}") else { break };
                found.push(after[..end].trim().to_owned());
                rest = &after[end + 2..];
            }
        }
        Value::Array(items) => items.iter().for_each(|v| placeholders_in(v, found)),
        Value::Object(map) => map.values().for_each(|v| placeholders_in(v, found)),
        _ => {}
    }
}

impl Workflow {
    /// Parses a template file's text; `stem` names it when it has no `reelforge.model`.
    pub fn parse(source: &str, stem: &str, text: &str) -> Result<Self, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let Value::Object(mut top) = value else {
            return Err("not a JSON object".to_owned());
        };
        let meta: Meta = match top.remove("reelforge") {
            Some(meta) => serde_json::from_value(meta)
                .map_err(|e| format!("the \"reelforge\" block is invalid: {e}"))?,
            None => Meta::default(),
        };
        // Wrapped as `{"reelforge": …, "prompt": {graph}}`, or a bare "Export (API)" graph.
        let graph = match top.remove("prompt") {
            Some(Value::Object(graph)) => graph,
            Some(_) => return Err("\"prompt\" must be the API-format graph".to_owned()),
            None => top,
        };
        if graph.is_empty()
            || !graph
                .values()
                .all(|n| n.get("class_type").is_some_and(Value::is_string))
        {
            return Err(
                "not an API-format graph (export it with \"Export (API)\" in ComfyUI)".to_owned(),
            );
        }
        let mut used = Vec::new();
        placeholders_in(&Value::Object(graph.clone()), &mut used);
        if let Some(unknown) = used.iter().find(|p| !PLACEHOLDERS.contains(&p.as_str())) {
            return Err(format!(
                "unknown placeholder {{{{{unknown}}}}}; known: {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        let uses = |p: &str| used.iter().any(|u| u == p);
        let mode = meta.mode.unwrap_or(if uses("last_image") {
            GenerationMode::FirstLastFrame
        } else if uses("image") {
            GenerationMode::ImageToVideo
        } else {
            GenerationMode::TextToVideo
        });
        let needs: &[&str] = match mode {
            GenerationMode::TextToVideo => &["prompt"],
            GenerationMode::ImageToVideo => &["prompt", "image"],
            GenerationMode::FirstLastFrame => &["prompt", "image", "last_image"],
            GenerationMode::UploadedClip => return Err("uploaded clips are not generated".into()),
        };
        if let Some(missing) = needs.iter().find(|p| !uses(p)) {
            return Err(format!("a {mode:?} template must use {{{{{missing}}}}}"));
        }
        let sizes = match meta.sizes {
            None => default_sizes(),
            Some(sizes) => sizes
                .into_iter()
                .map(|(ratio, size)| {
                    let ratio = ratio
                        .parse::<AspectRatio>()
                        .map_err(|_| format!("unknown aspect ratio {ratio} in sizes"))?;
                    Ok((ratio, size))
                })
                .collect::<Result<Vec<_>, String>>()?,
        };
        if sizes.is_empty() || sizes.iter().any(|(_, (w, h))| *w == 0 || *h == 0) {
            return Err("sizes must give a width and height for at least one aspect ratio".into());
        }
        let fps = meta.fps.unwrap_or(24).clamp(1, 120);
        let model = meta.model.unwrap_or_else(|| stem.to_owned());
        Ok(Self {
            source: source.to_owned(),
            model_name: meta.name.unwrap_or_else(|| model.clone()),
            model,
            mode,
            fps,
            frame_step: meta.frame_step.unwrap_or(8).max(1),
            max_frames: meta.max_frames.unwrap_or(257).max(2),
            sizes,
            graph,
        })
    }

    /// The shipped templates.
    pub fn builtin() -> Vec<Self> {
        BUILTIN
            .iter()
            .map(|(name, text)| {
                Self::parse(&format!("builtin:{name}"), name, text)
                    .expect("the built-in ComfyUI workflows are valid")
            })
            .collect()
    }

    /// Every valid `*.json` template in `dir`, by file name; invalid ones are skipped with a
    /// warning naming the file and the problem. A missing folder holds no templates.
    pub fn load_dir(dir: &Path) -> Vec<Self> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            })
            .collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let stem = path.file_stem()?.to_string_lossy().into_owned();
                let parsed = std::fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|text| Self::parse(&path.display().to_string(), &stem, &text));
                match parsed {
                    Ok(workflow) => Some(workflow),
                    Err(problem) => {
                        tracing::warn!(file = %path.display(), "ComfyUI workflow skipped: {problem}");
                        None
                    }
                }
            })
            .collect()
    }

    /// The frame size for `aspect`, if the template has one.
    pub fn size(&self, aspect: AspectRatio) -> Option<(u32, u32)> {
        self.sizes
            .iter()
            .find(|(a, _)| *a == aspect)
            .map(|(_, s)| *s)
    }

    /// Clip lengths this template can make, in whole seconds.
    pub fn durations_s(&self) -> Vec<u32> {
        (1..=((self.max_frames - 1) / self.fps).max(1)).collect()
    }

    /// Frames for `duration_s`: the next `k × step + 1` at or above `duration_s × fps`.
    pub fn frames(&self, duration_s: u32) -> u32 {
        let wanted = duration_s.saturating_mul(self.fps);
        let k = wanted.div_ceil(self.frame_step);
        (k * self.frame_step + 1).min(self.max_frames)
    }

    /// The graph with every placeholder filled.
    pub fn fill(&self, fill: &Fill<'_>) -> Result<Map<String, Value>, ProviderError> {
        fill_graph(&self.graph, fill)
    }
}

/// `graph` with its placeholders replaced by `fill`'s values (also used by the ComfyUI image
/// adapter's templates).
pub(crate) fn fill_graph(
    graph: &Map<String, Value>,
    fill: &Fill<'_>,
) -> Result<Map<String, Value>, ProviderError> {
    let mut graph = Value::Object(graph.clone());
    substitute(&mut graph, fill)?;
    match graph {
        Value::Object(map) => Ok(map),
        _ => unreachable!("an object stays an object"),
    }
}

fn value_of(name: &str, fill: &Fill<'_>) -> Result<Value, ProviderError> {
    let image = |i: usize| {
        fill.images.get(i).cloned().ok_or_else(|| {
            ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("this workflow needs {} reference image(s)", i + 1),
            )
        })
    };
    Ok(match name {
        "prompt" => Value::from(fill.prompt),
        "image" => Value::from(image(0)?),
        "last_image" => Value::from(image(1)?),
        "width" => Value::from(fill.width),
        "height" => Value::from(fill.height),
        "frames" => Value::from(fill.frames),
        "fps" => Value::from(fill.fps),
        "duration_s" => Value::from(fill.duration_s),
        "seed" => Value::from(fill.seed),
        other => {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("unknown placeholder {{{{{other}}}}}"),
            ));
        }
    })
}

fn substitute(value: &mut Value, fill: &Fill<'_>) -> Result<(), ProviderError> {
    match value {
        Value::String(s) => {
            let trimmed = s.trim();
            if let Some(name) = trimmed
                .strip_prefix("{{")
                .and_then(|r| r.strip_suffix("}}"))
                .map(str::trim)
                .filter(|n| !n.contains("{{") && !n.contains("}}"))
            {
                // A whole-value placeholder takes the value's type (numbers stay numbers).
                *value = value_of(name, fill)?;
                return Ok(());
            }
            let mut out = String::with_capacity(s.len());
            let mut rest = s.as_str();
            while let Some(start) = rest.find("{{") {
                let after = &rest[start + 2..];
                let Some(end) = after.find("}}") else { break };
                out.push_str(&rest[..start]);
                match value_of(after[..end].trim(), fill)? {
                    Value::String(text) => out.push_str(&text),
                    other => out.push_str(&other.to_string()),
                }
                rest = &after[end + 2..];
            }
            out.push_str(rest);
            *s = out;
        }
        Value::Array(items) => {
            for item in items {
                substitute(item, fill)?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key != "_meta" {
                    substitute(item, fill)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether a workflow graph has a node that saves a video (so `/history` will list it).
pub fn has_video_output(graph: &Map<String, Value>) -> bool {
    graph.values().any(|node| {
        matches!(
            node.get("class_type").and_then(Value::as_str),
            Some("SaveVideo" | "SaveWEBM" | "VHS_VideoCombine" | "SaveAnimatedWEBP")
        )
    })
}

#[cfg(test)]
mod tests;
