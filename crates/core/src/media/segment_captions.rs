//! Burned captions per cached segment: the timeline's cues handed to the clip they belong to,
//! on that clip's own clock (its held last frame included), and a fingerprint of them and of
//! how they are drawn, which joins the segment's cache key. A segment burned with its cues is
//! then reused as long as neither its take, its words nor the caption look change, so
//! re-assembly with burned captions re-encodes only the changed segments.

use super::captions::CaptionCue;
use super::timeline::Timeline;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// Each clip's cues, times relative to the clip's start on `timeline`. A cue belongs to the
/// clip on screen when it starts; it never runs past that clip's end (with cuts, clips never
/// overlap, so no cue is split or shown twice).
pub fn cues_per_clip(cues: &[CaptionCue], timeline: &Timeline) -> Vec<Vec<CaptionCue>> {
    let mut per_clip = vec![Vec::new(); timeline.spans.len()];
    for cue in cues {
        let Some(i) = timeline
            .spans
            .iter()
            .position(|s| s.start <= cue.start && cue.start < s.end)
        else {
            continue;
        };
        let span = timeline.spans[i];
        let end = cue.end.min(span.end);
        if end > cue.start {
            per_clip[i].push(CaptionCue {
                start: cue.start - span.start,
                end: end - span.start,
                ..cue.clone()
            });
        }
    }
    per_clip
}

/// A fingerprint of one segment's cues and their `look` (style, font, safe zone: whatever
/// decides the pixels); empty when there are no cues, so captionless keys stay as they were.
pub fn cues_fingerprint(cues: &[CaptionCue], look: &str) -> String {
    if cues.is_empty() {
        return String::new();
    }
    let mut text = String::from(look);
    for cue in cues {
        let _ = write!(
            text,
            "\n{}-{}|{:?}|{}",
            cue.start.as_millis(),
            cue.end.as_millis(),
            cue.active_word,
            cue.text
        );
    }
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::timeline::Transition;
    use std::time::Duration;

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
    fn each_cue_goes_to_its_clip_on_the_clip_clock() {
        // Clip 0 is 2 s with a 1.3 s held frame (3.3 s on the timeline), clip 1 is 2 s.
        let timeline = Timeline::new(&[ms(3300), ms(2000)], Transition::Cut);
        let cues = [
            cue(0, 400, "un deux", Some(0)),
            cue(400, 3300, "un deux", Some(1)),
            cue(3300, 3700, "trois", Some(0)),
            cue(5400, 5600, "après la fin", None),
        ];
        let per_clip = cues_per_clip(&cues, &timeline);
        assert_eq!(per_clip.len(), 2);
        assert_eq!(per_clip[0], [cues[0].clone(), cues[1].clone()]);
        assert_eq!(per_clip[1], [cue(0, 400, "trois", Some(0))]);
    }

    #[test]
    fn a_cue_running_past_its_clip_stops_at_the_cut() {
        let timeline = Timeline::new(&[ms(1000), ms(1000)], Transition::Cut);
        let per_clip = cues_per_clip(&[cue(800, 1500, "long", None)], &timeline);
        assert_eq!(per_clip[0], [cue(800, 1000, "long", None)]);
        assert!(per_clip[1].is_empty());
    }

    #[test]
    fn the_fingerprint_changes_with_words_times_highlight_and_look() {
        let base = [cue(0, 400, "un deux", Some(0))];
        let print = cues_fingerprint(&base, "bold-pop");
        assert_eq!(print.len(), 64);
        assert_eq!(cues_fingerprint(&[], "bold-pop"), "");
        for other in [
            cues_fingerprint(&[cue(0, 400, "un trois", Some(0))], "bold-pop"),
            cues_fingerprint(&[cue(0, 450, "un deux", Some(0))], "bold-pop"),
            cues_fingerprint(&[cue(0, 400, "un deux", Some(1))], "bold-pop"),
            cues_fingerprint(&base, "karaoke"),
        ] {
            assert_ne!(print, other);
        }
    }
}
