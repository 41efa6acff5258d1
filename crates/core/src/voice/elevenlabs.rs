//! [`ElevenLabsVoice`]: ElevenLabs text to speech (audio-and-images.md §A) through
//! `POST /v1/text-to-speech/{voice_id}/with-timestamps`, key in the `xi-api-key` header.
//!
//! The answer is JSON: the audio as base64 (asked for as raw 16-bit PCM at 24 kHz with the
//! `output_format` *query* parameter, available on every plan; 44.1 kHz needs the Pro tier
//! and is refused with 403 `subscription_required` below it) and an `alignment` with one
//! start and end time per character of the submitted text, spaces included. Words are
//! rebuilt from it: split on whitespace, a word starting at its first character's start and
//! ending at its last one's end; `normalized_alignment` follows expanded text (numbers
//! spelled out) and is not used. A missing alignment leaves words to per-phrase timing.
//!
//! A text longer than the model takes in one request ([`MAX_REQUEST_CHARS`]) is cut between
//! sentences, else between words ([`text_chunks`](super::text_chunks)); each chunk is sent
//! with the text around it as `previous_text` / `next_text` (the request's own context at the
//! ends, omitted when empty; neither is billed), the audio laid end to end and each chunk's
//! words shifted by the audio before it. A single word over the limit is
//! [`VoiceError::WordTooLong`], sent nowhere.
//!
//! Errors are `{"detail":{"status","message"}}`: 401 is a bad key *or* `quota_exceeded`
//! (never retried), 403 a plan tier, 429 `too_many_concurrent_requests`/`system_busy`
//! (retried within a bound). Price: $0.10 per 1,000 characters (Multilingual v2).

use super::error::{VoiceError, VoiceRefusal};
use super::hosted::{HostedVoiceApi, pcm_samples, refusal_by_status};
use super::text_chunks::{CONTEXT_MAX_CHARS, chunks, words_after, words_before};
use super::wav::Pcm;
use super::{Speech, SpeechRequest, VoiceDescriptor, VoiceOption, VoiceProvider, WordTiming};
use crate::providers::http::ProviderEnv;
use crate::secrets::ApiKey;
use base64::Engine as _;
use reelforge_protocol::ScriptLanguage;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

pub const ELEVENLABS_ID: &str = "elevenlabs";
const BASE: &str = "https://api.elevenlabs.io";
/// Multilingual v2: 29 languages (French included), 10,000 characters a request.
const MODEL: &str = "eleven_multilingual_v2";
pub const MAX_REQUEST_CHARS: usize = 10_000;
/// Sample rate asked for by default (every plan).
pub const DEFAULT_RATE: u32 = 24_000;
/// The speeds voice settings accept.
const SPEED_RANGE: (f64, f64) = (0.7, 1.2);

/// ElevenLabs over its with-timestamps endpoint.
#[derive(Debug)]
pub struct ElevenLabsVoice {
    descriptor: VoiceDescriptor,
    api: HostedVoiceApi,
    rate: u32,
}

#[derive(Debug, Serialize)]
struct TtsBody<'a> {
    text: &'a str,
    model_id: &'a str,
    voice_settings: VoiceSettingsBody,
    #[serde(skip_serializing_if = "str::is_empty")]
    previous_text: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    next_text: &'a str,
}

/// One request's text and the text said around it.
struct Chunk<'a> {
    text: &'a str,
    previous: &'a str,
    next: &'a str,
}

#[derive(Debug, Serialize)]
struct VoiceSettingsBody {
    stability: f64,
    similarity_boost: f64,
    speed: f64,
}

#[derive(Debug, Deserialize)]
struct WithTimestamps {
    audio_base64: String,
    #[serde(default)]
    alignment: Option<Alignment>,
}

#[derive(Debug, Deserialize)]
struct Alignment {
    characters: Vec<String>,
    character_start_times_seconds: Vec<f64>,
    character_end_times_seconds: Vec<f64>,
}

