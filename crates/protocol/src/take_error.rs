//! [`TakeErrorCode`]: why a take (one generation attempt) failed, as the engine stores it in
//! `generations.error_code` and the UI words it. The provider's own text travels beside it
//! (`TakeDto::error_message`) as secondary detail only.

use crate::error::ErrorCode;
use serde::de::{IntoDeserializer, value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The reason a take failed (or was stopped). Spelt in snake_case on the wire and in the
/// database; a stored spelling this version does not know reads back as [`Self::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TakeErrorCode {
    /// The provider's content filter refused the prompt or an image.
    Moderation,
    /// The provider refused the request as invalid (a value, a reference, the model).
    InvalidInput,
    /// The provider account has no credits left.
    InsufficientCredits,
    /// The provider refused the API key, or none is set.
    BadKey,
    /// No API key is set for the provider (a key test's answer).
    NoKey,
    /// The OS keychain is locked, so the key could not be read.
    KeychainLocked,
    /// The provider cannot do this at all (an option it lacks, a renderer that is missing).
    Unsupported,
    /// The local renderer found no ffmpeg.
    FfmpegMissing,
    /// No result before the take's deadline.
    TimedOut,
    /// The fetched output is not a usable clip.
    OutputInvalid,
    /// The output could not be downloaded, even after several tries: the person decides.
    DownloadFailed,
    /// The link to the output expired before it was downloaded.
    #[serde(rename = "output_url_expired")]
    OutputExpired,
    /// The provider finished without a clip (or the clip was empty).
    #[serde(alias = "empty_output")]
    NoOutput,
    /// The provider could not be reached.
    Network,
    /// The provider refused more requests for now.
    RateLimited,
    /// The provider did not answer one request in time.
    #[serde(rename = "timeout")]
    RequestTimeout,
    /// The provider had a server error.
    ServerError,
    /// The provider answered with something that could not be read.
    MalformedResponse,
    /// The provider could not generate the clip (its own failure, worth another try).
    #[serde(alias = "generation_failed", alias = "prediction_interrupted")]
    #[serde(alias = "aborted", alias = "not_ready", alias = "comfyui_error")]
    #[serde(alias = "runway_failed", alias = "not_comfyui")]
    ProviderFailed,
    /// The provider no longer knows the generation (it restarted, or it was removed).
    #[serde(alias = "prompt_lost", alias = "render_interrupted")]
    GenerationLost,
    /// The provider's machine ran out of (GPU) memory.
    OutOfMemory,
    /// The clip could not be written to the library's disk.
    #[serde(alias = "work_dir", alias = "copy", alias = "library_sync_failed")]
    Disk,
    /// The disk (or the person's quota, or the file-size limit) left no room for the clip.
    DiskFull,
    /// Cancelled: by the person in Reelforge, or at the provider (one spelling for both).
    #[serde(alias = "canceled", alias = "interrupted")]
    Cancelled,
    /// The person abandoned a take whose fate was unknown.
    Abandoned,
    /// The create call may have reached the provider: the person decides.
    #[serde(alias = "ambiguous_submit")]
    SubmitUnknown,
    /// Reelforge could not prepare the request (a bug on our side).
    Internal,
    /// A spelling this version does not know (written by another version).
    #[serde(other)]
    Other,
}

