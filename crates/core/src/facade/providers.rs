//! The Providers screen: per provider whether a key is set and where it is kept, setting,
//! testing and removing keys, and the person's settings (base URL, concurrency, default model).
//!
//! Keys never come back out: statuses carry `has_key` and the storage only. Every key-store
//! call runs on a blocking thread with a time limit (a keychain is a D-Bus round trip on Linux
//! and may hang while the OS starts its service). Settings are stored in the `settings` table
//! under `provider.<id>` (never a key) and applied at open and at once when changed: the base
//! URL into the adapters' endpoint overrides, the concurrency into the runner's slots, the
//! default model into planning.

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::providers::VideoProvider;
use crate::secrets::{ApiKey, SecretBackend, SecretError, SharedSecrets};
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::{
    KeyStorage, KeyTestResult, ProviderDescriptor, ProviderId, ProviderSettings, ProviderStatus,
    SetProviderKeyRequest, TakeErrorCode, UpdateProviderSettingsRequest,
};
use std::sync::Arc;
use std::time::Duration;

/// Longest a key-store call may take before it counts as "no keychain".
const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Highest concurrency the settings accept.
const MAX_CONCURRENCY: u32 = 32;

/// `REELFORGE_<ID>_BASE_URL`: the base URL of provider `<id>` (upper case, `-` as `_`), read
/// at open; it wins over the stored setting (end-to-end tests point the app at fake servers).
pub fn base_url_env(provider: &str) -> String {
    let id: String = provider
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("REELFORGE_{id}_BASE_URL")
}

fn env_base_url(provider: &str) -> Option<String> {
    std::env::var(base_url_env(provider))
        .ok()
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
}

fn settings_key(provider: &str) -> String {
    format!("provider.{provider}")
}

/// Runs a key-store call on a blocking thread, giving up after [`KEYCHAIN_TIMEOUT`].
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, SecretError> {
    match tokio::time::timeout(KEYCHAIN_TIMEOUT, tokio::task::spawn_blocking(call)).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(SecretError::Platform(format!(
            "the keychain call failed: {join}"
        ))),
        Err(_) => Err(SecretError::Unavailable(format!(
            "the keychain did not answer within {} s",
            KEYCHAIN_TIMEOUT.as_secs()
        ))),
    }
}

impl Core {
    fn secrets(&self) -> SharedSecrets {
        self.inner.key_store.clone()
    }

