//! The fake ComfyUI's one-GPU queue: queued prompts (pending, then one running), each
//! `GET /history/{id}` moving it a step, finished prompts' history entries (outputs and
//! status messages) and the uploaded images and output clips it knows.

use crate::fakes::FakeCore;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, VecDeque};

/// Steps a running prompt takes before it finishes.
const RUN_STEPS: u32 = 3;
/// Nodes an execution error is reported in.
const SAMPLERS: [&str; 4] = [
    "SamplerCustom",
    "SamplerCustomAdvanced",
    "KSampler",
    "KSamplerAdvanced",
];

#[derive(Debug, Clone)]
pub(super) struct Prompt {
    pub(super) id: String,
    pub(super) number: u64,
    pub(super) graph: Map<String, Value>,
    pub(super) extra_data: Value,
    pub(super) outputs: Vec<String>,
    pub(super) duration_s: u32,
    pub(super) aspect: &'static str,
    pub(super) fails: bool,
    pub(super) steps: u32,
    pub(super) started_ms: u64,
    pub(super) queued_ms: u64,
}

impl Prompt {
    pub(super) fn queue_item(&self) -> Value {
        json!([
            self.number,
            self.id,
            self.graph,
            self.extra_data,
            self.outputs
        ])
    }
}

#[derive(Debug, Default)]
pub(super) struct Comfy {
    pub(super) number: u64,
    pub(super) pending: VecDeque<Prompt>,
    pub(super) running: Option<Prompt>,
    pub(super) history: Vec<(String, Value)>,
    pub(super) uploads: HashMap<String, Vec<u8>>,
    /// "subfolder/filename" of an output → clip file name.
    pub(super) outputs: HashMap<String, String>,
    pub(super) file_counter: u32,
}

pub(super) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

impl Comfy {
    /// One step of the single worker: start the next prompt, or advance / finish the running one.
    pub(super) fn tick(&mut self, core: &FakeCore) {
        match self.running.take() {
            None => {
                if let Some(mut next) = self.pending.pop_front() {
                    next.started_ms = now_ms();
                    self.running = Some(next);
                }
            }
            Some(mut prompt) => {
                prompt.steps += 1;
                if prompt.steps >= RUN_STEPS {
                    self.finish(core, prompt, false);
                } else {
                    self.running = Some(prompt);
                }
            }
        }
    }

    /// Writes the history entry of a prompt that stopped: success, its error, or interrupted.
    pub(super) fn finish(&mut self, core: &FakeCore, prompt: Prompt, interrupted: bool) {
        let id = prompt.id.clone();
        let start = json!(["execution_start", {"prompt_id": id, "timestamp": prompt.started_ms.max(prompt.queued_ms)}]);
        let cached = json!(["execution_cached", {"nodes": [], "prompt_id": id, "timestamp": prompt.started_ms}]);
        let sampler = prompt
            .graph
            .iter()
            .find(|(_, n)| {
                n["class_type"]
                    .as_str()
                    .is_some_and(|c| SAMPLERS.contains(&c))
            })
            .map(|(k, n)| (k.clone(), n["class_type"].as_str().unwrap_or("").to_owned()))
            .unwrap_or_else(|| ("1".to_owned(), "KSampler".to_owned()));
        let mut outputs = Map::new();
        let (status_str, last) = if interrupted {
            (
                "error",
                json!(["execution_interrupted", {"prompt_id": id, "node_id": sampler.0, "node_type": sampler.1, "executed": [], "timestamp": now_ms()}]),
            )
        } else if prompt.fails {
            (
                "error",
                json!(["execution_error", {
                    "prompt_id": id, "node_id": sampler.0, "node_type": sampler.1, "executed": [],
                    "exception_message": "[fake:error] the sampler failed as asked",
                    "exception_type": "RuntimeError",
                    "traceback": ["Traceback (most recent call last):\n", "RuntimeError: [fake:error]\n"],
                    "current_inputs": {}, "current_outputs": [], "timestamp": now_ms()
                }]),
            )
        } else {
            for node_id in &prompt.outputs {
                let node = &prompt.graph[node_id];
                let class = node["class_type"].as_str().unwrap_or("");
                let prefix = node["inputs"]["filename_prefix"]
                    .as_str()
                    .unwrap_or("ComfyUI");
                let (subfolder, base) = match prefix.rsplit_once('/') {
                    Some((dir, base)) => (dir.to_owned(), base.to_owned()),
                    None => (String::new(), prefix.to_owned()),
                };
                self.file_counter += 1;
                let (extension, made) = if class == "SaveImage" {
                    let (w, h) = super::graph::image_shape(&prompt.graph);
                    ("png", crate::fakes::stills::still(core, w, h, false, "png"))
                } else {
                    ("mp4", core.clips.clip(prompt.duration_s, prompt.aspect))
                };
                let filename = format!("{base}_{:05}_.{extension}", self.file_counter);
                self.outputs.insert(format!("{subfolder}/{filename}"), made);
                let file = json!({"filename": filename, "subfolder": subfolder, "type": "output"});
                let ui = if class == "SaveImage" {
                    json!({"images": [file]})
                } else if class == "VHS_VideoCombine" {
                    json!({"gifs": [{"filename": file["filename"], "subfolder": subfolder, "type": "output", "format": "video/h264-mp4", "frame_rate": 24.0}]})
                } else {
                    json!({"images": [file], "animated": [true]})
                };
                outputs.insert(node_id.clone(), ui);
            }
            (
                "success",
                json!(["execution_success", {"prompt_id": id, "timestamp": now_ms()}]),
            )
        };
        let meta: Map<String, Value> = outputs
            .keys()
            .map(|k| (k.clone(), json!({"node_id": k, "display_node": k, "parent_node": null, "real_node_id": k})))
            .collect();
        let entry = json!({
            "prompt": prompt.queue_item(),
            "outputs": outputs,
            "status": {"status_str": status_str, "completed": status_str == "success", "messages": [start, cached, last]},
            "meta": meta,
        });
        self.history.retain(|(k, _)| *k != id);
        self.history.push((id, entry));
        if self.history.len() > 10_000 {
            self.history.remove(0);
        }
    }

    pub(super) fn interrupt(&mut self, core: &FakeCore, prompt_id: Option<&str>) -> bool {
        let hit = self
            .running
            .as_ref()
            .is_some_and(|p| prompt_id.is_none_or(|id| p.id == id));
        if hit && let Some(prompt) = self.running.take() {
            self.finish(core, prompt, true);
        }
        hit
    }

    pub(super) fn dequeue(&mut self, ids: &[&str]) -> bool {
        let before = self.pending.len();
        self.pending.retain(|p| !ids.contains(&p.id.as_str()));
        before != self.pending.len()
    }
}
