//! [`redact`]: the one function every provider text goes through before it is stored (take
//! errors, the activity log), logged or printed.
//!
//! It removes every API key this process has held (each [`ApiKey`](super::ApiKey) is
//! remembered when it is made, so a key that looks like nothing in particular is still
//! found), then anything shaped like a secret — a word with a digit after `Bearer`, `Basic`,
//! `Key` or `Token`, the value of a parameter or header whose name says key, token, secret, signature
//! or credential, a word starting with a known key prefix (`sk-`, `key_`, `r8_`, `AIza`…) —
//! and bounds the length. [`without_held_keys`] only removes the held keys, for structured
//! text (JSON) that must stay parseable.

use std::sync::RwLock;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";
/// Longest text kept, in characters (an ellipsis marks the cut): room for a provider's
/// message (itself kept to 400 by `status::provider_message`) and the engine's words around
/// it, such as why an ambiguous create was not re-sent.
pub const MAX_CHARS: usize = 600;
/// Keys shorter than this are not remembered: they would hide ordinary words.
const MIN_HELD_LEN: usize = 8;
/// Prefixes of provider keys and tokens (Runway, OpenAI, Replicate, Google, fal, GitHub,
/// Hugging Face, Slack).
const KEY_PREFIXES: [&str; 10] = [
    "key_",
    "sk-",
    "sk_",
    "r8_",
    "AIza",
    "fal_",
    "ghp_",
    "github_pat_",
    "hf_",
    "xoxb-",
];
/// Shortest word taken as a key by its prefix alone.
const MIN_PREFIXED_LEN: usize = 16;
/// Words after which the next word is a credential when it has a digit or is long
/// (`Bearer …`, fal's `Key …`), unlike the ordinary word of "the API key provided".
const SCHEMES: [&str; 4] = ["bearer", "basic", "key", "token"];
/// A parameter or header whose name contains one of these has a secret value.
const SECRET_NAMES: [&str; 7] = [
    "key",
    "token",
    "secret",
    "signature",
    "sig",
    "password",
    "credential",
];

/// Every key this process has held.
static HELD: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers `key` so that [`redact`] removes it from any text from now on.
pub fn remember(key: &str) {
    if key.chars().count() < MIN_HELD_LEN {
        return;
    }
    let mut held = HELD
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !held.iter().any(|k| k == key) {
        held.push(key.to_owned());
        // Longest first, so a key containing another is removed whole.
        held.sort_by_key(|k| std::cmp::Reverse(k.len()));
    }
}

/// `text` without held keys or secret-shaped words, at most [`MAX_CHARS`] characters long.
pub fn redact(text: &str) -> String {
    bound(&without_secret_shapes(&without_held_keys(text)))
}

/// `text` with every held key replaced by [`REDACTED`], nothing else changed.
pub fn without_held_keys(text: &str) -> String {
    let held = HELD.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut out = text.to_owned();
    for key in held.iter() {
        if out.contains(key.as_str()) {
            out = out.replace(key.as_str(), REDACTED);
        }
    }
    out
}

/// Characters a secret-shaped word is made of.
fn in_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-.~+/".contains(c)
}

/// Splits `text` into alternating runs of word and non-word characters.
fn runs(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (at, c) in text.char_indices() {
        let word = in_word(c);
        if current.is_some_and(|w| w != word) {
            out.push((current.unwrap_or(false), &text[start..at]));
            start = at;
        }
        current = Some(word);
    }
    if let Some(word) = current {
        out.push((word, &text[start..]));
    }
    out
}

/// Whether `word` looks like a key on its own.
fn looks_like_key(word: &str) -> bool {
    let prefixed = KEY_PREFIXES.iter().any(|p| word.starts_with(p))
        && word.chars().count() >= MIN_PREFIXED_LEN;
    let long_random = word.len() >= 32
        && !word.contains(['.', '/'])
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && !is_uuid(word);
    prefixed || long_random
}

