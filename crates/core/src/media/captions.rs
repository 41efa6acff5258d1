//! Captions from each segment's narration: cues timed from the real clip durations after
//! transitions (or word by word from the voice, see [`word_captions`](super::word_captions)),
//! written as SubRip (.srt), read back, and the readable style, inside the platform's safe
//! zone ([`caption_zone`]), in which the `subtitles` filter draws them for burning in (once per
//! cue, see [`caption_images`](super::caption_images)).

use super::preset::ExportPreset;
use super::timeline::Timeline;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// One caption on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionCue {
    pub start: Duration,
    pub end: Duration,
    pub text: String,
    /// The word of `text` being spoken (0-based, by whitespace), drawn highlighted.
    pub active_word: Option<usize>,
}

/// Colour of the spoken word in burned captions (SubRip `font` tag, which ffmpeg's SubRip
/// reader turns into an ASS colour).
const ACTIVE_WORD_COLOUR: &str = "#FFD21F";

impl CaptionCue {
    /// The text as drawn: the active word wrapped in a colour tag (SubRip markup).
    pub fn styled_text(&self) -> String {
        let Some(active) = self.active_word else {
            return self.text.clone();
        };
        self.text
            .split_whitespace()
            .enumerate()
            .map(|(i, word)| {
                if i == active {
                    format!("<font color=\"{ACTIVE_WORD_COLOUR}\">{word}</font>")
                } else {
                    word.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The rectangle of the frame burned captions are drawn in (and cropped to), in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptionZone {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// Where captions go. Vertical frames: the box every platform leaves clear, x 120–888 and
/// bottom edge at y 1248 of 1080×1920 (Meta Reels and Google vertical ad specs, the tightest;
/// TikTok, Reels and Shorts organic UI all lie outside it), the lower 480 px of it, scaled to
/// the frame. Other frames: the lower 40 %, 8 % from each side and from the bottom.
pub fn caption_zone(preset: ExportPreset) -> CaptionZone {
    let (w, h) = preset.size();
    let even = |v: u32| v & !1;
    if h > w {
        CaptionZone {
            x: even(w * 120 / 1080),
            y: even(h * 768 / 1920),
            width: even(w * 768 / 1080),
            height: even(h * 480 / 1920),
        }
    } else {
        let (x, bottom) = (even(w * 8 / 100), even(h * 8 / 100));
        let height = even(h * 40 / 100);
        CaptionZone {
            x,
            y: h - bottom - height,
            width: w - 2 * x,
            height,
        }
    }
}

/// One cue per clip that has narration; neighbouring cues switch at the middle of the
/// transition, so they never overlap.
pub fn caption_cues(narrations: &[Option<&str>], timeline: &Timeline) -> Vec<CaptionCue> {
    let half = timeline.overlap / 2;
    let last = timeline.spans.len().saturating_sub(1);
    narrations
        .iter()
        .zip(&timeline.spans)
        .enumerate()
        .filter_map(|(i, (text, span))| {
            let text = text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))?;
            if text.is_empty() {
                return None;
            }
            let start = if i == 0 {
                span.start
            } else {
                span.start + half
            };
            let end = if i == last { span.end } else { span.end - half };
            Some(CaptionCue {
                start,
                end,
                text,
                active_word: None,
            })
        })
        .collect()
}

/// `HH:MM:SS,mmm`.
fn srt_time(t: Duration) -> String {
    let ms = t.as_millis();
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The cues as a SubRip file.
pub fn to_srt(cues: &[CaptionCue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        let _ = write!(
            out,
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            srt_time(cue.start),
            srt_time(cue.end),
            cue.text
        );
    }
    out
}

fn parse_srt_time(text: &str) -> Option<Duration> {
    let (hms, ms) = text.trim().split_once(',')?;
    let mut parts = hms.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    let ms: u64 = ms.parse().ok()?;
    Some(Duration::from_millis(((h * 60 + m) * 60 + s) * 1000 + ms))
}

/// Read a SubRip file back (for checks and re-import); malformed blocks are skipped.
pub fn parse_srt(text: &str) -> Vec<CaptionCue> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .filter_map(|block| {
            let mut lines = block.trim().lines();
            let _index = lines.next()?;
            let (start, end) = lines.next()?.split_once("-->")?;
            let text = lines.collect::<Vec<_>>().join("\n");
            Some(CaptionCue {
                start: parse_srt_time(start)?,
                end: parse_srt_time(end)?,
                text,
                active_word: None,
            })
        })
        .collect()
}

/// Escape a value for a filter option inside a filter graph (both levels of ffmpeg's quoting).
pub fn escape_filter_value(value: &str) -> String {
    let mut option_level = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '\'' | ':') {
            option_level.push('\\');
        }
        option_level.push(c);
    }
    let mut graph_level = String::with_capacity(option_level.len());
    for c in option_level.chars() {
        if matches!(c, '\\' | '\'' | '[' | ']' | ',' | ';') {
            graph_level.push('\\');
        }
        graph_level.push(c);
    }
    graph_level
}

/// The `subtitles` filter burning `srt` into a frame of the preset's size: white bold text
/// with a dark outline, bottom-centred in the [`caption_zone`] (clear of the platforms'
/// controls, the right-hand action column included).
pub fn burn_in_filter(srt: &Path, preset: ExportPreset) -> String {
    let (w, h) = preset.size();
    let vertical = h > w;
    let font_size = if vertical { w * 7 / 100 } else { h * 5 / 100 };
    let zone = caption_zone(preset);
    // Inside the zone, with room for the outline and shadow.
    let pad = font_size / 6;
    let margin_v = h - (zone.y + zone.height) + pad;
    let margin_l = zone.x + pad;
    let margin_r = w - (zone.x + zone.width) + pad;
    let style = format!(
        "PlayResX={w},PlayResY={h},FontName=DejaVu Sans,FontSize={font_size},Bold=1,\
         PrimaryColour=&H00FFFFFF,OutlineColour=&H00000000,BackColour=&H80000000,\
         BorderStyle=1,Outline={},Shadow=1,Alignment=2,MarginL={margin_l},MarginR={margin_r},\
         MarginV={margin_v},WrapStyle=0",
        (font_size / 12).max(2)
    );
    format!(
        "subtitles=filename={}:original_size={w}x{h}:force_style={}",
        escape_filter_value(&srt.to_string_lossy()),
        escape_filter_value(&style)
    )
}

/// What decides how burned captions look for `preset` (style, font, sizes, safe zone), as
/// text: it joins the cache key of every segment burned with captions.
pub fn caption_look(preset: ExportPreset) -> String {
    burn_in_filter(Path::new("captions.srt"), preset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::timeline::Transition;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[test]
    fn cues_follow_the_timeline_and_round_trip_through_srt() {
        let timeline = Timeline::new(
            &[ms(2000), ms(1500), ms(3000)],
            Transition::Crossfade { duration: ms(500) },
        );
        let cues = caption_cues(&[Some("Hello   world"), None, Some("Bye")], &timeline);
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[0].start, cues[0].end), (ms(0), ms(1750)));
        assert_eq!((cues[1].start, cues[1].end), (ms(2750), ms(5500)));
        assert_eq!(cues[0].text, "Hello world");
        let srt = to_srt(&cues);
        assert!(
            srt.starts_with("1\n00:00:00,000 --> 00:00:01,750\nHello world\n\n2\n"),
            "{srt}"
        );
        assert_eq!(parse_srt(&srt), cues);
        assert_eq!(srt_time(ms(3_723_004)), "01:02:03,004");
    }

    #[test]
    fn the_zone_is_the_box_every_platform_keeps_clear() {
        let zone = caption_zone(ExportPreset::Vertical1080);
        assert_eq!(
            (zone.x, zone.y, zone.x + zone.width, zone.y + zone.height),
            (120, 768, 888, 1248)
        );
        let draft = caption_zone(ExportPreset::DraftVertical720);
        assert_eq!((draft.x, draft.y, draft.width, draft.height), (80, 512, 512, 320));
        let wide = caption_zone(ExportPreset::Landscape1080);
        assert!(wide.y + wide.height < 1080 && wide.x + wide.width < 1920);
        let cue = CaptionCue {
            start: ms(0),
            end: ms(1),
            text: "trois astuces Python".into(),
            active_word: Some(1),
        };
        assert_eq!(
            cue.styled_text(),
            "trois <font color=\"#FFD21F\">astuces</font> Python"
        );
    }

    #[test]
    fn filter_values_are_escaped_at_both_levels() {
        assert_eq!(escape_filter_value("/a b/c.srt"), "/a b/c.srt");
        assert_eq!(escape_filter_value("C:\\x"), "C\\\\:\\\\\\\\x");
        assert_eq!(escape_filter_value("it's,[1];"), "it\\\\\\'s\\,\\[1\\]\\;");
        let f = burn_in_filter(Path::new("/out/v.srt"), ExportPreset::Vertical1080);
        assert!(
            f.starts_with("subtitles=filename=/out/v.srt:original_size=1080x1920:"),
            "{f}"
        );
        assert!(f.contains("MarginV=684"), "{f}");
        assert!(f.contains("MarginL=132\\,MarginR=204"), "{f}");
        assert!(f.contains("PlayResY=1920\\,"), "{f}");
    }
}
