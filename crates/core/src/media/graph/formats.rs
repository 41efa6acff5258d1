//! The filter graph of a multi-format export (pure): the clips decoded once, each picture
//! split into one branch per format, reframed to that format ([`reframe`](super::reframe))
//! and joined, with that format's captions overlaid; the audio joined and mixed once, then
//! split and normalised to each format's loudness target.

use super::{CaptionOverlay, Focus, GraphAudio, GraphClip, mix_audio, normalise_audio};
use super::{normalise_video_framed, overlay_captions, secs};
use crate::media::loudness::LoudnessPass;
use crate::media::preset::{ExportPreset, FrameFit};
use crate::media::timeline::{Timeline, Transition};
use std::fmt::Write as _;

/// One output of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatBranch {
    pub preset: ExportPreset,
    pub fit: FrameFit,
    /// The `loudnorm` of this output (its own target), `None` to keep the mix as it is.
    pub loudnorm: Option<String>,
    /// Its captions, laid out in its own safe zone.
    pub captions: Vec<CaptionOverlay>,
}

/// The graph and each branch's (video, audio) output labels, in branch order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatsPlan {
    pub graph: String,
    pub outputs: Vec<(String, String)>,
}

/// Build the graph; clip `i` is ffmpeg input `i`, `focus[i]` its crop centre.
pub fn formats_graph(
    clips: &[GraphClip],
    focus: &[Focus],
    branches: &[FormatBranch],
    transition: Transition,
    timeline: &Timeline,
    audio: GraphAudio,
) -> FormatsPlan {
    let n = branches.len();
    let mut g = String::new();
    for (i, clip) in clips.iter().enumerate() {
        let outs: String = (0..n).map(|f| format!("[c{i}f{f}]")).collect();
        let _ = write!(g, "[{i}:v]split={n}{outs};");
        let point = focus.get(i).copied().unwrap_or_default();
        for (f, branch) in branches.iter().enumerate() {
            let chain =
                normalise_video_framed(branch.preset, branch.fit, point, *clip, &format!("{i}f{f}"));
            let _ = write!(g, "[c{i}f{f}]{chain}[v{i}f{f}];");
        }
        let _ = write!(g, "{}[a{i}];", normalise_audio(i, *clip));
    }
    let mut videos = Vec::with_capacity(n);
    for (f, branch) in branches.iter().enumerate() {
        let labels: Vec<String> = (0..clips.len()).map(|i| format!("v{i}f{f}")).collect();
        let joined = join_video(&mut g, &labels, transition, timeline, &format!("f{f}"));
        videos.push(overlay_branch_captions(&mut g, &joined, &branch.captions, f));
    }
    let labels: Vec<String> = (0..clips.len()).map(|i| format!("a{i}")).collect();
    let sound = join_audio(&mut g, &labels, transition, timeline);
    let mixed = mix_audio(&mut g, &sound, timeline.total, GraphAudio {
        loudness: LoudnessPass::Off,
        ..audio
    });
    let splits: Vec<String> = match n {
        1 => vec![mixed],
        _ => {
            let outs: Vec<String> = (0..n).map(|f| format!("as{f}")).collect();
            let list: String = outs.iter().map(|l| format!("[{l}]")).collect();
            let _ = write!(g, "[{mixed}]asplit={n}{list};");
            outs
        }
    };
    let mut outputs = Vec::with_capacity(n);
    for ((f, branch), split) in branches.iter().enumerate().zip(splits) {
        let sound = match &branch.loudnorm {
            Some(filter) => {
                let _ = write!(g, "[{split}]{filter},aresample=48000[aout{f}];");
                format!("aout{f}")
            }
            None => split,
        };
        outputs.push((videos[f].clone(), sound));
    }
    if g.ends_with(';') {
        g.pop();
    }
    FormatsPlan { graph: g, outputs }
}

/// The branch's captions over its joined picture, labels kept apart from other branches'.
fn overlay_branch_captions(g: &mut String, video: &str, captions: &[CaptionOverlay], f: usize) -> String {
    let mut own = String::new();
    let label = overlay_captions(&mut own, video, captions);
    // overlay_captions names its steps cap0, cap1…: make them this branch's.
    let own = own.replace("[cap", &format!("[f{f}cap"));
    g.push_str(&own);
    match captions.is_empty() {
        true => label,
        false => label.replacen("cap", &format!("f{f}cap"), 1),
    }
}