impl TakeErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [TakeErrorCode; 28] = [
        Self::Moderation,
        Self::InvalidInput,
        Self::InsufficientCredits,
        Self::BadKey,
        Self::NoKey,
        Self::KeychainLocked,
        Self::Unsupported,
        Self::FfmpegMissing,
        Self::TimedOut,
        Self::OutputInvalid,
        Self::DownloadFailed,
        Self::OutputExpired,
        Self::NoOutput,
        Self::Network,
        Self::RateLimited,
        Self::RequestTimeout,
        Self::ServerError,
        Self::MalformedResponse,
        Self::ProviderFailed,
        Self::GenerationLost,
        Self::OutOfMemory,
        Self::Disk,
        Self::DiskFull,
        Self::Cancelled,
        Self::Abandoned,
        Self::SubmitUnknown,
        Self::Internal,
        Self::Other,
    ];

    /// The code as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Moderation => "moderation",
            Self::InvalidInput => "invalid_input",
            Self::InsufficientCredits => "insufficient_credits",
            Self::BadKey => "bad_key",
            Self::NoKey => "no_key",
            Self::KeychainLocked => "keychain_locked",
            Self::Unsupported => "unsupported",
            Self::FfmpegMissing => "ffmpeg_missing",
            Self::TimedOut => "timed_out",
            Self::OutputInvalid => "output_invalid",
            Self::DownloadFailed => "download_failed",
            Self::OutputExpired => "output_url_expired",
            Self::NoOutput => "no_output",
            Self::Network => "network",
            Self::RateLimited => "rate_limited",
            Self::RequestTimeout => "timeout",
            Self::ServerError => "server_error",
            Self::MalformedResponse => "malformed_response",
            Self::ProviderFailed => "provider_failed",
            Self::GenerationLost => "generation_lost",
            Self::OutOfMemory => "out_of_memory",
            Self::Disk => "disk",
            Self::DiskFull => "disk_full",
            Self::Cancelled => "cancelled",
            Self::Abandoned => "abandoned",
            Self::SubmitUnknown => "submit_unknown",
            Self::Internal => "internal",
            Self::Other => "other",
        }
    }

    /// The IPC code of this failure when a command reports it as an error (the CLI's key
    /// test, say).
    pub fn api_code(self) -> ErrorCode {
        match self {
            Self::Moderation => ErrorCode::Moderation,
            Self::InvalidInput | Self::Unsupported => ErrorCode::Validation,
            Self::NoKey => ErrorCode::KeyMissing,
            Self::KeychainLocked => ErrorCode::KeychainLocked,
            Self::FfmpegMissing => ErrorCode::FfmpegMissing,
            Self::Network | Self::RequestTimeout => ErrorCode::Network,
            Self::Disk => ErrorCode::Storage,
            Self::DiskFull => ErrorCode::DiskFull,
            Self::Cancelled | Self::Abandoned => ErrorCode::Cancelled,
            Self::Internal | Self::Other => ErrorCode::Internal,
            Self::InsufficientCredits
            | Self::BadKey
            | Self::TimedOut
            | Self::OutputInvalid
            | Self::DownloadFailed
            | Self::OutputExpired
            | Self::NoOutput
            | Self::RateLimited
            | Self::ServerError
            | Self::MalformedResponse
            | Self::ProviderFailed
            | Self::GenerationLost
            | Self::OutOfMemory
            | Self::SubmitUnknown => ErrorCode::ProviderRejected,
        }
    }

    /// Reads a stored spelling, older ones included; never fails: an unknown spelling is
    /// [`Self::Other`].
    pub fn parse(stored: &str) -> Self {
        Self::deserialize(IntoDeserializer::<value::Error>::into_deserializer(stored))
            .unwrap_or(Self::Other)
    }
}

impl fmt::Display for TakeErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_spelling_in_serde_and_storage() {
        for code in TakeErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str(), "{code:?}");
            assert_eq!(serde_json::from_value::<TakeErrorCode>(json).unwrap(), code);
            assert_eq!(TakeErrorCode::parse(code.as_str()), code);
        }
    }

    #[test]
    fn older_and_unknown_spellings_read_without_failing() {
        use TakeErrorCode::*;
        for (stored, code) in [
            ("canceled", Cancelled),
            ("interrupted", Cancelled),
            ("ambiguous_submit", SubmitUnknown),
            ("empty_output", NoOutput),
            ("library_sync_failed", Disk),
            ("generation_failed", ProviderFailed),
            ("veo_14", Other),
            ("INTERNAL.BAD_OUTPUT.CODE01", Other),
            ("", Other),
        ] {
            assert_eq!(TakeErrorCode::parse(stored), code, "{stored}");
        }
        let take: TakeErrorCode = serde_json::from_str(r#""runner_server_error""#).unwrap();
        assert_eq!(take, Other);
    }

    #[test]
    fn a_failure_reported_as_a_command_error_keeps_what_a_caller_branches_on() {
        use TakeErrorCode::*;
        assert_eq!(NoKey.api_code(), ErrorCode::KeyMissing);
        assert_eq!(KeychainLocked.api_code(), ErrorCode::KeychainLocked);
        assert_eq!(Moderation.api_code(), ErrorCode::Moderation);
        assert_eq!(Network.api_code(), ErrorCode::Network);
        assert_eq!(BadKey.api_code(), ErrorCode::ProviderRejected);
        assert_eq!(InvalidInput.api_code(), ErrorCode::Validation);
    }
}
