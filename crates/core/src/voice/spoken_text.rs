//! The text a voice speaks and captions show: a script's narration without its stage
//! directions (`[Hook]`, `(music)`, `*beat*`), cut into phrases at punctuation so each phrase
//! can be synthesized and measured on its own.

/// `narration` without stage directions (text in brackets, parentheses, braces or between
/// asterisks), whitespace collapsed; an unclosed opener keeps its text.
pub fn spoken_text(narration: &str) -> String {
    let mut out = String::with_capacity(narration.len());
    let chars: Vec<char> = narration.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let closer = match chars[i] {
            '[' => Some(']'),
            '(' => Some(')'),
            '{' => Some('}'),
            '*' => Some('*'),
            _ => None,
        };
        if let Some(closer) = closer
            && let Some(len) = chars[i + 1..].iter().position(|&c| c == closer)
        {
            out.push(' ');
            i += len + 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    // A comma or full stop left alone by a removed direction ("Hello , world") joins its word
    // again; other marks keep their space (French typography: "Bonjour !").
    let mut text = String::with_capacity(out.len());
    for word in words {
        let lone_punctuation = word.chars().all(|c| matches!(c, ',' | '.'));
        if !text.is_empty() && !lone_punctuation {
            text.push(' ');
        }
        if !(text.is_empty() && lone_punctuation) {
            text.push_str(word);
        }
    }
    text
}

/// Whether a phrase ends after `c`.
fn ends_phrase(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | ',' | '…')
}

/// `text` cut after each phrase-ending punctuation mark that ends a word (so "3.5" and
/// "e.g." inside a word stay whole), punctuation kept with its phrase.
pub fn phrases(text: &str) -> Vec<String> {
    let mut phrases = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        current.push(word);
        // French sets ":" and "!" apart ("Python :"): a lone mark ends the words before it.
        let ends = word.chars().last().is_some_and(ends_phrase)
            && (word.chars().any(char::is_alphanumeric) || current.len() > 1);
        if ends {
            phrases.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        phrases.push(current.join(" "));
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_directions_are_not_spoken() {
        assert_eq!(
            spoken_text("[Hook] Three tips (music) you *pause* need."),
            "Three tips you need."
        );
        assert_eq!(
            spoken_text("  [Intro]\n\nBonjour  à tous ! "),
            "Bonjour à tous !"
        );
        assert_eq!(spoken_text("Wait (for it) , then go"), "Wait, then go");
        assert_eq!(spoken_text("[CTA]"), "");
        assert_eq!(
            spoken_text("2 * 3 is six"),
            "2 * 3 is six",
            "unclosed stays"
        );
        assert_eq!(spoken_text("a {b} c"), "a c");
    }

    #[test]
    fn phrases_end_at_punctuation_that_ends_a_word() {
        assert_eq!(
            phrases("3 astuces Python : la plupart des gens passent à côté. Restez jusqu'au bout."),
            vec![
                "3 astuces Python :",
                "la plupart des gens passent à côté.",
                "Restez jusqu'au bout."
            ]
        );
        assert_eq!(
            phrases("Version 3.5 is out, finally! Try it"),
            vec!["Version 3.5 is out,", "finally!", "Try it"]
        );
        assert!(phrases("").is_empty());
    }
}
