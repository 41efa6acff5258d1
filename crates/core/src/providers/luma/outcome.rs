//! What a Luma generation's state means: running (with Luma's `Retry-After` or the usual
//! interval), succeeded with its video URL, or failed, classified from the Dream Machine's
//! `failure_reason` text or the Agents API's `failure_code`.

use super::POLL_EVERY;
use super::wire::{AgentsGeneration, DreamGeneration};
use crate::providers::http::status::looks_like_moderation;
use crate::providers::{PollOutcome, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason};
use std::time::Duration;

fn running(retry_after: Option<Duration>) -> PollOutcome {
    PollOutcome::Running {
        progress: None,
        poll_after: Some(retry_after.unwrap_or(POLL_EVERY)),
    }
}

fn succeeded(url: Option<&str>) -> PollOutcome {
    match url.filter(|u| !u.is_empty()) {
        Some(url) => PollOutcome::Succeeded {
            output: RemoteOutput {
                url: url.to_owned(),
            },
            actual_cost_micros: None,
        },
        None => PollOutcome::Failed(ProviderError::transient(
            TakeErrorCode::NoOutput,
            "Luma reports the generation completed but gave no video URL",
        )),
    }
}

/// A Dream Machine generation → outcome (§1a `failure_reason` strings).
pub(super) fn dream_outcome(
    generation: DreamGeneration,
    retry_after: Option<Duration>,
) -> PollOutcome {
    match generation.state.as_deref() {
        Some("completed") => succeeded(generation.assets.as_ref().and_then(|a| a.video.as_deref())),
        Some("failed") => PollOutcome::Failed(dream_failure(
            generation.failure_reason.as_deref().unwrap_or(""),
        )),
        // queued, dreaming, or a state this adapter does not know yet.
        _ => running(retry_after),
    }
}

/// Classifies a Dream Machine `failure_reason`.
pub(super) fn dream_failure(reason: &str) -> ProviderError {
    let message = if reason.trim().is_empty() {
        "Luma: the generation failed without a reason".to_owned()
    } else {
        format!("Luma: {reason}")
    };
    let lower = reason.to_ascii_lowercase();
    if lower.contains("blacklisted") || looks_like_moderation(reason) {
        ProviderError::terminal(TerminalReason::Moderation, message)
    } else if lower.contains("input frames")
        || lower.contains("prompt is")
        || lower.contains("not supported")
    {
        ProviderError::terminal(TerminalReason::InvalidInput, message)
    } else {
        // "Prompt processing failed" and job errors: refunded by Luma, worth one more try.
        ProviderError::transient(TakeErrorCode::ProviderFailed, message)
    }
}

/// An Agents generation → outcome (§1b states and `failure_code`s).
pub(super) fn agents_outcome(
    generation: AgentsGeneration,
    retry_after: Option<Duration>,
) -> PollOutcome {
    match generation.state.as_deref() {
        Some("completed") => succeeded(generation.video_url()),
        Some("failed") => PollOutcome::Failed(agents_failure(
            generation.failure_code.as_deref().unwrap_or(""),
            generation.failure_reason.as_deref().unwrap_or(""),
        )),
        // queued, processing, or a state this adapter does not know yet.
        _ => running(retry_after),
    }
}

/// Classifies an Agents `failure_code` (with `failure_reason` for the message, which keeps
/// Luma's code too).
pub(super) fn agents_failure(code: &str, reason: &str) -> ProviderError {
    let reason = reason.trim();
    let message = match (code.is_empty(), reason.is_empty()) {
        (false, false) => format!("Luma: {reason} ({code})"),
        (false, true) => format!("Luma: {code}"),
        (true, false) => format!("Luma: {reason}"),
        (true, true) => "Luma: the generation failed without a reason".to_owned(),
    };
    let terminal = |why| ProviderError::terminal(why, message.clone());
    let transient = |code| ProviderError::transient(code, message.clone());
    match code {
        "content_moderated" => terminal(TerminalReason::Moderation),
        "budget_exhausted" => terminal(TerminalReason::InsufficientCredits),
        "image_too_large" | "unsupported_format" | "corrupt_input" | "invalid_request" => {
            terminal(TerminalReason::InvalidInput)
        }
        "rate_limited" => transient(TakeErrorCode::RateLimited),
        "output_not_found" => transient(TakeErrorCode::NoOutput),
        "generation_failed" => transient(TakeErrorCode::ProviderFailed),
        _ if looks_like_moderation(reason) => terminal(TerminalReason::Moderation),
        // Codes this adapter does not know yet: worth one more try.
        _ => transient(TakeErrorCode::ProviderFailed),
    }
}