impl ElevenLabsVoice {
    pub fn new(env: &ProviderEnv) -> Self {
        let premade = [
            ("JBFqnCBsd6RMkjVDRZzb", "George"),
            ("21m00Tcm4TlvDq8ikWAM", "Rachel"),
            ("XB0fDUnXU5powFXDhCwa", "Charlotte"),
        ];
        let voices = [ScriptLanguage::Fr, ScriptLanguage::En]
            .into_iter()
            .flat_map(|language| {
                premade.iter().map(move |(id, label)| VoiceOption {
                    id: (*id).to_owned(),
                    label: (*label).to_owned(),
                    language,
                })
            })
            .collect();
        Self {
            descriptor: VoiceDescriptor {
                id: ELEVENLABS_ID.to_owned(),
                display_name: "ElevenLabs".to_owned(),
                label: "Hosted natural voices with word timing (Multilingual v2)".to_owned(),
                robotic_offline: false,
                languages: vec![ScriptLanguage::Fr, ScriptLanguage::En],
                voices,
                needs_key: true,
                price_per_1k_chars_micro_usd: 100_000,
                word_alignment: true,
            },
            api: HostedVoiceApi::new(ELEVENLABS_ID, "ElevenLabs", BASE, env),
            rate: DEFAULT_RATE,
        }
    }

    /// Asks for raw PCM at `rate` Hz (8,000–48,000; 44,100 needs the Pro tier).
    pub fn with_sample_rate(mut self, rate: u32) -> Self {
        self.rate = rate;
        self
    }
}

/// Words from per-character times: runs of non-whitespace characters, each from its first
/// character's start to its last one's end; runs without a letter or digit are no words.
fn words_from_characters(alignment: &Alignment) -> Result<Vec<WordTiming>, String> {
    let n = alignment.characters.len();
    if alignment.character_start_times_seconds.len() != n
        || alignment.character_end_times_seconds.len() != n
    {
        return Err(format!(
            "the alignment's arrays differ in length ({n} characters, {} starts, {} ends)",
            alignment.character_start_times_seconds.len(),
            alignment.character_end_times_seconds.len()
        ));
    }
    let seconds = |s: f64| Duration::from_secs_f64(if s.is_finite() { s.max(0.0) } else { 0.0 });
    let mut words = Vec::new();
    let mut current: Option<(String, f64, f64)> = None;
    for i in 0..n {
        let c = &alignment.characters[i];
        let (start, end) = (
            alignment.character_start_times_seconds[i],
            alignment.character_end_times_seconds[i],
        );
        if c.chars().all(char::is_whitespace) {
            words.extend(current.take());
            continue;
        }
        match &mut current {
            Some((text, _, last_end)) => {
                text.push_str(c);
                *last_end = last_end.max(end);
            }
            None => current = Some((c.clone(), start, end)),
        }
    }
    words.extend(current.take());
    Ok(words
        .into_iter()
        .filter(|(text, _, _)| text.chars().any(char::is_alphanumeric))
        .map(|(text, start, end)| WordTiming {
            text,
            start: seconds(start),
            end: seconds(end).max(seconds(start)),
        })
        .collect())
}

/// 401 `quota_exceeded` is a spent quota, not a bad key.
fn classify(status: u16, body: &str) -> VoiceRefusal {
    if body.contains("quota_exceeded") {
        return VoiceRefusal::QuotaExceeded;
    }
    refusal_by_status(status)
}

impl ElevenLabsVoice {
    /// Speaks one chunk: its samples, and its words timed from the start of its audio when
    /// the answer has an alignment.
    async fn speak_chunk(
        &self,
        key: &ApiKey,
        request: &SpeechRequest,
        chunk: Chunk<'_>,
    ) -> Result<(Vec<i16>, Option<Vec<WordTiming>>), VoiceError> {
        let url = self.api.url(&format!(
            "/v1/text-to-speech/{}/with-timestamps",
            request.voice
        ));
        let format = format!("pcm_{}", self.rate);
        let body = TtsBody {
            text: chunk.text,
            model_id: MODEL,
            voice_settings: VoiceSettingsBody {
                stability: 0.5,
                similarity_boost: 0.75,
                speed: (f64::from(request.speed_percent) / 100.0)
                    .clamp(SPEED_RANGE.0, SPEED_RANGE.1),
            },
            previous_text: chunk.previous,
            next_text: chunk.next,
        };
        let bytes = self
            .api
            .send(
                || {
                    self.api
                        .client()
                        .post(&url)
                        .query(&[("output_format", format.as_str())])
                        .header("xi-api-key", key.expose())
                        .json(&body)
                },
                classify,
            )
            .await?;
        let corrupt = |reason: String| VoiceError::CorruptAudio {
            provider: "ElevenLabs".to_owned(),
            reason,
        };
        let answer: WithTimestamps = serde_json::from_slice(&bytes).map_err(|e| {
            if e.is_eof() {
                VoiceError::TruncatedAudio {
                    provider: "ElevenLabs".to_owned(),
                    detail: "the answer ends mid-way".to_owned(),
                }
            } else {
                corrupt(e.to_string())
            }
        })?;
        let audio = base64::engine::general_purpose::STANDARD
            .decode(answer.audio_base64.trim())
            .map_err(|e| corrupt(format!("audio_base64: {e}")))?;
        let samples = pcm_samples("ElevenLabs", &audio)?;
        let words = match &answer.alignment {
            Some(alignment) => Some(words_from_characters(alignment).map_err(corrupt)?),
            None => None,
        };
        Ok((samples, words))
    }
}

