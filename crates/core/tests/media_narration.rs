//! Narrated assembly for real (espeak-ng and ffmpeg): each segment's narration, spoken by the
//! offline voice, is heard in its segment's time range; a narration longer than its clip
//! holds the clip's last frame instead of being cut; the mix is normalised to −14 LUFS; the
//! captions change word by word inside the caption safe zone, each within 80 ms of the time
//! the voice reported for its word (checked in the written .ass), and nothing outside the
//! zone changes; the .srt holds each phrase once. A short, spiky mix (8 s of voice over a
//! music tone) still lands on −14 LUFS under −1 dBTP.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{flat_clip, grey_frame, make_tone, tools};
use reelforge_core::media::caption_files::parse_ass_events;
use reelforge_core::media::captions::{caption_zone, parse_srt};
use reelforge_core::media::narration_track::{ClipVoice, VOICE_TAIL};
use reelforge_core::media::{AssemblyRequest, Clip, ExportPreset, RunOptions, assemble};
use reelforge_core::protocol::ScriptLanguage;
use reelforge_core::voice::espeak::EspeakVoice;
use reelforge_core::voice::{VoiceSettings, narrate_segment};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// ffmpeg's measurement of `path`'s audio with `filter` (a measuring filter printing `key`).
fn measured(path: &Path, filter: &str, key: &str) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-vn", "-af", filter, "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.split_once(key))
        .filter_map(|(_, v)| {
            v.trim()
                .trim_end_matches(" dBFS")
                .trim_end_matches(" dB")
                .trim_end_matches(" LUFS")
                .parse()
                .ok()
        })
        .next_back()
        .unwrap_or_else(|| panic!("no `{key}` in {text}"))
}

fn mean_volume_db(path: &Path, from: Duration, to: Duration) -> f64 {
    let filter = format!(
        "atrim={:.3}:{:.3},volumedetect",
        from.as_secs_f64(),
        to.as_secs_f64()
    );
    measured(path, &filter, "mean_volume:")
}

