//! Hosted voices on the Providers screen and `reelforge providers`: their keys are set, tested
//! for presence and removed like a video provider's (same key store, entry named by the voice
//! provider's id), and their base URL is a stored setting or `REELFORGE_<ID>_BASE_URL`,
//! applied at open and at once when changed. A voice has no concurrency or model setting.

use super::{Core, blocking, env_base_url, settings_key, validate_settings};
use crate::error::{CoreError, CoreResult};
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::{ProviderDescriptor, ProviderSettings, ProviderStatus, VoiceDescriptor};

/// A voice provider's descriptor in the shape the Providers screen lists.
fn as_provider(voice: &VoiceDescriptor) -> ProviderDescriptor {
    ProviderDescriptor {
        id: voice.id.clone().into(),
        display_name: voice.display_name.clone(),
        label: voice.label.clone(),
        needs_key: voice.needs_key,
        models: Vec::new(),
        default_concurrency: 1,
        max_generation_s: 0,
    }
}

impl Core {
    /// The voice provider `id` when no video provider has that id.
    pub(super) fn voice_only(&self, id: &str) -> Option<VoiceDescriptor> {
        if self.runner().registry().get(id).is_some() {
            return None;
        }
        self.list_voices().into_iter().find(|v| v.id == id)
    }

    /// At open: each voice's `REELFORGE_<ID>_BASE_URL`, else its stored base URL.
    pub(super) async fn apply_stored_voice_settings(&self) -> CoreResult<()> {
        for voice in self.list_voices() {
            let stored = self.provider_settings(&voice.id).await?;
            if let Some(url) = env_base_url(&voice.id).or(stored.base_url) {
                self.inner.endpoints.set(&voice.id, Some(url));
            }
        }
        Ok(())
    }

    /// A voice's status: its key's storage (read afresh) and its settings.
    pub(super) async fn voice_status(&self, voice: VoiceDescriptor) -> CoreResult<ProviderStatus> {
        let found = if voice.needs_key {
            let store = self.secrets();
            let id = voice.id.clone();
            blocking(move || store.locate(&id)).await
        } else {
            Ok(None)
        };
        let settings = self.provider_settings(&voice.id).await?;
        Ok(self.status_of(as_provider(&voice), settings, found))
    }

    /// Stores a voice's base URL (the only setting it has) and applies it at once.
    pub(super) async fn update_voice_settings(
        &self,
        voice: VoiceDescriptor,
        wanted: ProviderSettings,
    ) -> CoreResult<ProviderStatus> {
        if wanted.concurrency.is_some() {
            return Err(CoreError::validation(
                "concurrency",
                format!("{} has no concurrency setting", voice.display_name),
            ));
        }
        let clean = validate_settings(&as_provider(&voice), wanted)?;
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, &settings_key(&voice.id), &clean, now_ms()).await?;
        tx.commit().await?;
        let url = env_base_url(&voice.id).or_else(|| clean.base_url.clone());
        self.inner.endpoints.set(&voice.id, url);
        self.voice_status(voice).await
    }
}

#[cfg(test)]
mod tests {
    use crate::facade::Core;
    use crate::pipeline::EngineSetup;
    use crate::providers::http::ProviderEnv;
    use crate::secrets::SessionStore;
    use reelforge_protocol::{
        ErrorCode, ProviderSettings, SetProviderKeyRequest, UpdateProviderSettingsRequest,
    };
    use std::sync::Arc;

    #[tokio::test]
    async fn a_hosted_voice_takes_a_key_and_a_base_url_like_a_video_provider() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SessionStore::new());
        let open = || async {
            let setup = EngineSetup::with_env(ProviderEnv::new(store.clone()));
            Core::open_with(dir.path(), setup).await.unwrap()
        };
        let core = open().await;
        let status = core
            .set_provider_key(SetProviderKeyRequest {
                provider: "elevenlabs".into(),
                key: "el-key-0123456789".into(),
                session_only: false,
            })
            .await
            .unwrap();
        assert!(status.has_key);
        assert_eq!(status.descriptor.display_name, "ElevenLabs");
        let refused = core
            .set_provider_key(SetProviderKeyRequest {
                provider: "kokoro".into(),
                key: "x".into(),
                session_only: false,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::Validation);

        let update = |base_url: Option<&str>, concurrency| UpdateProviderSettingsRequest {
            provider: "kokoro".into(),
            settings: ProviderSettings {
                base_url: base_url.map(str::to_owned),
                concurrency,
                default_model: None,
            },
        };
        let status = core
            .update_provider_settings(update(Some("http://gpu-box:8880/v1/"), None))
            .await
            .unwrap();
        assert_eq!(status.base_url.as_deref(), Some("http://gpu-box:8880/v1"));
        let err = core
            .update_provider_settings(update(None, Some(2)))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        core.close().await;
        let again = open().await;
        assert_eq!(
            again.inner.endpoints.get("kokoro").as_deref(),
            Some("http://gpu-box:8880/v1"),
            "the stored base URL applies at open"
        );
        let status = again.remove_provider_key("elevenlabs").await.unwrap();
        assert!(!status.has_key);
    }
}
