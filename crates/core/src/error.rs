//! [`CoreError`]: every failure the engine reports, and its mapping to the IPC [`ApiError`].

use reelforge_protocol::money::format_usd;
use reelforge_protocol::{ApiError, ErrorCode, LimitExceeded};

/// What went wrong inside the engine.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A value supplied by the person is not acceptable; `field` names it.
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    /// A value is over one of the limits of [`reelforge_protocol::limits`]; `what` names the
    /// value where the entry knows it ("template file tips.json", "pillar").
    #[error("{what}: {limit}")]
    Limit {
        what: String,
        #[source]
        limit: LimitExceeded,
    },
    /// The thing asked for does not exist.
    #[error("{entity} `{id}` was not found")]
    NotFound { entity: &'static str, id: String },
    /// The request clashes with what is stored (a duplicate name, a state that forbids it).
    #[error("{0}")]
    Conflict(String),
    /// A stored row could not be read back (a bug or a hand-edited database).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The database has a schema change this version does not know: a newer version wrote it.
    #[error(
        "the database at {path} was written by a newer version of Reelforge (schema change \
         {version} is unknown here): update Reelforge to open it"
    )]
    NewerDatabase { path: String, version: i64 },
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Launching (or retrying) would take the job over its budget cap.
    #[error(
        "this would cost about {} on top of {} already committed, above the job's budget cap \
         of {}: raise the cap or generate fewer or shorter segments",
        format_usd(*estimate_micros),
        format_usd(*committed_micros),
        format_usd(*cap_micros)
    )]
    BudgetExceeded {
        estimate_micros: i64,
        committed_micros: i64,
        cap_micros: i64,
    },
    /// A chained segment (continuity chaining) would go to a provider or model that takes no
    /// start frame: refused before launch. `segment` counts from 1.
    #[error("segment {segment} cannot be generated chained: {reason}")]
    ChainStartUnsupported {
        segment: u32,
        provider: String,
        reason: String,
    },
    /// The media pipeline (ffmpeg, ffprobe, assembly) failed; its code is the media error's.
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
    /// Another engine (the desktop app or a `reelforge generate --wait`) runs on this folder.
    #[error(
        "another Reelforge process (the desktop app or a `reelforge generate --wait`) is \
         already generating on {data_dir}; only one engine may run per data folder"
    )]
    EngineBusy { data_dir: String },
    /// Quick mode's script writer failed; its code is the script error's.
    #[error(transparent)]
    Script(#[from] crate::script::ScriptError),
    /// The OS keychain refused (missing, locked, did not keep the key): the message says
    /// what to do.
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    /// The voice could not speak a segment's narration; `segment` names it ("segment 2").
    #[error("{segment}: {source}")]
    Voice {
        segment: String,
        #[source]
        source: crate::voice::VoiceError,
    },
    /// A take of the segment (zero-based `index`) is being generated: its settings cannot
    /// change until it finishes or is cancelled.
    #[error(
        "segment {} has a take being generated: wait for it to finish or cancel it before \
         editing the segment",
        index + 1
    )]
    SegmentBusy { index: u32 },
    /// An imported clip, or the span asked of it, was refused; `name` is the file's name.
    #[error("{name}: {refusal}")]
    Clip {
        name: String,
        #[source]
        refusal: crate::media::clip_check::ClipRefusal,
    },
    /// A keyframe (storyboard image) could not be made: the provider's classified error.
    #[error("keyframe: {0}")]
    Keyframe(#[from] crate::providers::ProviderError),
    #[error("file system error at {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl CoreError {
    pub(crate) fn validation(field: &'static str, message: impl Into<String>) -> Self {
        Self::Validation {
            field,
            message: message.into(),
        }
    }

    pub(crate) fn limit(what: impl Into<String>, limit: LimitExceeded) -> Self {
        Self::Limit {
            what: what.into(),
            limit,
        }
    }

    pub(crate) fn not_found(entity: &'static str, id: impl Into<String>) -> Self {
        Self::NotFound {
            entity,
            id: id.into(),
        }
    }

    /// The IPC error code for this error: what a caller may branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Limit { .. } => ErrorCode::LimitExceeded,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::BudgetExceeded { .. } => ErrorCode::BudgetExceeded,
            Self::ChainStartUnsupported { .. } => ErrorCode::ChainStartUnsupported,
            Self::EngineBusy { .. } => ErrorCode::EngineBusy,
            Self::SegmentBusy { .. } => ErrorCode::SegmentBusy,
            Self::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Self::Database(err) => database_code(err),
            Self::Migration(sqlx::migrate::MigrateError::Execute(err)) => database_code(err),
            Self::Migration(_) => ErrorCode::Storage,
            Self::Io { source, .. } => io_code(source),
            Self::Corrupt(_) => ErrorCode::Internal,
            Self::Media(err) => err.code(),
            Self::Script(err) => err.code(),
            Self::Secret(err) => err.code(),
            Self::Voice { source, .. } => source.code(),
            Self::Keyframe(err) => err.api_code(),
            Self::Clip { refusal, .. } => {
                use crate::media::clip_check::ClipRefusal;
                match refusal {
                    ClipRefusal::Empty => ErrorCode::ClipEmpty,
                    ClipRefusal::Unreadable(_) => ErrorCode::ClipUnreadable,
                    ClipRefusal::Trim(_) => ErrorCode::ClipTrimInvalid,
                }
            }
        }
    }
}

