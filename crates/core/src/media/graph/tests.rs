//! The filter graph's text, checked piece by piece.

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
        loudness: LoudnessPass::SinglePass,
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
fn the_measuring_graph_is_the_audio_of_the_assembly_graph() {
    let clips = [clip(2000, true), clip(1500, false)];
    let tl = Timeline::new(&[clips[0].duration, clips[1].duration], Transition::Cut);
    let audio = GraphAudio {
        voice_input: Some(2),
        loudness: LoudnessPass::Measure,
        ..GraphAudio::default()
    };
    let (g, label) = assembly_audio_graph(&clips, Transition::Cut, &tl, audio);
    let full = assembly_graph(
        &clips,
        ExportPreset::Vertical1080,
        FrameFit::Fit,
        Transition::Cut,
        &tl,
        audio,
        &[],
    );
    assert!(!g.contains(":v]"), "{g}");
    assert!(g.contains("[a0][a1]concat=n=2:v=0:a=1[acat]"), "{g}");
    let tail = "[acat][voice]amix=inputs=2:duration=first:normalize=0[amix];\
                [amix]ebur128=peak=true:framelog=verbose,aresample=48000[aout]";
    assert!(g.ends_with(tail), "{g}");
    assert!(full.graph.ends_with(tail), "{}", full.graph);
    assert_eq!((label.as_str(), full.audio_label.as_str()), ("aout", "aout"));
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
        loudness: LoudnessPass::SinglePass,
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
    assert!(g.contains("scale=1080:1080,setsar=1") && g.contains("[0:v]crop="), "{g}");
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
    assert!(
        g.contains("atrim=duration=5.000,afade=t=in:d=0.500,afade=t=out:st=3.750:d=1.250[music]"),
        "the bed fades in and out within the video: {g}"
    );
    assert!(
        g.ends_with("[amix]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[aout]"),
        "{g}"
    );
    assert_eq!(
        (plan.video_label.as_str(), plan.audio_label.as_str()),
        ("cap1", "aout")
    );
}
