//! [`export_formats`]: the selected takes → one video per platform format in a single ffmpeg
//! run. The timeline is prepared once (clips probed, narration track laid, captions timed,
//! loudness measured), every clip decoded once and split into one branch per format
//! ([`formats_graph`]), each branch reframed (crop around the clip's focus, or fit over a
//! blurred fill), captioned in its own safe zone, normalised to its own loudness target and
//! encoded under its bitrate ceiling. Every output is written under a temporary name and
//! renamed only when all of them passed their checks, so a failure (a full disk) leaves no
//! partial file; an existing file is replaced only when the request says so.

use super::assembly::AssemblyRequest;
use super::caption_files::{phrase_cues, to_ass};
use super::caption_images::render_caption_images;
use super::caption_look::CaptionLook;
use super::captions::{CaptionCue, to_srt};
use super::error::{MediaError, MediaResult};
use super::graph::formats::{FormatBranch, formats_graph};
use super::graph::{CaptionOverlay, Focus, GraphAudio, GraphClip};
use super::join_args::{ExtraAudio, GraphJob, graph_measure_args};
use super::known_probe::{KnownProbe, probe_clips, probe_labelled};
use super::library_path::ensure_in_library;
use super::loudness::{LoudnessPass, second_pass};
use super::narration_track::{ClipVoice, held_for_voice, narrated_cues, write_narration_track};
use super::args::FfmpegArgs;
use super::preset::{ExportPreset, FrameFit};
use super::probe::{MediaInfo, probe};
use super::runner::{RunOptions, run_ffmpeg};
use super::timeline::Timeline;
use super::tools::MediaTools;
use super::validation::check_output;
use reelforge_protocol::CaptionPlatform;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One output of a multi-format export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatTarget {
    pub preset: ExportPreset,
    /// Whose caption safe zone the captions keep to.
    pub safe_zone: CaptionPlatform,
    /// The loudness target (see [`loudness::target`](super::loudness::target)).
    pub loudness: super::loudness::LoudnessTarget,
    pub max_video_kbps: u32,
    pub output: PathBuf,
}

/// What [`export_formats`] is asked: the clips, captions and audio of `base` (its `output`,
/// `preset` and `cache` are not used), each clip's crop focus, the outputs.
#[derive(Debug, Clone)]
pub struct FormatsRequest {
    pub base: AssemblyRequest,
    /// Each clip's crop centre (missing: the centre).
    pub focus: Vec<Focus>,
    /// Crop to cover ([`FrameFit::Fill`]) or fit over a blurred fill ([`FrameFit::Blur`]).
    pub fit: FrameFit,
    pub targets: Vec<FormatTarget>,
    /// Replace an existing file at an output path (otherwise refused before any work).
    pub overwrite: bool,
    /// Where to keep the narration track laid for the export (for an editor's timeline).
    pub keep_voice: Option<PathBuf>,
}

/// One finished output.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatFile {
    pub output: PathBuf,
    pub info: MediaInfo,
    pub bytes: u64,
}

/// A finished multi-format export.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatsExport {
    pub files: Vec<FormatFile>,
    pub timeline: Timeline,
    pub reprobed: Vec<KnownProbe>,
    /// Each clip's own length and how long its last frame is held after it.
    pub clip_lengths: Vec<(Duration, Duration)>,
    /// The captions, a cue per phrase.
    pub captions: Vec<CaptionCue>,
    /// The narration track kept at [`FormatsRequest::keep_voice`], when there was one.
    pub voice: Option<PathBuf>,
}

/// Files removed unless the export succeeds.
struct PartialFiles(Vec<PathBuf>);

impl Drop for PartialFiles {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn folder_of(path: &Path) -> MediaResult<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned);
    if !dir.is_dir() {
        return Err(MediaError::InvalidRequest(format!(
            "the output folder {} does not exist",
            dir.display()
        )));
    }
    Ok(dir)
}