    fn provider_or_404(&self, id: &str) -> CoreResult<Arc<dyn VideoProvider>> {
        self.runner()
            .registry()
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::not_found("provider", id))
    }

    /// The stored settings of `provider` (defaults when none).
    async fn provider_settings(&self, provider: &str) -> CoreResult<ProviderSettings> {
        let mut conn = self.db().reader().acquire().await?;
        Ok(settings::get(&mut conn, &settings_key(provider))
            .await?
            .unwrap_or_default())
    }

    /// Puts `stored` into effect for `provider`.
    fn apply_provider_settings(&self, provider: &str, stored: &ProviderSettings) {
        let url = env_base_url(provider).or_else(|| stored.base_url.clone());
        self.inner.endpoints.set(provider, url);
        self.runner().set_concurrency(provider, stored.concurrency);
        self.runner()
            .set_default_model(provider, stored.default_model.clone());
    }

    /// At open: the stored settings and `REELFORGE_<ID>_BASE_URL` of every provider. A
    /// concurrency the setup chose stays unless the person stored one.
    pub(super) async fn apply_stored_provider_settings(&self) -> CoreResult<()> {
        let ids: Vec<ProviderId> = self
            .runner()
            .registry()
            .iter()
            .map(|p| p.descriptor().id.clone())
            .collect();
        self.apply_stored_voice_settings().await?;
        for id in ids {
            let stored = self.provider_settings(&id).await?;
            if let Some(url) = env_base_url(&id).or_else(|| stored.base_url.clone()) {
                self.inner.endpoints.set(&id, Some(url));
            }
            if stored.concurrency.is_some() {
                self.runner().set_concurrency(&id, stored.concurrency);
            }
            if stored.default_model.is_some() {
                self.runner()
                    .set_default_model(&id, stored.default_model.clone());
            }
        }
        Ok(())
    }

    fn status_of(
        &self,
        descriptor: ProviderDescriptor,
        settings: ProviderSettings,
        located: Result<Option<SecretBackend>, SecretError>,
    ) -> ProviderStatus {
        let (key_storage, key_error) = match located {
            Ok(Some(SecretBackend::Keychain)) => (KeyStorage::Keychain, None),
            Ok(Some(SecretBackend::SessionOnly)) => (KeyStorage::Session, None),
            Ok(None) => (KeyStorage::None, None),
            Err(e) => (KeyStorage::None, Some(e.to_string())),
        };
        let id = descriptor.id.clone();
        let default_model = settings
            .default_model
            .clone()
            .or_else(|| descriptor.models.first().map(|m| m.id.clone()));
        ProviderStatus {
            has_key: key_storage != KeyStorage::None,
            key_storage,
            key_error,
            base_url: self.inner.endpoints.get(&id),
            concurrency: self
                .runner()
                .concurrency(&id)
                .unwrap_or(descriptor.default_concurrency),
            default_model,
            settings,
            descriptor,
        }
    }

    /// Every provider with whether it has a key, where the key is kept and its settings. The
    /// keychain is read afresh (one blocking call for all providers); when it cannot be read,
    /// each provider needing a key says why in `key_error`.
    pub async fn list_provider_status(&self) -> CoreResult<Vec<ProviderStatus>> {
        let descriptors = self.list_providers();
        let needing: Vec<ProviderId> = descriptors
            .iter()
            .filter(|d| d.needs_key)
            .map(|d| d.id.clone())
            .collect();
        let store = self.secrets();
        let located = blocking(move || {
            Ok(needing
                .into_iter()
                .map(|id| {
                    let found = store.locate(&id);
                    (id, found)
                })
                .collect::<Vec<_>>())
        })
        .await;
        let mut out = Vec::with_capacity(descriptors.len());
        for d in descriptors {
            let settings = self.provider_settings(&d.id).await?;
            let found = if !d.needs_key {
                Ok(None)
            } else {
                match &located {
                    Ok(all) => all
                        .iter()
                        .find(|(id, _)| *id == d.id)
                        .map_or(Ok(None), |(_, found)| found.clone()),
                    Err(e) => Err(e.clone()),
                }
            };
            out.push(self.status_of(d, settings, found));
        }
        Ok(out)
    }

    /// One provider's status (its key looked up afresh).
    pub async fn provider_status(&self, provider: &str) -> CoreResult<ProviderStatus> {
        let descriptor = self.provider_or_404(provider)?.descriptor().clone();
        let settings = self.provider_settings(provider).await?;
        let found = if descriptor.needs_key {
            let store = self.secrets();
            let id = provider.to_owned();
            blocking(move || store.locate(&id)).await
        } else {
            Ok(None)
        };
        Ok(self.status_of(descriptor, settings, found))
    }

    /// Checks that `provider` takes a key; the quick-mode writer's `llm` key is accepted too.
    fn key_slot(&self, provider: &str) -> CoreResult<()> {
        if provider == crate::script::LLM_SECRET_ID {
            return Ok(());
        }
        // A hosted voice's key (ElevenLabs, OpenAI speech) lives beside the video ones.
        if let Some(voice) = self.voice_only(provider) {
            return if voice.needs_key {
                Ok(())
            } else {
                Err(CoreError::validation(
                    "provider",
                    format!("{} needs no API key", voice.display_name),
                ))
            };
        }
        let p = self.provider_or_404(provider)?;
        if !p.descriptor().needs_key {
            return Err(CoreError::validation(
                "provider",
                format!("{} needs no API key", p.descriptor().display_name),
            ));
        }
        Ok(())
    }

    /// Stores the key of `req.provider` in the OS keychain (verified by reading it back), or in
    /// memory for this session only when `req.session_only`. A keychain that is missing or
    /// locked is an error that says what to do; nothing falls back silently.
    pub async fn set_provider_key(&self, req: SetProviderKeyRequest) -> CoreResult<ProviderStatus> {
        self.key_slot(&req.provider)?;
        let key =
            ApiKey::new(req.key).ok_or_else(|| CoreError::validation("key", "the key is empty"))?;
        let store = self.secrets();
        let id = req.provider.clone();
        let session_only = req.session_only;
        blocking(move || {
            if session_only {
                store.set_session_only(&id, &key)
            } else {
                store.set(&id, &key)
            }
        })
        .await?;
        tracing::info!(
            "key of {} stored ({})",
            req.provider,
            if req.session_only {
                "session only"
            } else {
                "keychain"
            }
        );
        self.status_after_key_change(&req.provider).await
    }

    /// Removes the key of `provider` from the session and the keychain.
    pub async fn remove_provider_key(&self, provider: &str) -> CoreResult<ProviderStatus> {
        self.key_slot(provider)?;
        let store = self.secrets();
        let id = provider.to_owned();
        blocking(move || store.remove(&id)).await?;
        tracing::info!("key of {provider} removed");
        self.status_after_key_change(provider).await
    }

    async fn status_after_key_change(&self, provider: &str) -> CoreResult<ProviderStatus> {
        if let Some(voice) = self.voice_only(provider) {
            return self.voice_status(voice).await;
        }
        if provider == crate::script::LLM_SECRET_ID {
            // Not a video provider: a synthetic status with the key's storage.
            let store = self.secrets();
            let id = provider.to_owned();
            let found = blocking(move || store.locate(&id)).await;
            let descriptor = ProviderDescriptor {
                id: provider.into(),
                display_name: "Script writer (LLM)".into(),
                label: "Quick mode's chat script writer".into(),
                needs_key: true,
                models: Vec::new(),
                default_concurrency: 1,
                max_generation_s: 0,
            };
            return Ok(self.status_of(descriptor, ProviderSettings::default(), found));
        }
        self.provider_status(provider).await
    }

    /// Checks the stored key with the provider's cheapest authenticated call. A refused key is
    /// an answer (`ok: false` with the provider's code), not an error.
    pub async fn test_provider_key(&self, provider: &str) -> CoreResult<KeyTestResult> {
        let p = self.provider_or_404(provider)?;
        let name = p.descriptor().display_name.clone();
        if p.descriptor().needs_key {
            // Read the key on a blocking thread now: the adapter's own read then hits the
            // store's cache instead of blocking the async runtime on the keychain.
            let store = self.secrets();
            let id = provider.to_owned();
            let found = blocking(move || store.locate(&id)).await?;
            if found.is_none() {
                return Ok(KeyTestResult {
                    provider: provider.into(),
                    ok: false,
                    code: Some(TakeErrorCode::NoKey),
                    message: format!("no API key is set for {name}"),
                });
            }
        }
        Ok(match p.test_key().await {
            Ok(()) => KeyTestResult {
                provider: provider.into(),
                ok: true,
                code: None,
                message: format!("{name} accepted the key"),
            },
            Err(e) => KeyTestResult {
                provider: provider.into(),
                ok: false,
                code: Some(e.code),
                message: e.message,
            },
        })
    }

    /// Replaces the settings of `req.provider`, stores them and puts them into effect at once.
    pub async fn update_provider_settings(
        &self,
        req: UpdateProviderSettingsRequest,
    ) -> CoreResult<ProviderStatus> {
        if let Some(voice) = self.voice_only(&req.provider) {
            return self.update_voice_settings(voice, req.settings).await;
        }
        let descriptor = self.provider_or_404(&req.provider)?.descriptor().clone();
        let clean = validate_settings(&descriptor, req.settings)?;
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, &settings_key(&req.provider), &clean, now_ms()).await?;
        tx.commit().await?;
        self.apply_provider_settings(&req.provider, &clean);
        self.provider_status(&req.provider).await
    }
}

