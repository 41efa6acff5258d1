//! How an assembly's clips are joined, as pure ffmpeg argument builders: stream copy through
//! the concat demuxer when the takes already match the preset, one encode through the filter
//! graph otherwise, or cached normalised segments copied together with only the audio
//! re-encoded.

use super::args::{FfmpegArgs, file_url};
use super::caption_images::CaptionImage;
use super::encoder::VideoEncoder;
use super::graph::{
    CaptionOverlay, GraphAudio, GraphClip, assembly_audio_graph, assembly_graph, joined_audio_graph,
};
use super::loudness::LoudnessPass;
use super::preset::{ExportPreset, FrameFit};
use super::probe::MediaInfo;
use super::timeline::{Timeline, Transition};
use std::path::Path;
use std::time::Duration;

/// Whether the clips can be joined by stream copy into `preset`: same codec parameters
/// everywhere (codec, size, frame rate, pixel format, time base, SAR, audio layout), audio in
/// every clip, and already the preset's codecs, size and frame rate.
pub fn stream_copy_compatible(infos: &[MediaInfo], preset: ExportPreset) -> bool {
    let Some(first) = infos.first() else {
        return false;
    };
    let (Some(v0), Some(a0)) = (&first.video, &first.audio) else {
        return false;
    };
    let (w, h) = preset.size();
    let preset_shaped = v0.codec == "h264"
        && a0.codec == "aac"
        && (v0.width, v0.height) == (w, h)
        && v0.fps.num == preset.fps() * v0.fps.den
        && v0.pix_fmt == "yuv420p"
        && a0.sample_rate == ExportPreset::SAMPLE_RATE;
    let video_key = |i: &MediaInfo| {
        i.video.as_ref().map(|v| {
            (
                v.codec.clone(),
                v.width,
                v.height,
                v.fps,
                v.pix_fmt.clone(),
                v.time_base,
                v.sar,
            )
        })
    };
    let audio_key = |i: &MediaInfo| {
        i.audio.as_ref().map(|a| {
            (
                a.codec.clone(),
                a.sample_rate,
                a.channels,
                a.channel_layout.clone(),
            )
        })
    };
    let (first_video, first_audio) = (video_key(first), audio_key(first));
    preset_shaped
        && infos
            .iter()
            .all(|i| video_key(i) == first_video && audio_key(i) == first_audio)
}

/// A concat-demuxer list of `paths`.
pub fn concat_list(paths: &[&Path]) -> String {
    let mut list = String::from("ffconcat version 1.0\n");
    for path in paths {
        let url = file_url(path).to_string_lossy().replace('\'', "'\\''");
        list.push_str(&format!("file '{url}'\n"));
    }
    list
}

/// Join the files listed in `list` without re-encoding.
pub fn stream_copy_args(list: &Path, output: &Path) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.input_with(&["-f", "concat", "-safe", "0"], list)
        .args(["-map", "0:v:0", "-map", "0:a:0", "-c", "copy"])
        .args(["-movflags", "+faststart"])
        .output(output);
    args
}

/// Add the music bed (looped) and voice-over inputs after `first_free` inputs.
fn add_audio_inputs(
    args: &mut FfmpegArgs,
    first_free: usize,
    music: Option<&Path>,
    voice: Option<&Path>,
    loudness: LoudnessPass,
) -> GraphAudio {
    let mut audio = GraphAudio {
        loudness,
        ..GraphAudio::default()
    };
    let mut next = first_free;
    if let Some(music) = music {
        args.input_with(&["-stream_loop", "-1"], music);
        audio.music_input = Some(next);
        next += 1;
    }
    if let Some(voice) = voice {
        args.input(voice);
        audio.voice_input = Some(next);
    }
    audio
}

/// The extra audio of an assembly.
#[derive(Debug, Clone, Copy)]
pub struct ExtraAudio<'a> {
    pub music: Option<&'a Path>,
    pub voice: Option<&'a Path>,
    pub loudness: LoudnessPass,
}

/// Everything the single-encode path needs.
#[derive(Debug, Clone, Copy)]
pub struct GraphJob<'a> {
    pub inputs: &'a [&'a Path],
    pub clips: &'a [GraphClip],
    pub preset: ExportPreset,
    pub fit: FrameFit,
    pub transition: Transition,
    pub timeline: &'a Timeline,
    pub extra: ExtraAudio<'a>,
    /// Captions to burn in, drawn beforehand.
    pub captions: &'a [CaptionImage],
    pub encoder: VideoEncoder,
}

