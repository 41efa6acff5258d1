//! fal's wire formats: the model catalogue with each endpoint's body differences
//! (duration type, aspect-ratio and image field names), the queue's answers (submit, status,
//! storage upload slot), a result's video URL, and fal's error shapes (`detail` as text or
//! as a `detail[]` list; a `COMPLETED` status carrying `error` + `error_type`).

use crate::providers::http::status::{self, Phase};
use crate::providers::{ProviderError, TakeErrorCode, TerminalReason};
use reelforge_protocol::AspectRatio;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// How a model wants its duration.
#[derive(Debug, Clone, Copy)]
pub(super) enum DurationField {
    /// `"5"` (Kling, Hailuo, Wan).
    String,
    /// `5` (Pika, LTX).
    Number,
}

/// One descriptor model and the two fal endpoints behind it.
#[derive(Debug)]
pub(super) struct FalModel {
    pub(super) id: &'static str,
    pub(super) display_name: &'static str,
    pub(super) text_endpoint: &'static str,
    pub(super) image_endpoint: &'static str,
    pub(super) durations: &'static [u32],
    pub(super) duration: DurationField,
    pub(super) aspect_ratios: &'static [AspectRatio],
    /// Whether text-to-video takes `aspect_ratio` (image-to-video follows the image).
    pub(super) text_aspect: bool,
    /// `resolution` to send, if the model takes one.
    pub(super) resolution: Option<&'static str>,
    /// The output resolution, as shown.
    pub(super) output: &'static str,
    /// The first-frame image field of image-to-video.
    pub(super) image_field: &'static str,
    /// The last-frame image field, where the model has one.
    pub(super) end_field: Option<&'static str>,
    pub(super) micros_per_second: i64,
}

use AspectRatio::{Feed, Landscape, Portrait, Square};

pub(super) const MODELS: &[FalModel] = &[
    FalModel {
        id: "kling-v2.5-turbo-pro",
        display_name: "Kling 2.5 Turbo Pro",
        text_endpoint: "fal-ai/kling-video/v2.5-turbo/pro/text-to-video",
        image_endpoint: "fal-ai/kling-video/v2.5-turbo/pro/image-to-video",
        durations: &[5, 10],
        duration: DurationField::String,
        aspect_ratios: &[Landscape, Portrait, Square],
        text_aspect: true,
        resolution: None,
        output: "1080p",
        image_field: "image_url",
        end_field: Some("tail_image_url"),
        // $0.35 per 5 s + $0.07 per extra second.
        micros_per_second: 70_000,
    },
    FalModel {
        id: "pika-v2.2",
        display_name: "Pika 2.2 (720p)",
        text_endpoint: "fal-ai/pika/v2.2/text-to-video",
        image_endpoint: "fal-ai/pika/v2.2/image-to-video",
        durations: &[5, 10],
        duration: DurationField::Number,
        aspect_ratios: &[Landscape, Portrait, Square, Feed],
        text_aspect: true,
        resolution: Some("720p"),
        output: "720p",
        image_field: "image_url",
        end_field: None,
        // $0.20 per 5 s clip at 720p.
        micros_per_second: 40_000,
    },
    FalModel {
        id: "hailuo-02-standard",
        display_name: "MiniMax Hailuo 02 Standard (768p)",
        text_endpoint: "fal-ai/minimax/hailuo-02/standard/text-to-video",
        image_endpoint: "fal-ai/minimax/hailuo-02/standard/image-to-video",
        durations: &[6, 10],
        duration: DurationField::String,
        aspect_ratios: &[Landscape],
        text_aspect: false,
        resolution: None,
        output: "768p",
        image_field: "image_url",
        end_field: Some("end_image_url"),
        // $0.045 per second at 768P.
        micros_per_second: 45_000,
    },
    FalModel {
        id: "wan-2.5-preview",
        display_name: "Wan 2.5 Preview (720p)",
        text_endpoint: "fal-ai/wan-25-preview/text-to-video",
        image_endpoint: "fal-ai/wan-25-preview/image-to-video",
        durations: &[5, 10],
        duration: DurationField::String,
        aspect_ratios: &[Landscape, Portrait, Square],
        text_aspect: true,
        resolution: Some("720p"),
        output: "720p",
        image_field: "image_url",
        end_field: None,
        // $0.10 per second at 720p.
        micros_per_second: 100_000,
    },
    FalModel {
        id: "ltx-2.3-fast",
        display_name: "LTX 2.3 Fast (1080p)",
        text_endpoint: "fal-ai/ltx-2.3/text-to-video/fast",
        image_endpoint: "fal-ai/ltx-2.3/image-to-video/fast",
        durations: &[6, 8, 10],
        duration: DurationField::Number,
        aspect_ratios: &[Landscape, Portrait],
        text_aspect: true,
        resolution: Some("1080p"),
        output: "1080p",
        image_field: "image_url",
        end_field: Some("end_image_url"),
        // $0.04 per second at 1080p.
        micros_per_second: 40_000,
    },
];

