//! Checks on an encoded output before it replaces anything: duration within tolerance of the
//! timeline, a video and an audio stream, and the preset's dimensions. ffmpeg's outputs are
//! described by ffprobe; the box join's are read back with our own MP4 parsing
//! ([`validate_box_joined`]), which also checks their structure, and take the same checks.

use super::error::{MediaError, MediaResult};
use super::mp4::read_back;
use super::preset::ExportPreset;
use super::probe::MediaInfo;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How far the output's duration may drift from the timeline: a fixed allowance for audio
/// priming and container rounding, plus one frame per clip for frame-rate conversion.
pub fn duration_tolerance(clips: usize, fps: u32) -> Duration {
    Duration::from_millis(250) + Duration::from_secs_f64(clips as f64 / f64::from(fps.max(1)))
}

/// Why `info` is not an acceptable output for `preset` and a timeline of `expected`.
pub fn check_output(
    info: &MediaInfo,
    preset: ExportPreset,
    expected: Duration,
    clips: usize,
) -> Result<(), String> {
    let Some(video) = &info.video else {
        return Err("it has no video stream".to_owned());
    };
    if info.audio.is_none() {
        return Err("it has no audio stream".to_owned());
    }
    let (w, h) = preset.size();
    if (video.width, video.height) != (w, h) {
        return Err(format!(
            "it is {}×{}, the preset needs {w}×{h}",
            video.width, video.height
        ));
    }
    let tolerance = duration_tolerance(clips, preset.fps());
    let actual = info.duration;
    let drift = actual.abs_diff(expected);
    if drift > tolerance {
        return Err(format!(
            "it lasts {:.3} s, the timeline {:.3} s (tolerance {:.3} s)",
            actual.as_secs_f64(),
            expected.as_secs_f64(),
            tolerance.as_secs_f64()
        ));
    }
    Ok(())
}

/// Read the box join's output at `path` back from disk (no ffprobe) and check it as
/// [`check_output`] does; a structural fault (a truncated `mdat`, tables that disagree) or a
/// failed check is [`MediaError::OutputInvalid`] with the reason. Off the async runtime.
pub async fn validate_box_joined(
    path: &Path,
    preset: ExportPreset,
    expected: Duration,
    clips: usize,
) -> MediaResult<MediaInfo> {
    let path: PathBuf = path.to_owned();
    let info = tokio::task::spawn_blocking(move || read_back(&path))
        .await
        .map_err(|e| MediaError::ToolFailed {
            tool: "mp4 read-back",
            status: "worker panicked".to_owned(),
            stderr_tail: e.to_string(),
        })??;
    check_output(&info, preset, expected, clips).map_err(MediaError::OutputInvalid)?;
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::{AudioStream, Ratio, VideoStream};
    use std::path::PathBuf;

    fn info(w: u32, h: u32, secs: f64, audio: bool) -> MediaInfo {
        MediaInfo {
            path: PathBuf::from("/o.mp4"),
            duration: Duration::from_secs_f64(secs),
            size_bytes: 1,
            format_name: "mp4".into(),
            video: Some(VideoStream {
                codec: "h264".into(),
                profile: None,
                width: w,
                height: h,
                fps: Ratio { num: 30, den: 1 },
                pix_fmt: "yuv420p".into(),
                time_base: Ratio { num: 1, den: 15360 },
                sar: Ratio::ONE,
                duration: None,
            }),
            audio: audio.then(|| AudioStream {
                codec: "aac".into(),
                sample_rate: 48_000,
                channels: 2,
                channel_layout: Some("stereo".into()),
            }),
        }
    }

    #[test]
    fn checks_size_streams_and_duration() {
        let p = ExportPreset::DraftVertical720;
        let ten = Duration::from_secs(10);
        assert_eq!(
            check_output(&info(720, 1280, 10.1, true), p, ten, 3),
            Ok(())
        );
        let err = check_output(&info(720, 1280, 11.0, true), p, ten, 3).unwrap_err();
        assert!(err.contains("lasts 11.000 s"), "{err}");
        let err = check_output(&info(1080, 1920, 10.0, true), p, ten, 3).unwrap_err();
        assert!(err.contains("1080×1920"), "{err}");
        let err = check_output(&info(720, 1280, 10.0, false), p, ten, 3).unwrap_err();
        assert!(err.contains("no audio"), "{err}");
    }
}
