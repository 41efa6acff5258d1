//! [`HostedVoiceApi`]: what the hosted voice adapters share — the base URL (the person's
//! override, else the documented one), the key from the key store (the OS keychain), the one
//! HTTP client and its redirect policy (keys never cross origins), and sending a synthesis:
//! a 429 that says to come back soon is retried a bounded number of times, nothing else is
//! (synthesis is billed per character, so a failure after the request left is not re-sent);
//! error bodies are redacted; a body that ends early is [`VoiceError::TruncatedAudio`].

use super::error::{VoiceError, VoiceRefusal};
use crate::providers::http::ProviderEnv;
use crate::providers::http::redirect::{RedirectError, send_following};
use crate::providers::http::status::{provider_message, retry_after};
use crate::secrets::{ApiKey, redaction::redact};
use reqwest::RequestBuilder;
use std::time::Duration;

/// How long one synthesis request may take, its audio included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Attempts at one synthesis when the service answers 429 with a short `Retry-After`.
pub const MAX_ATTEMPTS: u32 = 3;
/// Longest `Retry-After` waited for; a longer one fails at once with the time to wait.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);
/// The wait when a 429 says nothing about when to come back.
const DEFAULT_RETRY_WAIT: Duration = Duration::from_secs(1);

/// Reads a service's error answer: the refusal it means, from its status and body.
pub type ClassifyRefusal = fn(status: u16, body: &str) -> VoiceRefusal;

/// One hosted voice's handle on its API.
#[derive(Debug, Clone)]
pub struct HostedVoiceApi {
    /// The provider id: key-store entry and base-URL override name.
    pub provider: &'static str,
    pub display_name: &'static str,
    default_base: &'static str,
    env: ProviderEnv,
}

/// The refusal most services mean by `status`, for `classify` functions to fall back on.
pub fn refusal_by_status(status: u16) -> VoiceRefusal {
    match status {
        401 => VoiceRefusal::InvalidKey,
        402 => VoiceRefusal::QuotaExceeded,
        403 => VoiceRefusal::TierRequired,
        429 => VoiceRefusal::RateLimited,
        500.. => VoiceRefusal::ServerError,
        _ => VoiceRefusal::InvalidRequest,
    }
}

impl HostedVoiceApi {
    pub fn new(
        provider: &'static str,
        display_name: &'static str,
        default_base: &'static str,
        env: &ProviderEnv,
    ) -> Self {
        Self {
            provider,
            display_name,
            default_base,
            env: env.clone(),
        }
    }

    /// The base URL in use: the person's override, else the documented one.
    pub fn base_url(&self) -> String {
        self.env
            .endpoints
            .get(self.provider)
            .unwrap_or_else(|| self.default_base.to_owned())
    }

