//! A person's own video as a segment's take: the checks an imported clip passes before it
//! enters the library ([`check_limits`] on its ffprobe summary, [`check_decodes`] on its first
//! frame), the span its in/out points make ([`trim_span`]) and the ffmpeg line cutting that
//! span into a take file ([`trim_args`]). Assembly then normalises the take like a generated
//! one (size, frame rate, sound).

use super::args::FfmpegArgs;
use super::probe::MediaInfo;
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use reelforge_protocol::LimitExceeded;
use reelforge_protocol::limits::Limit;
use std::path::Path;
use std::time::Duration;

/// Why an imported clip, or the span asked of it, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipRefusal {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("it is not a video Reelforge can read ({0})")]
    Unreadable(String),
    #[error("{0}")]
    Trim(String),
}

/// Shortest span a clip's in/out points may make: a few frames.
pub const MIN_SPAN: Duration = Duration::from_millis(200);

/// The frame size and length of `info` checked against the clip limits
/// ([`Limit::ClipPixels`], [`Limit::ClipDuration`]); the file's size is checked before it
/// is read.
pub fn check_limits(info: &MediaInfo) -> Result<(), LimitExceeded> {
    if let Some(video) = &info.video {
        Limit::ClipPixels.check(u64::from(video.width) * u64::from(video.height))?;
    }
    let millis = u64::try_from(info.clip_duration().as_millis()).unwrap_or(u64::MAX);
    Limit::ClipDuration.check(millis.div_ceil(1000))
}

/// Whether ffmpeg decodes the first frame of `path`'s video stream: a file whose header
/// reads but whose codec or data does not is refused here, not at assembly.
pub async fn check_decodes(tools: &MediaTools, path: &Path) -> Result<(), String> {
    let mut args = FfmpegArgs::new();
    args.args(["-xerror"])
        .input(path)
        .args(["-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"]);
    run_ffmpeg(tools, args, RunOptions::default())
        .await
        .map_err(|e| e.to_string())
}

/// The span `[in, out)` in milliseconds of a clip lasting `clip_ms` that a segment of
/// `segment_ms` uses: without `out`, the segment's length from `in` (or up to the clip's
/// end). An `out` a little past the end (rounding) is the end.
pub fn trim_span(
    clip_ms: u64,
    in_ms: u64,
    out_ms: Option<u64>,
    segment_ms: u64,
) -> Result<(u64, u64), ClipRefusal> {
    let secs = |ms: u64| format!("{:.2} s", ms as f64 / 1000.0);
    if in_ms >= clip_ms {
        return Err(ClipRefusal::Trim(format!(
            "the in point {} is not before the clip's end ({})",
            secs(in_ms),
            secs(clip_ms)
        )));
    }
    let out = out_ms.unwrap_or(in_ms.saturating_add(segment_ms));
    let out = if out_ms.is_none() || out <= clip_ms + 50 {
        out.min(clip_ms)
    } else {
        return Err(ClipRefusal::Trim(format!(
            "the out point {} is after the clip's end ({})",
            secs(out),
            secs(clip_ms)
        )));
    };
    let min = u64::try_from(MIN_SPAN.as_millis()).unwrap_or(200);
    if out < in_ms + min {
        return Err(ClipRefusal::Trim(format!(
            "the out point {} must come at least {} after the in point {}",
            secs(out),
            secs(min),
            secs(in_ms)
        )));
    }
    Ok((in_ms, out))
}

/// The ffmpeg line cutting `[in, out)` of `source` into an MP4 at `output` (H.264 and AAC,
/// the clip's own size and rate): re-encoded, so the cut falls on the exact frame.
pub fn trim_args(source: &Path, in_ms: u64, out_ms: u64, output: &Path) -> FfmpegArgs {
    let seconds = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
    let mut args = FfmpegArgs::new();
    args.input_with(&["-ss", &seconds(in_ms)], source)
        .args(["-t", &seconds(out_ms.saturating_sub(in_ms))])
        .args(["-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn"])
        .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "18"])
        .args(["-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k"])
        .args(["-movflags", "+faststart", "-f", "mp4"])
        .output(output);
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::{Ratio, VideoStream};
    use std::path::PathBuf;

    fn info(width: u32, height: u32, secs: f64) -> MediaInfo {
        MediaInfo {
            path: PathBuf::from("/c.mp4"),
            duration: Duration::from_secs_f64(secs),
            size_bytes: 1,
            format_name: "mp4".into(),
            video: Some(VideoStream {
                codec: "h264".into(),
                profile: None,
                width,
                height,
                fps: Ratio { num: 30, den: 1 },
                pix_fmt: "yuv420p".into(),
                time_base: Ratio { num: 1, den: 15360 },
                sar: Ratio::ONE,
                duration: None,
            }),
            audio: None,
        }
    }

    #[test]
    fn four_k_and_ten_minutes_pass_eight_k_and_longer_do_not() {
        assert_eq!(check_limits(&info(3840, 2160, 600.0)), Ok(()));
        assert_eq!(check_limits(&info(2160, 4096, 1.0)), Ok(()));
        let big = check_limits(&info(7680, 4320, 5.0)).unwrap_err();
        assert_eq!((big.limit, big.value), (Limit::ClipPixels, 7680 * 4320));
        let long = check_limits(&info(1280, 720, 600.4)).unwrap_err();
        assert_eq!((long.limit, long.value), (Limit::ClipDuration, 601));
        let hours = check_limits(&info(1280, 720, 4.0 * 3600.0)).unwrap_err();
        assert_eq!(hours.value, 14_400);
    }

    #[test]
    fn a_span_defaults_to_the_segment_and_stays_inside_the_clip() {
        assert_eq!(trim_span(10_000, 1_000, None, 4_000), Ok((1_000, 5_000)));
        assert_eq!(trim_span(3_000, 1_000, None, 4_000), Ok((1_000, 3_000)));
        assert_eq!(trim_span(3_000, 0, Some(3_040), 4_000), Ok((0, 3_000)));
        for (in_ms, out) in [(3_000, None), (0, Some(4_000)), (1_000, Some(1_100))] {
            let refused = trim_span(3_000, in_ms, out, 4_000).unwrap_err();
            assert!(matches!(refused, ClipRefusal::Trim(_)), "{refused:?}");
        }
    }

    #[test]
    fn the_trim_seeks_before_its_whitelisted_input_and_keeps_optional_sound() {
        let args = trim_args(Path::new("/in.mov"), 1_500, 3_500, Path::new("/t.mp4"));
        assert!(args.inputs_are_whitelisted());
        let line = args.to_command_line();
        assert!(line.contains("-ss 1.500"), "{line}");
        assert!(line.contains("-t 2.000"), "{line}");
        assert!(line.contains("0:a:0?"), "{line}");
    }
}
