//! [`assemble`]: the selected takes → one finished video. Probes every clip (or takes its
//! stored [`KnownProbe`] while the file is unchanged); concatenates by stream copy when they
//! already share the preset's codec parameters (in-process at the MP4 box level, see
//! [`mp4`](super::mp4), else through ffmpeg's concat demuxer), otherwise encodes once
//! through the [`graph`](super::graph) (normalise, transitions, captions, audio). Clips with
//! narration audio are fitted to it and laid on one voice track, their captions timed word by
//! word (see [`narration_track`](super::narration_track)). Writes to a
//! temporary file beside the output and renames it only after the result passes its checks,
//! so a failure never leaves a partial video behind; the captions' .srt (a cue per phrase)
//! and .ass (the chosen look, a highlighted event per spoken word) land beside it.

use super::caption_files::{phrase_cues, to_ass};
use super::caption_images::render_caption_images;
use super::caption_look::CaptionLook;
use super::captions::to_srt;
use super::error::{MediaError, MediaResult};
use super::graph::GraphClip;
use super::incremental::{ProgressSplitter, SegmentInput, normalised_segments};
use super::segment_captions::cues_per_clip;
use super::join_args::{
    ExtraAudio, GraphJob, concat_list, filter_graph_args, graph_measure_args,
    segments_measure_args, segments_args, stream_copy_args, stream_copy_compatible,
};
use super::loudness::{LoudnessPass, second_pass};
use super::loudness_memory::{MixInputs, mix_key, remembered_second_pass};
use super::known_probe::{probe_clips, probe_labelled};
use super::library_path::ensure_in_library;
use super::mp4::join_in_process;
use super::narration_track::{ClipVoice, held_for_voice, narrated_cues, write_narration_track};
use super::probe::probe;
use super::runner::{RunOptions, run_ffmpeg};
use super::segment_cache::SegmentFormat;
use super::timeline::{Timeline, Transition};
use super::tools::MediaTools;
use super::validation::{check_output, validate_box_joined};
use super::word_captions::voice_over_cues;
pub use super::assembly_request::{Assembly, AssemblyMode, AssemblyRequest, AudioMix, Clip};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files written beside the output that are removed unless the assembly succeeds.
struct PartialFiles(Vec<PathBuf>);