/// One encode through the whole filter graph.
pub fn filter_graph_args(job: GraphJob<'_>, output: &Path) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.args(job.encoder.device_args());
    for input in job.inputs {
        args.input(input);
    }
    let e = job.extra;
    let audio = add_audio_inputs(&mut args, job.inputs.len(), e.music, e.voice, e.loudness);
    let first_caption = job.inputs.len() + [e.music, e.voice].iter().flatten().count();
    let captions: Vec<CaptionOverlay> = job
        .captions
        .iter()
        .enumerate()
        .map(|(k, image)| {
            let options = image.input_options();
            let options: Vec<&str> = options.iter().map(String::as_str).collect();
            args.input_with(&options, &image.path);
            CaptionOverlay {
                input: first_caption + k,
                x: image.x,
                y: image.y,
                start: image.start,
                end: image.end,
            }
        })
        .collect();
    let plan = assembly_graph(
        job.clips,
        job.preset,
        job.fit,
        job.transition,
        job.timeline,
        audio,
        &captions,
    );
    let (graph, video_label) = match job.encoder.upload_filter() {
        Some(upload) => (
            format!("{};[{}]{upload}[gpu]", plan.graph, plan.video_label),
            "gpu".to_owned(),
        ),
        None => (plan.graph.clone(), plan.video_label.clone()),
    };
    args.arg("-filter_complex")
        .arg(&graph)
        .args(["-map", &format!("[{video_label}]")])
        .args(["-map", &format!("[{}]", plan.audio_label)])
        .args(job.preset.encoder_args(job.encoder))
        .output(output);
    args
}

/// Where a measuring run writes: nothing, in a format every mix converts to.
const NULL_AUDIO_OUTPUT: [&str; 9] = [
    "-c:a", "pcm_f32le", "-ac", "2", "-ar", "48000", "-f", "null", "-",
];

/// The loudness measuring run of [`filter_graph_args`]: the same audio inputs and mix, no
/// picture, the loudness summary on stderr.
pub fn graph_measure_args(job: GraphJob<'_>, pass: LoudnessPass) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    for input in job.inputs {
        args.input(input);
    }
    let e = job.extra;
    let audio = add_audio_inputs(&mut args, job.inputs.len(), e.music, e.voice, pass);
    let (graph, label) = assembly_audio_graph(job.clips, job.transition, job.timeline, audio);
    args.arg("-filter_complex")
        .arg(graph)
        .args(["-map", &format!("[{label}]")])
        .args(NULL_AUDIO_OUTPUT);
    args
}

/// The loudness measuring run of [`segments_args`].
pub fn segments_measure_args(
    list: &Path,
    total: Duration,
    extra: ExtraAudio<'_>,
    pass: LoudnessPass,
) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.input_with(&["-f", "concat", "-safe", "0"], list);
    let audio = add_audio_inputs(&mut args, 1, extra.music, extra.voice, pass);
    let (graph, label) = joined_audio_graph(total, audio).unwrap_or_default();
    args.arg("-filter_complex")
        .arg(graph)
        .args(["-map", &format!("[{label}]")])
        .args(NULL_AUDIO_OUTPUT);
    args
}

