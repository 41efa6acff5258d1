//! Replicate's wire formats: the model catalogue with each model's input schema
//! differences, the prediction and file objects, reading an output URL and the progress in
//! the logs, and classifying a failed prediction's error and a 429's "Expected available in
//! N seconds".

use crate::providers::http::status;
use crate::providers::{ErrorClass, ProviderError, TakeErrorCode, TerminalReason};
use reelforge_protocol::AspectRatio;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// One catalogue entry.
#[derive(Debug)]
pub(super) struct ReplicateModel {
    /// The descriptor's model id.
    pub(super) id: &'static str,
    pub(super) display_name: &'static str,
    /// `owner/name` on Replicate.
    pub(super) model: &'static str,
    /// A pinned version (then the version endpoint is used), else the official model's latest.
    pub(super) version: Option<&'static str>,
    pub(super) text_to_video: bool,
    /// Whether it takes `aspect_ratio` (Kling 2.1 follows its start image).
    pub(super) aspect_field: bool,
    /// Kling 2.1's `mode`: `standard` (720p) or `pro` (1080p, takes `end_image`).
    pub(super) mode: Option<&'static str>,
    pub(super) end_image: bool,
    pub(super) resolution: &'static str,
    pub(super) aspect_ratios: &'static [AspectRatio],
    /// Estimate: Replicate's per-model prices are not captured authoritatively.
    pub(super) micros_per_second: i64,
}

use AspectRatio::{Landscape, Portrait, Square};

pub(super) const MODELS: &[ReplicateModel] = &[
    ReplicateModel {
        id: "kwaivgi/kling-v2.1",
        display_name: "Kling 2.1 Standard (720p, image-to-video)",
        model: "kwaivgi/kling-v2.1",
        version: None,
        text_to_video: false,
        aspect_field: false,
        mode: Some("standard"),
        end_image: false,
        resolution: "720p",
        aspect_ratios: &[Landscape, Portrait, Square],
        micros_per_second: 50_000,
    },
    ReplicateModel {
        id: "kwaivgi/kling-v2.1-pro",
        display_name: "Kling 2.1 Pro (1080p, image-to-video, first and last frame)",
        model: "kwaivgi/kling-v2.1",
        version: None,
        text_to_video: false,
        aspect_field: false,
        mode: Some("pro"),
        end_image: true,
        resolution: "1080p",
        aspect_ratios: &[Landscape, Portrait, Square],
        micros_per_second: 90_000,
    },
    ReplicateModel {
        id: "kwaivgi/kling-v2.0",
        display_name: "Kling 2.0 (720p)",
        model: "kwaivgi/kling-v2.0",
        version: None,
        text_to_video: true,
        aspect_field: true,
        mode: None,
        end_image: false,
        resolution: "720p",
        aspect_ratios: &[Landscape, Portrait, Square],
        micros_per_second: 280_000,
    },
];

/// The prediction object (only what is read).
#[derive(Debug, Deserialize)]
pub(crate) struct Prediction {
    pub(crate) id: String,
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) output: Option<Value>,
    #[serde(default)]
    pub(crate) error: Option<Value>,
    #[serde(default)]
    pub(crate) logs: Option<String>,
    #[serde(default)]
    pub(crate) data_removed: bool,
    /// RFC 3339; read when reconciling a lost create.
    #[serde(default)]
    pub(crate) created_at: Option<String>,
    /// `owner/name`.
    #[serde(default)]
    pub(crate) model: Option<String>,
    #[serde(default)]
    pub(crate) version: Option<String>,
    #[serde(default)]
    pub(crate) input: Option<Value>,
}

/// `GET /v1/predictions`: a page of predictions, newest first; `next` is the following
/// page's URL (with its `cursor`).
#[derive(Debug, Deserialize)]
pub(super) struct PredictionPage {
    #[serde(default)]
    pub(super) results: Vec<Prediction>,
    #[serde(default)]
    pub(super) next: Option<String>,
}

/// A `/v1/files` answer.
#[derive(Debug, Deserialize)]
pub(super) struct UploadedFile {
    pub(super) urls: FileUrls,
}

#[derive(Debug, Deserialize)]
pub(super) struct FileUrls {
    pub(super) get: String,
}

/// Replicate's 429 says "Expected available in N second(s)" when no Retry-After came.
pub(super) fn with_body_retry_after(error: ProviderError) -> ProviderError {
    if error.retry_after.is_some() || error.class != ErrorClass::Transient {
        return error;
    }
    let seconds = error
        .message
        .split("available in ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<u64>().ok());
    match seconds {
        Some(s) => error.with_retry_after(Duration::from_secs(s.min(3600))),
        None => error,
    }
}

/// The first URL of an output: a string, or the first string of an array.
pub(super) fn output_url(output: Option<&Value>) -> Option<String> {
    let url = match output? {
        Value::String(s) => Some(s.as_str()),
        Value::Array(items) => items.iter().find_map(Value::as_str),
        Value::Object(map) => map.get("video").and_then(Value::as_str),
        _ => None,
    }?;
    (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_owned())
}

/// The last percentage in the logs (`45%|████▌     | 9/20`).
pub(super) fn progress(logs: Option<&str>) -> Option<u8> {
    logs?.lines().rev().find_map(|line| {
        let (before, _) = line.split_once('%')?;
        let digits: String = before
            .trim()
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse::<u8>().ok().filter(|p| *p <= 100)
    })
}

/// A failed prediction's error, classified by its text.
pub(super) fn failure(error: Option<&Value>) -> ProviderError {
    let text = match error {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "the prediction failed without a reason".to_owned(),
        Some(other) => other.to_string(),
    };
    let message = format!("Replicate: {}", status::provider_message(&text));
    let lower = text.to_ascii_lowercase();
    if status::looks_like_moderation(&text)
        || lower.contains("flagged as sensitive")
        || lower.contains("(e005)")
    {
        ProviderError::terminal(TerminalReason::Moderation, message)
    } else if lower.contains("please retry") || lower.contains("interrupted") {
        ProviderError::transient(TakeErrorCode::ProviderFailed, message)
    } else {
        ProviderError::terminal(TerminalReason::InvalidInput, message)
    }
}