impl Drop for PartialFiles {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The output's folder, which must exist.
fn output_dir(output: &Path) -> MediaResult<PathBuf> {
    let dir = match output.parent() {
        Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
        Some(p) => p.to_owned(),
        None => {
            return Err(MediaError::InvalidRequest(format!(
                "{} is not a file path",
                output.display()
            )));
        }
    };
    if !dir.is_dir() {
        return Err(MediaError::InvalidRequest(format!(
            "the output folder {} does not exist",
            dir.display()
        )));
    }
    Ok(dir)
}

/// Assemble `request.clips` into `request.output`.
pub async fn assemble(
    tools: &MediaTools,
    request: &AssemblyRequest,
    run: RunOptions,
) -> MediaResult<Assembly> {
    if request.clips.is_empty() {
        return Err(MediaError::InvalidRequest(
            "there are no clips to assemble".to_owned(),
        ));
    }
    let dir = output_dir(&request.output)?;
    if let Some(library) = &request.library {
        for clip in &request.clips {
            ensure_in_library(library, &clip.path).map_err(|e| e.for_clip(&clip.label))?;
        }
        let extra = [
            (&request.audio.music, "music"),
            (&request.audio.voice, "voice-over"),
        ];
        for (path, label) in extra {
            if let Some(path) = path {
                ensure_in_library(library, path).map_err(|e| e.for_clip(label))?;
            }
        }
        for clip in &request.clips {
            if let Some(voice) = &clip.voice {
                ensure_in_library(library, &voice.wav).map_err(|e| e.for_clip(&clip.label))?;
            }
        }
    }
    let (infos, reprobed) = probe_clips(tools, &request.clips, &request.known_probes).await?;
    for (path, label) in [
        (&request.audio.music, "music"),
        (&request.audio.voice, "voice-over"),
    ] {
        if let Some(path) = path {
            let info = probe_labelled(tools, path, label, false).await?;
            if info.audio.is_none() {
                let reason = format!("{} has no audio stream", path.display());
                return Err(MediaError::InvalidRequest(reason).for_clip(label));
            }
        }
    }
    // A voice-over file replaces the clips' own narration audio.
    let voices: Vec<Option<&ClipVoice>> = request
        .clips
        .iter()
        .map(|c| c.voice.as_ref().filter(|_| request.audio.voice.is_none()))
        .collect();
    let narrated = voices.iter().any(Option::is_some);
    let count = infos.len();
    let graph_clips: Vec<GraphClip> = infos
        .iter()
        .zip(&voices)
        .enumerate()
        .map(|(i, (info, voice))| {
            let duration = info.clip_duration();
            let held = held_for_voice(duration, *voice, i, count, request.transition);
            GraphClip {
                duration: duration + held,
                has_audio: info.audio.is_some(),
                held,
            }
        })
        .collect();
    let durations: Vec<Duration> = graph_clips.iter().map(|c| c.duration).collect();
    let timeline = Timeline::new(&durations, request.transition);
    let narrations: Vec<Option<&str>> = request
        .clips
        .iter()
        .map(|c| c.narration.as_deref())
        .collect();
    let cues = match request.audio.voice.is_some() && !request.voice_over_words.is_empty() {
        true => voice_over_cues(&request.voice_over_words, timeline.total),
        false => narrated_cues(&narrations, &voices, &timeline),
    };

    let stem = request
        .output
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    // Every scratch file is named as temporary (crate::durable), so recovery finds any a
    // crash leaves.
    let token = uuid::Uuid::new_v4().simple().to_string();
    let scratch = format!(".{stem}.{token}.partial");
    let temp_video = dir.join(format!("{scratch}.mp4"));
    let temp_srt = dir.join(format!("{scratch}.srt"));
    let temp_ass = dir.join(format!("{scratch}.ass"));
    let list_path = dir.join(format!("{scratch}.concat.txt"));
    let voice_track = dir.join(format!("{scratch}.voice.wav"));
    let mut partial = PartialFiles(vec![
        temp_video.clone(),
        temp_srt.clone(),
        temp_ass.clone(),
        list_path.clone(),
        voice_track.clone(),
    ]);
    if narrated {
        let labels: Vec<&str> = request.clips.iter().map(|c| c.label.as_str()).collect();
        write_narration_track(&voices, &labels, &timeline, &voice_track)?;
    }
    let look = CaptionLook::new(request.caption_style, request.caption_platform, request.preset);
    let has_captions = !cues.is_empty() && (request.write_srt || request.burn_captions);
    if has_captions {
        let srt = to_srt(&phrase_cues(&cues));
        std::fs::write(&temp_srt, srt).map_err(|e| MediaError::io(&temp_srt, e))?;
        std::fs::write(&temp_ass, to_ass(&cues, &look))
            .map_err(|e| MediaError::io(&temp_ass, e))?;
    }

    let burn = request.burn_captions && has_captions && request.caption_style.is_burned();
    // What is drawn: a cue per spoken word, or per phrase for the plain styles.
    let burned_cues = match look.shows_phrases() {
        true => phrase_cues(&cues),
        false => cues.clone(),
    };
    let cut_only = request.transition == Transition::Cut;
    let extra = ExtraAudio {
        music: request.audio.music.as_deref(),
        voice: match narrated {
            true => Some(voice_track.as_path()),
            false => request.audio.voice.as_deref(),
        },
        loudness: if request.audio.normalize_loudness || narrated {
            LoudnessPass::SinglePass
        } else {
            LoudnessPass::Off
        },
    };
    let own_audio_only = request.audio == AudioMix::default() && !narrated;
    let inputs: Vec<&Path> = request.clips.iter().map(|c| c.path.as_path()).collect();
    let write_list = |paths: &[&Path]| {
        std::fs::write(&list_path, concat_list(paths)).map_err(|e| MediaError::io(&list_path, e))
    };
    let mut progress = ProgressSplitter::new(run, timeline.total);
    let mut offset = Duration::ZERO;
    let mut used_segments = Vec::new();
    let (mode, args) = match &request.cache {
        _ if cut_only
            && !burn
            && own_audio_only
            && graph_clips.iter().all(|c| c.held.is_zero())
            && stream_copy_compatible(&infos, request.preset) =>
        {
            write_list(&inputs)?;
            (
                AssemblyMode::StreamCopy,
                stream_copy_args(&list_path, &temp_video),
            )
        }
        Some(cache) if cut_only => {
            // Burned captions go into each clip's own segment, on its clock.
            let clip_cues = match burn {
                true => cues_per_clip(&burned_cues, &timeline),
                false => vec![Vec::new(); request.clips.len()],
            };
            let inputs: Vec<SegmentInput> = request
                .clips
                .iter()
                .zip(&graph_clips)
                .zip(&clip_cues)
                .map(|((c, g), cues)| SegmentInput {
                    path: &c.path,
                    clip: *g,
                    label: &c.label,
                    cues,
                })
                .collect();
            let segments = normalised_segments(
                tools,
                cache,
                &inputs,
                SegmentFormat {
                    preset: request.preset,
                    fit: request.fit,
                    encoder: request.encoder,
                },
                &look,
                &mut progress,
                timeline.total,
            )
            .await?;
            offset = segments.encoded_duration;
            used_segments.clone_from(&segments.paths);
            let paths: Vec<&Path> = segments.paths.iter().map(PathBuf::as_path).collect();
            write_list(&paths)?;
            let mode = AssemblyMode::Segments {
                reused: segments.reused,
                encoded: segments.encoded,
            };
            // Measured once per distinct mix (see loudness_memory).
            let measure_with =
                |pass| segments_measure_args(&list_path, timeline.total, extra, pass);
            let measure = measure_with(LoudnessPass::Measure);
            let key = mix_key(MixInputs {
                segments: &segments.audio_keys,
                music: extra.music,
                voice: extra.voice,
                measure: &measure,
            })?;
            let pass = remembered_second_pass(tools, cache.dir(), &key, extra.loudness, measure_with);
            let extra = ExtraAudio {
                loudness: pass.await?,
                ..extra
            };
            (
                mode,
                segments_args(&list_path, timeline.total, extra, &temp_video),
            )
        }
        _ => {
            let captions = if burn {
                let prefix = dir.join(&scratch);
                let images = render_caption_images(
                    tools,
                    &burned_cues,
                    &look,
                    &prefix,
                    progress.silent_run(),
                )
                .await?;
                partial.0.extend(images.iter().map(|i| i.path.clone()));
                images
            } else {
                Vec::new()
            };
            let job = GraphJob {
                inputs: &inputs,
                clips: &graph_clips,
                preset: request.preset,
                fit: request.fit,
                transition: request.transition,
                timeline: &timeline,
                extra,
                captions: &captions,
                encoder: request.encoder,
            };
            let extra = ExtraAudio {
                loudness: second_pass(tools, extra.loudness, |pass| graph_measure_args(job, pass)).await?,
                ..extra
            };
            let job = GraphJob { extra, ..job };
            (
                AssemblyMode::FilterGraph,
                filter_graph_args(job, &temp_video),
            )
        }
    };
    // Copy joins (matching takes, or cached segments keeping their own audio) happen
    // in-process when the MP4 boxes allow, else through ffmpeg.
    let box_join: Option<Vec<&Path>> = match mode {
        AssemblyMode::StreamCopy => Some(inputs.clone()),
        AssemblyMode::Segments { .. } if own_audio_only => {
            Some(used_segments.iter().map(PathBuf::as_path).collect())
        }
        _ => None,
    };
    let joined = match box_join {
        Some(paths) => {
            join_in_process(&paths, &temp_video, timeline.total, progress.run(offset)).await?
        }
        None => false,
    };
    if !joined {
        run_ffmpeg(tools, args, progress.run(offset)).await?;
    }
    if let Some(cache) = &request.cache {
        cache.evict_to_limit(&used_segments)?;
    }

    let mut info = if joined {
        // Read back with our own parsing: no ffprobe start. The join copied the inputs' own
        // sample descriptions, so joined takes keep the first take's pixel format and profile.
        let mut info = validate_box_joined(
            &temp_video,
            request.preset,
            timeline.total,
            request.clips.len(),
        )
        .await?;
        let first = infos[0]
            .video
            .as_ref()
            .filter(|_| mode == AssemblyMode::StreamCopy);
        if let (Some(out), Some(first)) = (&mut info.video, first) {
            out.pix_fmt.clone_from(&first.pix_fmt);
            out.profile.clone_from(&first.profile);
        }
        info
    } else {
        let info = probe(tools, &temp_video).await?;
        check_output(&info, request.preset, timeline.total, request.clips.len())
            .map_err(MediaError::OutputInvalid)?;
        info
    };
    // Durable before the job may be recorded completed: each file flushed and renamed, then
    // the folder flushed once.
    crate::durable::persist_file(&temp_video, &request.output)
        .map_err(|e| MediaError::io(&request.output, e))?;
    info.path = request.output.clone();
    let (srt, ass) = if has_captions && request.write_srt {
        let srt_path = request.output.with_extension("srt");
        crate::durable::persist_file(&temp_srt, &srt_path)
            .map_err(|e| MediaError::io(&srt_path, e))?;
        let ass_path = request.output.with_extension("ass");
        crate::durable::persist_file(&temp_ass, &ass_path)
            .map_err(|e| MediaError::io(&ass_path, e))?;
        (Some(srt_path), Some(ass_path))
    } else {
        (None, None)
    };
    crate::durable::sync_folder(&dir).map_err(|e| MediaError::io(&dir, e))?;
    drop(partial);
    Ok(Assembly {
        output: request.output.clone(),
        srt,
        ass,
        mode,
        timeline,
        info,
        probed: reprobed.len(),
        reprobed,
    })
}
