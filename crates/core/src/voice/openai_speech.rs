//! [`OpenAiSpeechVoice`]: any OpenAI-compatible speech endpoint (`POST {base}/audio/speech`,
//! audio-and-images.md §B and §C1), registered twice:
//!
//! - `openai`: OpenAI itself (`https://api.openai.com/v1`, `Authorization: Bearer`, `tts-1`
//!   at $15 per million characters). With its base URL pointed elsewhere (LocalAI, a
//!   gateway) the key becomes optional: none is sent when none is stored.
//! - `kokoro`: Kokoro-FastAPI on this machine (`http://localhost:8880/v1`, no key, free).
//!   It also times words: `POST /dev/captioned_speech` (no `/v1`) answers, by default
//!   streamed, one JSON object per line, each with a chunk of base64 audio and its words'
//!   absolute times; the chunks are laid end to end.
//!
//! Audio is asked for as 16-bit mono: `wav` from `/audio/speech` (read and re-written with a
//! clean header, since streamed WAVs carry placeholder sizes), raw `pcm` (24 kHz) from the
//! captioned endpoint. OpenAI gives no timing: words are timed per phrase by weight.
//! Errors: OpenAI's `{"error":{…}}` (429 `insufficient_quota` is a spent quota, never
//! retried), Kokoro's `{"detail":{…}}`.

use super::error::{VoiceError, VoiceRefusal};
use super::hosted::{HostedVoiceApi, pcm_samples, refusal_by_status};
use super::wav::Pcm;
use super::{Speech, SpeechRequest, VoiceDescriptor, VoiceOption, VoiceProvider, WordTiming};
use crate::providers::http::ProviderEnv;
use base64::Engine as _;
use reelforge_protocol::ScriptLanguage;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

pub const OPENAI_ID: &str = "openai";
pub const KOKORO_ID: &str = "kokoro";
const OPENAI_BASE: &str = "https://api.openai.com/v1";
const KOKORO_BASE: &str = "http://localhost:8880/v1";
/// The rate of `pcm` answers (OpenAI and Kokoro alike).
const PCM_RATE: u32 = 24_000;
/// The longest input `/audio/speech` takes (OpenAI's documented limit).
pub const MAX_INPUT_CHARS: usize = 4096;
/// Speeds the endpoint accepts.
const SPEED_RANGE: (f64, f64) = (0.25, 4.0);

/// Which server the adapter talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    OpenAi,
    Kokoro,
}

/// An OpenAI-compatible speech endpoint.
#[derive(Debug)]
pub struct OpenAiSpeechVoice {
    descriptor: VoiceDescriptor,
    api: HostedVoiceApi,
    flavour: Flavour,
    model: &'static str,
}

#[derive(Debug, Serialize)]
struct SpeechBody<'a> {
    model: &'a str,
    input: &'a str,
    voice: &'a str,
    response_format: &'a str,
    speed: f64,
    /// Kokoro only: `false` for one answer (its default is a chunked stream).
    #[serde(skip_serializing_if = "Option::is_none")]
    stream: Option<bool>,
}

/// One line of Kokoro's captioned speech.
#[derive(Debug, Deserialize)]
struct CaptionedChunk {
    audio: String,
    #[serde(default)]
    timestamps: Option<Vec<KokoroWord>>,
}

#[derive(Debug, Deserialize)]
struct KokoroWord {
    word: String,
    start_time: f64,
    end_time: f64,
}

fn both_languages(voices: &[(&str, &str)]) -> Vec<VoiceOption> {
    [ScriptLanguage::Fr, ScriptLanguage::En]
        .into_iter()
        .flat_map(|language| {
            voices.iter().map(move |(id, label)| VoiceOption {
                id: (*id).to_owned(),
                label: (*label).to_owned(),
                language,
            })
        })
        .collect()
}

impl OpenAiSpeechVoice {
    /// OpenAI's `tts-1`, or any OpenAI-compatible server at the `openai` base URL.
    pub fn openai(env: &ProviderEnv) -> Self {
        let voices = [
            ("coral", "Coral"),
            ("alloy", "Alloy"),
            ("nova", "Nova"),
            ("onyx", "Onyx"),
            ("sage", "Sage"),
            ("shimmer", "Shimmer"),
        ];
        Self {
            descriptor: VoiceDescriptor {
                id: OPENAI_ID.to_owned(),
                display_name: "OpenAI speech".to_owned(),
                label: "Hosted natural voices (tts-1), or any OpenAI-compatible speech server"
                    .to_owned(),
                robotic_offline: false,
                languages: vec![ScriptLanguage::Fr, ScriptLanguage::En],
                voices: both_languages(&voices),
                needs_key: true,
                price_per_1k_chars_micro_usd: 15_000,
                word_alignment: false,
            },
            api: HostedVoiceApi::new(OPENAI_ID, "OpenAI speech", OPENAI_BASE, env),
            flavour: Flavour::OpenAi,
            model: "tts-1",
        }
    }

