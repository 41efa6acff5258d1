//! The last frame of a clip as a full-resolution PNG: the start frame of a chained segment
//! (continuity chaining). ffmpeg decodes the clip's final seconds and keeps overwriting one
//! image (`-update 1`), so the file left is exactly the last decoded frame, at the clip's
//! own size, losslessly.

use super::args::FfmpegArgs;
use super::error::{MediaError, MediaResult};
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use crate::durable::PendingFile;
use std::path::Path;

/// How far before the end decoding starts: past the last keyframe of any usual clip, so
/// little is decoded yet the last frame is always reached.
const TAIL: &str = "-3";

/// The ffmpeg command line writing the last frame of `clip` to `png`.
pub fn last_frame_args(clip: &Path, png: &Path) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.input_with(&["-sseof", TAIL], clip)
        .args(["-map", "0:v:0", "-an", "-fps_mode", "passthrough"])
        .args(["-c:v", "png", "-f", "image2", "-update", "1"])
        .output(png);
    args
}

/// Writes the last frame of `clip` to `png` durably (a temporary name, then renamed).
pub async fn extract_last_frame(tools: &MediaTools, clip: &Path, png: &Path) -> MediaResult<()> {
    if !clip.is_file() {
        return Err(MediaError::InputMissing {
            path: clip.to_owned(),
        });
    }
    let io = |source: std::io::Error| MediaError::Io {
        path: png.to_owned(),
        source,
    };
    let pending = PendingFile::new(png).map_err(io)?;
    let args = last_frame_args(clip, pending.path());
    run_ffmpeg(tools, args, RunOptions::default()).await?;
    if !pending.path().is_file() {
        return Err(MediaError::InputUnreadable {
            path: clip.to_owned(),
            reason: "ffmpeg found no frame to keep".to_owned(),
        });
    }
    pending.commit().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_only_the_tail_and_keeps_one_overwritten_png() {
        let line = last_frame_args(Path::new("/c/a.mp4"), Path::new("/c/a.png"));
        let text: Vec<String> = line
            .as_slice()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let text = text.join(" ");
        assert!(text.contains("-sseof -3 -protocol_whitelist file -i"), "{text}");
        assert!(text.contains("-c:v png -f image2 -update 1"), "{text}");
        assert!(line.inputs_are_whitelisted());
    }
}
