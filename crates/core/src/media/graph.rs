//! The one filter graph of an assembly encode, built as text (pure): every clip scaled and
//! padded (fit) or cropped (fill) to the preset with its frame rate and SAR fixed, silence
//! generated for clips without audio, clips joined by cut (`concat`) or transition (`xfade` +
//! `acrossfade`), captions burned in (pre-drawn cue images overlaid while each cue is on
//! screen), the music bed ducked under the voice-over
//! (`sidechaincompress`) and the loudness normalised (`loudnorm`).

use super::preset::{ExportPreset, FrameFit};
use super::timeline::{Timeline, Transition};
use std::fmt::Write as _;
use std::time::Duration;

/// What the graph needs to know about each clip (clip `i` is ffmpeg input `i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphClip {
    /// The clip's length on the timeline, `held` included.
    pub duration: Duration,
    pub has_audio: bool,
    /// How long the clip's last frame is held past its end (its narration runs longer).
    pub held: Duration,
}

/// Extra audio inputs and processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GraphAudio {
    /// ffmpeg input index of the music bed (looped by the caller with `-stream_loop -1`).
    pub music_input: Option<usize>,
    /// ffmpeg input index of the voice-over.
    pub voice_input: Option<usize>,
    /// Normalise to -14 LUFS integrated, -1.5 dBTP.
    pub loudnorm: bool,
}

/// A pre-drawn caption image (ffmpeg input `input`) shown at `(x, y)` from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptionOverlay {
    pub input: usize,
    pub x: u32,
    pub y: u32,
    pub start: Duration,
    pub end: Duration,
}

/// A filter graph and the labels of its final video and audio streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterPlan {
    pub graph: String,
    pub video_label: String,
    pub audio_label: String,
}

/// Music bed level before ducking.
const MUSIC_GAIN: &str = "0.3";
/// The common audio format of every branch.
const AUDIO_FORMAT: &str = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The per-clip video chain normalising to the preset; a held clip repeats its last frame.
pub fn normalise_video(preset: ExportPreset, fit: FrameFit, clip: GraphClip) -> String {
    let (w, h) = preset.size();
    let shape = match fit {
        FrameFit::Fit => format!(
            "scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,\
             pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black"
        ),
        FrameFit::Fill => {
            format!("scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h}")
        }
    };
    let hold = if clip.held.is_zero() {
        String::new()
    } else {
        format!(
            "tpad=stop_mode=clone:stop_duration={},",
            secs(clip.held + Duration::from_millis(100))
        )
    };
    format!(
        "{shape},setsar=1,fps={},format=yuv420p,{hold}trim=duration={},setpts=PTS-STARTPTS",
        preset.fps(),
        secs(clip.duration)
    )
}

/// The per-clip audio chain: the clip's own audio padded/trimmed to the clip, or silence.
pub fn normalise_audio(input: usize, clip: GraphClip) -> String {
    let d = secs(clip.duration);
    if clip.has_audio {
        format!(
            "[{input}:a]aresample=48000,{AUDIO_FORMAT},apad,atrim=duration={d},asetpts=PTS-STARTPTS"
        )
    } else {
        format!(
            "anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration={d},{AUDIO_FORMAT}"
        )
    }
}

/// Build the whole graph; `captions` are burned in over the joined video.
pub fn assembly_graph(
    clips: &[GraphClip],
    preset: ExportPreset,
    fit: FrameFit,
    transition: Transition,
    timeline: &Timeline,
    audio: GraphAudio,
    captions: &[CaptionOverlay],
) -> FilterPlan {
    let mut g = String::new();
    for (i, clip) in clips.iter().enumerate() {
        let _ = write!(
            g,
            "[{i}:v]{}[v{i}];{}[a{i}];",
            normalise_video(preset, fit, *clip),
            normalise_audio(i, *clip)
        );
    }
    let (mut video, mut sound) = ("v0".to_owned(), "a0".to_owned());
    match transition.xfade_name() {
        _ if clips.len() == 1 => {}
        None => {
            for i in 0..clips.len() {
                let _ = write!(g, "[v{i}][a{i}]");
            }
            let _ = write!(g, "concat=n={}:v=1:a=1[vcat][acat];", clips.len());
            (video, sound) = ("vcat".to_owned(), "acat".to_owned());
        }
        Some(name) => {
            let d = secs(timeline.overlap);
            for i in 1..clips.len() {
                let offset = secs(timeline.transition_offset(i));
                let _ = write!(
                    g,
                    "[{video}][v{i}]xfade=transition={name}:duration={d}:offset={offset}[vx{i}];\
                     [{sound}][a{i}]acrossfade=d={d}:c1=tri:c2=tri[ax{i}];"
                );
                (video, sound) = (format!("vx{i}"), format!("ax{i}"));
            }
        }
    }
    for (k, c) in captions.iter().enumerate() {
        // The image is one frame; overlay keeps showing it, `enable` limits it to its cue
        // (end excluded, so neighbouring cues never both show).
        let _ = write!(
            g,
            "[{video}][{}:v]overlay=x={}:y={}:format=yuv420:enable=gte(t\\,{})*lt(t\\,{})[cap{k}];",
            c.input,
            c.x,
            c.y,
            secs(c.start),
            secs(c.end)
        );
        video = format!("cap{k}");
    }
    sound = finish_audio(&mut g, &sound, timeline.total, audio);
    if g.ends_with(';') {
        g.pop();
    }
    FilterPlan {
        graph: g,
        video_label: video,
        audio_label: sound,
    }
}

