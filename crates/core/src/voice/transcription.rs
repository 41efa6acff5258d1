//! Word times from an OpenAI-compatible transcription endpoint (`POST
//! {base}/audio/transcriptions`, multipart: `file`, `model` `whisper-1`,
//! `response_format=verbose_json`, `timestamp_granularities[]=word`): the way to caption a
//! voice-over file the creator brings, whose words no voice reported. Uses the `openai`
//! provider's key and base URL (another server such as LocalAI: key optional), and its typed
//! refusals. Whisper's words carry no punctuation; each comes with its start and end in
//! seconds from the start of the file.

use super::hosted::{HostedVoiceApi, refusal_by_status};
use super::openai_speech::OPENAI_ID;
use super::{VoiceError, VoiceRefusal, WordTiming};
use crate::providers::http::ProviderEnv;
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

const OPENAI_BASE: &str = "https://api.openai.com/v1";
/// The model that reports word times (the `gpt-4o` transcribers answer `json` only).
const MODEL: &str = "whisper-1";
/// The largest file the endpoint takes (OpenAI's documented 25 MB).
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;

/// An OpenAI-compatible transcription endpoint.
#[derive(Debug)]
pub struct OpenAiTranscriber {
    api: HostedVoiceApi,
}

#[derive(Debug, Deserialize)]
struct Verbose {
    #[serde(default)]
    words: Vec<HeardWord>,
}

#[derive(Debug, Deserialize)]
struct HeardWord {
    word: String,
    start: f64,
    end: f64,
}

fn classify(status: u16, body: &str) -> VoiceRefusal {
    if body.to_ascii_lowercase().contains("insufficient_quota") {
        return VoiceRefusal::QuotaExceeded;
    }
    refusal_by_status(status)
}

fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.0))
}

impl OpenAiTranscriber {
    /// The `openai` provider's endpoint (its base URL override and key).
    pub fn openai(env: &ProviderEnv) -> Self {
        Self {
            api: HostedVoiceApi::new(OPENAI_ID, "OpenAI transcription", OPENAI_BASE, env),
        }
    }

    /// Each word heard in `audio`, with its times; empty when nothing is said.
    pub async fn words(&self, audio: &Path) -> Result<Vec<WordTiming>, VoiceError> {
        let bytes = std::fs::read(audio).map_err(|e| VoiceError::io(audio, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(VoiceError::BadAudio {
                path: audio.to_owned(),
                reason: format!("over the {} MB a transcription takes", MAX_FILE_BYTES >> 20),
            });
        }
        let key = if self.api.base_url() == OPENAI_BASE {
            Some(self.api.required_key().await?)
        } else {
            self.api.key().await?
        };
        let name = audio.file_name().map_or_else(
            || "audio.wav".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let url = self.api.url("/audio/transcriptions");
        let build = || {
            let form = reqwest::multipart::Form::new()
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone()),
                )
                .text("model", MODEL)
                .text("response_format", "verbose_json")
                .text("timestamp_granularities[]", "word");
            let request = self.api.client().post(&url).multipart(form);
            match &key {
                Some(key) => request.bearer_auth(key.expose()),
                None => request,
            }
        };
        let body = self.api.send(build, classify).await?;
        let verbose: Verbose =
            serde_json::from_slice(&body).map_err(|e| VoiceError::CorruptAudio {
                provider: "OpenAI transcription".to_owned(),
                reason: format!("the transcription is not the expected JSON: {e}"),
            })?;
        Ok(verbose
            .words
            .into_iter()
            .filter(|w| !w.word.trim().is_empty())
            .map(|w| WordTiming {
                text: w.word.trim().to_owned(),
                start: seconds(w.start),
                end: seconds(w.end.max(w.start)),
            })
            .collect())
    }
}
