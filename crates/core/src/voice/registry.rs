//! [`VoiceRegistry`]: the voice providers the engine can use, by id; the first is the
//! default.

use super::VoiceProvider;
use super::espeak::EspeakVoice;
use reelforge_protocol::VoiceDescriptor;
use std::path::PathBuf;
use std::sync::Arc;

/// The registered voice providers, in registration order. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct VoiceRegistry {
    providers: Vec<Arc<dyn VoiceProvider>>,
}

/// Every voice provider shipped with Reelforge, one line each; `espeak` is where espeak-ng
/// is (`None`: on `PATH`).
pub fn builtin(espeak: Option<PathBuf>) -> VoiceRegistry {
    VoiceRegistry::default().with(Arc::new(EspeakVoice::located(espeak)))
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
    fn the_offline_voice_is_the_default() {
        let registry = builtin(None);
        let default = registry.get(None).unwrap().descriptor();
        assert_eq!(default.id, "espeak-ng");
        assert!(default.robotic_offline);
        assert!(registry.get(Some("nope")).is_none());
        assert_eq!(registry.descriptors().len(), 1);
    }
}