/// Trims and checks settings: an http(s) base URL, a concurrency within 1–32, a known model.
fn validate_settings(
    descriptor: &ProviderDescriptor,
    settings: ProviderSettings,
) -> CoreResult<ProviderSettings> {
    let base_url = settings
        .base_url
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .filter(|u| !u.is_empty());
    if let Some(url) = &base_url {
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"));
        if rest.is_none_or(|r| r.is_empty() || r.chars().any(char::is_whitespace)) {
            return Err(CoreError::validation(
                "base_url",
                format!("`{url}` is not an http:// or https:// URL"),
            ));
        }
    }
    if let Some(n) = settings.concurrency
        && !(1..=MAX_CONCURRENCY).contains(&n)
    {
        return Err(CoreError::validation(
            "concurrency",
            format!("must be between 1 and {MAX_CONCURRENCY}"),
        ));
    }
    let default_model = settings
        .default_model
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    if let Some(model) = &default_model
        && descriptor.model(Some(model)).is_none()
    {
        let known: Vec<&str> = descriptor.models.iter().map(|m| m.id.as_str()).collect();
        return Err(CoreError::validation(
            "default_model",
            format!(
                "{} has no model `{model}` (known: {})",
                descriptor.display_name,
                known.join(", ")
            ),
        ));
    }
    Ok(ProviderSettings {
        base_url,
        concurrency: settings.concurrency,
        default_model,
    })
}

mod voices;

#[cfg(test)]
mod tests;
