//! Joining MP4 files in-process, at the box level, for the stream-copy assembly: when the
//! takes already share their codec parameters, their `moov`s are merged into one (sample
//! tables appended, chunk offsets rebased, durations summed, edit lists kept per input) that
//! is written before one `mdat` (faststart), and each input's media payload is copied into it
//! without being parsed. No ffmpeg process is started, so the join costs about what copying
//! the bytes does.
//!
//! Anything this does not handle — different sample descriptions, fragmented files, several
//! `mdat`s, extra tracks, unknown sample-table boxes — is reported as [`Unsupported`] before
//! anything is written, and the caller falls back to ffmpeg's concat demuxer.
//!
//! - [`boxes`]: the box tree, readers and writers;
//! - [`tables`]: a track's sample tables; `merge`: one input's after another, when their
//!   sample descriptions match (`describe`);
//! - [`track`]: one output track (durations, edit list);
//! - [`concat`]: the files;
//! - [`inspect`]: a written file read back and checked (`entry`: its sample entries), to
//!   validate the join's output without ffprobe.

pub mod boxes;
pub mod concat;
mod describe;
mod entry;
pub mod inspect;
mod merge;
pub mod tables;
pub mod track;

pub use concat::concat_mp4;
pub use inspect::{ReadBackError, read_back};

use super::error::{MediaError, MediaResult};
use super::runner::{Progress, RunOptions};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the inputs cannot be joined at the box level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(String);

impl Unsupported {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        Self(reason.into())
    }
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Join `inputs` into `output` off the async runtime; `Ok(false)` when they need ffmpeg
/// (nothing is left at `output` then). Reports progress once, at `total`, when done.
pub(crate) async fn join_in_process(
    inputs: &[&Path],
    output: &Path,
    total: Duration,
    run: RunOptions,
) -> MediaResult<bool> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    let out = output.to_owned();
    let cancel = run.cancel.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        concat_mp4(&refs, &out, &cancel)
    })
    .await
    .map_err(|e| MediaError::ToolFailed {
        tool: "mp4 join",
        status: "worker panicked".to_owned(),
        stderr_tail: e.to_string(),
    })?;
    match joined {
        Ok(Ok(())) => {
            if let Some(mut report) = run.progress {
                report(Progress {
                    out_time: total,
                    total: Some(total),
                });
            }
            Ok(true)
        }
        Ok(Err(why)) => {
            tracing::debug!("joining with ffmpeg instead: {why}");
            Ok(false)
        }
        Err(err) => {
            let _ = std::fs::remove_file(output);
            Err(err)
        }
    }
}
