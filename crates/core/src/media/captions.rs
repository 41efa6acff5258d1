//! Captions from each segment's narration: cues timed from the real clip durations after
//! transitions (or word by word from the voice, see [`word_captions`](super::word_captions)),
//! written as SubRip (.srt) and read back; the default safe zone ([`caption_zone`]) and the
//! `subtitles` filter that draws an ASS script for burning in (once per cue, see
//! [`caption_images`](super::caption_images)).

use super::caption_look::caption_zone_for;
use super::preset::ExportPreset;
use reelforge_protocol::CaptionPlatform;
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

/// The rectangle of the frame burned captions are drawn in (and cropped to), in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptionZone {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// Where captions go when no platform is named: on vertical frames the box every platform
/// leaves clear (see [`caption_zone_for`]).
pub fn caption_zone(preset: ExportPreset) -> CaptionZone {
    caption_zone_for(preset, CaptionPlatform::All)
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

/// The `subtitles` filter drawing the ASS script `script` (which carries its own look, see
/// [`CaptionLook`](super::caption_look::CaptionLook)) on a frame of the preset's size.
pub fn subtitles_filter(script: &Path, preset: ExportPreset) -> String {
    let (w, h) = preset.size();
    format!(
        "subtitles=filename={}:original_size={w}x{h}",
        escape_filter_value(&script.to_string_lossy())
    )
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
    }

    #[test]
    fn filter_values_are_escaped_at_both_levels() {
        assert_eq!(escape_filter_value("/a b/c.srt"), "/a b/c.srt");
        assert_eq!(escape_filter_value("C:\\x"), "C\\\\:\\\\\\\\x");
        assert_eq!(escape_filter_value("it's,[1];"), "it\\\\\\'s\\,\\[1\\]\\;");
        let f = subtitles_filter(Path::new("/out/v.ass"), ExportPreset::Vertical1080);
        assert_eq!(f, "subtitles=filename=/out/v.ass:original_size=1080x1920");
    }
}
