//! Video providers behind one trait, [`VideoProvider`], and the [`ProviderRegistry`].
//!
//! A provider describes itself with a [`ProviderDescriptor`] (protocol DTO) and implements
//! four calls: `submit` (the paid create call, sent once), `poll`, `cancel` and
//! `fetch_output`. Errors are classified so the engine knows what it may do next: a
//! [`ErrorClass::Transient`] error may be retried, a [`ErrorClass::Terminal`] one stops with the
//! provider's reason, and an [`ErrorClass::AmbiguousSubmit`] means the create call may have
//! reached the provider, so it is never re-sent without the person's decision.
//!
//! Adding a provider is one file in this folder plus one line in [`registry::builtin`].

pub mod capability;
pub mod comfyui;
pub mod fal;
pub mod http;
pub mod image;
pub mod local;
pub mod local_background;
pub mod local_render;
pub mod luma;
pub mod registry;
pub mod replicate;
pub mod runway;
pub mod veo;

pub use reelforge_protocol::ProviderDescriptor;
pub use registry::ProviderRegistry;

use crate::secrets::redaction::redact;
pub use reelforge_protocol::TakeErrorCode;
use reelforge_protocol::{AspectRatio, GenerationMode};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// Everything a provider needs to generate one clip; stored as the take's `request_json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerationRequest {
    /// The provider's model id (its default model when the segment names none).
    pub model: String,
    pub mode: GenerationMode,
    /// The prompt as sent: style defaults first, then the segment's prompt.
    pub prompt: String,
    pub duration_s: u32,
    pub aspect_ratio: AspectRatio,
    /// Library paths of the reference images, in order.
    #[serde(default)]
    pub reference_paths: Vec<String>,
    /// The seed sent, for providers that take one ([`VideoProvider::takes_seed`]): chosen
    /// when the take is planned and stored with it, so a promotion can reuse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// The provider accepted a create call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// The provider's id for the generation.
    pub remote_id: String,
    /// When to poll first, if the provider said.
    pub poll_after: Option<Duration>,
}

/// What a provider's list of recent generations says about a create call whose answer was
/// lost (a 5xx, a reset): see [`VideoProvider::find_created`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reconciliation {
    /// The API cannot list recent generations: only the person can find out.
    CannotList,
    /// The remote ids of generations made from this request since it was sent, oldest
    /// first.
    Found(Vec<String>),
    /// The list shows none: the create made nothing, so sending it again pays once.
    NotFound,
    /// Nothing the provider makes outlives the process that asked for it (the built-in
    /// local renderer): a create whose answer was lost left nothing running or charged, so
    /// it is sent again at once, however recent.
    Vanished,
}

/// Where a finished generation's output can be fetched from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteOutput {
    pub url: String,
}

/// What a poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollOutcome {
    /// Still working (an unknown provider state counts as this).
    Running {
        /// 0–100 when the provider reports it.
        progress: Option<u8>,
        /// The provider's Retry-After / poll-after hint.
        poll_after: Option<Duration>,
    },
    /// Done: the output can be fetched.
    Succeeded {
        output: RemoteOutput,
        /// What the provider charged, when it says; else the estimate is recorded.
        actual_cost_micros: Option<i64>,
    },
    /// The provider gave up on the generation.
    Failed(ProviderError),
}

/// Why a terminal error is terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TerminalReason {
    Moderation,
    InvalidInput,
    InsufficientCredits,
    BadKey,
    /// The provider cannot do this at all (unsupported option, offline renderer missing).
    Unsupported,
    /// No result before the take's deadline.
    TimedOut,
    /// The fetched output is not a usable clip (ffprobe check).
    InvalidOutput,
    /// The generation was cancelled at the provider (its dashboard, its own interrupt).
    Cancelled,
}

impl TerminalReason {
    /// The take error code this reason is stored as.
    pub fn code(self) -> TakeErrorCode {
        match self {
            Self::Moderation => TakeErrorCode::Moderation,
            Self::InvalidInput => TakeErrorCode::InvalidInput,
            Self::InsufficientCredits => TakeErrorCode::InsufficientCredits,
            Self::BadKey => TakeErrorCode::BadKey,
            Self::Unsupported => TakeErrorCode::Unsupported,
            Self::TimedOut => TakeErrorCode::TimedOut,
            Self::InvalidOutput => TakeErrorCode::OutputInvalid,
            Self::Cancelled => TakeErrorCode::Cancelled,
        }
    }
}

/// What the engine may do after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Nothing was created, or the failure is temporary: retry with backoff.
    Transient,
    /// Retrying cannot help.
    Terminal(TerminalReason),
    /// A create call failed after it may have reached the provider.
    AmbiguousSubmit,
    /// The work died with the process that ran it (a local render when Reelforge stopped):
    /// started again at once, without using one of the automatic retries, since the
    /// provider itself did not fail.
    Interrupted,
}

/// An error from a provider call: what the engine may do next (`class`), why (`code`, stored
/// as the take's error code and worded by the UI) and the provider's own text (`message`,
/// English, kept as detail, redacted). A provider's own failure code, when it has one, is in
/// `message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ProviderError {
    pub class: ErrorClass,
    pub code: TakeErrorCode,
    pub message: String,
    /// The provider's Retry-After hint.
    pub retry_after: Option<Duration>,
}

