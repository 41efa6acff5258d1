//! What a Luma generation's state means: running (with Luma's `Retry-After` or the usual
//! interval), succeeded with its video URL, or failed, classified from the Dream Machine's
//! `failure_reason` text or the Agents API's `failure_code`.

use super::POLL_EVERY;
use super::wire::{AgentsGeneration, DreamGeneration};
use crate::providers::http::status::looks_like_moderation;
use crate::providers::{ErrorClass, PollOutcome, ProviderError, RemoteOutput, TerminalReason};
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
            "no_output",
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
        ProviderError::transient("generation_failed", message)
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

/// Classifies an Agents `failure_code` (with `failure_reason` for the message).
pub(super) fn agents_failure(code: &str, reason: &str) -> ProviderError {
    let detail = match (code.is_empty(), reason.trim().is_empty()) {
        (_, false) => reason.trim().to_owned(),
        (false, true) => code.to_owned(),
        (true, true) => "the generation failed without a reason".to_owned(),
    };
    let message = format!("Luma: {detail}");
    let class = match code {
        "content_moderated" => ErrorClass::Terminal(TerminalReason::Moderation),
        "budget_exhausted" => ErrorClass::Terminal(TerminalReason::InsufficientCredits),
        "image_too_large" | "unsupported_format" | "corrupt_input" | "invalid_request" => {
            ErrorClass::Terminal(TerminalReason::InvalidInput)
        }
        "generation_failed" | "output_not_found" | "rate_limited" => ErrorClass::Transient,
        _ if looks_like_moderation(reason) => ErrorClass::Terminal(TerminalReason::Moderation),
        _ => ErrorClass::Transient,
    };
    let code = if code.is_empty() {
        "generation_failed"
    } else {
        code
    };
    match class {
        ErrorClass::Terminal(reason) => {
            ProviderError::new(class, reason.as_str(), format!("{message} ({code})"))
        }
        _ => ProviderError::new(class, code, message),
    }
}
