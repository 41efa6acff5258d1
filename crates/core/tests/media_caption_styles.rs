//! Caption styles and platform safe zones, burned for real (espeak-ng, ffmpeg, libass): every
//! style draws the same word differently, `none` draws nothing, a platform moves the
//! captions into its own zone, and the font the styles name covers French.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{flat_clip, grey_frame, tools};
use reelforge_core::media::caption_files::parse_ass_events;
use reelforge_core::media::caption_look::{CAPTION_FONT, caption_zone_for};
use reelforge_core::media::narration_track::ClipVoice;
use reelforge_core::media::{
    AssemblyRequest, Clip, ExportPreset, RunOptions, SegmentCache, assemble,
};
use reelforge_core::protocol::{CaptionPlatform, CaptionStyle, ScriptLanguage};
use reelforge_core::voice::espeak::EspeakVoice;
use reelforge_core::voice::{VoiceSettings, narrate_segment};
use std::process::Command;

const PRESET: ExportPreset = ExportPreset::DraftVertical720;

/// The rows and columns where two frames differ by more than a little.
fn changed_box(a: &[u8], b: &[u8]) -> Option<(u32, u32, u32, u32)> {
    let (w, h) = PRESET.size();
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) as usize;
            if a[i].abs_diff(b[i]) > 24 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    (x1 > 0).then_some((x0, y0, x1, y1))
}

fn mean_diff(a: &[u8], b: &[u8]) -> f64 {
    let sum: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len() as f64
}

#[tokio::test]
async fn each_style_and_platform_draws_the_same_word_its_own_way() {
    let dir = tempfile::tempdir().unwrap();
    let english = VoiceSettings {
        voice: "en-us".to_owned(),
        language: ScriptLanguage::En,
        speed_percent: 100,
    };
    let audio = narrate_segment(
        &EspeakVoice::located(None),
        &english,
        "Three quick Python tips.",
        &dir.path().join("voice"),
    )
    .await
    .unwrap()
    .unwrap();
    let clip = Clip {
        path: flat_clip(dir.path(), "c.mp4", "#304050", 2.0),
        narration: Some(audio.spoken.clone()),
        label: "segment 1".to_owned(),
        voice: Some(ClipVoice {
            wav: audio.wav,
            duration: audio.duration,
            words: audio.words,
        }),
    };
    let cache = SegmentCache::open(dir.path().join("segments"), 1 << 30).unwrap();
    let mut frames = Vec::new();
    let looks = [
        (CaptionStyle::BoldPop, CaptionPlatform::All),
        (CaptionStyle::Karaoke, CaptionPlatform::All),
        (CaptionStyle::CleanSubtitle, CaptionPlatform::All),
        (CaptionStyle::None, CaptionPlatform::All),
        (CaptionStyle::BoldPop, CaptionPlatform::Tiktok),
    ];
    let mut at = None;
    for (k, (style, platform)) in looks.iter().enumerate() {
        let out = dir.path().join(format!("v{k}.mp4"));
        let mut request = AssemblyRequest::new(vec![clip.clone()], &out, PRESET);
        request.burn_captions = true;
        request.caption_style = *style;
        request.caption_platform = *platform;
        request.cache = Some(cache.clone());
        let done = assemble(&tools(), &request, RunOptions::default())
            .await
            .unwrap();
        let ass = std::fs::read_to_string(done.ass.as_ref().unwrap()).unwrap();
        assert!(
            ass.contains(&format!("Style: {},{CAPTION_FONT},", style.id())),
            "{ass}"
        );
        // The second spoken word of the first look, the same instant in every video.
        let at = *at.get_or_insert_with(|| {
            let events = parse_ass_events(&ass);
            (events[1].0 + (events[1].1 - events[1].0) / 2).as_secs_f64()
        });
        let (w, h) = PRESET.size();
        frames.push(grey_frame(&out, at, w, h));
    }
    let [bold, karaoke, clean, none, tiktok] = &frames[..] else {
        unreachable!()
    };
    // Every burned style differs from the others and from no captions.
    let burned = [bold, karaoke, clean, tiktok];
    for (i, a) in burned.iter().enumerate() {
        assert!(mean_diff(a, none) > 0.2, "look {i} drew nothing");
        for b in &burned[i + 1..] {
            assert!(mean_diff(a, b) > 0.05, "two looks drew alike");
        }
    }
    // Each caption lies in its platform's zone; TikTok's sits lower than the shared box.
    let inside = |drawn: (u32, u32, u32, u32), platform| {
        let zone = caption_zone_for(PRESET, platform);
        drawn.0 >= zone.x
            && drawn.2 <= zone.x + zone.width
            && drawn.1 >= zone.y
            && drawn.3 <= zone.y + zone.height
    };
    let all_box = changed_box(bold, none).expect("bold pop drew");
    let tiktok_box = changed_box(tiktok, none).expect("tiktok drew");
    assert!(inside(all_box, CaptionPlatform::All), "{all_box:?}");
    assert!(
        inside(tiktok_box, CaptionPlatform::Tiktok),
        "{tiktok_box:?}"
    );
    assert!(
        tiktok_box.3 > all_box.3 + 100,
        "{tiktok_box:?} vs {all_box:?}"
    );
}

#[test]
fn the_caption_font_is_installed_and_covers_french() {
    let run = |args: &[&str]| {
        let out = Command::new(args[0])
            .args(&args[1..])
            .output()
            .expect("fontconfig runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let pattern = format!("{CAPTION_FONT}:bold");
    let matched = run(&["fc-match", &pattern, "family"]);
    assert!(
        matched.contains(CAPTION_FONT),
        "{pattern} resolves to {matched}"
    );
    for style in ["Book", "Bold"] {
        let covering = run(&[
            "fc-list",
            &format!("{CAPTION_FONT}:style={style}:lang=fr"),
            "family",
        ]);
        assert!(
            !covering.trim().is_empty(),
            "{CAPTION_FONT} {style} lacks French"
        );
    }
    // The characters French captions need beyond fontconfig's orthography: ligatures,
    // guillemets, the typographic apostrophe and ellipsis.
    let charset = run(&[
        "fc-list",
        &format!("{CAPTION_FONT}:style=Bold:charset=153 e6 ab bb 2019 2026 c9 e7"),
        "family",
    ]);
    assert!(!charset.trim().is_empty(), "missing French characters");
}
