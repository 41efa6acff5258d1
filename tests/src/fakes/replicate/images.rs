//! The fake Replicate's FLUX image models (audio-and-images.md §E2),
//! `black-forest-labs/flux-schnell` and `black-forest-labs/flux-dev`: their input checks at
//! create time (422 as Replicate's schema validation answers: `aspect_ratio` one of the
//! listed ratios, `output_format` `webp` (default) | `jpg` | `png`, `num_outputs` 1–4,
//! `num_inference_steps` 1–4 for schnell and 1–50 for dev), and a finished prediction's
//! `output`: an **array** of image URLs, each a real image of FLUX's 1-megapixel size for
//! the ratio, in the asked format, on a link signed afresh on every read.
//!
//! Switches: a moderated prediction fails with FLUX's "NSFW content detected" error; a prompt
//! containing `fake:wrong-aspect` gets a square image whatever the ratio, as a model that
//! ignores `aspect_ratio` would.

use crate::fakes::FakeCore;
use crate::fakes::stills::{file_url, still};
use serde_json::{Value, json};

/// FLUX's failure text for a flagged image.
pub const NSFW_ERROR: &str =
    "NSFW content detected. Try running it again, or try a different prompt.";

const RATIOS: [(&str, u64, u64); 11] = [
    ("1:1", 1024, 1024),
    ("16:9", 1344, 768),
    ("21:9", 1536, 640),
    ("3:2", 1216, 832),
    ("2:3", 832, 1216),
    ("4:5", 896, 1088),
    ("5:4", 1088, 896),
    ("3:4", 896, 1152),
    ("4:3", 1152, 896),
    ("9:16", 768, 1344),
    ("9:21", 640, 1536),
];

/// Whether `model` (`owner/name`) is one of the FLUX image models served here.
pub fn is_flux(model: &str) -> bool {
    model.starts_with("black-forest-labs/flux-")
}

/// Why `input` would fail Replicate's schema validation for `model`, if it would.
pub fn refusal(model: &str, input: &Value) -> Option<String> {
    let ratio = input
        .get("aspect_ratio")
        .and_then(Value::as_str)
        .unwrap_or("1:1");
    if !RATIOS.iter().any(|(r, _, _)| *r == ratio) {
        return Some(format!(
            "- input.aspect_ratio: aspect_ratio must be one of the following: {}",
            RATIOS.map(|r| r.0).join(", ")
        ));
    }
    let format = input
        .get("output_format")
        .and_then(Value::as_str)
        .unwrap_or("webp");
    if !["webp", "jpg", "png"].contains(&format) {
        return Some("- input.output_format: output_format must be one of the following: \"webp\", \"jpg\", \"png\"".to_owned());
    }
    let outputs = input
        .get("num_outputs")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    if !(1..=4).contains(&outputs) {
        return Some("- input.num_outputs: Must be less than or equal to 4".to_owned());
    }
    let max_steps = if model.ends_with("schnell") { 4 } else { 50 };
    let steps = input
        .get("num_inference_steps")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    if !(1..=max_steps).contains(&steps) {
        return Some(format!(
            "- input.num_inference_steps: Must be less than or equal to {max_steps}"
        ));
    }
    None
}

/// A succeeded prediction's `output`: one image URL per `num_outputs`.
pub fn output(core: &FakeCore, input: &Value) -> Value {
    let prompt = input
        .get("prompt")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let ratio = input
        .get("aspect_ratio")
        .and_then(Value::as_str)
        .unwrap_or("1:1");
    let (_, mut w, mut h) = RATIOS
        .iter()
        .copied()
        .find(|(r, _, _)| *r == ratio)
        .unwrap_or(RATIOS[0]);
    if prompt.contains("fake:wrong-aspect") {
        (w, h) = (1024, 1024);
    }
    let format = input
        .get("output_format")
        .and_then(Value::as_str)
        .unwrap_or("webp");
    let name = still(core, w, h, false, format);
    let count = input
        .get("num_outputs")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    Value::Array((0..count).map(|_| json!(file_url(core, &name))).collect())
}
