//! Word timing for voices that give none: a phrase's measured speech span shared among its
//! words by weight (spoken syllables, approximated from vowel groups; digits count as
//! words of their own).

use super::WordTiming;
use std::time::Duration;

/// How long a word takes to say, relative to the others.
pub fn word_weight(word: &str) -> u32 {
    let mut syllables = 0;
    let mut in_vowels = false;
    let mut digits = 0;
    let mut previous = ' ';
    for c in word.chars().flat_map(char::to_lowercase) {
        // The "u" of "qu" is not sounded ("jusqu'au", "quelque").
        let after_q = previous == 'q';
        previous = c;
        if c.is_ascii_digit() {
            digits += 1;
            in_vowels = false;
            continue;
        }
        let vowel = "aeiouyàâäéèêëîïôöùûüœæ".contains(c) && !(after_q && c == 'u');
        if vowel && !in_vowels {
            syllables += 1;
        }
        in_vowels = vowel;
    }
    // A number is read as words: about two syllables a digit.
    (syllables + digits * 2).max(1)
}

/// The words of `phrase` laid over `start..end` in proportion to their weight, each word
/// ending where the next starts.
pub fn words_in_span(phrase: &str, start: Duration, end: Duration) -> Vec<WordTiming> {
    let words: Vec<&str> = phrase
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let total: u32 = words.iter().map(|w| word_weight(w)).sum();
    let span = end.saturating_sub(start);
    let mut before = 0;
    words
        .into_iter()
        .map(|word| {
            let weight = word_weight(word);
            let at = |units: u32| start + span.mul_f64(f64::from(units) / f64::from(total.max(1)));
            let timing = WordTiming {
                text: word.to_owned(),
                start: at(before),
                end: at(before + weight),
            };
            before += weight;
            timing
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[test]
    fn weights_follow_syllables() {
        assert_eq!(word_weight("a"), 1);
        assert_eq!(word_weight("Python"), 2);
        assert_eq!(word_weight("astuces"), 3);
        assert_eq!(word_weight("jusqu'au"), 2);
        assert_eq!(word_weight("3"), 2);
        assert_eq!(word_weight("—"), 1);
    }

    #[test]
    fn words_share_the_span_by_weight_and_punctuation_is_no_word() {
        let words = words_in_span("3 astuces Python :", ms(100), ms(1500));
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["3", "astuces", "Python"]);
        // Weights 2, 3, 2 of 7 over 1.4 s.
        assert_eq!((words[0].start, words[0].end), (ms(100), ms(500)));
        assert_eq!((words[1].start, words[1].end), (ms(500), ms(1100)));
        assert_eq!((words[2].start, words[2].end), (ms(1100), ms(1500)));
    }
}
