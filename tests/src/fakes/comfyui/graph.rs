//! What the fake ComfyUI checks in a queued API-format graph, the way ComfyUI validates
//! it: links to missing nodes, unfilled numeric inputs, `LoadImage` of a file never
//! uploaded (per-node `node_errors`, refused with its 400 body), the canonical `prompt_id`,
//! and the clip (duration and aspect ratio) a graph would make.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Nodes that save the graph's output.
pub(super) const OUTPUT_NODES: [&str; 5] = [
    "SaveImage",
    "SaveVideo",
    "SaveWEBM",
    "VHS_VideoCombine",
    "SaveAnimatedWEBP",
];
/// Inputs ComfyUI types as INT/FLOAT: a string there fails validation.
const NUMERIC_INPUTS: [&str; 12] = [
    "width",
    "height",
    "length",
    "batch_size",
    "frame_rate",
    "fps",
    "noise_seed",
    "seed",
    "steps",
    "cfg",
    "strength",
    "num_frames",
];

pub(super) fn bad_prompt(
    kind: &str,
    message: &str,
    details: &str,
    node_errors: Value,
) -> Response<Body> {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({
            "error": {"type": kind, "message": message, "details": details, "extra_info": {}},
            "node_errors": node_errors,
        })),
    )
        .into_response()
}

pub(super) fn is_canonical_uuid(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok_and(|u| u.hyphenated().to_string() == id)
}

/// Per-node validation errors, ComfyUI style.
pub(super) fn node_errors(
    graph: &Map<String, Value>,
    uploads: &HashMap<String, Vec<u8>>,
) -> Map<String, Value> {
    let outputs: Vec<&String> = graph
        .iter()
        .filter(|(_, n)| OUTPUT_NODES.contains(&n["class_type"].as_str().unwrap_or("")))
        .map(|(id, _)| id)
        .collect();
    let mut errors = Map::new();
    for (id, node) in graph {
        let class = node["class_type"].as_str().unwrap_or("");
        let mut problems = Vec::new();
        for (name, value) in node["inputs"].as_object().into_iter().flatten() {
            if let Some([Value::String(from), _]) = value.as_array().map(Vec::as_slice) {
                if !graph.contains_key(from) {
                    problems.push(json!({"type": "required_input_missing", "message": "Required input is missing",
                        "details": format!("{name}: linked node {from} does not exist"), "extra_info": {"input_name": name}}));
                }
            } else if NUMERIC_INPUTS.contains(&name.as_str()) && !value.is_number() {
                problems.push(json!({"type": "invalid_input_type", "message": "Failed to convert an input value to a INT value",
                    "details": format!("{name}, {value}, invalid literal for int() with base 10: {value}"), "extra_info": {"input_name": name}}));
            }
        }
        if class == "LoadImage" {
            let image = node["inputs"]["image"].as_str().unwrap_or("");
            if !uploads.contains_key(image) {
                let mut known: Vec<&String> = uploads.keys().collect();
                known.sort();
                problems.push(json!({"type": "value_not_in_list", "message": "Value not in list",
                    "details": format!("image: '{image}' not in {known:?}"), "extra_info": {"input_name": "image"}}));
            }
        }
        if !problems.is_empty() {
            errors.insert(
                id.clone(),
                json!({"errors": problems, "dependent_outputs": outputs, "class_type": class}),
            );
        }
    }
    errors
}

/// The clip a graph would make: seconds (frames ÷ fps) and nearest aspect ratio.
pub(super) fn clip_shape(graph: &Map<String, Value>) -> (u32, &'static str) {
    let input = |key: &str| graph.values().find_map(|n| n["inputs"][key].as_f64());
    let frames = input("length")
        .or_else(|| input("num_frames"))
        .unwrap_or(97.0);
    let fps = input("fps")
        .or_else(|| input("frame_rate"))
        .unwrap_or(24.0)
        .max(1.0);
    let duration = ((frames - 1.0) / fps).round().max(1.0) as u32;
    let ratio = match (input("width"), input("height")) {
        (Some(w), Some(h)) if h > 0.0 => w / h,
        _ => 16.0 / 9.0,
    };
    let aspects: [(&'static str, f64); 6] = [
        ("16:9", 16.0 / 9.0),
        ("9:16", 9.0 / 16.0),
        ("1:1", 1.0),
        ("4:3", 4.0 / 3.0),
        ("3:4", 3.0 / 4.0),
        ("21:9", 21.0 / 9.0),
    ];
    let aspect = aspects
        .iter()
        .min_by(|a, b| (a.1 - ratio).abs().total_cmp(&(b.1 - ratio).abs()))
        .map(|a| a.0)
        .unwrap_or("16:9");
    (duration, aspect)
}

/// The image a `SaveImage` graph would make: its latent's width × height, or a square when
/// a prompt text asks for `[fake:wrong-aspect]` (a model that ignores the size).
pub(super) fn image_shape(graph: &Map<String, Value>) -> (u64, u64) {
    let input = |key: &str| graph.values().find_map(|n| n["inputs"][key].as_u64());
    let ignores = graph.values().any(|n| {
        n["inputs"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("[fake:wrong-aspect]"))
    });
    match (input("width"), input("height")) {
        (Some(w), Some(h)) if !ignores => (w, h),
        _ => (1024, 1024),
    }
}
