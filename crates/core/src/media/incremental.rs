//! Incremental re-assembly: each clip is normalised on its own into the [`SegmentCache`]
//! (reused when the same take, preset and framing were normalised before), and the segments
//! are joined by stream copy, with only the audio re-encoded when music, voice-over or
//! loudness normalisation is asked for. Also splits one caller's progress callback and
//! cancellation across the several ffmpeg runs this takes.

use super::args::FfmpegArgs;
use super::error::MediaResult;
use super::graph::{GraphClip, normalise_audio, normalise_video};
use super::runner::{Cancellation, Progress, ProgressFn, RunOptions, run_ffmpeg};
use super::segment_cache::{SegmentCache, SegmentFormat, segment_key, sha256_file};
use super::timeline::Transition;
use super::tools::MediaTools;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One caller's progress and cancellation shared by several ffmpeg runs: each run reports
/// its output time offset by the work done before it, against the total work.
pub(crate) struct ProgressSplitter {
    report: Option<Arc<Mutex<ProgressFn>>>,
    total_work: Duration,
    cancel: Cancellation,
}

impl ProgressSplitter {
    pub(crate) fn new(run: RunOptions, total_work: Duration) -> Self {
        Self {
            report: run.progress.map(|f| Arc::new(Mutex::new(f))),
            total_work,
            cancel: run.cancel,
        }
    }

    pub(crate) fn set_total_work(&mut self, total_work: Duration) {
        self.total_work = total_work;
    }

    /// Options for one run whose output time starts at `offset` of the total work.
    /// Options for a run that reports no progress (a short preparation) but can be cancelled.
    pub(crate) fn silent_run(&self) -> RunOptions {
        RunOptions {
            total: None,
            progress: None,
            cancel: self.cancel.clone(),
        }
    }

    pub(crate) fn run(&self, offset: Duration) -> RunOptions {
        let total = Some(self.total_work);
        let progress = self.report.clone().map(|shared| -> ProgressFn {
            Box::new(move |p: Progress| {
                if let Ok(mut report) = shared.lock() {
                    report(Progress {
                        out_time: offset + p.out_time,
                        total,
                    });
                }
            })
        });
        RunOptions {
            total,
            progress,
            cancel: self.cancel.clone(),
        }
    }
}

/// What normalising the clips into the cache did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segments {
    pub paths: Vec<PathBuf>,
    pub reused: usize,
    pub encoded: usize,
    /// Clip time encoded (the progress offset of the joining run).
    pub encoded_duration: Duration,
}

/// The ffmpeg arguments normalising one clip into a segment of `format`.
pub fn segment_args(
    input: &Path,
    clip: GraphClip,
    format: SegmentFormat,
    output: &Path,
) -> FfmpegArgs {
    let SegmentFormat {
        preset,
        fit,
        encoder,
    } = format;
    let upload = encoder
        .upload_filter()
        .map(|f| format!(",{f}"))
        .unwrap_or_default();
    let graph = format!(
        "[0:v]{}{upload}[v];{}[a]",
        normalise_video(preset, fit, clip),
        normalise_audio(0, clip)
    );
    let mut args = FfmpegArgs::new();
    args.args(encoder.device_args())
        .input(input)
        .arg("-filter_complex")
        .arg(graph)
        .args(["-map", "[v]", "-map", "[a]"])
        .args(preset.encoder_args(encoder))
        .output(output);
    args
}

/// Normalise every clip into `cache`, reusing segments already there.
pub(crate) async fn normalised_segments(
    tools: &MediaTools,
    cache: &SegmentCache,
    clips: &[(&Path, GraphClip, &str)],
    format: SegmentFormat,
    progress: &mut ProgressSplitter,
    final_pass: Duration,
) -> MediaResult<Segments> {
    let mut keyed = Vec::with_capacity(clips.len());
    for (path, clip, label) in clips {
        let sha = sha256_file(path).map_err(|e| e.for_clip(label))?;
        let key = segment_key(&sha, format, Transition::Cut, clip.held);
        keyed.push((key, *path, *clip, *label));
    }
    let to_encode: Duration = keyed
        .iter()
        .filter(|(key, ..)| cache.get(key).is_none())
        .map(|(_, _, clip, _)| clip.duration)
        .sum();
    progress.set_total_work(to_encode + final_pass);

    let mut done = Duration::ZERO;
    let mut segments = Segments {
        paths: Vec::with_capacity(clips.len()),
        reused: 0,
        encoded: 0,
        encoded_duration: Duration::ZERO,
    };
    for (key, path, clip, label) in keyed {
        if let Some(hit) = cache.get(&key) {
            segments.paths.push(hit);
            segments.reused += 1;
            continue;
        }
        let temp = cache.temp_path();
        let args = segment_args(path, clip, format, &temp);
        let ran = run_ffmpeg(tools, args, progress.run(done)).await;
        if let Err(err) = ran {
            let _ = std::fs::remove_file(&temp);
            return Err(err.for_clip(label));
        }
        segments.paths.push(cache.insert(&key, &temp)?);
        segments.encoded += 1;
        done += clip.duration;
    }
    segments.encoded_duration = done;
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::encoder::VideoEncoder;
    use crate::media::preset::{ExportPreset, FrameFit};

    #[test]
    fn segment_args_normalise_one_clip_to_the_preset() {
        let clip = GraphClip {
            duration: Duration::from_secs(2),
            has_audio: false,
            held: Duration::ZERO,
        };
        let args = segment_args(
            Path::new("/lib/t.mp4"),
            clip,
            SegmentFormat {
                preset: ExportPreset::Vertical1080,
                fit: FrameFit::Fill,
                encoder: VideoEncoder::Libx264,
            },
            Path::new("/cache/x.mp4"),
        );
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            line.contains(
                "[0:v]scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920"
            ),
            "{line}"
        );
        assert!(
            line.contains("anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=2.000"),
            "{line}"
        );
        assert!(
            line.ends_with("-movflags +faststart file:/cache/x.mp4"),
            "{line}"
        );
    }

    #[test]
    fn vaapi_segments_upload_their_frames_and_open_the_device_first() {
        let clip = GraphClip {
            duration: Duration::from_secs(2),
            has_audio: true,
            held: Duration::ZERO,
        };
        let format = SegmentFormat {
            preset: ExportPreset::DraftVertical720,
            fit: FrameFit::Fit,
            encoder: VideoEncoder::Vaapi,
        };
        let args = segment_args(Path::new("/l/t.mp4"), clip, format, Path::new("/c/x.mp4"));
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            line.contains("-vaapi_device /dev/dri/renderD128 -protocol_whitelist file -i"),
            "{line}"
        );
        assert!(line.contains(",format=nv12,hwupload[v];"), "{line}");
        assert!(
            line.contains("-c:v h264_vaapi") && !line.contains("-pix_fmt"),
            "{line}"
        );
    }

    #[test]
    fn splitter_offsets_progress_against_total_work() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let run = RunOptions {
            progress: Some(Box::new(move |p| sink.lock().unwrap().push(p))),
            ..RunOptions::default()
        };
        let splitter = ProgressSplitter::new(run, Duration::from_secs(10));
        let mut second = splitter.run(Duration::from_secs(4));
        (second.progress.as_mut().unwrap())(Progress {
            out_time: Duration::from_secs(1),
            total: None,
        });
        let got = seen.lock().unwrap()[0];
        assert_eq!(got.out_time, Duration::from_secs(5));
        assert_eq!(got.fraction(), Some(0.5));
    }
}
