//! The one filter graph of an assembly encode, built as text (pure): every clip scaled and
//! padded (fit), cropped (fill) or fitted over a blurred fill ([`reframe`]) to the preset with its frame rate and SAR fixed, silence
//! generated for clips without audio, clips joined by cut (`concat`) or transition (`xfade` +
//! `acrossfade`), captions burned in (pre-drawn cue images overlaid while each cue is on
//! screen), the music bed ducked under the voice-over
//! (`sidechaincompress`) and the loudness normalised (`loudnorm`).

pub mod formats;
pub mod reframe;

pub use reframe::{Focus, reframe_chain};

use super::loudness::LoudnessPass;
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
    /// Normalise the loudness (see [`loudness`](super::loudness)).
    pub loudness: LoudnessPass,
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
/// The music bed fades in over this, and out over [`MUSIC_FADE_OUT`] before the video ends
/// (a quarter of the video at most each), so a trimmed or looped track never starts or stops
/// abruptly.
const MUSIC_FADE_IN: Duration = Duration::from_millis(500);
const MUSIC_FADE_OUT: Duration = Duration::from_millis(1500);

/// The music bed's fades for a video of `total`.
fn music_fades(total: Duration) -> String {
    let (fade_in, fade_out) = (MUSIC_FADE_IN.min(total / 4), MUSIC_FADE_OUT.min(total / 4));
    format!(
        "afade=t=in:d={},afade=t=out:st={}:d={}",
        secs(fade_in),
        secs(total - fade_out),
        secs(fade_out)
    )
}
/// The common audio format of every branch.
const AUDIO_FORMAT: &str = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The per-clip video chain normalising to the preset; a held clip repeats its last frame.
pub fn normalise_video(preset: ExportPreset, fit: FrameFit, clip: GraphClip) -> String {
    normalise_video_framed(preset, fit, Focus::CENTRE, clip, "")
}

/// [`normalise_video`] cropping around `focus`; `tag` keeps the reframe's inner labels unique
/// within one graph (see [`reframe_chain`]).
pub fn normalise_video_framed(
    preset: ExportPreset,
    fit: FrameFit,
    focus: Focus,
    clip: GraphClip,
    tag: &str,
) -> String {
    let (w, h) = preset.size();
    let shape = reframe_chain(w, h, fit, focus, tag);
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
            normalise_video_framed(preset, fit, Focus::CENTRE, *clip, &i.to_string()),
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
    video = overlay_captions(&mut g, &video, captions);
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

/// Overlay each pre-drawn caption on `video` while its cue is on screen (times on that
/// stream's own clock); returns the label of the captioned stream.
pub fn overlay_captions(g: &mut String, video: &str, captions: &[CaptionOverlay]) -> String {
    let mut video = video.to_owned();
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
    video
}

/// The audio of [`assembly_graph`] alone (the same clips, join and mix), for the loudness
/// measuring pass; returns the graph and its output label.
pub fn assembly_audio_graph(
    clips: &[GraphClip],
    transition: Transition,
    timeline: &Timeline,
    audio: GraphAudio,
) -> (String, String) {
    let mut g = String::new();
    for (i, clip) in clips.iter().enumerate() {
        let _ = write!(g, "{}[a{i}];", normalise_audio(i, *clip));
    }
    let mut sound = "a0".to_owned();
    match transition.xfade_name() {
        _ if clips.len() == 1 => {}
        None => {
            for i in 0..clips.len() {
                let _ = write!(g, "[a{i}]");
            }
            let _ = write!(g, "concat=n={}:v=0:a=1[acat];", clips.len());
            sound = "acat".to_owned();
        }
        Some(_) => {
            let d = secs(timeline.overlap);
            for i in 1..clips.len() {
                let _ = write!(g, "[{sound}][a{i}]acrossfade=d={d}:c1=tri:c2=tri[ax{i}];");
                sound = format!("ax{i}");
            }
        }
    }
    let label = finish_audio(&mut g, &sound, timeline.total, audio);
    if g.ends_with(';') {
        g.pop();
    }
    (g, label)
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
    let Some(loudnorm) = audio.loudness.filter() else {
        return mixed;
    };
    let _ = write!(g, "[{mixed}]{loudnorm},aresample=48000[aout];");
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
            "[{music}:a]aresample=48000,{AUDIO_FORMAT},volume={MUSIC_GAIN},atrim=duration={t},{}[music];",
            music_fades(total)
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
mod tests;
