//! How fast narration is spoken, by language: the rate that sizes a script's narration to its
//! segment's duration and estimates how long a voice will speak a text before it is
//! synthesized (the measured length replaces the estimate once it is).

use super::spoken_text::spoken_text;
use reelforge_protocol::ScriptLanguage;
use std::time::Duration;

/// Words a narrator says per second at normal speed: about 150 words a minute in English;
/// French words are shorter and said a little faster, about 165.
pub fn words_per_second(language: ScriptLanguage) -> f64 {
    match language {
        ScriptLanguage::En => 2.5,
        ScriptLanguage::Fr => 2.75,
    }
}

/// The most words a narration of `language` should hold to be said within `seconds` at
/// normal speed (at least one).
pub fn words_for(seconds: f64, language: ScriptLanguage) -> usize {
    ((seconds * words_per_second(language)).floor() as usize).max(1)
}

/// How long `narration` (stage directions removed) takes to say in `language` at
/// `speed_percent` of normal speed; zero when nothing is said.
pub fn estimated_duration(
    narration: &str,
    language: ScriptLanguage,
    speed_percent: u16,
) -> Duration {
    let words = spoken_text(narration).split_whitespace().count();
    let speed = f64::from(speed_percent.max(1)) / 100.0;
    Duration::from_secs_f64(words as f64 / (words_per_second(language) * speed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_is_sized_and_timed_by_language_and_speed() {
        assert_eq!(words_for(4.0, ScriptLanguage::En), 10);
        assert_eq!(words_for(4.0, ScriptLanguage::Fr), 11);
        assert_eq!(words_for(0.1, ScriptLanguage::En), 1);
        let text = "[Hook] Five words are said here.";
        let normal = estimated_duration(text, ScriptLanguage::En, 100);
        assert_eq!(normal, Duration::from_secs(2));
        assert_eq!(
            estimated_duration(text, ScriptLanguage::En, 200),
            Duration::from_secs(1)
        );
        assert!(estimated_duration(text, ScriptLanguage::Fr, 100) < normal);
        assert_eq!(
            estimated_duration("(music)", ScriptLanguage::En, 100),
            Duration::ZERO
        );
    }
}