/// Join normalised segments listed in `list`: video copied, audio copied or re-encoded
/// through the music / voice-over / loudness graph.
pub fn segments_args(
    list: &Path,
    total: Duration,
    extra: ExtraAudio<'_>,
    output: &Path,
) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.input_with(&["-f", "concat", "-safe", "0"], list);
    let audio = add_audio_inputs(&mut args, 1, extra.music, extra.voice, extra.loudness);
    args.args(["-map", "0:v:0", "-c:v", "copy"]);
    match joined_audio_graph(total, audio) {
        Some((graph, label)) => {
            args.arg("-filter_complex")
                .arg(graph)
                .args(["-map", &format!("[{label}]")])
                .args(["-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2"]);
        }
        None => {
            args.args(["-map", "0:a:0", "-c:a", "copy"]);
        }
    }
    args.args(["-movflags", "+faststart"]).output(output);
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vaapi_encode_uploads_the_graph_output_and_opens_the_device_first() {
        let clip = GraphClip {
            duration: Duration::from_secs(1),
            has_audio: true,
            held: Duration::ZERO,
        };
        let timeline = Timeline::new(&[clip.duration; 2], Transition::Cut);
        let inputs = [Path::new("/l/a.mp4"), Path::new("/l/b.mp4")];
        let clips = [clip, clip];
        let job = |encoder| GraphJob {
            inputs: &inputs,
            clips: &clips,
            preset: ExportPreset::Vertical1080,
            fit: FrameFit::Fit,
            transition: Transition::Cut,
            timeline: &timeline,
            extra: ExtraAudio {
                music: None,
                voice: None,
                loudness: LoudnessPass::Off,
            },
            captions: &[],
            encoder,
        };
        let out = Path::new("/o/f.mp4");
        let args = filter_graph_args(job(VideoEncoder::Vaapi), out);
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        let device = line.find("-vaapi_device /dev/dri/renderD128").expect(&line);
        assert!(device < line.find(" -i ").unwrap(), "{line}");
        assert!(line.contains("format=nv12,hwupload[gpu]"), "{line}");
        assert!(
            line.contains("-map [gpu]") && !line.contains("-pix_fmt"),
            "{line}"
        );
        let x264 = filter_graph_args(job(VideoEncoder::Libx264), out).to_command_line();
        assert!(
            !x264.contains("hwupload") && !x264.contains("vaapi"),
            "{x264}"
        );
        assert!(x264.contains("-pix_fmt yuv420p"), "{x264}");
    }

    #[test]
    fn caption_images_are_raw_inputs_after_the_music_and_the_voice() {
        let clip = GraphClip {
            duration: Duration::from_secs(2),
            has_audio: false,
            held: Duration::ZERO,
        };
        let timeline = Timeline::new(&[clip.duration; 2], Transition::Cut);
        let inputs = [Path::new("/l/a.mp4"), Path::new("/l/b.mp4")];
        let clips = [clip, clip];
        let image = |k: u32| CaptionImage {
            path: format!("/o/.f.t.caption{k}.rgba").into(),
            width: 600,
            height: 120,
            x: 60,
            y: 1300 + k * 10,
            start: Duration::from_secs(u64::from(2 * k)),
            end: Duration::from_secs(u64::from(2 * k + 2)),
        };
        let captions = [image(0), image(1)];
        let job = GraphJob {
            inputs: &inputs,
            clips: &clips,
            preset: ExportPreset::Vertical1080,
            fit: FrameFit::Fit,
            transition: Transition::Cut,
            timeline: &timeline,
            extra: ExtraAudio {
                music: Some(Path::new("/m.mp3")),
                voice: Some(Path::new("/v.m4a")),
                loudness: LoudnessPass::Off,
            },
            captions: &captions,
            encoder: VideoEncoder::Libx264,
        };
        let args = filter_graph_args(job, Path::new("/o/f.mp4"));
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            line.contains(
                "-f rawvideo -pix_fmt rgba -video_size 600x120 -protocol_whitelist file \
                 -i file:/o/.f.t.caption0.rgba"
            ),
            "{line}"
        );
        // Inputs 0–1 clips, 2 music, 3 voice, 4–5 captions.
        assert!(line.contains("[vcat][4:v]overlay=x=60:y=1300"), "{line}");
        assert!(line.contains("[cap0][5:v]overlay=x=60:y=1310"), "{line}");
        assert!(line.contains("-map [cap1]"), "{line}");
    }

    #[test]
    fn concat_lists_quote_paths() {
        let list = concat_list(&[Path::new("/a/x.mp4"), Path::new("/a/it's.mp4")]);
        assert_eq!(
            list,
            "ffconcat version 1.0\nfile 'file:/a/x.mp4'\nfile 'file:/a/it'\\''s.mp4'\n"
        );
    }

    #[test]
    fn segments_copy_video_and_reencode_audio_only_when_mixed() {
        let list = Path::new("/o/.list");
        let out = Path::new("/o/f.mp4");
        let none = ExtraAudio {
            music: None,
            voice: None,
            loudness: LoudnessPass::Off,
        };
        let line = segments_args(list, Duration::from_secs(6), none, out).to_command_line();
        assert!(
            line.contains("-map 0:v:0 -c:v copy -map 0:a:0 -c:a copy"),
            "{line}"
        );
        let music = ExtraAudio {
            music: Some(Path::new("/m.mp3")),
            ..none
        };
        let args = segments_args(list, Duration::from_secs(6), music, out);
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            line.contains("-stream_loop -1 -protocol_whitelist file -i file:/m.mp3"),
            "{line}"
        );
        assert!(line.contains("-c:v copy -filter_complex"), "{line}");
        assert!(line.contains("-map [amix] -c:a aac"), "{line}");
    }
}