/// The audio graph over already joined clips (their audio is input `0:a`): music, voice-over
/// and loudness as in [`assembly_graph`]. Returns the graph and its output label, or `None`
/// when the joined audio can be copied as it is.
pub fn joined_audio_graph(total: Duration, audio: GraphAudio) -> Option<(String, String)> {
    if audio == GraphAudio::default() {
        return None;
    }
    let mut g = String::new();
    let label = finish_audio(&mut g, "0:a", total, audio);
    if g.ends_with(';') {
        g.pop();
    }
    Some((g, label))
}

/// Mix in the extra audio, then normalise the loudness when asked; returns the final label.
fn finish_audio(g: &mut String, clip_audio: &str, total: Duration, audio: GraphAudio) -> String {
    let mixed = mix_audio(g, clip_audio, total, audio);
    if !audio.loudnorm {
        return mixed;
    }
    let _ = write!(
        g,
        "[{mixed}]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[aout];"
    );
    "aout".to_owned()
}

/// Add the voice-over and the ducked music bed to the clip audio; returns the mixed label.
fn mix_audio(g: &mut String, clip_audio: &str, total: Duration, audio: GraphAudio) -> String {
    let t = secs(total);
    let mut inputs = vec![clip_audio.to_owned()];
    if let Some(voice) = audio.voice_input {
        let _ = write!(
            g,
            "[{voice}:a]aresample=48000,{AUDIO_FORMAT},apad,atrim=duration={t}[voice];"
        );
    }
    if let Some(music) = audio.music_input {
        let _ = write!(
            g,
            "[{music}:a]aresample=48000,{AUDIO_FORMAT},volume={MUSIC_GAIN},atrim=duration={t}[music];"
        );
    }
    match (audio.voice_input, audio.music_input) {
        (Some(_), Some(_)) => {
            let _ = write!(
                g,
                "[voice]asplit=2[voicemix][voicekey];[music][voicekey]sidechaincompress=\
                 threshold=0.02:ratio=12:attack=10:release=350:makeup=1[bed];"
            );
            inputs.extend(["voicemix".to_owned(), "bed".to_owned()]);
        }
        (Some(_), None) => inputs.push("voice".to_owned()),
        (None, Some(_)) => inputs.push("music".to_owned()),
        (None, None) => return clip_audio.to_owned(),
    }
    for label in &inputs {
        let _ = write!(g, "[{label}]");
    }
    let _ = write!(
        g,
        "amix=inputs={}:duration=first:normalize=0[amix];",
        inputs.len()
    );
    "amix".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(ms: u64, has_audio: bool) -> GraphClip {
        GraphClip {
            duration: Duration::from_millis(ms),
            has_audio,
            held: Duration::ZERO,
        }
    }

    #[test]
    fn a_held_clip_repeats_its_last_frame_to_its_timeline_length() {
        let held = GraphClip {
            duration: Duration::from_millis(5400),
            has_audio: false,
            held: Duration::from_millis(400),
        };
        let chain = normalise_video(ExportPreset::Vertical1080, FrameFit::Fit, held);
        assert!(
            chain.ends_with(
                "format=yuv420p,tpad=stop_mode=clone:stop_duration=0.500,\
                 trim=duration=5.400,setpts=PTS-STARTPTS"
            ),
            "{chain}"
        );
        let plain = normalise_video(ExportPreset::Vertical1080, FrameFit::Fit, clip(5000, false));
        assert!(!plain.contains("tpad"), "{plain}");
    }

    #[test]
    fn joined_audio_graph_only_when_audio_changes() {
        let total = Duration::from_secs(6);
        assert_eq!(joined_audio_graph(total, GraphAudio::default()), None);
        let loud = GraphAudio {
            loudnorm: true,
            ..GraphAudio::default()
        };
        let (g, label) = joined_audio_graph(total, loud).unwrap();
        assert_eq!(
            g,
            "[0:a]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[aout]"
        );
        assert_eq!(label, "aout");
        let music = GraphAudio {
            music_input: Some(1),
            ..GraphAudio::default()
        };
        let (g, label) = joined_audio_graph(total, music).unwrap();
        assert!(
            g.ends_with("[0:a][music]amix=inputs=2:duration=first:normalize=0[amix]"),
            "{g}"
        );
        assert_eq!(label, "amix");
    }

    #[test]
    fn cut_graph_normalises_each_clip_and_concatenates() {
        let clips = [clip(2000, true), clip(1500, false)];
        let tl = Timeline::new(&[clips[0].duration, clips[1].duration], Transition::Cut);
        let plan = assembly_graph(
            &clips,
            ExportPreset::Vertical1080,
            FrameFit::Fit,
            Transition::Cut,
            &tl,
            GraphAudio::default(),
            &[],
        );
        let g = &plan.graph;
        assert!(
            g.contains("[0:v]scale=1080:1920:force_original_aspect_ratio=decrease"),
            "{g}"
        );
        assert!(
            g.contains("pad=1080:1920:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=30"),
            "{g}"
        );
        assert!(g.contains("[0:a]aresample=48000"), "{g}");
        assert!(!g.contains("[1:a]"), "clip 1 has no audio: {g}");
        assert!(
            g.contains("anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=1.500"),
            "{g}"
        );
        assert!(
            g.ends_with("[v0][a0][v1][a1]concat=n=2:v=1:a=1[vcat][acat]"),
            "{g}"
        );
        assert_eq!(
            (plan.video_label.as_str(), plan.audio_label.as_str()),
            ("vcat", "acat")
        );
    }

    #[test]
    fn transitions_chain_xfade_at_timeline_offsets_and_audio_is_ducked_and_normalised() {
        let clips = [clip(2000, true), clip(2000, true), clip(2000, true)];
        let t = Transition::DipToBlack {
            duration: Duration::from_millis(500),
        };
        let tl = Timeline::new(&[clips[0].duration; 3], t);
        let audio = GraphAudio {
            music_input: Some(3),
            voice_input: Some(4),
            loudnorm: true,
        };
        let plan = assembly_graph(
            &clips,
            ExportPreset::Square1080,
            FrameFit::Fill,
            t,
            &tl,
            audio,
            &[
                CaptionOverlay {
                    input: 5,
                    x: 100,
                    y: 1200,
                    start: Duration::ZERO,
                    end: Duration::from_millis(1750),
                },
                CaptionOverlay {
                    input: 6,
                    x: 120,
                    y: 1300,
                    start: Duration::from_millis(1750),
                    end: Duration::from_secs(5),
                },
            ],
        );
        let g = &plan.graph;
        assert!(g.contains("crop=1080:1080"), "{g}");
        assert!(
            g.contains("[v0][v1]xfade=transition=fadeblack:duration=0.500:offset=1.500[vx1]"),
            "{g}"
        );
        assert!(
            g.contains("[vx1][v2]xfade=transition=fadeblack:duration=0.500:offset=3.000[vx2]"),
            "{g}"
        );
        assert!(g.contains("[ax1][a2]acrossfade=d=0.500"), "{g}");
        assert!(
            g.contains(
                "[vx2][5:v]overlay=x=100:y=1200:format=yuv420:\
                 enable=gte(t\\,0.000)*lt(t\\,1.750)[cap0];\
                 [cap0][6:v]overlay=x=120:y=1300:format=yuv420:\
                 enable=gte(t\\,1.750)*lt(t\\,5.000)[cap1]"
            ),
            "{g}"
        );
        assert!(g.contains("[music][voicekey]sidechaincompress"), "{g}");
        assert!(
            g.contains("[ax2][voicemix][bed]amix=inputs=3:duration=first"),
            "{g}"
        );
        assert!(g.contains("atrim=duration=5.000[music]"), "{g}");
        assert!(
            g.ends_with("[amix]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[aout]"),
            "{g}"
        );
        assert_eq!(
            (plan.video_label.as_str(), plan.audio_label.as_str()),
            ("cap1", "aout")
        );
    }
}
