//! [`VoiceRegistry`]: the voice providers the engine can use, by id; the first is the
//! default.

use super::VoiceProvider;
use super::elevenlabs::ElevenLabsVoice;
use super::espeak::EspeakVoice;
use super::openai_speech::OpenAiSpeechVoice;
use crate::providers::http::ProviderEnv;
use reelforge_protocol::VoiceDescriptor;
use std::path::PathBuf;
use std::sync::Arc;

/// The registered voice providers, in registration order. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct VoiceRegistry {
    providers: Vec<Arc<dyn VoiceProvider>>,
}

/// Every voice provider shipped with Reelforge, one line each, the offline one first;
/// `espeak` is where espeak-ng is (`None`: on `PATH`), the hosted ones work over `env` (its
/// HTTP client, key store and base-URL overrides).
pub fn builtin(espeak: Option<PathBuf>, env: &ProviderEnv) -> VoiceRegistry {
    VoiceRegistry::default()
        .with(Arc::new(EspeakVoice::located(espeak)))
        .with(Arc::new(OpenAiSpeechVoice::kokoro(env)))
        .with(Arc::new(OpenAiSpeechVoice::openai(env)))
        .with(Arc::new(ElevenLabsVoice::new(env)))
}

impl VoiceRegistry {
    /// Adds `provider`, replacing one registered under the same id.
    pub fn with(mut self, provider: Arc<dyn VoiceProvider>) -> Self {
        let id = provider.descriptor().id.clone();
        self.providers.retain(|p| p.descriptor().id != id);
        self.providers.push(provider);
        self
    }

    /// The provider registered as `id`; `None` asks for the default (the first).
    pub fn get(&self, id: Option<&str>) -> Option<&Arc<dyn VoiceProvider>> {
        match id {
            Some(id) => self.providers.iter().find(|p| p.descriptor().id == id),
            None => self.providers.first(),
        }
    }

    /// Every provider's descriptor, in registration order.
    pub fn descriptors(&self) -> Vec<VoiceDescriptor> {
        self.providers
            .iter()
            .map(|p| p.descriptor().clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offline_voice_is_the_default_and_hosted_ones_are_registered() {
        let env = ProviderEnv::new(Arc::new(crate::secrets::SessionStore::new()));
        let registry = builtin(None, &env);
        let default = registry.get(None).unwrap().descriptor();
        assert_eq!(default.id, "espeak-ng");
        assert!(default.robotic_offline);
        assert!(registry.get(Some("nope")).is_none());
        let ids: Vec<String> = registry.descriptors().into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["espeak-ng", "kokoro", "openai", "elevenlabs"]);
        for d in registry.descriptors() {
            for language in &d.languages {
                assert!(
                    d.default_voice(*language).is_some(),
                    "{} {language:?}",
                    d.id
                );
            }
        }
        let eleven = registry.get(Some("elevenlabs")).unwrap().descriptor();
        assert!(eleven.needs_key && eleven.word_alignment);
        assert_eq!(eleven.cost_micro_usd(1000), 100_000);
    }
}
