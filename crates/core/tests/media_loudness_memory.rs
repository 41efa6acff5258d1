//! Loudness measured once per mix, for real (espeak-ng and ffmpeg): a narrated assembly
//! through the segment cache measures its mix and remembers the figures; replacing a
//! silent take by another silent take of the same length keeps the mix, so re-assembling
//! reuses them (no new measurement) and still lands at −14 ± 1 LUFS; a take bringing its own
//! sound changes the mix and is measured again; clearing the cache forgets them.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{ClipSpec, flat_clip, make_clip, tools};
use reelforge_core::media::narration_track::ClipVoice;
use reelforge_core::media::{
    AssemblyRequest, Clip, ExportPreset, RunOptions, SegmentCache, assemble,
};
use reelforge_core::protocol::ScriptLanguage;
use reelforge_core::voice::espeak::EspeakVoice;
use reelforge_core::voice::{VoiceSettings, narrate_segment};
use std::path::Path;
use std::process::Command;

/// Integrated loudness of `path` (ffmpeg's ebur128).
fn integrated_lufs(path: &Path) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-vn", "-af", "ebur128", "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.split_once("I:"))
        .filter_map(|(_, v)| v.trim().trim_end_matches(" LUFS").parse().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no integrated loudness in {text}"))
}

/// Measurements remembered in the cache folder.
fn remembered(cache: &SegmentCache) -> usize {
    std::fs::read_dir(cache.dir().join("loudness")).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .count()
    })
}

#[tokio::test]
async fn a_mix_is_measured_once_and_its_figures_reused_while_its_audio_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let espeak = EspeakVoice::located(None);
    let english = VoiceSettings {
        voice: "en-us".to_owned(),
        language: ScriptLanguage::En,
        speed_percent: 100,
    };
    let segments = [
        ("#203040", "Three Python tips most people miss."),
        ("#402030", "Stay to the end, it gets better."),
    ];
    let mut clips = Vec::new();
    for (i, (colour, narration)) in segments.iter().enumerate() {
        let path = flat_clip(dir.path(), &format!("c{i}.mp4"), colour, 4.0);
        let audio = narrate_segment(&espeak, &english, narration, &dir.path().join("voice"))
            .await
            .unwrap()
            .unwrap();
        clips.push(Clip {
            path,
            narration: Some(audio.spoken.clone()),
            label: format!("segment {}", i + 1),
            voice: Some(ClipVoice {
                wav: audio.wav,
                duration: audio.duration,
                words: audio.words,
            }),
        });
    }
    let cache = SegmentCache::open(dir.path().join("segments"), 1 << 30).unwrap();
    let assembled = |clips: Vec<Clip>, out: &str| {
        let mut request =
            AssemblyRequest::new(clips, dir.path().join(out), ExportPreset::DraftVertical720);
        request.burn_captions = true;
        request.cache = Some(cache.clone());
        async move {
            assemble(&tools(), &request, RunOptions::default())
                .await
                .unwrap()
        }
    };

    let first = assembled(clips.clone(), "first.mp4").await;
    assert_eq!(remembered(&cache), 1, "the mix was measured and remembered");
    let lufs = integrated_lufs(&first.output);
    assert!((lufs + 14.0).abs() <= 1.0, "first: {lufs} LUFS");

    // Another silent take of the same length: a new segment, the same mix.
    let mut replaced = clips.clone();
    replaced[1].path = flat_clip(dir.path(), "c1-again.mp4", "#a0a040", 4.0);
    let again = assembled(replaced.clone(), "again.mp4").await;
    assert_eq!(
        again.mode,
        reelforge_core::media::AssemblyMode::Segments {
            reused: 1,
            encoded: 1
        }
    );
    assert_eq!(
        remembered(&cache),
        1,
        "the figures were reused, nothing measured"
    );
    let lufs = integrated_lufs(&again.output);
    assert!((lufs + 14.0).abs() <= 1.0, "re-assembled: {lufs} LUFS");

    // A take with its own sound changes the mix: measured again, still on target.
    replaced[1].path = make_clip(dir.path(), "c1-tone.mp4", ClipSpec::new(360, 640, 30, 4.0));
    let sounding = assembled(replaced, "sounding.mp4").await;
    assert_eq!(remembered(&cache), 2, "a new mix is measured");
    let lufs = integrated_lufs(&sounding.output);
    assert!(
        (lufs + 14.0).abs() <= 1.0,
        "with the take's sound: {lufs} LUFS"
    );

    cache.clear().unwrap();
    assert_eq!(
        remembered(&cache),
        0,
        "clearing the cache forgets the figures"
    );
}
