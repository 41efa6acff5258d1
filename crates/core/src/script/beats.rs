//! Which beats of the story ([`Beat::STORY`]: hook, problem, revelation, solution, proof, call
//! to action) a script writes, how many segments a target duration gets, and a guess of the
//! subject's language.

use reelforge_protocol::{Beat, ScriptLanguage};

/// Beats kept first when a short video has room for fewer than six.
const PRIORITY: [Beat; 6] = [
    Beat::Hook,
    Beat::Solution,
    Beat::CallToAction,
    Beat::Problem,
    Beat::Proof,
    Beat::Revelation,
];

/// As many segments as the story has beats.
const STORY_LEN: u32 = Beat::STORY.len() as u32;

/// How many segments a video of `target_s` seconds gets with these allowed durations: six
/// (one per beat) when they fit, fewer when even the shortest clips would overshoot, and at
/// least one.
pub fn segment_count_for(target_s: u32, allowed_s: &[u32]) -> u32 {
    let shortest = allowed_s
        .iter()
        .copied()
        .filter(|d| *d > 0)
        .min()
        .unwrap_or(1);
    let longest = allowed_s.iter().copied().max().unwrap_or(shortest);
    // Round to the nearest count of shortest clips, then stay within what six beats can hold.
    let fits = (target_s + shortest / 2) / shortest;
    let mut count = fits.clamp(1, STORY_LEN);
    // Too few segments for a long target with short maximum clips: use every beat.
    if count < STORY_LEN && count * longest < target_s {
        count = STORY_LEN;
    }
    count
}

/// The `count` beats to write, in story order, keeping the most important ones.
pub fn beats_for(count: u32) -> Vec<Beat> {
    let count = (count as usize).clamp(1, Beat::STORY.len());
    let kept = &PRIORITY[..count];
    Beat::STORY
        .into_iter()
        .filter(|b| kept.contains(b))
        .collect()
}

/// French when the subject looks French (accents, common French words), else English.
pub fn guess_language(subject: &str) -> ScriptLanguage {
    const FRENCH_WORDS: [&str; 24] = [
        "le", "la", "les", "des", "du", "un", "une", "et", "pour", "avec", "sans", "comment",
        "pourquoi", "astuce", "astuces", "conseil", "conseils", "votre", "vos", "mon", "ma", "mes",
        "est", "en",
    ];
    let lower = subject.to_lowercase();
    if lower.chars().any(|c| "éèêàâçùûôîïœ".contains(c)) {
        return ScriptLanguage::Fr;
    }
    let french = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| FRENCH_WORDS.contains(w))
        .count();
    if french > 0 {
        ScriptLanguage::Fr
    } else {
        ScriptLanguage::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fit_the_target_with_the_allowed_durations() {
        let any: Vec<u32> = (1..=60).collect();
        assert_eq!(segment_count_for(30, &any), 6);
        assert_eq!(segment_count_for(30, &[5, 10]), 6);
        assert_eq!(segment_count_for(30, &[6, 10]), 5);
        assert_eq!(segment_count_for(15, &[5, 10]), 3);
        assert_eq!(segment_count_for(60, &[5, 10]), 6);
        assert_eq!(segment_count_for(3, &[5, 10]), 1);
        assert_eq!(segment_count_for(30, &[4, 8, 12]), 6);
    }

    #[test]
    fn fewer_beats_keep_the_important_ones_in_order() {
        assert_eq!(beats_for(6), Beat::STORY, "every beat, in story order");
        assert_eq!(
            beats_for(3),
            [Beat::Hook, Beat::Solution, Beat::CallToAction]
        );
        assert_eq!(
            beats_for(5),
            [
                Beat::Hook,
                Beat::Problem,
                Beat::Solution,
                Beat::Proof,
                Beat::CallToAction
            ]
        );
        assert_eq!(beats_for(0), [Beat::Hook]);
    }

    #[test]
    fn guesses_french_from_words_or_accents() {
        assert_eq!(guess_language("3 astuces Python"), ScriptLanguage::Fr);
        assert_eq!(guess_language("Mieux dormir en été"), ScriptLanguage::Fr);
        assert_eq!(guess_language("3 Python tips"), ScriptLanguage::En);
        assert_eq!(guess_language("Rust ownership"), ScriptLanguage::En);
    }
}