#[tokio::test]
async fn narrated_segments_are_heard_held_to_fit_normalised_and_captioned_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("narration");
    let espeak = EspeakVoice::located(None);
    let french = VoiceSettings {
        voice: "fr".to_owned(),
        language: ScriptLanguage::Fr,
        speed_percent: 100,
    };
    let segments = [
        // About 3.5 s of speech over a 2 s clip: the clip must hold its last frame.
        (
            "#203040",
            2.0,
            "[Hook] 3 astuces Python : la plupart des gens passent à côté.",
        ),
        ("#402030", 4.0, "(musique) Restez jusqu'au bout."),
        ("#204030", 3.0, "Abonnez-vous pour d'autres astuces."),
    ];
    let mut clips = Vec::new();
    for (i, (colour, secs, narration)) in segments.iter().enumerate() {
        let path = flat_clip(dir.path(), &format!("c{i}.mp4"), colour, *secs);
        let audio = narrate_segment(&espeak, &french, narration, &cache)
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
    let voice0 = clips[0].voice.clone().unwrap();
    assert!(
        voice0.duration > Duration::from_secs(2),
        "{:?}",
        voice0.duration
    );

    let out = dir.path().join("narrated.mp4");
    let preset = ExportPreset::DraftVertical720;
    let mut request = AssemblyRequest::new(clips.clone(), &out, preset);
    request.burn_captions = true;
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    let spans = &done.timeline.spans;

    // The long narration holds the first clip until it has been said, plus the tail.
    let first = spans[0].end - spans[0].start;
    assert_eq!(first, voice0.duration + VOICE_TAIL);
    assert_eq!(spans[1].end - spans[1].start, Duration::from_secs(4));
    let seconds = done.info.duration.as_secs_f64();
    assert!(
        (seconds - done.timeline.total.as_secs_f64()).abs() < 0.1,
        "{seconds}"
    );

    // Speech in every segment's range; the whole at −14 LUFS.
    for (i, span) in spans.iter().enumerate() {
        let mean = mean_volume_db(&out, span.start, span.end);
        eprintln!("segment {}: mean volume {mean:.1} dB", i + 1);
        assert!(mean > -35.0, "segment {} is silent: {mean} dB", i + 1);
    }
    let lufs = measured(&out, "ebur128", "I:");
    eprintln!("integrated loudness {lufs:.1} LUFS");
    assert!((lufs + 14.0).abs() <= 1.0, "{lufs} LUFS");

    // The .ass has one event per spoken word, each starting within 80 ms of the time the
    // voice reported for that word (placed on the timeline, held frames included).
    let ass = std::fs::read_to_string(done.ass.as_ref().unwrap()).unwrap();
    let events = parse_ass_events(&ass);
    let words: Vec<(Duration, &str)> = clips
        .iter()
        .zip(spans)
        .flat_map(|(clip, span)| {
            let voice = clip.voice.as_ref().unwrap();
            voice
                .words
                .iter()
                .map(move |w| (span.start + w.start, w.text.as_str()))
        })
        .collect();
    assert_eq!(events.len(), words.len());
    for ((start, _, text), (word_start, word)) in events.iter().zip(&words) {
        let shown = text.to_uppercase();
        assert!(shown.contains(&word.to_uppercase()), "{text} lacks {word}");
        let gap = start.abs_diff(*word_start);
        assert!(
            gap <= Duration::from_millis(80),
            "{word}: shown at {start:?}, spoken at {word_start:?}"
        );
    }
    // The .srt has one cue per phrase: no cue repeats the one before it.
    let cues = parse_srt(&std::fs::read_to_string(done.srt.as_ref().unwrap()).unwrap());
    assert!(cues.len() < words.len(), "{cues:?}");
    for pair in cues.windows(2) {
        assert!(
            pair[0].text != pair[1].text || pair[0].end != pair[1].start,
            "a phrase repeated: {pair:?}"
        );
    }
    let srt_words: usize = cues.iter().map(|c| c.text.split_whitespace().count()).sum();
    assert_eq!(srt_words, words.len(), "every word once in the .srt");

    // Two words' frames: the caption zone differs, nothing outside it does.
    let (w, h) = preset.size();
    let zone = caption_zone(preset);
    let mid = |k: usize| (events[k].0 + (events[k].1 - events[k].0) / 2).as_secs_f64();
    let a = grey_frame(&out, mid(0), w, h);
    let b = grey_frame(&out, mid(1), w, h);
    let (mut inside, mut outside_max, mut outside_sum, mut outside_n) = (0u64, 0u8, 0u64, 0u64);
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) as usize;
            let diff = a[i].abs_diff(b[i]);
            let in_zone = (zone.x..zone.x + zone.width).contains(&x)
                && (zone.y..zone.y + zone.height).contains(&y);
            if in_zone {
                inside += u64::from(diff);
            } else {
                outside_max = outside_max.max(diff);
                outside_sum += u64::from(diff);
                outside_n += 1;
            }
        }
    }
    let inside_mean = inside as f64 / f64::from(zone.width * zone.height);
    let outside_mean = outside_sum as f64 / outside_n as f64;
    eprintln!("zone diff {inside_mean:.3}, outside mean {outside_mean:.4} max {outside_max}");
    assert!(
        inside_mean > 0.5,
        "the caption did not change between two words"
    );
    assert!(
        outside_max <= 4 && outside_mean < 0.05,
        "outside the zone changed"
    );
}

#[tokio::test]
async fn a_short_spiky_voice_over_music_lands_on_the_target_under_the_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let espeak = EspeakVoice::located(None);
    let english = VoiceSettings {
        voice: "en-us".to_owned(),
        language: ScriptLanguage::En,
        speed_percent: 100,
    };
    let narration =
        "Three Python tips most people miss. Stay to the end, it gets better, I promise.";
    let audio = narrate_segment(&espeak, &english, narration, &dir.path().join("voice"))
        .await
        .unwrap()
        .unwrap();
    let clip = Clip {
        path: flat_clip(dir.path(), "c0.mp4", "#203040", 8.0),
        narration: Some(audio.spoken.clone()),
        label: "segment 1".to_owned(),
        voice: Some(ClipVoice {
            wav: audio.wav,
            duration: audio.duration,
            words: audio.words,
        }),
    };
    let out = dir.path().join("spiky.mp4");
    let mut request = AssemblyRequest::new(vec![clip], &out, ExportPreset::DraftVertical720);
    request.audio.music = Some(make_tone(dir.path(), "tone.m4a", 220, 12.0));
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert!(done.timeline.total >= Duration::from_secs(8));

    let lufs = measured(&out, "ebur128=peak=true", "I:");
    let true_peak = measured(&out, "ebur128=peak=true", "Peak:");
    eprintln!("spiky mix: {lufs:.1} LUFS, {true_peak:.1} dBTP");
    assert!((lufs + 14.0).abs() <= 1.0, "{lufs} LUFS");
    assert!(true_peak <= -1.0, "{true_peak} dBTP");
}
