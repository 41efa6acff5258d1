//! Burned captions with the segment cache, for real (espeak-ng and ffmpeg): each clip's word
//! captions are burned into its own cached segment, the picture matches the single-encode
//! path's at every word (so cues stay on the final timeline, held frames included), and
//! re-assembling after replacing one take, or changing one segment's words, encodes only that
//! segment.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{flat_clip, grey_frame, tools};
use reelforge_core::media::caption_files::parse_ass_events;
use reelforge_core::media::captions::caption_zone;
use reelforge_core::media::narration_track::ClipVoice;
use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, Clip, ExportPreset, RunOptions, SegmentCache, assemble,
};
use reelforge_core::protocol::ScriptLanguage;
use reelforge_core::voice::espeak::EspeakVoice;
use reelforge_core::voice::{VoiceSettings, narrate_segment};
use std::time::Duration;

/// Cached segments on disk.
fn cached_segments(cache: &SegmentCache) -> usize {
    std::fs::read_dir(cache.dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".mp4") && !name.starts_with('.')
        })
        .count()
}

/// Mean absolute grey difference of two frames inside the caption zone.
fn zone_diff(a: &[u8], b: &[u8], preset: ExportPreset) -> f64 {
    let (w, _) = preset.size();
    let zone = caption_zone(preset);
    let mut sum = 0u64;
    for y in zone.y..zone.y + zone.height {
        for x in zone.x..zone.x + zone.width {
            let i = (y * w + x) as usize;
            sum += u64::from(a[i].abs_diff(b[i]));
        }
    }
    sum as f64 / f64::from(zone.width * zone.height)
}

#[tokio::test]
async fn burned_captions_live_in_each_segment_and_reassembly_encodes_only_the_changed_one() {
    let dir = tempfile::tempdir().unwrap();
    let espeak = EspeakVoice::located(None);
    let english = VoiceSettings {
        voice: "en-us".to_owned(),
        language: ScriptLanguage::En,
        speed_percent: 100,
    };
    // The first narration is longer than its clip: its last frame is held.
    let segments = [
        ("#203040", 1.0, "Three Python tips most people miss."),
        ("#402030", 2.0, "Stay to the end."),
        ("#204030", 2.0, "Follow for more."),
    ];
    let mut clips = Vec::new();
    for (i, (colour, secs, narration)) in segments.iter().enumerate() {
        let path = flat_clip(dir.path(), &format!("c{i}.mp4"), colour, *secs);
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
    let preset = ExportPreset::DraftVertical720;
    let cache = SegmentCache::open(dir.path().join("segments"), 1 << 30).unwrap();
    let request = |clips: &[Clip], out: &str, cache: Option<&SegmentCache>| {
        let mut r = AssemblyRequest::new(clips.to_vec(), dir.path().join(out), preset);
        r.burn_captions = true;
        r.cache = cache.cloned();
        r
    };

    let cached = assemble(
        &tools(),
        &request(&clips, "cached.mp4", Some(&cache)),
        RunOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        cached.mode,
        AssemblyMode::Segments {
            reused: 0,
            encoded: 3
        }
    );
    assert_eq!(cached_segments(&cache), 3);
    assert!(
        cached.timeline.spans[0].end.as_secs_f64() > 1.5,
        "the first clip holds its last frame: {:?}",
        cached.timeline.spans[0]
    );

    // The single-encode path burns the same captions over the whole timeline: at every word
    // both pictures agree, and consecutive words differ in the caption zone.
    let single = assemble(
        &tools(),
        &request(&clips, "single.mp4", None),
        RunOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(single.mode, AssemblyMode::FilterGraph);
    assert_eq!(single.timeline, cached.timeline);
    // One .ass event per spoken word, as burned.
    let ass = std::fs::read_to_string(cached.ass.as_ref().unwrap()).unwrap();
    let cues: Vec<(Duration, Duration, String)> = parse_ass_events(&ass);
    assert!(cues.len() >= 10, "{cues:?}");
    let (w, h) = preset.size();
    let mut previous: Option<Vec<u8>> = None;
    for (k, cue) in cues.iter().enumerate() {
        let mid = (cue.0 + (cue.1 - cue.0) / 2).as_secs_f64();
        let ours = grey_frame(&cached.output, mid, w, h);
        let reference = grey_frame(&single.output, mid, w, h);
        let diff = zone_diff(&ours, &reference, preset);
        assert!(
            diff < 1.5,
            "cue {k} {cue:?}: segment burn differs by {diff:.2}"
        );
        if let Some(previous) = &previous {
            let change = zone_diff(previous, &ours, preset);
            assert!(
                change > 0.3,
                "cue {k} {cue:?} looks like the one before ({change:.3})"
            );
        }
        previous = Some(ours);
    }

    // Replace the second take: only its segment is encoded again.
    let mut replaced = clips.clone();
    replaced[1].path = flat_clip(dir.path(), "c1-new.mp4", "#305020", 2.0);
    let again = assemble(
        &tools(),
        &request(&replaced, "again.mp4", Some(&cache)),
        RunOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        again.mode,
        AssemblyMode::Segments {
            reused: 2,
            encoded: 1
        }
    );
    assert_eq!(cached_segments(&cache), 4);

    // Changing only the words of the third segment re-burns that segment alone.
    let mut reworded = replaced.clone();
    let voice = reworded[2].voice.as_mut().unwrap();
    voice.words[0].text = voice.words[0].text.to_uppercase() + "!";
    let reworded_run = assemble(
        &tools(),
        &request(&reworded, "reworded.mp4", Some(&cache)),
        RunOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        reworded_run.mode,
        AssemblyMode::Segments {
            reused: 2,
            encoded: 1
        }
    );
    assert_eq!(cached_segments(&cache), 5);
    let leftovers: Vec<String> = std::fs::read_dir(cache.dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "scratch files left: {leftovers:?}");
}