#[async_trait::async_trait]
impl VoiceProvider for ElevenLabsVoice {
    /// 2: phrases are sent with the text around them (`previous_text`/`next_text`).
    fn audio_revision(&self) -> u32 {
        2
    }

    fn descriptor(&self) -> &VoiceDescriptor {
        &self.descriptor
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        if request.text.trim().is_empty() {
            return Err(VoiceError::EmptyText);
        }
        let voice_ok = !request.voice.is_empty()
            && request.voice.len() <= 64
            && request.voice.chars().all(|c| c.is_ascii_alphanumeric());
        if !voice_ok {
            return Err(VoiceError::UnknownVoice {
                provider: ELEVENLABS_ID.to_owned(),
                voice: request.voice.clone(),
            });
        }
        let chunks =
            chunks(&request.text, MAX_REQUEST_CHARS).map_err(|long| VoiceError::WordTooLong {
                provider: "ElevenLabs".to_owned(),
                characters: long.characters,
                maximum: MAX_REQUEST_CHARS,
            })?;
        let key = self.api.required_key().await?;
        let mut samples: Vec<i16> = Vec::new();
        let mut words = Some(Vec::new());
        for (k, text) in chunks.iter().enumerate() {
            let before: Vec<&str> = std::iter::once(request.context.before.as_str())
                .chain(chunks[..k].iter().map(String::as_str))
                .collect();
            let after: Vec<&str> = chunks[k + 1..]
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(request.context.after.as_str()))
                .collect();
            let (previous, next) = (
                words_before(&before, CONTEXT_MAX_CHARS),
                words_after(&after, CONTEXT_MAX_CHARS),
            );
            let chunk = Chunk {
                text,
                previous: &previous,
                next: &next,
            };
            let (said, aligned) = self.speak_chunk(&key, request, chunk).await?;
            // Words are timed from the start of the whole audio: the samples before theirs.
            let offset = Duration::from_nanos(
                (samples.len() as u64).saturating_mul(1_000_000_000) / u64::from(self.rate),
            );
            words = words.zip(aligned).map(|(mut all, aligned)| {
                all.extend(aligned.into_iter().map(|w| WordTiming {
                    start: w.start + offset,
                    end: w.end + offset,
                    text: w.text,
                }));
                all
            });
            samples.extend(said);
        }
        let pcm = Pcm {
            rate: self.rate,
            samples,
        };
        pcm.write(out)?;
        Ok(Speech {
            alignment: words.filter(|words| !words.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alignment(text: &str, step: f64) -> Alignment {
        let characters: Vec<String> = text.chars().map(String::from).collect();
        let starts: Vec<f64> = (0..characters.len()).map(|i| i as f64 * step).collect();
        let ends = starts.iter().map(|s| s + step).collect();
        Alignment {
            characters,
            character_start_times_seconds: starts,
            character_end_times_seconds: ends,
        }
    }

    #[test]
    fn characters_become_words_and_punctuation_alone_is_none() {
        let words = words_from_characters(&alignment(" Bonjour tout — le monde.", 0.1)).unwrap();
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Bonjour", "tout", "le", "monde."]);
        assert_eq!(words[0].start, Duration::from_millis(100));
        assert_eq!(words[0].end, Duration::from_millis(800));
        assert_eq!(words[1].start, Duration::from_millis(900));
        let mut broken = alignment("ab", 0.1);
        broken.character_end_times_seconds.pop();
        assert!(words_from_characters(&broken).is_err());
        assert_eq!(
            classify(401, r#"{"detail":{"status":"quota_exceeded"}}"#),
            VoiceRefusal::QuotaExceeded
        );
        assert_eq!(
            classify(401, r#"{"detail":{"status":"invalid_api_key"}}"#),
            VoiceRefusal::InvalidKey
        );
    }
}
