//! What the fake speech servers (ElevenLabs, OpenAI, Kokoro-FastAPI) share: audio that has
//! the shape of speech (one voiced burst per word, silent gaps between words, so speech
//! detectors and word timing have something real to measure), encoded as the API was asked
//! (raw 16-bit PCM and WAV in-process, MP3/Opus/AAC/FLAC through ffmpeg), and the
//! [`SpeechAccount`] a test adjusts: characters left and plan tier.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Silence before the first word and after the last, in seconds.
const EDGE_S: f64 = 0.12;
/// Silence between words.
const GAP_S: f64 = 0.08;
/// Voiced time per character of a word, and the shortest word.
const PER_CHAR_S: f64 = 0.055;
const MIN_WORD_S: f64 = 0.14;
/// Peak level of a voiced burst (about −12 dBFS).
const LEVEL: f64 = 8000.0;

/// Said audio: samples and when each character of the text is heard.
#[derive(Debug, Clone)]
pub struct Utterance {
    pub rate: u32,
    pub samples: Vec<i16>,
    /// One `(character, start_s, end_s)` per character of the text, spaces included.
    pub characters: Vec<(String, f64, f64)>,
}

impl Utterance {
    /// The words (runs of non-whitespace) with their start and end, in seconds.
    pub fn words(&self) -> Vec<(String, f64, f64)> {
        let mut words: Vec<(String, f64, f64)> = Vec::new();
        let mut current: Option<(String, f64, f64)> = None;
        for (c, start, end) in &self.characters {
            if c.trim().is_empty() {
                words.extend(current.take());
            } else if let Some((text, _, last)) = &mut current {
                text.push_str(c);
                *last = *end;
            } else {
                current = Some((c.clone(), *start, *end));
            }
        }
        words.extend(current);
        words
    }

    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate)
    }
}

/// `text` "spoken" at `rate` Hz and `speed` (1.0 normal): a voiced burst (a 180 Hz tone
/// with harmonics, faded in and out) per word, silence between words.
pub fn speak(text: &str, rate: u32, speed: f64) -> Utterance {
    let speed = if speed.is_finite() && speed > 0.0 {
        speed
    } else {
        1.0
    };
    let mut samples = Vec::new();
    let mut characters = Vec::new();
    let at = |samples: &Vec<i16>| samples.len() as f64 / f64::from(rate);
    let silence = |samples: &mut Vec<i16>, s: f64| {
        samples.extend(std::iter::repeat_n(0, (s * f64::from(rate)) as usize));
    };
    silence(&mut samples, EDGE_S / speed);
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        let chars: Vec<char> = word.chars().collect();
        if chars.is_empty() {
            if words.peek().is_some() {
                let gap_start = at(&samples);
                characters.push((" ".to_owned(), round_ms(gap_start), round_ms(gap_start)));
            }
            continue;
        }
        let length = (chars.len() as f64 * PER_CHAR_S).max(MIN_WORD_S) / speed;
        let start = at(&samples);
        let n = (length * f64::from(rate)) as usize;
        for i in 0..n {
            let t = i as f64 / f64::from(rate);
            let fade = (i.min(n - i) as f64 / (0.01 * f64::from(rate))).min(1.0);
            let tone = (2.0 * std::f64::consts::PI * 180.0 * t).sin()
                + 0.5 * (2.0 * std::f64::consts::PI * 360.0 * t).sin()
                + 0.25 * (2.0 * std::f64::consts::PI * 720.0 * t).sin();
            samples.push((tone / 1.75 * LEVEL * fade) as i16);
        }
        let step = length / chars.len().max(1) as f64;
        for (i, c) in chars.iter().enumerate() {
            let from = start + i as f64 * step;
            characters.push((c.to_string(), round_ms(from), round_ms(from + step)));
        }
        if words.peek().is_some() {
            let gap_start = at(&samples);
            silence(&mut samples, GAP_S / speed);
            characters.push((" ".to_owned(), round_ms(gap_start), round_ms(at(&samples))));
        }
    }
    silence(&mut samples, EDGE_S / speed);
    Utterance {
        rate,
        samples,
        characters,
    }
}

fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

/// Raw 16-bit little-endian samples.
pub fn pcm_bytes(samples: &[i16]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// A mono 16-bit PCM WAV file.
pub fn wav_bytes(samples: &[i16], rate: u32) -> Vec<u8> {
    let data = pcm_bytes(samples);
    let mut out = Vec::with_capacity(44 + data.len());
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&data);
    out
}

/// `samples` in `format` (`pcm`, `wav`, `mp3`, `opus`, `aac`, `flac`) with its content type;
/// `None` for a format the fakes do not make.
pub fn encode(samples: &[i16], rate: u32, format: &str) -> Option<(Vec<u8>, &'static str)> {
    let (muxer, content_type, extra): (&str, &str, &[&str]) = match format {
        "pcm" => return Some((pcm_bytes(samples), "audio/pcm")),
        "wav" => return Some((wav_bytes(samples, rate), "audio/wav")),
        "mp3" => ("mp3", "audio/mpeg", &["-b:a", "64k"]),
        "opus" => ("ogg", "audio/opus", &["-c:a", "libopus", "-b:a", "32k"]),
        "aac" => ("adts", "audio/aac", &["-c:a", "aac", "-b:a", "64k"]),
        "flac" => ("flac", "audio/flac", &[]),
        _ => return None,
    };
    let mut child = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar"])
        .arg(rate.to_string())
        .args(["-ac", "1", "-i", "pipe:0"])
        .args(extra)
        .args(["-f", muxer, "pipe:1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ffmpeg runs (the fakes encode compressed audio with it)");
    let input = pcm_bytes(samples);
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("ffmpeg finishes");
    let _ = writer.join();
    assert!(output.status.success(), "ffmpeg could not encode {format}");
    Some((output.stdout, content_type))
}

/// A plan tier, lowest first (ElevenLabs gates some output formats by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Free,
    Creator,
    Pro,
}

/// The account a fake speech server bills: characters left and plan tier.
#[derive(Debug)]
pub struct SpeechAccount {
    characters_left: AtomicU64,
    tier: Mutex<Tier>,
    /// Characters billed so far.
    billed: AtomicU64,
}

impl Default for SpeechAccount {
    fn default() -> Self {
        Self {
            characters_left: AtomicU64::new(1_000_000),
            tier: Mutex::new(Tier::Free),
            billed: AtomicU64::new(0),
        }
    }
}

impl SpeechAccount {
    pub fn set_characters_left(&self, n: u64) {
        self.characters_left.store(n, Ordering::SeqCst);
    }

    pub fn set_tier(&self, tier: Tier) {
        *self.tier.lock().expect("tier") = tier;
    }

    pub fn tier(&self) -> Tier {
        *self.tier.lock().expect("tier")
    }

    pub fn billed(&self) -> u64 {
        self.billed.load(Ordering::SeqCst)
    }

    /// Bills `n` characters; `Err(left)` when fewer than `n` are left (nothing billed).
    pub fn bill(&self, n: u64) -> Result<(), u64> {
        self.characters_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(n)
            })
            .map(|_| {
                self.billed.fetch_add(n, Ordering::SeqCst);
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_bursts_with_silence_between() {
        let u = speak("Bonjour tout", 24_000, 1.0);
        let words = u.words();
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].0, "Bonjour");
        assert!(words[0].2 < words[1].1);
        let mid = ((words[0].1 + words[0].2) / 2.0 * 24_000.0) as usize;
        let window = &u.samples[mid - 200..mid + 200];
        assert!(window.iter().any(|s| s.unsigned_abs() > 4000));
        let gap = ((words[0].2 + words[1].1) / 2.0 * 24_000.0) as usize;
        assert_eq!(u.samples[gap], 0);
        assert_eq!(u.characters.len(), "Bonjour tout".chars().count());
        let account = SpeechAccount::default();
        account.set_characters_left(10);
        assert!(account.bill(6).is_ok());
        assert_eq!(account.bill(6), Err(4));
        assert_eq!(account.billed(), 6);
    }
}
