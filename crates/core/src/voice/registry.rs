//! [`VoiceRegistry`]: the voice providers the engine can use, by id; the first is the
//! default. The offline ones come first ([`offline_order`]): espeak-ng when it is found, else
//! the system's own voice where there is one (macOS `say`, Windows SAPI), each registered
//! only on its OS and only when its program is there.

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

/// Every voice provider shipped with Reelforge, one line each, the offline ones first (see
/// [`offline_order`]); `espeak` is where espeak-ng is (`None`: on `PATH`), the hosted ones
/// work over `env` (its HTTP client, key store and base-URL overrides).
pub fn builtin(espeak: Option<PathBuf>, env: &ProviderEnv) -> VoiceRegistry {
    let espeak = EspeakVoice::located(espeak);
    let espeak_found = espeak.program().is_ok();
    offline_order(Arc::new(espeak), espeak_found, system_voice())
        .into_iter()
        .fold(VoiceRegistry::default(), VoiceRegistry::with)
        .with(Arc::new(OpenAiSpeechVoice::kokoro(env)))
        .with(Arc::new(OpenAiSpeechVoice::openai(env)))
        .with(Arc::new(ElevenLabsVoice::new(env)))
}

/// The offline voices in default order: espeak-ng first when it is found; when it is not,
/// the system's own voice (if any) first and espeak-ng after it, still listed so that
/// choosing it says what to install.
pub fn offline_order(
    espeak: Arc<dyn VoiceProvider>,
    espeak_found: bool,
    system: Option<Arc<dyn VoiceProvider>>,
) -> Vec<Arc<dyn VoiceProvider>> {
    match system {
        Some(system) if !espeak_found => vec![system, espeak],
        Some(system) => vec![espeak, system],
        None => vec![espeak],
    }
}

/// macOS's `say` voices, when `say` is there and speaks French or English.
#[cfg(target_os = "macos")]
fn system_voice() -> Option<Arc<dyn VoiceProvider>> {
    let say: Arc<dyn VoiceProvider> = Arc::new(super::system_say::SayVoice::installed(None)?);
    Some(say)
}

/// Windows's SAPI voices, when PowerShell is there and lists a French or English one.
#[cfg(windows)]
fn system_voice() -> Option<Arc<dyn VoiceProvider>> {
    let sapi: Arc<dyn VoiceProvider> = Arc::new(super::sapi::SapiVoice::installed(None)?);
    Some(sapi)
}

/// No system voice elsewhere (Linux has espeak-ng).
#[cfg(not(any(target_os = "macos", windows)))]
fn system_voice() -> Option<Arc<dyn VoiceProvider>> {
    None
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
        assert!(default.robotic_offline);
        assert!(registry.get(Some("nope")).is_none());
        let ids: Vec<String> = registry.descriptors().into_iter().map(|d| d.id).collect();
        assert!(ids.ends_with(&["kokoro", "openai", "elevenlabs"].map(String::from)));
        assert!(ids.iter().any(|id| id == "espeak-ng"));
        if cfg!(not(any(target_os = "macos", windows))) {
            assert_eq!(ids, ["espeak-ng", "kokoro", "openai", "elevenlabs"]);
        }
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

    #[test]
    fn espeak_stays_the_default_when_found_else_the_system_voice_comes_first() {
        let espeak: Arc<dyn VoiceProvider> = Arc::new(EspeakVoice::located(None));
        let french = super::super::system_say::parse_voice_list(
            "Thomas              fr_FR    # Bonjour, je m’appelle Thomas.",
        );
        let say: Arc<dyn VoiceProvider> = Arc::new(
            super::super::system_say::SayVoice::with_voices(None, french),
        );
        let sapi: Arc<dyn VoiceProvider> = Arc::new(super::super::sapi::SapiVoice::with_voices(
            None,
            super::super::sapi::parse_voice_list("Microsoft Zira Desktop\ten-US"),
        ));
        let ids = |order: Vec<Arc<dyn VoiceProvider>>| -> Vec<String> {
            order.iter().map(|p| p.descriptor().id.clone()).collect()
        };
        let found = offline_order(espeak.clone(), true, Some(say.clone()));
        assert_eq!(ids(found), ["espeak-ng", "macos-say"]);
        let not_found = offline_order(espeak.clone(), false, Some(say));
        assert_eq!(ids(not_found), ["macos-say", "espeak-ng"]);
        let windows = offline_order(espeak.clone(), false, Some(sapi));
        assert_eq!(ids(windows), ["windows-sapi", "espeak-ng"]);
        assert_eq!(
            ids(offline_order(espeak.clone(), false, None)),
            ["espeak-ng"]
        );
        assert_eq!(ids(offline_order(espeak, true, None)), ["espeak-ng"]);
    }
}
