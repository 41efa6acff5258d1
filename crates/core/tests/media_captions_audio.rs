//! Burned-in captions and the audio mix on generated clips: the caption shows in the caption
//! safe zone (the box every platform keeps clear) and nowhere else, looks as libass drawing it on the frame would, the music bed is ducked while the voice-over speaks, and
//! loudness is normalised in the same encode.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{ClipSpec, clip, grey_frame, make_clip, make_tone, rms_db, summary, tools};
use reelforge_core::media::captions::subtitles_filter;
use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, AudioMix, ExportPreset, RunOptions, assemble,
};
use std::path::Path;
use std::process::Command;

/// The frame of `path` at `at` s with `filter` applied at full size, then scaled to grey.
/// Seeks on the output side, so the filter sees the frame's own time.
fn filtered_grey_frame(path: &Path, at: f64, filter: &str, width: u32, height: u32) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-i"])
        .arg(path)
        .args(["-ss", &at.to_string(), "-frames:v", "1", "-vf"])
        .arg(format!("{filter},scale={width}:{height},format=gray"))
        .args(["-f", "rawvideo", "pipe:1"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Mean absolute difference of two grey frames over rows `from..to` (fractions of height).
fn row_band_diff(a: &[u8], b: &[u8], width: usize, from: f64, to: f64) -> f64 {
    let height = a.len() / width;
    let (r0, r1) = (
        (height as f64 * from) as usize,
        (height as f64 * to) as usize,
    );
    let range = r0 * width..r1 * width;
    let sum: u64 = a[range.clone()]
        .iter()
        .zip(&b[range.clone()])
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / range.len() as f64
}

#[tokio::test]
async fn burned_captions_appear_in_the_caption_safe_zone_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(360, 640, 30, 1.0));
    let b = make_clip(
        dir.path(),
        "b.mp4",
        ClipSpec::new(360, 640, 30, 1.0).silent(),
    );
    let clips = vec![
        clip(&a, 1, Some("WIDE CAPTION TEXT")),
        clip(&b, 2, Some("SECOND")),
    ];
    let plain_out = dir.path().join("plain.mp4");
    let burned_out = dir.path().join("burned.mp4");
    let mut plain = AssemblyRequest::new(clips.clone(), &plain_out, ExportPreset::DraftVertical720);
    plain.write_srt = false;
    let mut burned = AssemblyRequest::new(clips, &burned_out, ExportPreset::DraftVertical720);
    burned.burn_captions = true;
    assemble(&tools(), &plain, RunOptions::default())
        .await
        .unwrap();
    let done = assemble(&tools(), &burned, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(done.mode, AssemblyMode::FilterGraph);
    assert!(done.srt.is_some_and(|p| p.exists()));
    assert!(!dir.path().join("plain.srt").exists());
    let s = summary(&burned_out);
    assert_eq!((s.width, s.height), (720, 1280));

    let (w, h) = (90, 160);
    let plain_frame = grey_frame(&plain_out, 0.5, w, h);
    let burned_frame = grey_frame(&burned_out, 0.5, w, h);
    // The zone: rows 40 %–65 % (y 768–1248 of 1920); below it, the platforms' controls.
    let caption_band = row_band_diff(&plain_frame, &burned_frame, w as usize, 0.40, 0.65);
    let top = row_band_diff(&plain_frame, &burned_frame, w as usize, 0.0, 0.40);
    let ui_zone = row_band_diff(&plain_frame, &burned_frame, w as usize, 0.65, 1.0);
    eprintln!("caption band {caption_band:.2}, top {top:.2}, ui zone {ui_zone:.2}");
    assert!(caption_band > 3.0, "caption band diff {caption_band}");
    assert!(top < 1.5, "above the zone diff {top}");
    assert!(ui_zone < 1.5, "bottom UI zone diff {ui_zone}");
}

#[tokio::test]
async fn burned_captions_look_as_libass_drawing_each_frame_would() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(720, 1280, 30, 1.0));
    let b = make_clip(dir.path(), "b.mp4", ClipSpec::new(480, 640, 24, 1.0));
    let clips = vec![
        clip(&a, 1, Some("Les trois erreurs qui coûtent cher")),
        clip(
            &b,
            2,
            Some("Second caption, a longer line that has to wrap onto two"),
        ),
    ];
    let plain_out = dir.path().join("plain.mp4");
    let burned_out = dir.path().join("burned.mp4");
    let preset = ExportPreset::DraftVertical720;
    let plain = AssemblyRequest::new(clips.clone(), &plain_out, preset);
    let mut burned = AssemblyRequest::new(clips, &burned_out, preset);
    burned.burn_captions = true;
    assemble(&tools(), &plain, RunOptions::default())
        .await
        .unwrap();
    assemble(&tools(), &burned, RunOptions::default())
        .await
        .unwrap();
    // The reference: libass drawing the same .ass (the same look) on the plain video.
    let libass = subtitles_filter(&dir.path().join("plain.ass"), preset);
    let (w, h) = (180, 320);
    for at in [0.5, 1.5] {
        let ours = grey_frame(&burned_out, at, w, h);
        let reference = filtered_grey_frame(&plain_out, at, &libass, w, h);
        let without = grey_frame(&plain_out, at, w, h);
        let vs_libass = row_band_diff(&ours, &reference, w as usize, 0.5, 0.85);
        let vs_plain = row_band_diff(&ours, &without, w as usize, 0.5, 0.85);
        eprintln!("t={at}: caption band vs libass {vs_libass:.2}, vs no caption {vs_plain:.2}");
        assert!(vs_plain > 3.0, "no caption drawn at {at} s: {vs_plain}");
        assert!(
            vs_libass < 1.0,
            "caption differs from libass at {at} s: {vs_libass}"
        );
    }
    // Nothing of the drawing is left beside the output.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn music_is_ducked_under_the_voice_over_and_loudness_normalised() {
    let dir = tempfile::tempdir().unwrap();
    // Silent takes, so the output audio is only the voice-over and the music bed.
    let a = make_clip(
        dir.path(),
        "a.mp4",
        ClipSpec::new(160, 284, 30, 2.0).silent(),
    );
    let b = make_clip(
        dir.path(),
        "b.mp4",
        ClipSpec::new(160, 284, 30, 2.0).silent(),
    );
    // A short bed (looped to the video) and a voice-over for the first 1.5 s only.
    let music = make_tone(dir.path(), "music.m4a", 220, 1.0);
    let voice = make_tone(dir.path(), "voice.m4a", 2000, 1.5);
    let clips = vec![clip(&a, 1, None), clip(&b, 2, None)];
    let music_band = "bandpass=f=220:width_type=q:w=8,bandpass=f=220:width_type=q:w=8";

    let mut ducked_req = AssemblyRequest::new(
        clips.clone(),
        dir.path().join("ducked.mp4"),
        ExportPreset::DraftVertical720,
    );
    ducked_req.audio = AudioMix {
        music: Some(music.clone()),
        voice: Some(voice),
        normalize_loudness: false,
    };
    let ducked = assemble(&tools(), &ducked_req, RunOptions::default())
        .await
        .unwrap();
    let s = summary(&ducked.output);
    assert!((s.duration - 4.0).abs() < 0.15, "{s:?}");
    let under_voice = rms_db(&ducked.output, 0.5, 1.3, music_band);
    let after_voice = rms_db(&ducked.output, 2.5, 3.8, music_band);
    eprintln!("music under voice {under_voice:.1} dB, after {after_voice:.1} dB");
    assert!(
        after_voice - under_voice > 6.0,
        "music under the voice {under_voice:.1} dB, after it {after_voice:.1} dB"
    );
    // The bed is looped to the whole video: still playing in the last second.
    assert!(after_voice > -40.0, "{after_voice}");

    let mut loud_req = AssemblyRequest::new(
        clips,
        dir.path().join("loud.mp4"),
        ExportPreset::DraftVertical720,
    );
    loud_req.audio = AudioMix {
        music: Some(music),
        voice: None,
        normalize_loudness: true,
    };
    let mut silent_music = loud_req.clone();
    silent_music.audio.music = Some(a.clone());
    let err = assemble(&tools(), &silent_music, RunOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("music: "), "{err}");
    assert!(
        err.to_string().ends_with("a.mp4 has no audio stream"),
        "{err}"
    );
    let loud = assemble(&tools(), &loud_req, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary(&loud.output).sample_rate, Some(48_000));
    let quiet = rms_db(&ducked.output, 2.5, 3.8, "anull");
    let normalised = rms_db(&loud.output, 2.5, 3.8, "anull");
    eprintln!("loudness {quiet:.1} dB -> {normalised:.1} dB");
    assert!(
        normalised - quiet > 3.0,
        "loudnorm lifts the quiet bed: {quiet:.1} dB → {normalised:.1} dB"
    );
}
