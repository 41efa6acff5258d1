//! [`MediaError`]: every way the media pipeline (ffmpeg, ffprobe, assembly) can fail, and its
//! mapping to the IPC [`ErrorCode`].

use reelforge_protocol::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};

/// What went wrong while probing, encoding or assembling media.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Neither the configured path, a bundled sidecar nor `PATH` has the tool.
    #[error(
        "{tool} was not found (looked at: {}); install ffmpeg so that it is on PATH (or beside the Reelforge executable)",
        display_paths(searched)
    )]
    ToolMissing {
        tool: &'static str,
        searched: Vec<PathBuf>,
    },
    /// The path configured for ffmpeg does not exist.
    #[error("the configured ffmpeg path {} does not exist", path.display())]
    ConfiguredToolMissing { path: PathBuf },
    /// An input file does not exist.
    #[error("{} does not exist", path.display())]
    InputMissing { path: PathBuf },
    /// An input file has no bytes.
    #[error("{} is empty (0 bytes)", path.display())]
    InputEmpty { path: PathBuf },
    /// ffprobe could not read an input, or it holds no usable video.
    #[error("{} is not a readable video: {reason}", path.display())]
    InputUnreadable { path: PathBuf, reason: String },
    /// ffprobe could not read a sound input (a music bed, a voice-over).
    #[error("{} is not a readable audio file: {reason}", path.display())]
    AudioUnreadable { path: PathBuf, reason: String },
    /// A failure tied to one clip of an assembly; `label` names it ("segment 3").
    #[error("{label}: {source}")]
    Clip {
        label: String,
        #[source]
        source: Box<MediaError>,
    },
    /// The request cannot be carried out as asked (no clips, output beside nothing…).
    #[error("{0}")]
    InvalidRequest(String),
    /// ffmpeg or ffprobe exited with an error.
    #[error("{tool} failed ({status}): {stderr_tail}")]
    ToolFailed {
        tool: &'static str,
        status: String,
        stderr_tail: String,
    },
    /// The run was cancelled; the child process was killed.
    #[error("the media operation was cancelled")]
    Cancelled,
    /// The encoded output does not pass its checks; nothing was left at the output path.
    #[error("the assembled video failed its check: {0}")]
    OutputInvalid(String),
    #[error("file system error at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Whether ffmpeg's error output says the disk is full: it prints the system's text for
/// ENOSPC ("No space left on device"; "There is not enough space on the disk" on Windows).
fn reports_disk_full(stderr: &str) -> bool {
    let lower = stderr.to_ascii_lowercase();
    [
        "no space left on device",
        "not enough space on the disk",
        "file too large",
        "disk quota exceeded",
    ]
    .iter()
    .any(|said| lower.contains(said))
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nowhere".to_owned();
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

impl MediaError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// Attach the clip's label ("segment 3") to an error about that clip.
    pub(crate) fn for_clip(self, label: &str) -> Self {
        Self::Clip {
            label: label.to_owned(),
            source: Box::new(self),
        }
    }

    /// The IPC error code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::ToolMissing { .. } | Self::ConfiguredToolMissing { .. } => {
                ErrorCode::FfmpegMissing
            }
            Self::InputMissing { .. } => ErrorCode::NotFound,
            Self::InputEmpty { .. }
            | Self::InputUnreadable { .. }
            | Self::AudioUnreadable { .. }
            | Self::InvalidRequest(_) => ErrorCode::Validation,
            Self::Clip { source, .. } => source.code(),
            Self::Cancelled => ErrorCode::Cancelled,
            Self::Io { source, .. } => crate::error::io_code(source),
            Self::ToolFailed { stderr_tail, .. } if reports_disk_full(stderr_tail) => {
                ErrorCode::DiskFull
            }
            Self::ToolFailed { .. } | Self::OutputInvalid(_) => ErrorCode::FfmpegFailed,
        }
    }
}

impl From<MediaError> for ApiError {
    fn from(err: MediaError) -> Self {
        ApiError::new(err.code(), err.to_string())
    }
}

/// Shorthand used across the media pipeline.
pub type MediaResult<T> = Result<T, MediaError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_errors_name_the_segment_and_keep_the_inner_code() {
        let err = MediaError::InputEmpty {
            path: PathBuf::from("/lib/take.mp4"),
        }
        .for_clip("segment 3");
        assert_eq!(
            err.to_string(),
            "segment 3: /lib/take.mp4 is empty (0 bytes)"
        );
        assert_eq!(err.code(), ErrorCode::Validation);
        let api: ApiError = MediaError::ToolMissing {
            tool: "ffprobe",
            searched: vec![PathBuf::from("/opt/ffprobe")],
        }
        .into();
        assert_eq!(api.code, ErrorCode::FfmpegMissing);
        assert!(api.message.contains("/opt/ffprobe"), "{}", api.message);
    }

    #[test]
    fn every_media_error_has_the_code_a_caller_branches_on() {
        let path = || PathBuf::from("/lib/x.mp4");
        let failed = |stderr: &str| MediaError::ToolFailed {
            tool: "ffmpeg",
            status: "exit status: 1".into(),
            stderr_tail: stderr.into(),
        };
        let io = |kind| MediaError::io(&path(), std::io::Error::from(kind));
        let cases = [
            (
                MediaError::ToolMissing {
                    tool: "ffmpeg",
                    searched: vec![],
                },
                ErrorCode::FfmpegMissing,
            ),
            (
                MediaError::ConfiguredToolMissing { path: path() },
                ErrorCode::FfmpegMissing,
            ),
            (
                MediaError::InputMissing { path: path() },
                ErrorCode::NotFound,
            ),
            (
                MediaError::InputEmpty { path: path() },
                ErrorCode::Validation,
            ),
            (
                MediaError::InputUnreadable {
                    path: path(),
                    reason: "no video stream".into(),
                },
                ErrorCode::Validation,
            ),
            (
                MediaError::InvalidRequest("no clips".into()),
                ErrorCode::Validation,
            ),
            (failed("Invalid data found"), ErrorCode::FfmpegFailed),
            (
                failed("av_interleaved_write_frame(): No space left on device"),
                ErrorCode::DiskFull,
            ),
            (MediaError::Cancelled, ErrorCode::Cancelled),
            (
                MediaError::OutputInvalid("no audio".into()),
                ErrorCode::FfmpegFailed,
            ),
            (io(std::io::ErrorKind::StorageFull), ErrorCode::DiskFull),
            (io(std::io::ErrorKind::PermissionDenied), ErrorCode::Storage),
            (
                failed("No space left on device").for_clip("segment 1"),
                ErrorCode::DiskFull,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code, "{err}");
        }
    }
}
