//! The caption files written beside the video: the `.srt` holds one cue per phrase (the
//! word-by-word cues of a group merged back, see [`phrase_cues`]); the `.ass` holds the
//! chosen [`CaptionLook`] and one event per spoken word with that word highlighted, as burned
//! (or one per phrase for the plain styles).

use super::caption_look::CaptionLook;
use super::captions::CaptionCue;
use std::fmt::Write as _;
use std::time::Duration;

/// The cues with each word-by-word run of one group merged into a single cue of the group
/// (the same text, contiguous, the spoken word moving one on each time).
pub fn phrase_cues(cues: &[CaptionCue]) -> Vec<CaptionCue> {
    let mut phrases: Vec<CaptionCue> = Vec::with_capacity(cues.len());
    let mut last_word: Option<usize> = None;
    for cue in cues {
        let continues = match (phrases.last(), last_word, cue.active_word) {
            (Some(open), Some(previous), Some(word)) => {
                open.text == cue.text && open.end == cue.start && word == previous + 1
            }
            _ => false,
        };
        if continues {
            if let Some(open) = phrases.last_mut() {
                open.end = cue.end;
            }
        } else {
            phrases.push(CaptionCue {
                active_word: None,
                ..cue.clone()
            });
        }
        last_word = cue.active_word;
    }
    phrases
}

/// `H:MM:SS.cc` (ASS times are in centiseconds; rounded to the nearest).
pub fn ass_time(t: Duration) -> String {
    let cs = (t.as_millis() + 5) / 10;
    format!(
        "{}:{:02}:{:02}.{:02}",
        cs / 360_000,
        cs / 6_000 % 60,
        cs / 100 % 60,
        cs % 100
    )
}

/// The cues as an ASS script in `look`: one event per cue (per phrase when the look shows no
/// spoken word).
pub fn to_ass(cues: &[CaptionCue], look: &CaptionLook) -> String {
    if look.shows_phrases() {
        ass_script(&phrase_cues(cues), look)
    } else {
        ass_script(cues, look)
    }
}

/// An ASS script in `look` with exactly one event per cue, in order.
pub fn ass_script(cues: &[CaptionCue], look: &CaptionLook) -> String {
    let mut out = look.ass_header();
    for cue in cues {
        let _ = writeln!(
            out,
            "Dialogue: 0,{},{},{},,0,0,0,,{}",
            ass_time(cue.start),
            ass_time(cue.end),
            look.style.id(),
            look.styled_text(cue)
        );
    }
    out
}

/// The events of an ASS script as (start, end, text), for checks.
pub fn parse_ass_events(ass: &str) -> Vec<(Duration, Duration, String)> {
    let time = |t: &str| -> Option<Duration> {
        let mut parts = t.trim().split([':', '.']);
        let mut next = || parts.next()?.parse::<u64>().ok();
        let (h, m, s, cs) = (next()?, next()?, next()?, next()?);
        Some(Duration::from_millis(((h * 60 + m) * 60 + s) * 1000 + cs * 10))
    };
    ass.lines()
        .filter_map(|line| line.strip_prefix("Dialogue:"))
        .filter_map(|fields| {
            let fields: Vec<&str> = fields.splitn(10, ',').collect();
            Some((time(fields.get(1)?)?, time(fields.get(2)?)?, (*fields.get(9)?).to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::preset::ExportPreset;
    use reelforge_protocol::{CaptionPlatform, CaptionStyle};

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    fn cue(start: u64, end: u64, text: &str, active: Option<usize>) -> CaptionCue {
        CaptionCue {
            start: ms(start),
            end: ms(end),
            text: text.to_owned(),
            active_word: active,
        }
    }

    #[test]
    fn each_group_is_one_phrase_cue() {
        let words = [
            cue(0, 200, "3 astuces Python", Some(0)),
            cue(200, 500, "3 astuces Python", Some(1)),
            cue(500, 900, "3 astuces Python", Some(2)),
            cue(900, 1200, "Go!", Some(0)),
            cue(1200, 1500, "Go!", Some(0)),
            cue(2000, 2400, "plain", None),
        ];
        assert_eq!(
            phrase_cues(&words),
            [
                cue(0, 900, "3 astuces Python", None),
                cue(900, 1200, "Go!", None),
                cue(1200, 1500, "Go!", None),
                cue(2000, 2400, "plain", None),
            ]
        );
    }

    #[test]
    fn the_ass_has_the_look_and_an_event_per_spoken_word() {
        let look = CaptionLook::new(
            CaptionStyle::Karaoke,
            CaptionPlatform::Reels,
            ExportPreset::Vertical1080,
        );
        let words = [
            cue(3000, 3204, "vraiment utiles.", Some(0)),
            cue(3204, 3800, "vraiment utiles.", Some(1)),
        ];
        let ass = to_ass(&words, &look);
        assert!(ass.starts_with(&look.ass_header()), "{ass}");
        assert!(
            ass.ends_with(
                "Dialogue: 0,0:00:03.00,0:00:03.20,karaoke,,0,0,0,,{\\c&HA0E03D&}vraiment{\\r} utiles.\n\
                 Dialogue: 0,0:00:03.20,0:00:03.80,karaoke,,0,0,0,,{\\c&HA0E03D&}vraiment{\\r} \
                 {\\c&HA0E03D&}utiles.{\\r}\n"
            ),
            "{ass}"
        );
        let events = parse_ass_events(&ass);
        assert_eq!(events.len(), 2);
        assert_eq!((events[1].0, events[1].1), (ms(3200), ms(3800)));
        let clean = CaptionLook {
            style: CaptionStyle::CleanSubtitle,
            ..look
        };
        let events = parse_ass_events(&to_ass(&words, &clean));
        assert_eq!(events, [(ms(3000), ms(3800), "vraiment utiles.".to_owned())]);
        assert_eq!(ass_time(ms(3_723_456)), "1:02:03.46");
    }
}
