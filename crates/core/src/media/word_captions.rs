//! Word-level captions from the voice's word timing: words grouped into cues of one to three
//! (a group also ends at a phrase's punctuation or a pause), and one cue per spoken word
//! showing its group with that word highlighted, so the captions change word by word and the
//! block stays put while its words are spoken.

use super::captions::CaptionCue;
use super::timeline::{Timeline, Transition};
use crate::voice::WordTiming;
use std::time::Duration;

/// Most words shown at once.
const MAX_GROUP: usize = 3;
/// A silence this long between two words starts a new group.
const GROUP_PAUSE: Duration = Duration::from_millis(350);
/// How long the last word of a group stays up after it is spoken, when nothing follows.
const LINGER: Duration = Duration::from_millis(400);

/// The word groups of one clip (indexes into `words`).
fn groups(words: &[WordTiming]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 0..words.len() {
        let full = i + 1 - start == MAX_GROUP;
        let phrase_end = words[i].text.ends_with(['.', ',', '!', '?', ':', ';', '…']);
        let pause = words
            .get(i + 1)
            .is_some_and(|next| next.start.saturating_sub(words[i].end) >= GROUP_PAUSE);
        if full || phrase_end || pause || i + 1 == words.len() {
            groups.push(start..i + 1);
            start = i + 1;
        }
    }
    groups
}

/// Word cues of a voice-over laid over the whole video (`words` from its start), none past
/// `total`.
pub fn voice_over_cues(words: &[WordTiming], total: Duration) -> Vec<CaptionCue> {
    let heard: Vec<WordTiming> = words.iter().filter(|w| w.start < total).cloned().collect();
    let whole = Timeline::new(&[total], Transition::Cut);
    word_cues(&[Some(heard.as_slice())], &whole)
}

/// One cue per spoken word of every clip with word timing (`words[i]` from the start of clip
/// `i`'s narration, placed at the clip's start on `timeline`). A cue lasts until the next
/// word starts, or a short while after its group's last word; cues never overlap and none
/// runs past its clip.
pub fn word_cues(words: &[Option<&[WordTiming]>], timeline: &Timeline) -> Vec<CaptionCue> {
    let mut cues = Vec::new();
    for (clip_words, span) in words.iter().zip(&timeline.spans) {
        let Some(clip_words) = clip_words else {
            continue;
        };
        let at = |t: Duration| (span.start + t).min(span.end);
        let groups = groups(clip_words);
        for (g, group) in groups.iter().enumerate() {
            let text = clip_words[group.clone()]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let next_group_start = groups
                .get(g + 1)
                .map(|next| clip_words[next.start].start);
            for (k, i) in group.clone().enumerate() {
                let start = at(clip_words[i].start);
                let end = match (i + 1 < group.end, next_group_start) {
                    (true, _) => at(clip_words[i + 1].start),
                    (false, Some(next)) => at((clip_words[i].end + LINGER).min(next)),
                    (false, None) => at(clip_words[i].end + LINGER),
                };
                if end > start {
                    cues.push(CaptionCue {
                        start,
                        end,
                        text: text.clone(),
                        active_word: Some(k),
                    });
                }
            }
        }
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    fn word(text: &str, start: u64, end: u64) -> WordTiming {
        WordTiming {
            text: text.to_owned(),
            start: ms(start),
            end: ms(end),
        }
    }

    #[test]
    fn words_group_by_three_and_punctuation_and_each_word_gets_its_cue() {
        let words = [
            word("3", 0, 200),
            word("astuces", 200, 500),
            word("Python", 500, 800),
            word("vraiment", 800, 1100),
            word("utiles.", 1100, 1400),
            word("Restez", 2000, 2300),
        ];
        let timeline = Timeline::new(&[ms(3000), ms(3000)], Transition::Cut);
        let cues = word_cues(&[None, Some(&words)], &timeline);
        let shown: Vec<(&str, Option<usize>, u64, u64)> = cues
            .iter()
            .map(|c| {
                (
                    c.text.as_str(),
                    c.active_word,
                    c.start.as_millis() as u64,
                    c.end.as_millis() as u64,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("3 astuces Python", Some(0), 3000, 3200),
                ("3 astuces Python", Some(1), 3200, 3500),
                ("3 astuces Python", Some(2), 3500, 3800),
                ("vraiment utiles.", Some(0), 3800, 4100),
                ("vraiment utiles.", Some(1), 4100, 4800),
                ("Restez", Some(0), 5000, 5700),
            ]
        );
        for pair in cues.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    #[test]
    fn cues_stop_at_their_clip_end() {
        let words = [word("long", 0, 2900)];
        let timeline = Timeline::new(&[ms(3000)], Transition::Cut);
        let cues = word_cues(&[Some(&words)], &timeline);
        assert_eq!(cues[0].end, ms(3000));
    }
}
