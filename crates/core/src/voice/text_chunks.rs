//! Cutting a spoken text to a voice's size: [`chunks`] within a per-request character limit,
//! cut between sentences where they fit and between words where they do not (never inside a
//! word), and the bounded neighbouring text ([`words_before`], [`words_after`]) sent beside a
//! request so a voice that hears it keeps its intonation across the cuts. Lengths are in
//! characters (Unicode scalar values), as the services count them; words are joined by one
//! space.

/// Most characters of neighbouring text given on each side of a request.
pub const CONTEXT_MAX_CHARS: usize = 300;

/// A word alone longer than the limit: no cut between words makes it fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordTooLong {
    /// The word's length in characters.
    pub characters: usize,
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Whether a sentence ends after `word`.
fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?', '…'])
}

/// The last words of `pieces` (read in order, as one text) that fit in `max` characters.
pub fn words_before<S: AsRef<str>>(pieces: &[S], max: usize) -> String {
    let words = pieces
        .iter()
        .rev()
        .flat_map(|piece| piece.as_ref().split_whitespace().rev());
    let mut kept = fitting(words, max);
    kept.reverse();
    kept.join(" ")
}

/// The first words of `pieces` (read in order, as one text) that fit in `max` characters.
pub fn words_after<S: AsRef<str>>(pieces: &[S], max: usize) -> String {
    let words = pieces
        .iter()
        .flat_map(|piece| piece.as_ref().split_whitespace());
    fitting(words, max).join(" ")
}

/// `words` taken while they fit in `max` characters joined by spaces.
fn fitting<'a>(words: impl Iterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let mut kept = Vec::new();
    let mut length = 0;
    for word in words {
        let added = chars(word) + usize::from(!kept.is_empty());
        if length + added > max {
            break;
        }
        length += added;
        kept.push(word);
    }
    kept
}

/// `text` cut into pieces of at most `max` characters: whole sentences packed together while
/// they fit, a sentence longer than `max` cut between its words. Nothing to say: no chunks.
pub fn chunks(text: &str, max: usize) -> Result<Vec<String>, WordTooLong> {
    let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
    for word in text.split_whitespace() {
        let sentence = sentences.last_mut().expect("one sentence at least");
        sentence.push(word);
        if ends_sentence(word) {
            sentences.push(Vec::new());
        }
    }
    let mut packed = Packing {
        max,
        chunks: Vec::new(),
        current: String::new(),
        length: 0,
    };
    for sentence in sentences.iter().filter(|s| !s.is_empty()) {
        let length = sentence.iter().map(|w| chars(w)).sum::<usize>() + sentence.len() - 1;
        if length <= max && !packed.fits(length) {
            packed.flush();
        }
        for word in sentence {
            packed.push(word)?;
        }
    }
    packed.flush();
    Ok(packed.chunks)
}

/// Chunks being filled.
struct Packing {
    max: usize,
    chunks: Vec<String>,
    current: String,
    length: usize,
}

impl Packing {
    /// Whether `length` more characters (and the space before them) fit in the current chunk.
    fn fits(&self, length: usize) -> bool {
        self.length + usize::from(self.length > 0) + length <= self.max
    }

    fn push(&mut self, word: &str) -> Result<(), WordTooLong> {
        let length = chars(word);
        if length > self.max {
            return Err(WordTooLong { characters: length });
        }
        if !self.fits(length) {
            self.flush();
        }
        if self.length > 0 {
            self.current.push(' ');
            self.length += 1;
        }
        self.current.push_str(word);
        self.length += length;
        Ok(())
    }

    fn flush(&mut self) {
        if self.length > 0 {
            self.chunks.push(std::mem::take(&mut self.current));
            self.length = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_packed_whole_while_they_fit() {
        let text = "One two. Three four five! Six seven eight nine? Ten.";
        assert_eq!(
            chunks(text, 25).unwrap(),
            ["One two. Three four five!", "Six seven eight nine?", "Ten."]
        );
        assert_eq!(chunks(text, 100).unwrap(), [text]);
        assert!(chunks("   ", 10).unwrap().is_empty());
    }

    #[test]
    fn a_sentence_too_long_is_cut_between_words_and_a_word_too_long_is_refused() {
        let text = "aaaa bbbb cccc dddd eeee";
        let cut = chunks(text, 10).unwrap();
        assert_eq!(cut, ["aaaa bbbb", "cccc dddd", "eeee"]);
        assert_eq!(cut.join(" "), text);
        // Multi-byte characters count once.
        assert_eq!(chunks("été été été", 7).unwrap(), ["été été", "été"]);
        assert_eq!(
            chunks("short averyveryverylongword", 10),
            Err(WordTooLong { characters: 21 })
        );
    }

    #[test]
    fn neighbouring_text_is_bounded_and_cut_between_words() {
        let before = ["Le premier.", "Le deuxième, enfin"];
        assert_eq!(words_before(&before, 300), "Le premier. Le deuxième, enfin");
        assert_eq!(words_before(&before, 18), "Le deuxième, enfin");
        assert_eq!(words_before(&before, 17), "deuxième, enfin");
        assert_eq!(words_after(&before, 14), "Le premier. Le");
        assert_eq!(words_after(&before, 3), "Le");
        assert_eq!(words_after(&before, 1), "");
        assert_eq!(words_after::<&str>(&[], 300), "");
    }
}