/// `8-4-4-4-12` hex digits: an id, not a secret.
fn is_uuid(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn names_a_secret(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    SECRET_NAMES.iter().any(|n| lower.contains(n))
}

fn without_secret_shapes(text: &str) -> String {
    let runs = runs(text);
    let mut out = String::with_capacity(text.len());
    // Whether the word before was redacted: its `:`-joined continuation (fal's
    // `key_id:key_secret`) goes with it.
    let mut previous_redacted = false;
    for (i, (word, run)) in runs.iter().enumerate() {
        if !word {
            out.push_str(run);
            continue;
        }
        // The word before this one, and what separates them.
        let before = i.checked_sub(2).map(|j| (runs[j].1, runs[i - 1].1));
        let credential_like =
            run.chars().any(|c| c.is_ascii_digit()) || run.chars().count() >= MIN_PREFIXED_LEN;
        let after_scheme = credential_like
            && before.is_some_and(|(w, gap)| {
                gap.chars().all(char::is_whitespace)
                    && SCHEMES.contains(&w.to_ascii_lowercase().as_str())
            });
        let a_secret_value = before.is_some_and(|(w, gap)| {
            names_a_secret(w)
                && gap.contains(['=', ':'])
                && gap.chars().all(|c| "=: \"'".contains(c))
        });
        let continuation = previous_redacted && i >= 1 && runs[i - 1].1 == ":";
        previous_redacted = after_scheme || a_secret_value || continuation || looks_like_key(run);
        if previous_redacted {
            out.push_str(REDACTED);
        } else {
            out.push_str(run);
        }
    }
    out
}

/// `text` cut to [`MAX_CHARS`] characters.
fn bound(text: &str) -> String {
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_keys_are_removed_whatever_they_look_like() {
        remember("plain-looking-words-1");
        let text = r#"{"error":"Invalid API key provided: Bearer plain-looking-words-1"}"#;
        assert!(!redact(text).contains("plain-looking-words-1"));
        assert!(!without_held_keys(text).contains("plain-looking-words-1"));
        assert!(redact(text).contains("Invalid API key provided"));
        assert!(
            serde_json::from_str::<serde_json::Value>(&without_held_keys(text)).is_ok(),
            "JSON stays JSON"
        );
        remember("short");
        assert_eq!(redact("a short word"), "a short word");
    }

    #[test]
    fn secret_shapes_are_removed() {
        let cases = [
            ("Authorization: Bearer abc.def-123", "abc.def-123"),
            ("header was Key fal-abc1:def9", "def9"),
            ("url?x=1&api_key=hunter22&y=2", "hunter22"),
            (r#"{"x-goog-api-key": "zz-top-99"}"#, "zz-top-99"),
            ("X-Amz-Signature=0a1b2c3d", "0a1b2c3d"),
            (
                "your key key_0123456789abcdef0123 is wrong",
                "key_0123456789abcdef0123",
            ),
            (
                "token AIzaSyA-1234567890abcdefgh",
                "AIzaSyA-1234567890abcdefgh",
            ),
            (
                "echo 9f8e7d6c5b4a39281706f5e4d3c2b1a0ffee",
                "9f8e7d6c5b4a39281706f5e4d3c2b1a0ffee",
            ),
        ];
        for (text, secret) in cases {
            let clean = redact(text);
            assert!(!clean.contains(secret), "{text} → {clean}");
            assert!(clean.contains(REDACTED), "{text} → {clean}");
        }
    }

    #[test]
    fn ordinary_provider_text_is_kept() {
        for text in [
            "Invalid API key provided: check the key in Providers",
            "HTTP 404: models/veo-3.1-fast-generate-preview is not found for API version v1beta",
            "task 3f2b8c1e-4d5a-4e6f-9a0b-1c2d3e4f5a6b failed: SAFETY.INPUT.TEXT",
            "the output link answered HTTP 403: it has expired",
            "durationSeconds 10 is out of range; allowed: [4, 6, 8]",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn long_texts_are_bounded() {
        let clean = redact(&"word ".repeat(1000));
        assert_eq!(clean.chars().count(), MAX_CHARS + 1);
        assert!(clean.ends_with('…'));
    }
}
