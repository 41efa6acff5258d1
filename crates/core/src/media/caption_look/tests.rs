use super::*;
use std::time::Duration;

fn cue(text: &str, active: Option<usize>) -> CaptionCue {
    CaptionCue {
        start: Duration::ZERO,
        end: Duration::from_millis(300),
        text: text.to_owned(),
        active_word: active,
    }
}

#[test]
fn each_platform_has_its_own_box_inside_the_frame() {
    let all = caption_zone_for(ExportPreset::Vertical1080, CaptionPlatform::All);
    assert_eq!(
        (all.x, all.y, all.x + all.width, all.y + all.height),
        (120, 768, 888, 1248)
    );
    let tiktok = caption_zone_for(ExportPreset::Vertical1080, CaptionPlatform::Tiktok);
    assert_eq!((tiktok.x, tiktok.x + tiktok.width), (60, 916));
    assert_eq!(tiktok.y + tiktok.height, 1920 - 350, "clear of TikTok's caption bar");
    let reels = caption_zone_for(ExportPreset::Vertical1080, CaptionPlatform::Reels);
    assert_eq!(reels.y + reels.height, 1920 - 450);
    assert_eq!(1080 - (reels.x + reels.width), 120, "clear of the right rail");
    let shorts = caption_zone_for(ExportPreset::Vertical1080, CaptionPlatform::Shorts);
    assert_eq!(shorts.y + shorts.height, 1920 - 300);
    let zones = [all, tiktok, reels, shorts];
    for (i, a) in zones.iter().enumerate() {
        assert!(a.x + a.width <= 1080 && a.y + a.height <= 1920 && a.y >= 220);
        for b in &zones[i + 1..] {
            assert_ne!(a, b);
        }
    }
    let draft = caption_zone_for(ExportPreset::DraftVertical720, CaptionPlatform::Tiktok);
    assert_eq!((draft.x, draft.y + draft.height), (40, 1046));
    let wide = caption_zone_for(ExportPreset::Landscape1080, CaptionPlatform::Shorts);
    assert_eq!(
        wide,
        caption_zone_for(ExportPreset::Landscape1080, CaptionPlatform::All)
    );
}

#[test]
fn the_header_holds_the_style_font_and_zone() {
    let look = CaptionLook::new(
        CaptionStyle::BoldPop,
        CaptionPlatform::All,
        ExportPreset::Vertical1080,
    );
    let header = look.ass_header();
    assert!(header.contains("PlayResX: 1080\nPlayResY: 1920\n"), "{header}");
    assert!(
        header.contains(
            "Style: bold-pop,DejaVu Sans,75,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,-1,"
        ),
        "{header}"
    );
    // Bottom-centred, inside x 120–888 and above y 1248, room for the outline.
    assert!(header.contains(",1,7,2,2,132,204,684,1\n"), "{header}");
    assert!(header.ends_with("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"));
    let clean = CaptionLook {
        style: CaptionStyle::CleanSubtitle,
        ..look
    };
    assert!(clean.ass_header().contains(",0,0,0,0,100,100,0,0,3,"), "a box behind plain text");
    let keys: Vec<String> = CaptionStyle::ALL
        .iter()
        .map(|s| CaptionLook { style: *s, ..look }.key())
        .chain([CaptionLook {
            platform: CaptionPlatform::Tiktok,
            ..look
        }
        .key()])
        .collect();
    // `None` draws (its .ass) as a clean subtitle; every burned look has its own key.
    assert_eq!(keys[3].replace("none", "clean-subtitle"), keys[2]);
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn each_style_shows_the_spoken_word_its_own_way() {
    let look = |style| CaptionLook::new(style, CaptionPlatform::All, ExportPreset::Vertical1080);
    let spoken = cue("trois astuces {Python}", Some(1));
    assert_eq!(
        look(CaptionStyle::BoldPop).styled_text(&spoken),
        "TROIS {\\c&H1FD2FF&\\fscx115\\fscy115}ASTUCES{\\r} (PYTHON)"
    );
    assert_eq!(
        look(CaptionStyle::Karaoke).styled_text(&spoken),
        "{\\c&HA0E03D&}trois{\\r} {\\c&HA0E03D&}astuces{\\r} (Python)"
    );
    assert_eq!(
        look(CaptionStyle::CleanSubtitle).styled_text(&spoken),
        "trois astuces (Python)"
    );
    assert!(look(CaptionStyle::CleanSubtitle).shows_phrases());
    assert!(!look(CaptionStyle::Karaoke).shows_phrases());
    assert_eq!(
        look(CaptionStyle::BoldPop).styled_text(&cue("déjà l'été", None)),
        "DÉJÀ L'ÉTÉ"
    );
}
