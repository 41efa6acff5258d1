//! Reading what ComfyUI answers: a `POST /prompt` refusal (the error and each failing
//! node's problems) and a `GET /history/{prompt_id}` entry (success, its video output, or
//! the execution error it ended with).

use crate::providers::http::status::provider_message;
use crate::providers::{ProviderError, TakeErrorCode, TerminalReason};
use serde_json::{Value, json};

/// A `POST /prompt` 400 body as text: the error and each failing node's first problem.
pub(super) fn refusal(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return provider_message(body);
    };
    let mut text = value["error"]["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| provider_message(body));
    if let Some(nodes) = value["node_errors"].as_object() {
        for (node, info) in nodes {
            let class = info["class_type"].as_str().unwrap_or("node");
            for e in info["errors"].as_array().into_iter().flatten().take(2) {
                let what = e["message"].as_str().unwrap_or("error");
                let details = e["details"].as_str().unwrap_or("");
                text.push_str(&format!("; {class} #{node}: {what} {details}"));
            }
        }
    }
    provider_message(&json!({"message": text}).to_string())
}

pub(crate) fn succeeded(entry: &Value) -> bool {
    let status = &entry["status"];
    match status["status_str"].as_str() {
        Some(s) => s == "success",
        None => status["completed"].as_bool().unwrap_or(true),
    }
}

/// The first video file among the history entry's outputs (`images` for SaveVideo, `gifs`
/// for VHS_VideoCombine, `videos` in some versions).
pub(super) fn video_output(entry: &Value) -> Option<&Value> {
    let is_video = |f: &&Value| {
        f["filename"].as_str().is_some_and(|name| {
            let lower = name.to_ascii_lowercase();
            [".mp4", ".webm", ".mkv", ".mov"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        })
    };
    entry["outputs"].as_object()?.values().find_map(|node| {
        ["images", "gifs", "videos"]
            .iter()
            .filter_map(|k| node[*k].as_array())
            .flatten()
            .find(is_video)
    })
}

/// The first still image among the history entry's outputs (`SaveImage` → `images`).
pub(crate) fn image_output(entry: &Value) -> Option<&Value> {
    let is_image = |f: &&Value| {
        f["filename"].as_str().is_some_and(|name| {
            let lower = name.to_ascii_lowercase();
            [".png", ".jpg", ".jpeg", ".webp"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        })
    };
    entry["outputs"].as_object()?.values().find_map(|node| {
        node["images"]
            .as_array()
            .into_iter()
            .flatten()
            .find(is_image)
    })
}

/// A failed history entry → error, from its `execution_error` / `execution_interrupted`.
pub(crate) fn execution_failure(entry: &Value) -> ProviderError {
    let messages = entry["status"]["messages"].as_array();
    let find = |kind: &str| {
        messages
            .into_iter()
            .flatten()
            .find(|m| m[0] == kind)
            .map(|m| m[1].clone())
    };
    if let Some(info) = find("execution_interrupted") {
        let node = info["node_type"].as_str().unwrap_or("a node");
        return ProviderError::cancelled_at_provider(format!(
            "the prompt was interrupted in ComfyUI (at {node})"
        ));
    }
    let Some(info) = find("execution_error") else {
        return ProviderError::transient(
            TakeErrorCode::ProviderFailed,
            "ComfyUI reported an error without details",
        );
    };
    let node = info["node_type"].as_str().unwrap_or("a node");
    let kind = info["exception_type"].as_str().unwrap_or("error");
    let text = info["exception_message"].as_str().unwrap_or("").trim();
    let message = format!("ComfyUI failed in {node}: {kind}: {text}");
    let lower = format!("{kind} {text}").to_ascii_lowercase();
    if lower.contains("out of memory") || lower.contains("outofmemory") {
        // Freeing VRAM (other apps, smaller size) can make a retry work.
        ProviderError::transient(TakeErrorCode::OutOfMemory, message)
    } else {
        // A missing model file, a bad input or a node bug: the same graph fails again.
        ProviderError::terminal(TerminalReason::InvalidInput, message)
    }
}