    /// Kokoro-FastAPI on this machine, with word timing from its captioned speech.
    pub fn kokoro(env: &ProviderEnv) -> Self {
        let voices = vec![
            VoiceOption {
                id: "ff_siwis".to_owned(),
                label: "Siwis (French)".to_owned(),
                language: ScriptLanguage::Fr,
            },
            VoiceOption {
                id: "af_heart".to_owned(),
                label: "Heart (American English)".to_owned(),
                language: ScriptLanguage::En,
            },
            VoiceOption {
                id: "bf_emma".to_owned(),
                label: "Emma (British English)".to_owned(),
                language: ScriptLanguage::En,
            },
        ];
        Self {
            descriptor: VoiceDescriptor {
                id: KOKORO_ID.to_owned(),
                display_name: "Kokoro (local server)".to_owned(),
                label: "Natural voices from a Kokoro-FastAPI server you run: no key, free"
                    .to_owned(),
                robotic_offline: false,
                languages: vec![ScriptLanguage::Fr, ScriptLanguage::En],
                voices,
                needs_key: false,
                price_per_1k_chars_micro_usd: 0,
                word_alignment: true,
            },
            api: HostedVoiceApi::new(KOKORO_ID, "Kokoro", KOKORO_BASE, env),
            flavour: Flavour::Kokoro,
            model: "kokoro",
        }
    }

    async fn authorized(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, VoiceError> {
        if self.flavour == Flavour::Kokoro {
            return Ok(request);
        }
        let key = if self.api.base_url() == OPENAI_BASE {
            Some(self.api.required_key().await?)
        } else {
            // A local or self-hosted server may need no key: without a keychain on this
            // machine there is none to send (the server says 401 if it wanted one).
            match self.api.key().await {
                Err(VoiceError::Keychain { source, .. })
                    if source.code() == reelforge_protocol::ErrorCode::KeychainUnavailable =>
                {
                    None
                }
                read => read?,
            }
        };
        Ok(match key {
            Some(key) => request.bearer_auth(key.expose()),
            None => request,
        })
    }

    fn body<'a>(
        &'a self,
        request: &'a SpeechRequest,
        format: &'a str,
        stream: Option<bool>,
    ) -> SpeechBody<'a> {
        SpeechBody {
            model: self.model,
            input: &request.text,
            voice: &request.voice,
            response_format: format,
            speed: (f64::from(request.speed_percent) / 100.0).clamp(SPEED_RANGE.0, SPEED_RANGE.1),
            stream,
        }
    }

    /// `/audio/speech` as WAV, re-written to `out`.
    async fn speak_wav(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        let stream = (self.flavour == Flavour::Kokoro).then_some(false);
        let body = self.body(request, "wav", stream);
        let url = self.api.url("/audio/speech");
        let authorized = self.authorized(self.api.client().post(&url)).await?;
        let bytes = self
            .api
            .send(
                || {
                    authorized
                        .try_clone()
                        .expect("a JSON request clones")
                        .header(reqwest::header::ACCEPT, "application/octet-stream")
                        .json(&body)
                },
                classify,
            )
            .await?;
        std::fs::write(out, &bytes).map_err(|e| VoiceError::io(out, e))?;
        let pcm = Pcm::read(out).map_err(|e| match e {
            VoiceError::BadAudio { reason, .. } => VoiceError::CorruptAudio {
                provider: self.api.display_name.to_owned(),
                reason,
            },
            other => other,
        })?;
        if pcm.samples.is_empty() {
            return Err(VoiceError::CorruptAudio {
                provider: self.api.display_name.to_owned(),
                reason: "the audio holds no samples".to_owned(),
            });
        }
        pcm.write(out)?;
        Ok(Speech { alignment: None })
    }

    /// Kokoro's `/dev/captioned_speech`: raw PCM chunks with absolute word times.
    async fn speak_captioned(
        &self,
        request: &SpeechRequest,
        out: &Path,
    ) -> Result<Speech, VoiceError> {
        let root = self.api.base_url();
        let root = root.strip_suffix("/v1").unwrap_or(&root);
        let url = format!("{root}/dev/captioned_speech");
        let body = self.body(request, "pcm", Some(true));
        let bytes = self
            .api
            .send(|| self.api.client().post(&url).json(&body), classify)
            .await?;
        let (pcm, words) = read_captioned(self.api.display_name, &bytes)?;
        pcm.write(out)?;
        // Kokoro gave no times for some voices (French before 2026-07): words by weight.
        Ok(Speech {
            alignment: (!words.is_empty()).then_some(words),
        })
    }
}

