//! The Gemini API's wire format for Veo: the create answer and the long-running operation
//! (`done`, `error` as a `google.rpc.Status`, `response.generateVideoResponse`), what a
//! finished operation means, and reading Google's error bodies (`RetryInfo` delays, a
//! wrong key reported as 400 `API_KEY_INVALID`).

use super::{INLINE_OUTPUT, POLL_EVERY};
use crate::providers::http::status::looks_like_moderation;
use crate::providers::{
    ErrorClass, PollOutcome, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason,
};
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// `retryDelay` (`"30s"`) of a `google.rpc.RetryInfo` in a Google error body's details.
pub(super) fn retry_info(body: &str) -> Option<Duration> {
    let value: Value = serde_json::from_str(body).ok()?;
    value["error"]["details"]
        .as_array()?
        .iter()
        .find_map(|detail| {
            let kind = detail["@type"].as_str()?;
            if !kind.ends_with("google.rpc.RetryInfo") {
                return None;
            }
            let seconds: f64 = detail["retryDelay"]
                .as_str()?
                .strip_suffix('s')?
                .parse()
                .ok()?;
            (seconds.is_finite() && seconds >= 0.0)
                .then(|| Duration::from_secs_f64(seconds.min(3600.0)))
        })
}

/// Google answers a wrong key with 400 `API_KEY_INVALID`; that is a key problem, not input.
pub(super) fn bad_key(error: ProviderError) -> ProviderError {
    let key_words = ["API_KEY_INVALID", "API key not valid", "API key expired"];
    if error.class == ErrorClass::Terminal(TerminalReason::InvalidInput)
        && key_words.iter().any(|w| error.message.contains(w))
    {
        ProviderError::terminal(TerminalReason::BadKey, error.message)
    } else {
        error
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Created {
    pub(super) name: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Operation {
    #[serde(default)]
    pub(super) done: bool,
    pub(super) error: Option<RpcStatus>,
    pub(super) response: Option<OperationResponse>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RpcStatus {
    #[serde(default)]
    pub(super) code: i64,
    #[serde(default)]
    pub(super) message: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OperationResponse {
    pub(super) generate_video_response: Option<VideoResponse>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct VideoResponse {
    #[serde(default)]
    pub(super) generated_samples: Vec<Sample>,
    #[serde(default)]
    pub(super) rai_media_filtered_count: u32,
    #[serde(default)]
    pub(super) rai_media_filtered_reasons: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Sample {
    pub(super) video: Option<Video>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Video {
    pub(super) uri: Option<String>,
    pub(super) encoded_video: Option<String>,
}

/// What a finished operation means.
pub(super) fn outcome(operation: Operation) -> PollOutcome {
    if !operation.done {
        return PollOutcome::Running {
            progress: None,
            poll_after: Some(POLL_EVERY),
        };
    }
    if let Some(error) = operation.error {
        return PollOutcome::Failed(rpc_error(&error));
    }
    let response = operation
        .response
        .and_then(|r| r.generate_video_response)
        .unwrap_or_default();
    let video = response.generated_samples.into_iter().find_map(|s| {
        s.video
            .filter(|v| v.uri.is_some() || v.encoded_video.is_some())
    });
    match video {
        Some(Video { uri: Some(url), .. }) => PollOutcome::Succeeded {
            output: RemoteOutput { url },
            actual_cost_micros: None,
        },
        Some(_) => PollOutcome::Succeeded {
            output: RemoteOutput {
                url: INLINE_OUTPUT.to_owned(),
            },
            actual_cost_micros: None,
        },
        None if response.rai_media_filtered_count > 0
            || !response.rai_media_filtered_reasons.is_empty() =>
        {
            let reasons = if response.rai_media_filtered_reasons.is_empty() {
                "no reason given".to_owned()
            } else {
                response.rai_media_filtered_reasons.join("; ")
            };
            PollOutcome::Failed(ProviderError::terminal(
                TerminalReason::Moderation,
                format!(
                    "Veo's safety filter removed {} video(s): {reasons}",
                    response.rai_media_filtered_count.max(1)
                ),
            ))
        }
        None => PollOutcome::Failed(ProviderError::transient(
            TakeErrorCode::NoOutput,
            "Veo finished the operation without a video or a reason",
        )),
    }
}

/// A failed operation's `google.rpc.Status` → error class.
pub(super) fn rpc_error(status: &RpcStatus) -> ProviderError {
    let message = format!("Veo failed (code {}): {}", status.code, status.message);
    if looks_like_moderation(&status.message) || status.message.contains("usage guidelines") {
        return ProviderError::terminal(TerminalReason::Moderation, message);
    }
    match status.code {
        // INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED
        3 | 5 | 9 | 11 | 12 => ProviderError::terminal(TerminalReason::InvalidInput, message),
        // UNAUTHENTICATED, PERMISSION_DENIED
        7 | 16 => ProviderError::terminal(TerminalReason::BadKey, message),
        // CANCELLED: stopped on Google's side on purpose.
        1 => ProviderError::cancelled_at_provider(message),
        // DEADLINE_EXCEEDED
        4 => ProviderError::transient(TakeErrorCode::RequestTimeout, message),
        // RESOURCE_EXHAUSTED
        8 => ProviderError::transient(TakeErrorCode::RateLimited, message),
        // UNKNOWN, ABORTED, INTERNAL, UNAVAILABLE, DATA_LOSS…: the code is in the message.
        _ => ProviderError::transient(TakeErrorCode::ProviderFailed, message),
    }
}