/// Join the clips' pictures by cut or transition; returns the joined label.
fn join_video(
    g: &mut String,
    labels: &[String],
    transition: Transition,
    timeline: &Timeline,
    suffix: &str,
) -> String {
    match transition.xfade_name() {
        _ if labels.len() == 1 => labels[0].clone(),
        None => {
            for label in labels {
                let _ = write!(g, "[{label}]");
            }
            let _ = write!(g, "concat=n={}:v=1:a=0[vcat{suffix}];", labels.len());
            format!("vcat{suffix}")
        }
        Some(name) => {
            let d = secs(timeline.overlap);
            let mut video = labels[0].clone();
            for (i, label) in labels.iter().enumerate().skip(1) {
                let offset = secs(timeline.transition_offset(i));
                let _ = write!(
                    g,
                    "[{video}][{label}]xfade=transition={name}:duration={d}:offset={offset}[vx{i}{suffix}];"
                );
                video = format!("vx{i}{suffix}");
            }
            video
        }
    }
}

/// Join the clips' sound by cut or crossfade; returns the joined label.
fn join_audio(g: &mut String, labels: &[String], transition: Transition, timeline: &Timeline) -> String {
    match transition.xfade_name() {
        _ if labels.len() == 1 => labels[0].clone(),
        None => {
            for label in labels {
                let _ = write!(g, "[{label}]");
            }
            let _ = write!(g, "concat=n={}:v=0:a=1[acat];", labels.len());
            "acat".to_owned()
        }
        Some(_) => {
            let d = secs(timeline.overlap);
            let mut sound = labels[0].clone();
            for (i, label) in labels.iter().enumerate().skip(1) {
                let _ = write!(g, "[{sound}][{label}]acrossfade=d={d}:c1=tri:c2=tri[ax{i}];");
                sound = format!("ax{i}");
            }
            sound
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn clip() -> GraphClip {
        GraphClip {
            duration: Duration::from_secs(2),
            has_audio: false,
            held: Duration::ZERO,
        }
    }

    #[test]
    fn each_clip_is_decoded_once_and_split_per_format() {
        let clips = [clip(), clip()];
        let timeline = Timeline::new(&[clips[0].duration, clips[1].duration], Transition::Cut);
        let branch = |preset, fit, loudnorm: Option<&str>| FormatBranch {
            preset,
            fit,
            loudnorm: loudnorm.map(str::to_owned),
            captions: vec![CaptionOverlay {
                input: 2,
                x: 10,
                y: 20,
                start: Duration::ZERO,
                end: Duration::from_secs(1),
            }],
        };
        let plan = formats_graph(
            &clips,
            &[Focus::CENTRE, Focus::new(100, 500)],
            &[
                branch(ExportPreset::Vertical1080, FrameFit::Blur, Some("loudnorm=I=-14")),
                branch(ExportPreset::Landscape1080, FrameFit::Fill, None),
            ],
            Transition::Cut,
            &timeline,
            GraphAudio::default(),
        );
        let g = &plan.graph;
        assert!(g.contains("[0:v]split=2[c0f0][c0f1];"), "{g}");
        assert!(g.contains("[1:v]split=2[c1f0][c1f1];"), "{g}");
        assert!(g.contains("[v0f1][v1f1]concat=n=2:v=1:a=0[vcatf1]"), "{g}");
        assert!(g.contains("[c1f1]crop='trunc(min(iw,ih*1920/1080)/2)*2':'trunc(min(ih,iw*1080/1920)/2)*2':'min(max(iw*0.100"), "the second clip's focus: {g}");
        assert!(g.contains("[bg0f0][fg0f0]overlay"), "the blurred fill: {g}");
        assert!(g.contains("asplit=2[as0][as1]"), "{g}");
        assert_eq!(plan.outputs[0], ("f0cap0".to_owned(), "aout0".to_owned()));
        assert_eq!(plan.outputs[1], ("f1cap0".to_owned(), "as1".to_owned()));
        assert!(g.contains("[vcatf1][2:v]overlay") && g.contains("[f1cap0]"), "{g}");
        // Every label is produced once.
        for (video, _) in &plan.outputs {
            assert_eq!(g.matches(&format!("[{video}]")).count(), 1, "{video} in {g}");
        }
    }
}
