//! [`ApiError`]: the one error shape that crosses the IPC boundary, `{code, message}`.
//!
//! The rule: the UI branches on [`ErrorCode`] only and words the error itself in its language;
//! `message` is English for logs, the CLI and as secondary detail. A case a caller must treat
//! differently gets its own code here.

use crate::limits::LimitExceeded;
use serde::{Deserialize, Serialize};

/// Machine-readable error category. The UI branches on it; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was understood but a value is not acceptable (invalid input).
    Validation,
    /// The thing asked for does not exist.
    NotFound,
    /// The request clashes with the current state (duplicate name, wrong status).
    Conflict,
    /// The database or the file system failed.
    Storage,
    /// Anything else; a bug on our side.
    Internal,
    /// No OS keychain is usable (none runs, or it did not keep the key): the key can be kept
    /// for this session only.
    KeychainUnavailable,
    /// The OS keychain is locked or refused access.
    KeychainLocked,
    /// The service needs an API key and none is set.
    KeyMissing,
    /// A service could not be reached.
    Network,
    /// A service answered with an error (bad key, unknown model, rate limit, server error).
    ProviderRejected,
    /// A content filter refused the request.
    Moderation,
    /// Going on would take the job over its budget cap.
    BudgetExceeded,
    /// Another engine already runs on this data folder.
    EngineBusy,
    /// ffmpeg (or ffprobe) was not found.
    FfmpegMissing,
    /// ffmpeg (or ffprobe) failed, or what it made does not pass its checks.
    FfmpegFailed,
    /// The disk is full.
    DiskFull,
    /// The database was written by a newer version of Reelforge.
    NewerDatabase,
    /// The operation was cancelled.
    Cancelled,
    /// The voice program (the offline voice: espeak-ng) was not found; the message names the
    /// package to install.
    VoiceMissing,
    /// The voice provider could not speak the narration (a voice it lacks, a failed
    /// synthesis).
    VoiceFailed,
    /// The chosen voice does not speak the job's narration language (refused before launch
    /// or assembly): choose another voice or provider.
    VoiceLanguageUnsupported,
    /// A value is over one of the limits of [`crate::limits`]; [`ApiError::limit`] says
    /// which, the value and the maximum.
    LimitExceeded,
    /// The command works only in the app's window (an OS dialog, the file manager, a path
    /// the OS offered); the HTTP API answers it with this.
    WindowOnly,
    /// The HTTP API refused the caller: no token, a wrong one, or a foreign `Host`/`Origin`.
    Unauthorized,
    // Continuity chaining
    /// A chained segment's provider or model takes no start frame (refused before launch);
    /// the message names the segment.
    ChainStartUnsupported,
    // Issue 17, segment editing:
    /// A take of the segment is being generated (queued, under way or waiting for a
    /// decision): its settings cannot change until it finishes or is cancelled.
    SegmentBusy,
    // Own clips (issue 17)
    /// An imported clip's file is empty (0 bytes).
    ClipEmpty,
    /// An imported clip is not a video Reelforge can decode (corrupt, no video stream, a
    /// codec ffmpeg cannot read).
    ClipUnreadable,
    /// A clip's in/out points do not make a span inside the clip.
    ClipTrimInvalid,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 29] = [
        Self::Validation,
        Self::NotFound,
        Self::Conflict,
        Self::Storage,
        Self::Internal,
        Self::KeychainUnavailable,
        Self::KeychainLocked,
        Self::KeyMissing,
        Self::Network,
        Self::ProviderRejected,
        Self::Moderation,
        Self::BudgetExceeded,
        Self::EngineBusy,
        Self::FfmpegMissing,
        Self::FfmpegFailed,
        Self::DiskFull,
        Self::NewerDatabase,
        Self::Cancelled,
        Self::VoiceMissing,
        Self::VoiceFailed,
        Self::LimitExceeded,
        Self::WindowOnly,
        Self::Unauthorized,
        Self::VoiceLanguageUnsupported,
        Self::ChainStartUnsupported,
        Self::SegmentBusy,
        Self::ClipEmpty,
        Self::ClipUnreadable,
        Self::ClipTrimInvalid,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Storage => "storage",
            Self::Internal => "internal",
            Self::KeychainUnavailable => "keychain_unavailable",
            Self::KeychainLocked => "keychain_locked",
            Self::KeyMissing => "key_missing",
            Self::Network => "network",
            Self::ProviderRejected => "provider_rejected",
            Self::Moderation => "moderation",
            Self::BudgetExceeded => "budget_exceeded",
            Self::EngineBusy => "engine_busy",
            Self::FfmpegMissing => "ffmpeg_missing",
            Self::FfmpegFailed => "ffmpeg_failed",
            Self::DiskFull => "disk_full",
            Self::NewerDatabase => "newer_database",
            Self::Cancelled => "cancelled",
            Self::VoiceMissing => "voice_missing",
            Self::VoiceFailed => "voice_failed",
            Self::VoiceLanguageUnsupported => "voice_language_unsupported",
            Self::LimitExceeded => "limit_exceeded",
            Self::WindowOnly => "window_only",
            Self::Unauthorized => "unauthorized",
            Self::ChainStartUnsupported => "chain_start_unsupported",
            Self::SegmentBusy => "segment_busy",
            Self::ClipEmpty => "clip_empty",
            Self::ClipUnreadable => "clip_unreadable",
            Self::ClipTrimInvalid => "clip_trim_invalid",
        }
    }

    /// Whether the OS keychain cannot be used (missing or locked): the person may keep the
    /// key for this session only.
    pub fn is_keychain(self) -> bool {
        matches!(self, Self::KeychainUnavailable | Self::KeychainLocked)
    }
}