/// SQLite's primary result code for a full disk (or a database at its size limit).
const SQLITE_FULL: i32 = 13;

/// Whether a database error is SQLite's "disk full" (its primary code is the low byte of the
/// extended code sqlx reports).
fn is_sqlite_full(db: &dyn sqlx::error::DatabaseError) -> bool {
    db.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == SQLITE_FULL)
}

/// The code of a database failure: a duplicate is a conflict, a full disk says so, the rest is
/// storage.
fn database_code(err: &sqlx::Error) -> ErrorCode {
    match err {
        sqlx::Error::Database(db) if db.is_unique_violation() => ErrorCode::Conflict,
        sqlx::Error::Database(db) if is_sqlite_full(db.as_ref()) => ErrorCode::DiskFull,
        sqlx::Error::Io(io) => io_code(io),
        _ => ErrorCode::Storage,
    }
}

/// The code of a file system failure: [`ErrorCode::DiskFull`] when no more can be written
/// (see [`is_disk_full`]), else [`ErrorCode::Storage`].
pub(crate) fn io_code(err: &std::io::Error) -> ErrorCode {
    if is_disk_full(err) {
        ErrorCode::DiskFull
    } else {
        ErrorCode::Storage
    }
}

/// Whether a write failed for want of room: the disk is full (ENOSPC and its Windows
/// equivalents), the person's quota is used up (EDQUOT), or the file may grow no larger
/// (EFBIG: the file system's or the process's limit on file size).
pub fn is_disk_full(err: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        err.kind(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
    )
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        match err {
            CoreError::Limit { limit, .. } => ApiError::limit_exceeded(limit, err.to_string()),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

/// Shorthand used across the engine.
pub type CoreResult<T> = Result<T, CoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_to_api_error_with_code_and_readable_message() {
        let api: ApiError = CoreError::validation("name", "must not be empty").into();
        assert_eq!(api.code, ErrorCode::Validation);
        assert_eq!(api.message, "name: must not be empty");

        let api: ApiError = CoreError::not_found("job", "abc").into();
        assert_eq!(api.code, ErrorCode::NotFound);
        assert_eq!(api.message, "job `abc` was not found");

        let media = crate::media::MediaError::InputEmpty {
            path: std::path::PathBuf::from("/lib/take.mp4"),
        }
        .for_clip("segment 2");
        let api: ApiError = CoreError::from(media).into();
        assert_eq!(api.code, ErrorCode::Validation);
        assert_eq!(api.message, "segment 2: /lib/take.mp4 is empty (0 bytes)");
    }

    #[test]
    fn every_variant_has_the_code_a_caller_branches_on() {
        use crate::media::MediaError;
        use crate::script::ScriptError;
        use crate::secrets::SecretError;
        let io = |kind| CoreError::Io {
            path: "/lib".into(),
            source: std::io::Error::from(kind),
        };
        let cases = [
            (
                CoreError::validation("name", "empty"),
                ErrorCode::Validation,
            ),
            (CoreError::not_found("job", "j"), ErrorCode::NotFound),
            (
                CoreError::limit(
                    "pillar",
                    reelforge_protocol::Limit::TemplatePillar
                        .check(61)
                        .unwrap_err(),
                ),
                ErrorCode::LimitExceeded,
            ),
            (
                CoreError::Conflict("wrong status".into()),
                ErrorCode::Conflict,
            ),
            (CoreError::Corrupt("bad json".into()), ErrorCode::Internal),
            (
                CoreError::Clip {
                    name: "a.mp4".into(),
                    refusal: crate::media::clip_check::ClipRefusal::Empty,
                },
                ErrorCode::ClipEmpty,
            ),
            (
                CoreError::Clip {
                    name: "a.mp4".into(),
                    refusal: crate::media::clip_check::ClipRefusal::Unreadable("x".into()),
                },
                ErrorCode::ClipUnreadable,
            ),
            (
                CoreError::Clip {
                    name: "a.mp4".into(),
                    refusal: crate::media::clip_check::ClipRefusal::Trim("x".into()),
                },
                ErrorCode::ClipTrimInvalid,
            ),
            (
                CoreError::Database(sqlx::Error::RowNotFound),
                ErrorCode::Storage,
            ),
            (
                CoreError::Database(sqlx::Error::Io(std::io::Error::from(
                    std::io::ErrorKind::StorageFull,
                ))),
                ErrorCode::DiskFull,
            ),
            (
                CoreError::NewerDatabase {
                    path: "/db".into(),
                    version: 99,
                },
                ErrorCode::NewerDatabase,
            ),
            (
                CoreError::Migration(sqlx::migrate::MigrateError::VersionMissing(3)),
                ErrorCode::Storage,
            ),
            (
                CoreError::BudgetExceeded {
                    estimate_micros: 2,
                    committed_micros: 1,
                    cap_micros: 2,
                },
                ErrorCode::BudgetExceeded,
            ),
            (
                CoreError::EngineBusy {
                    data_dir: "/data".into(),
                },
                ErrorCode::EngineBusy,
            ),
            (
                CoreError::Media(MediaError::ToolMissing {
                    tool: "ffmpeg",
                    searched: vec![],
                }),
                ErrorCode::FfmpegMissing,
            ),
            (
                CoreError::Script(ScriptError::Refused("no".into())),
                ErrorCode::Moderation,
            ),
            (
                CoreError::Secret(SecretError::Locked("dbus".into())),
                ErrorCode::KeychainLocked,
            ),
            (
                CoreError::Secret(SecretError::Unavailable("none".into())),
                ErrorCode::KeychainUnavailable,
            ),
            (CoreError::SegmentBusy { index: 1 }, ErrorCode::SegmentBusy),
            (io(std::io::ErrorKind::StorageFull), ErrorCode::DiskFull),
            (io(std::io::ErrorKind::FileTooLarge), ErrorCode::DiskFull),
            (io(std::io::ErrorKind::QuotaExceeded), ErrorCode::DiskFull),
            (io(std::io::ErrorKind::NotFound), ErrorCode::Storage),
        ];
        for (err, code) in cases {
            let message = err.to_string();
            let api = ApiError::from(err);
            assert_eq!(api.code, code, "{message}");
            assert_eq!(api.message, message);
        }
    }
}