impl ProviderError {
    /// The API code a failure is reported with when it answers a command directly (a
    /// keyframe made on request), among the existing codes.
    pub fn api_code(&self) -> reelforge_protocol::ErrorCode {
        use reelforge_protocol::ErrorCode;
        match self.code {
            TakeErrorCode::Moderation => ErrorCode::Moderation,
            TakeErrorCode::NoKey | TakeErrorCode::BadKey => ErrorCode::KeyMissing,
            TakeErrorCode::KeychainLocked => ErrorCode::KeychainLocked,
            TakeErrorCode::FfmpegMissing => ErrorCode::FfmpegMissing,
            TakeErrorCode::DiskFull => ErrorCode::DiskFull,
            TakeErrorCode::Disk => ErrorCode::Storage,
            TakeErrorCode::Network | TakeErrorCode::RequestTimeout => ErrorCode::Network,
            TakeErrorCode::Cancelled => ErrorCode::Cancelled,
            _ => ErrorCode::ProviderRejected,
        }
    }

    /// A temporary failure.
    pub fn transient(code: TakeErrorCode, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Transient, code, message)
    }

    /// A failure retrying cannot fix.
    pub fn terminal(reason: TerminalReason, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Terminal(reason), reason.code(), message)
    }

    /// A clip that could not be written: [`TakeErrorCode::DiskFull`] when there was no room
    /// left (see [`crate::error::is_disk_full`]), else [`TakeErrorCode::Disk`]. Transient: the
    /// person may free space meanwhile.
    pub fn disk(what: impl std::fmt::Display, err: &std::io::Error) -> Self {
        let code = if crate::error::is_disk_full(err) {
            TakeErrorCode::DiskFull
        } else {
            TakeErrorCode::Disk
        };
        Self::transient(code, format!("could not write {what}: {err}"))
    }

    /// Work lost when Reelforge stopped (see [`ErrorClass::Interrupted`]).
    pub fn interrupted(code: TakeErrorCode, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Interrupted, code, message)
    }

    /// A create call whose fate is unknown.
    pub fn ambiguous_submit(message: impl Into<String>) -> Self {
        Self::new(
            ErrorClass::AmbiguousSubmit,
            TakeErrorCode::SubmitUnknown,
            message,
        )
    }

    /// The provider says the generation was cancelled on its side: every adapter reports it
    /// this one way (terminal: someone stopped it on purpose, so it is not retried).
    pub fn cancelled_at_provider(message: impl Into<String>) -> Self {
        Self::terminal(TerminalReason::Cancelled, message)
    }

    /// An error whose `message` is the provider's text after
    /// [`redact`](crate::secrets::redaction::redact): no key, nothing key-shaped, bounded.
    pub fn new(class: ErrorClass, code: TakeErrorCode, message: impl Into<String>) -> Self {
        Self {
            class,
            code,
            message: redact(&message.into()),
            retry_after: None,
        }
    }

    /// Adds the provider's Retry-After hint.
    pub fn with_retry_after(mut self, after: Duration) -> Self {
        self.retry_after = Some(after);
        self
    }
}

/// A video generation service (or the local renderer).
///
/// Implementations must not retry `submit` themselves: the engine owns that decision.
#[async_trait::async_trait]
pub trait VideoProvider: Send + Sync + std::fmt::Debug {
    /// What this provider can do and what it costs.
    fn descriptor(&self) -> &ProviderDescriptor;

    /// Whether the create call sends [`GenerationRequest::seed`] (the engine then picks one
    /// per take and records it).
    fn takes_seed(&self) -> bool {
        false
    }

    /// Sends the create call once and returns the provider's id.
    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError>;

    /// Asks where a generation stands.
    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError>;

    /// Asks the provider to stop a generation (a no-op where the API has no cancel).
    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError>;

    /// Checks the stored key with the provider's cheapest authenticated call (no generation,
    /// no charge). Providers without keys answer `Ok`.
    async fn test_key(&self) -> Result<(), ProviderError> {
        Ok(())
    }

    /// Streams the output into `dest` (a temporary file the engine then syncs and renames);
    /// returns the number of bytes written.
    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError>;

    /// After an ambiguous create: looks among the provider's recent generations for those
    /// `request`'s create call, sent at `sent_at_ms` (unix milliseconds, wall clock), may
    /// have made, matched on the request's fingerprint and the creation time. Providers whose
    /// API lists no recent generations answer [`Reconciliation::CannotList`] (the default).
    async fn find_created(
        &self,
        _request: &GenerationRequest,
        _sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        Ok(Reconciliation::CannotList)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_terminal_reason_has_its_own_take_code_and_a_cancel_is_one_of_them() {
        let reasons = [
            TerminalReason::Moderation,
            TerminalReason::InvalidInput,
            TerminalReason::InsufficientCredits,
            TerminalReason::BadKey,
            TerminalReason::Unsupported,
            TerminalReason::TimedOut,
            TerminalReason::InvalidOutput,
            TerminalReason::Cancelled,
        ];
        let codes: std::collections::HashSet<TakeErrorCode> =
            reasons.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), reasons.len());
        let cancelled = ProviderError::cancelled_at_provider("stopped at the provider");
        assert_eq!(
            (cancelled.class, cancelled.code),
            (
                ErrorClass::Terminal(TerminalReason::Cancelled),
                TakeErrorCode::Cancelled
            )
        );
        assert_eq!(cancelled.to_string(), "cancelled: stopped at the provider");
        assert_eq!(
            ProviderError::ambiguous_submit("reset").code,
            TakeErrorCode::SubmitUnknown
        );
    }
}
