//! [`write_cover`]: a cover image for an exported video, one frame of it as a JPEG of the
//! video's own size, written under a temporary name and renamed when complete.

use super::args::FfmpegArgs;
use super::error::{MediaError, MediaResult};
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use std::path::Path;
use std::time::Duration;

/// The frame a cover shows: one second in, or the middle of a shorter video.
pub fn cover_time(total: Duration) -> Duration {
    Duration::from_secs(1).min(total / 2)
}

/// Writes the frame of `video` at `at` to `out` (a `.jpg`).
pub async fn write_cover(tools: &MediaTools, video: &Path, at: Duration, out: &Path) -> MediaResult<()> {
    let temp = crate::durable::temporary_path_for(out);
    let mut args = FfmpegArgs::new();
    args.args(["-ss", &format!("{:.3}", at.as_secs_f64())])
        .input(video)
        .args(["-frames:v", "1", "-q:v", "3", "-f", "image2"])
        .output(&temp);
    let result = run_ffmpeg(tools, args, RunOptions::default()).await;
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(error);
    }
    crate::durable::persist_file(&temp, out).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        MediaError::io(out, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_is_a_second_in_or_the_middle() {
        assert_eq!(cover_time(Duration::from_secs(30)), Duration::from_secs(1));
        assert_eq!(cover_time(Duration::from_millis(1200)), Duration::from_millis(600));
    }
}
