//! [`VoiceError`]: why a voice could not speak, each case mapped to one [`ErrorCode`].

use reelforge_protocol::ErrorCode;
use std::path::PathBuf;

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
    #[error("{program} failed ({status}): {stderr}")]
    Failed {
        program: String,
        status: String,
        stderr: String,
    },
    /// The produced audio is not a WAV Reelforge can read.
    #[error("the voice audio {path} is unreadable: {reason}")]
    BadAudio { path: PathBuf, reason: String },
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
            Self::UnknownVoice { .. }
            | Self::LanguageUnsupported { .. }
            | Self::EmptyText
            | Self::Failed { .. }
            | Self::BadAudio { .. } => ErrorCode::VoiceFailed,
            Self::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                ErrorCode::DiskFull
            }
            Self::Io { .. } => ErrorCode::Storage,
        }
    }
}