/// The error every command returns: serialised as `{"code": "...", "message": "..."}`, plus
/// `"limit": {limit, value, maximum}` for [`ErrorCode::LimitExceeded`] (absent otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The limit a value is over, for [`ErrorCode::LimitExceeded`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<LimitExceeded>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            limit: None,
        }
    }

    /// A [`ErrorCode::LimitExceeded`] error carrying its structure; `message` is the
    /// English text (what was over the limit, with the context the caller knows).
    pub fn limit_exceeded(limit: LimitExceeded, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::LimitExceeded,
            message: message.into(),
            limit: Some(limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let err = ApiError::new(ErrorCode::NotFound, "job 42 does not exist");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "job 42 does not exist"})
        );
        assert_eq!(json["code"], ErrorCode::NotFound.as_str());
    }

    #[test]
    fn every_code_is_spelt_the_same_by_serde_and_as_str() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str(), "{code:?}");
            let back: ErrorCode = serde_json::from_value(json).unwrap();
            assert_eq!(back, code);
        }
        // The five first spellings are a contract with older UIs and scripts.
        let old: Vec<&str> = ErrorCode::ALL[..5].iter().map(|c| c.as_str()).collect();
        assert_eq!(
            old,
            ["validation", "not_found", "conflict", "storage", "internal"]
        );
        assert_eq!(ErrorCode::DiskFull.as_str(), "disk_full");
    }

    #[test]
    fn a_limit_error_carries_which_limit_its_value_and_the_maximum() {
        use crate::limits::Limit;
        let over = Limit::TemplatePillar.check(52_428_800).unwrap_err();
        let err = ApiError::limit_exceeded(over, over.to_string());
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "limit_exceeded");
        assert_eq!(
            json["limit"],
            serde_json::json!({"limit": "template_pillar", "value": 52_428_800u64, "maximum": 60})
        );
        let back: ApiError = serde_json::from_value(json).unwrap();
        assert_eq!(back, err);
        let plain: ApiError =
            serde_json::from_str(r#"{"code": "internal", "message": "x"}"#).unwrap();
        assert_eq!(plain.limit, None);
    }

    #[test]
    fn only_the_keychain_codes_offer_the_session_only_choice() {
        let keychain: Vec<ErrorCode> = ErrorCode::ALL
            .into_iter()
            .filter(|c| c.is_keychain())
            .collect();
        assert_eq!(
            keychain,
            [ErrorCode::KeychainUnavailable, ErrorCode::KeychainLocked]
        );
    }
}