/// Submit answer: `{"status":"IN_QUEUE","request_id",…,"response_url","status_url","cancel_url"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Queued {
    pub(crate) request_id: String,
    #[serde(default)]
    pub(crate) response_url: Option<String>,
}

/// Status answer.
#[derive(Debug, Deserialize)]
pub(crate) struct Status {
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) error: Option<String>,
    #[serde(default)]
    pub(crate) error_type: Option<String>,
}

/// Storage upload initiation answer.
#[derive(Debug, Deserialize)]
pub(super) struct UploadSlot {
    pub(super) upload_url: String,
    pub(super) file_url: String,
}

/// `video.url` of a result (or a bare `video_url` / `url` as some apps answer).
pub(super) fn video_url(body: &Value) -> Option<String> {
    body.pointer("/video/url")
        .or_else(|| body.get("video_url"))
        .or_else(|| body.get("url"))
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(str::to_owned)
}

/// An error answer of fal: `{"detail":"…"}` or `{"detail":[{"loc","msg","type"}…]}`; a
/// `content_policy_violation` entry is moderation whatever its text.
pub(crate) fn fal_error(
    code: reqwest::StatusCode,
    retry_after: Option<Duration>,
    body: &str,
    phase: Phase,
) -> ProviderError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let entries = parsed
        .as_ref()
        .and_then(|v| v.get("detail"))
        .and_then(Value::as_array);
    let Some(entries) = entries else {
        return status::status_error(code, retry_after, body, phase);
    };
    let moderated = entries
        .iter()
        .any(|e| e.get("type").and_then(Value::as_str) == Some("content_policy_violation"));
    let text = entries
        .iter()
        .map(|e| {
            let msg = e.get("msg").and_then(Value::as_str).unwrap_or("invalid");
            let field = e
                .get("loc")
                .and_then(Value::as_array)
                .and_then(|loc| loc.last())
                .and_then(Value::as_str);
            match field {
                Some(field) => format!("{field}: {msg}"),
                None => msg.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let error = status::status_error(
        code,
        retry_after,
        &json!({ "detail": text }).to_string(),
        phase,
    );
    if moderated {
        ProviderError::terminal(TerminalReason::Moderation, error.message)
    } else {
        error
    }
}

/// A `COMPLETED` status that carries an error; fal's error type stays in the message.
pub(crate) fn completed_error(error: &str, error_type: Option<&str>) -> ProviderError {
    let message = match error_type {
        Some(t) => format!("fal: {error} ({t})"),
        None => format!("fal: {error}"),
    };
    let transient = |code| ProviderError::transient(code, message.clone());
    match error_type {
        Some("content_policy_violation") => {
            ProviderError::terminal(TerminalReason::Moderation, message)
        }
        // Infrastructure failures fal already re-queued: a new attempt may work.
        Some("request_timeout" | "startup_timeout" | "runner_connection_timeout") => {
            transient(TakeErrorCode::RequestTimeout)
        }
        Some("runner_server_error" | "internal_error") => transient(TakeErrorCode::ServerError),
        Some(
            "runner_scheduling_failure"
            | "runner_connection_error"
            | "runner_connection_refused"
            | "runner_disconnected"
            | "runner_incomplete_response",
        ) => transient(TakeErrorCode::ProviderFailed),
        _ if status::looks_like_moderation(error) => {
            ProviderError::terminal(TerminalReason::Moderation, message)
        }
        _ => ProviderError::terminal(TerminalReason::InvalidInput, message),
    }
}