/// Export `request.base.clips` to every target in one run.
pub async fn export_formats(
    tools: &MediaTools,
    request: &FormatsRequest,
    run: RunOptions,
) -> MediaResult<FormatsExport> {
    let base = &request.base;
    if base.clips.is_empty() || request.targets.is_empty() {
        return Err(MediaError::InvalidRequest(
            "there are no clips or no formats to export".to_owned(),
        ));
    }
    for target in &request.targets {
        folder_of(&target.output)?;
        if !request.overwrite && target.output.exists() {
            return Err(MediaError::InvalidRequest(format!(
                "{} exists already: choose another name or allow overwriting",
                target.output.display()
            )));
        }
    }
    let dir = folder_of(&request.targets[0].output)?;
    if let Some(library) = &base.library {
        for clip in &base.clips {
            ensure_in_library(library, &clip.path).map_err(|e| e.for_clip(&clip.label))?;
            if let Some(voice) = &clip.voice {
                ensure_in_library(library, &voice.wav).map_err(|e| e.for_clip(&clip.label))?;
            }
        }
        for (path, label) in [(&base.audio.music, "music"), (&base.audio.voice, "voice-over")] {
            if let Some(path) = path {
                ensure_in_library(library, path).map_err(|e| e.for_clip(label))?;
            }
        }
    }
    let (infos, reprobed) = probe_clips(tools, &base.clips, &base.known_probes).await?;
    for (path, label) in [(&base.audio.music, "music"), (&base.audio.voice, "voice-over")] {
        if let Some(path) = path
            && probe_labelled(tools, path, label, false).await?.audio.is_none()
        {
            let reason = format!("{} has no audio stream", path.display());
            return Err(MediaError::InvalidRequest(reason).for_clip(label));
        }
    }
    let voices: Vec<Option<&ClipVoice>> = base
        .clips
        .iter()
        .map(|c| c.voice.as_ref().filter(|_| base.audio.voice.is_none()))
        .collect();
    let narrated = voices.iter().any(Option::is_some);
    let count = infos.len();
    let clips: Vec<GraphClip> = infos
        .iter()
        .zip(&voices)
        .enumerate()
        .map(|(i, (info, voice))| {
            let duration = info.clip_duration();
            let held = held_for_voice(duration, *voice, i, count, base.transition);
            GraphClip {
                duration: duration + held,
                has_audio: info.audio.is_some(),
                held,
            }
        })
        .collect();
    let durations: Vec<_> = clips.iter().map(|c| c.duration).collect();
    let timeline = Timeline::new(&durations, base.transition);
    let narrations: Vec<Option<&str>> = base.clips.iter().map(|c| c.narration.as_deref()).collect();
    let cues = narrated_cues(&narrations, &voices, &timeline);

    let token = uuid::Uuid::new_v4().simple().to_string();
    let scratch = |name: &Path, ext: &str| {
        let stem = name.file_stem().unwrap_or_default().to_string_lossy();
        name.with_file_name(format!(".{stem}.{token}.partial.{ext}"))
    };
    let voice_track = dir.join(format!(".export.{token}.partial.voice.wav"));
    let mut partial = PartialFiles(vec![voice_track.clone()]);
    if narrated {
        let labels: Vec<&str> = base.clips.iter().map(|c| c.label.as_str()).collect();
        write_narration_track(&voices, &labels, &timeline, &voice_track)?;
    }
    let extra = ExtraAudio {
        music: base.audio.music.as_deref(),
        voice: match narrated {
            true => Some(voice_track.as_path()),
            false => base.audio.voice.as_deref(),
        },
        loudness: match base.audio.normalize_loudness || narrated {
            true => LoudnessPass::SinglePass,
            false => LoudnessPass::Off,
        },
    };
    let inputs: Vec<&Path> = base.clips.iter().map(|c| c.path.as_path()).collect();
    // Measured once: the mix is the same for every format.
    let measure_job = GraphJob {
        inputs: &inputs,
        clips: &clips,
        preset: request.targets[0].preset,
        fit: request.fit,
        transition: base.transition,
        timeline: &timeline,
        extra,
        captions: &[],
        encoder: base.encoder,
    };
    let loudness = second_pass(tools, extra.loudness, |pass| graph_measure_args(measure_job, pass)).await?;

    let has_captions = !cues.is_empty() && (base.write_srt || base.burn_captions);
    let burn = base.burn_captions && has_captions && base.caption_style.is_burned();
    let mut args = FfmpegArgs::new();
    args.args(base.encoder.device_args());
    for input in &inputs {
        args.input(input);
    }
    let mut audio = GraphAudio::default();
    let mut next_input = inputs.len();
    if let Some(music) = extra.music {
        args.input_with(&["-stream_loop", "-1"], music);
        audio.music_input = Some(next_input);
        next_input += 1;
    }
    if let Some(voice) = extra.voice {
        args.input(voice);
        audio.voice_input = Some(next_input);
        next_input += 1;
    }
    let mut branches = Vec::with_capacity(request.targets.len());
    let mut sidecars = Vec::new();
    for target in &request.targets {
        let look = CaptionLook::new(base.caption_style, target.safe_zone, target.preset);
        let temp = scratch(&target.output, "mp4");
        partial.0.push(temp.clone());
        if has_captions && base.write_srt {
            let (srt, ass) = (scratch(&target.output, "srt"), scratch(&target.output, "ass"));
            partial.0.extend([srt.clone(), ass.clone()]);
            std::fs::write(&srt, to_srt(&phrase_cues(&cues))).map_err(|e| MediaError::io(&srt, e))?;
            std::fs::write(&ass, to_ass(&cues, &look)).map_err(|e| MediaError::io(&ass, e))?;
            sidecars.push((srt, target.output.with_extension("srt")));
            sidecars.push((ass, target.output.with_extension("ass")));
        }
        let mut captions = Vec::new();
        if burn {
            let shown = match look.shows_phrases() {
                true => phrase_cues(&cues),
                false => cues.clone(),
            };
            let prefix = scratch(&target.output, "cap");
            let images =
                render_caption_images(tools, &shown, &look, &prefix, RunOptions::default()).await?;
            partial.0.extend(images.iter().map(|i| i.path.clone()));
            for image in images {
                let options = image.input_options();
                let options: Vec<&str> = options.iter().map(String::as_str).collect();
                args.input_with(&options, &image.path);
                captions.push(CaptionOverlay {
                    input: next_input,
                    x: image.x,
                    y: image.y,
                    start: image.start,
                    end: image.end,
                });
                next_input += 1;
            }
        }
        branches.push(FormatBranch {
            preset: target.preset,
            fit: request.fit,
            loudnorm: loudness.filter_to(target.loudness),
            captions,
        });
    }
    let plan = formats_graph(&clips, &request.focus, &branches, base.transition, &timeline, audio);
    let mut graph = plan.graph.clone();
    let mut outputs = plan.outputs.clone();
    if let Some(upload) = base.encoder.upload_filter() {
        for (f, (video, _)) in outputs.iter_mut().enumerate() {
            graph.push_str(&format!(";[{video}]{upload}[gpu{f}]"));
            *video = format!("gpu{f}");
        }
    }
    args.arg("-filter_complex").arg(&graph);
    for (target, (video, sound)) in request.targets.iter().zip(&outputs) {
        args.args(["-map", &format!("[{video}]"), "-map", &format!("[{sound}]")])
            .args(target.preset.encoder_args_within(base.encoder, target.max_video_kbps))
            .output(&scratch(&target.output, "mp4"));
    }
    run_ffmpeg(tools, args, RunOptions { total: Some(timeline.total), ..run }).await?;

    let mut files = Vec::with_capacity(request.targets.len());
    for target in &request.targets {
        let temp = scratch(&target.output, "mp4");
        let info = probe(tools, &temp).await?;
        check_output(&info, target.preset, timeline.total, base.clips.len())
            .map_err(MediaError::OutputInvalid)?;
        let bytes = std::fs::metadata(&temp).map_err(|e| MediaError::io(&temp, e))?.len();
        files.push(FormatFile { output: target.output.clone(), info, bytes });
    }
    // Every output checked: only now does any of them take its name.
    for (target, file) in request.targets.iter().zip(&mut files) {
        let temp = scratch(&target.output, "mp4");
        crate::durable::persist_file(&temp, &target.output)
            .map_err(|e| MediaError::io(&target.output, e))?;
        file.info.path = target.output.clone();
    }
    for (temp, path) in &sidecars {
        crate::durable::persist_file(temp, path).map_err(|e| MediaError::io(path, e))?;
    }
    let voice = match (&request.keep_voice, narrated) {
        (Some(keep), true) => {
            crate::durable::persist_file(&voice_track, keep).map_err(|e| MediaError::io(keep, e))?;
            Some(keep.clone())
        }
        _ => None,
    };
    for target in &request.targets {
        let folder = folder_of(&target.output)?;
        crate::durable::sync_folder(&folder).map_err(|e| MediaError::io(&folder, e))?;
    }
    drop(partial);
    let clip_lengths = clips.iter().map(|c| (c.duration - c.held, c.held)).collect();
    Ok(FormatsExport {
        files,
        timeline,
        reprobed,
        clip_lengths,
        captions: phrase_cues(&cues),
        voice,
    })
}
