//! Incremental re-assembly: each clip is normalised on its own into the [`SegmentCache`]
//! (reused when the same take, preset, framing and burned captions were normalised before,
//! each segment's captions drawn in with it), and the segments
//! are joined by stream copy, with only the audio re-encoded when music, voice-over or
//! loudness normalisation is asked for. Also splits one caller's progress callback and
//! cancellation across the several ffmpeg runs this takes.

use super::args::FfmpegArgs;
use super::caption_images::{CaptionImage, render_cue_images};
use super::caption_look::CaptionLook;
use super::captions::CaptionCue;
use super::error::MediaResult;
use super::loudness_memory::segment_audio_key;
use super::graph::{CaptionOverlay, GraphClip, normalise_audio, normalise_video, overlay_captions};
use super::segment_captions::cues_fingerprint;
use super::runner::{Cancellation, Progress, ProgressFn, RunOptions, run_ffmpeg};
use super::segment_cache::{SegmentCache, SegmentFormat, segment_key, sha256_file};
use super::timeline::Transition;
use super::tools::MediaTools;
use std::fmt::Write as _;
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
    /// What each segment's audio is made of ([`segment_audio_key`]), in order.
    pub audio_keys: Vec<String>,
}

/// The ffmpeg arguments normalising one clip into a segment of `format`, with `captions`
/// (pre-drawn, times on the clip's own clock) burned in.
pub fn segment_args(
    input: &Path,
    clip: GraphClip,
    format: SegmentFormat,
    captions: &[CaptionImage],
    output: &Path,
) -> FfmpegArgs {
    let SegmentFormat {
        preset,
        fit,
        encoder,
    } = format;
    let mut args = FfmpegArgs::new();
    args.args(encoder.device_args()).input(input);
    let overlays: Vec<CaptionOverlay> = captions
        .iter()
        .enumerate()
        .map(|(k, image)| {
            let options = image.input_options();
            let options: Vec<&str> = options.iter().map(String::as_str).collect();
            args.input_with(&options, &image.path);
            CaptionOverlay {
                input: 1 + k,
                x: image.x,
                y: image.y,
                start: image.start,
                end: image.end,
            }
        })
        .collect();
    let mut graph = format!("[0:v]{}[base];", normalise_video(preset, fit, clip));
    let video = overlay_captions(&mut graph, "base", &overlays);
    let upload = encoder
        .upload_filter()
        .map(|f| format!(",{f}"))
        .unwrap_or_default();
    let _ = write!(
        graph,
        "[{video}]null{upload}[v];{}[a]",
        normalise_audio(0, clip)
    );
    args.arg("-filter_complex")
        .arg(graph)
        .args(["-map", "[v]", "-map", "[a]"])
        .args(preset.encoder_args(encoder))
        .output(output);
    args
}

/// One clip to normalise into a segment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SegmentInput<'a> {
    pub path: &'a Path,
    pub clip: GraphClip,
    pub label: &'a str,
    /// Captions to burn in, on the clip's own clock (see
    /// [`cues_per_clip`](super::segment_captions::cues_per_clip)).
    pub cues: &'a [CaptionCue],
}

/// Normalise every clip into `cache`, reusing segments already there; `look` is how burned
/// captions are drawn (its key joins the key of every segment with captions). The captions
/// of all the segments to encode are drawn in one run first.
pub(crate) async fn normalised_segments(
    tools: &MediaTools,
    cache: &SegmentCache,
    clips: &[SegmentInput<'_>],
    format: SegmentFormat,
    look: &CaptionLook,
    progress: &mut ProgressSplitter,
    final_pass: Duration,
) -> MediaResult<Segments> {
    let look_key = look.key();
    let mut keyed = Vec::with_capacity(clips.len());
    let mut audio_keys = Vec::with_capacity(clips.len());
    for input in clips {
        let sha = sha256_file(input.path).map_err(|e| e.for_clip(input.label))?;
        let captions = cues_fingerprint(input.cues, &look_key);
        let key = segment_key(&sha, format, Transition::Cut, input.clip.held, &captions);
        let hit = cache.get(&key);
        audio_keys.push(segment_audio_key(&sha, input.clip));
        keyed.push((key, hit, *input));
    }
    let to_encode: Duration = keyed
        .iter()
        .filter(|(_, hit, _)| hit.is_none())
        .map(|(_, _, input)| input.clip.duration)
        .sum();
    progress.set_total_work(to_encode + final_pass);

    // One libass run draws the cues of every segment about to be encoded.
    let missing_cues: Vec<CaptionCue> = keyed
        .iter()
        .filter(|(_, hit, _)| hit.is_none())
        .flat_map(|(_, _, input)| input.cues.iter().cloned())
        .collect();
    let prefix = cache.temp_path().with_extension("");
    let _images = CaptionFiles(prefix.clone());
    let mut drawn = render_cue_images(
        tools,
        &missing_cues,
        look,
        &prefix,
        progress.silent_run(),
    )
    .await?
    .into_iter();

    let mut done = Duration::ZERO;
    let mut segments = Segments {
        paths: Vec::with_capacity(clips.len()),
        reused: 0,
        encoded: 0,
        encoded_duration: Duration::ZERO,
        audio_keys,
    };
    for (key, hit, input) in keyed {
        if let Some(hit) = hit {
            segments.paths.push(hit);
            segments.reused += 1;
            continue;
        }
        let captions: Vec<CaptionImage> = drawn.by_ref().take(input.cues.len()).flatten().collect();
        let temp = cache.temp_path();
        let args = segment_args(input.path, input.clip, format, &captions, &temp);
        let ran = run_ffmpeg(tools, args, progress.run(done)).await;
        if let Err(err) = ran {
            let _ = std::fs::remove_file(&temp);
            return Err(err.for_clip(input.label));
        }
        segments.paths.push(cache.insert(&key, &temp)?);
        segments.encoded += 1;
        done += input.clip.duration;
    }
    segments.encoded_duration = done;
    Ok(segments)
}

/// The caption images drawn beside a prefix in the cache folder, removed when done.
struct CaptionFiles(PathBuf);

impl Drop for CaptionFiles {
    fn drop(&mut self) {
        let (Some(dir), Some(stem)) = (self.0.parent(), self.0.file_name()) else {
            return;
        };
        let stem = stem.to_string_lossy().into_owned();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&stem) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
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
            &[],
            Path::new("/cache/x.mp4"),
        );
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            line.contains(
                "[0:v]crop='trunc(min(iw,ih*1080/1920)/2)*2':'trunc(min(ih,iw*1920/1080)/2)*2',scale=1080:1920,"
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
        let args = segment_args(Path::new("/l/t.mp4"), clip, format, &[], Path::new("/c/x.mp4"));
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