/// Kokoro's captioned speech, one object or one per line: the chunks' audio laid end to end
/// and their words (already absolute).
fn read_captioned(provider: &str, body: &[u8]) -> Result<(Pcm, Vec<WordTiming>), VoiceError> {
    let corrupt = |reason: String| VoiceError::CorruptAudio {
        provider: provider.to_owned(),
        reason,
    };
    let text = std::str::from_utf8(body).map_err(|e| corrupt(e.to_string()))?;
    let mut pcm = Pcm {
        rate: PCM_RATE,
        samples: Vec::new(),
    };
    let mut words = Vec::new();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return Err(corrupt("the answer is empty".to_owned()));
    }
    let last = lines.len() - 1;
    for (i, line) in lines.into_iter().enumerate() {
        let chunk: CaptionedChunk = serde_json::from_str(line).map_err(|e| {
            if i == last && e.is_eof() {
                VoiceError::TruncatedAudio {
                    provider: provider.to_owned(),
                    detail: "the last captioned chunk ends mid-way".to_owned(),
                }
            } else {
                corrupt(format!("captioned chunk {}: {e}", i + 1))
            }
        })?;
        let audio = base64::engine::general_purpose::STANDARD
            .decode(chunk.audio.trim())
            .map_err(|e| corrupt(format!("captioned chunk {}: {e}", i + 1)))?;
        pcm.samples.extend(pcm_samples(provider, &audio)?);
        for w in chunk.timestamps.unwrap_or_default() {
            let valid =
                w.start_time.is_finite() && w.start_time >= 0.0 && w.end_time >= w.start_time;
            if !valid || w.word.trim().is_empty() {
                continue;
            }
            words.push(WordTiming {
                text: w.word.trim().to_owned(),
                start: Duration::from_secs_f64(w.start_time),
                end: Duration::from_secs_f64(w.end_time),
            });
        }
    }
    Ok((pcm, words))
}

/// OpenAI: 429 `insufficient_quota` (or `credit_balance_exhausted`) is a spent quota;
/// other statuses by their meaning.
fn classify(status: u16, body: &str) -> VoiceRefusal {
    let lower = body.to_ascii_lowercase();
    if lower.contains("insufficient_quota") || lower.contains("credit_balance_exhausted") {
        return VoiceRefusal::QuotaExceeded;
    }
    refusal_by_status(status)
}

fn valid_voice_id(voice: &str) -> bool {
    !voice.is_empty()
        && voice.len() <= 200
        && voice
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-+().".contains(c))
}

#[async_trait::async_trait]
impl VoiceProvider for OpenAiSpeechVoice {
    fn descriptor(&self) -> &VoiceDescriptor {
        &self.descriptor
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        if request.text.trim().is_empty() {
            return Err(VoiceError::EmptyText);
        }
        if !valid_voice_id(&request.voice) {
            return Err(VoiceError::UnknownVoice {
                provider: self.descriptor.id.clone(),
                voice: request.voice.clone(),
            });
        }
        if request.text.chars().count() > MAX_INPUT_CHARS {
            return Err(VoiceError::Failed {
                program: self.descriptor.display_name.clone(),
                status: "not sent".to_owned(),
                stderr: format!("a phrase longer than {MAX_INPUT_CHARS} characters"),
            });
        }
        match self.flavour {
            Flavour::OpenAi => self.speak_wav(request, out).await,
            Flavour::Kokoro => self.speak_captioned(request, out).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_captioned_chunks_join_and_a_cut_last_line_is_truncation() {
        let b64 = |s: &[i16]| {
            let bytes: Vec<u8> = s.iter().flat_map(|v| v.to_le_bytes()).collect();
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        let body = format!(
            "{{\"audio\":\"{}\",\"audio_format\":\"pcm\",\"timestamps\":[{{\"word\":\"Bonjour\",\"start_time\":0.1,\"end_time\":0.5}}]}}\n\
             {{\"audio\":\"{}\",\"audio_format\":\"pcm\",\"timestamps\":[{{\"word\":\"tout\",\"start_time\":0.6,\"end_time\":0.8}}]}}\n",
            b64(&[1, 2]),
            b64(&[3])
        );
        let (pcm, words) = read_captioned("Kokoro", body.as_bytes()).unwrap();
        assert_eq!(pcm.samples, [1, 2, 3]);
        assert_eq!(words.len(), 2);
        assert_eq!(words[1].start, Duration::from_millis(600));
        let cut = &body[..body.len() - 20];
        assert!(matches!(
            read_captioned("Kokoro", cut.as_bytes()),
            Err(VoiceError::TruncatedAudio { .. })
        ));
        assert_eq!(
            classify(429, r#"{"error":{"code":"insufficient_quota"}}"#),
            VoiceRefusal::QuotaExceeded
        );
        assert_eq!(
            classify(429, r#"{"error":{"code":"rate_limit_exceeded"}}"#),
            VoiceRefusal::RateLimited
        );
    }
}