    /// `path` (starting with `/`) joined to the base URL.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.env.client
    }

    /// The stored key; `None` when none is stored. Read on a blocking thread: the OS
    /// keychain is a D-Bus round trip on Linux.
    pub async fn key(&self) -> Result<Option<ApiKey>, VoiceError> {
        let secrets = self.env.secrets.clone();
        let provider = self.provider;
        let read = tokio::task::spawn_blocking(move || secrets.get(provider))
            .await
            .unwrap_or_else(|join| {
                Err(crate::secrets::SecretError::Platform(format!(
                    "the keychain call failed: {join}"
                )))
            });
        read.map_err(|source| VoiceError::Keychain {
            provider: self.display_name.to_owned(),
            source,
        })
    }

    /// The stored key, or [`VoiceError::KeyMissing`].
    pub async fn required_key(&self) -> Result<ApiKey, VoiceError> {
        self.key().await?.ok_or_else(|| VoiceError::KeyMissing {
            provider: self.provider.to_owned(),
        })
    }

    /// Sends the request `build` makes and returns the body of a success. A 429 that
    /// `classify` reads as [`VoiceRefusal::RateLimited`] is sent again after its
    /// `Retry-After` (at most [`MAX_RETRY_WAIT`], [`MAX_ATTEMPTS`] in all); every other error
    /// status is a [`VoiceError::Refused`] at once.
    pub async fn send(
        &self,
        build: impl Fn() -> RequestBuilder,
        classify: ClassifyRefusal,
    ) -> Result<Vec<u8>, VoiceError> {
        let mut attempt = 1;
        loop {
            let mut request = build().build().map_err(|e| self.unreachable(&e))?;
            request.timeout_mut().get_or_insert(REQUEST_TIMEOUT);
            let response = send_following(self.client(), request)
                .await
                .map_err(|e| match e {
                    RedirectError::Transport(e) => self.unreachable(&e),
                    other => VoiceError::Unreachable {
                        provider: self.display_name.to_owned(),
                        message: other.to_string(),
                    },
                })?;
            let status = response.status().as_u16();
            if response.status().is_success() {
                return response.bytes().await.map(|b| b.to_vec()).map_err(|e| {
                    VoiceError::TruncatedAudio {
                        provider: self.display_name.to_owned(),
                        detail: redact(&without_url(&e)),
                    }
                });
            }
            let wait = retry_after(response.headers());
            let body = response.text().await.unwrap_or_default();
            let refusal = classify(status, &body);
            let retry = refusal == VoiceRefusal::RateLimited
                && attempt < MAX_ATTEMPTS
                && wait.is_none_or(|w| w <= MAX_RETRY_WAIT);
            if retry {
                tracing::info!(
                    "{} answered 429; attempt {} of {MAX_ATTEMPTS} after {:?}",
                    self.display_name,
                    attempt + 1,
                    wait.unwrap_or(DEFAULT_RETRY_WAIT)
                );
                tokio::time::sleep(wait.unwrap_or(DEFAULT_RETRY_WAIT)).await;
                attempt += 1;
                continue;
            }
            return Err(VoiceError::Refused {
                provider: self.display_name.to_owned(),
                refusal,
                status,
                message: redact(&provider_message(&body)),
                retry_after: wait,
            });
        }
    }

    fn unreachable(&self, error: &reqwest::Error) -> VoiceError {
        VoiceError::Unreachable {
            provider: self.display_name.to_owned(),
            message: redact(&without_url(error)),
        }
    }
}

/// The error text without the request URL (which can carry a voice id or token).
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// 16-bit little-endian mono samples from raw PCM bytes; an odd length is a cut sample.
pub fn pcm_samples(provider: &str, bytes: &[u8]) -> Result<Vec<i16>, VoiceError> {
    if bytes.is_empty() {
        return Err(VoiceError::CorruptAudio {
            provider: provider.to_owned(),
            reason: "the audio is empty".to_owned(),
        });
    }
    if !bytes.len().is_multiple_of(2) {
        return Err(VoiceError::TruncatedAudio {
            provider: provider.to_owned(),
            detail: format!("{} bytes of 16-bit samples end mid-sample", bytes.len()),
        });
    }
    Ok(bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_refusals_and_raw_pcm_is_checked() {
        assert_eq!(refusal_by_status(401), VoiceRefusal::InvalidKey);
        assert_eq!(refusal_by_status(403), VoiceRefusal::TierRequired);
        assert_eq!(refusal_by_status(429), VoiceRefusal::RateLimited);
        assert_eq!(refusal_by_status(503), VoiceRefusal::ServerError);
        assert_eq!(refusal_by_status(422), VoiceRefusal::InvalidRequest);
        assert_eq!(pcm_samples("x", &[1, 0, 255, 255]).unwrap(), [1, -1]);
        assert!(matches!(
            pcm_samples("x", &[1, 0, 2]),
            Err(VoiceError::TruncatedAudio { .. })
        ));
        assert!(matches!(
            pcm_samples("x", &[]),
            Err(VoiceError::CorruptAudio { .. })
        ));
    }
}
