//! [`VoiceError`]: why a voice could not speak, each case mapped to one [`ErrorCode`]; a
//! hosted voice's refusal carries its [`VoiceRefusal`] (bad key, quota, tier, rate limit…).

use reelforge_protocol::ErrorCode;
use std::path::PathBuf;
use std::time::Duration;

/// Why a hosted voice service refused a synthesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceRefusal {
    /// The key is wrong, revoked or missing on the service's side (401).
    InvalidKey,
    /// The account has no characters or credits left (ElevenLabs 401 `quota_exceeded`,
    /// OpenAI 429 `insufficient_quota`): never retried.
    QuotaExceeded,
    /// The plan does not include what was asked (ElevenLabs 403 `subscription_required`).
    TierRequired,
    /// Too many requests, still refused after the retries allowed.
    RateLimited,
    /// The service rejected the request itself (unknown voice or model, text too long).
    InvalidRequest,
    /// The service failed (5xx).
    ServerError,
}

impl VoiceRefusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidKey => "invalid key",
            Self::QuotaExceeded => "quota exceeded",
            Self::TierRequired => "plan tier required",
            Self::RateLimited => "rate limited",
            Self::InvalidRequest => "invalid request",
            Self::ServerError => "server error",
        }
    }
}

impl std::fmt::Display for VoiceRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// The voice program is not installed (or not where Settings say).
    #[error(
        "the voice program {program} was not found (looked for {searched}): install the \
         `{package}` package, or set where it is"
    )]
    ProgramMissing {
        program: &'static str,
        package: &'static str,
        searched: String,
    },
    #[error("{provider} has no voice `{voice}`")]
    UnknownVoice { provider: String, voice: String },
    #[error("{provider} has no voice for the language `{language}`")]
    LanguageUnsupported { provider: String, language: String },
    #[error("there is nothing to say")]
    EmptyText,
    /// A word alone is longer than the service takes in one request, so no cut between words
    /// makes the text fit (nothing was sent).
    #[error(
        "{provider} cannot speak a word of {characters} characters: it takes at most \
         {maximum} characters a request"
    )]
    WordTooLong {
        provider: String,
        characters: usize,
        maximum: usize,
    },
    #[error("{program} failed ({status}): {stderr}")]
    Failed {
        program: String,
        status: String,
        stderr: String,
    },
    /// The produced audio is not a WAV Reelforge can read.
    #[error("the voice audio {path} is unreadable: {reason}")]
    BadAudio { path: PathBuf, reason: String },
    /// A hosted voice needs a key and none is stored.
    #[error(
        "no API key is set for {provider}: add one in Providers (or `reelforge providers \
         set-key {provider}`)"
    )]
    KeyMissing { provider: String },
    /// The key could not be read from the keychain.
    #[error("the key of {provider} could not be read: {source}")]
    Keychain {
        provider: String,
        #[source]
        source: crate::secrets::SecretError,
    },
    /// A hosted voice answered with an error status (its message redacted).
    #[error("{provider} refused the narration ({refusal}, HTTP {status}): {message}")]
    Refused {
        provider: String,
        refusal: VoiceRefusal,
        status: u16,
        message: String,
        /// When the service said to come back (`Retry-After`).
        retry_after: Option<Duration>,
    },
    /// A hosted voice could not be reached, or the connection failed.
    #[error("{provider} could not be reached: {message}")]
    Unreachable { provider: String, message: String },
    /// A hosted voice's answer ended before its audio did.
    #[error("{provider} sent truncated audio: {detail}")]
    TruncatedAudio { provider: String, detail: String },
    /// A hosted voice answered with something that is not the audio asked for.
    #[error("{provider} sent audio Reelforge cannot use: {reason}")]
    CorruptAudio { provider: String, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl VoiceError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// The code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::ProgramMissing { .. } => ErrorCode::VoiceMissing,
            Self::LanguageUnsupported { .. } => ErrorCode::VoiceLanguageUnsupported,
            Self::UnknownVoice { .. }
            | Self::EmptyText
            | Self::WordTooLong { .. }
            | Self::Failed { .. }
            | Self::BadAudio { .. }
            | Self::TruncatedAudio { .. }
            | Self::CorruptAudio { .. } => ErrorCode::VoiceFailed,
            Self::KeyMissing { .. } => ErrorCode::KeyMissing,
            Self::Keychain { source, .. } => source.code(),
            Self::Refused { .. } => ErrorCode::ProviderRejected,
            Self::Unreachable { .. } => ErrorCode::Network,
            Self::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                ErrorCode::DiskFull
            }
            Self::Io { .. } => ErrorCode::Storage,
        }
    }
}
