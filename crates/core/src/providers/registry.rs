//! [`ProviderRegistry`]: the providers the engine can use, by id.

use super::VideoProvider;
use super::http::ProviderEnv;
use super::local::LocalProvider;
use reelforge_protocol::ProviderDescriptor;
use std::sync::Arc;

/// The registered providers, in registration order. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ProviderRegistry {
    providers: Vec<Arc<dyn VideoProvider>>,
}

/// Every provider shipped with Reelforge, the hosted ones over `env`: one line each.
pub fn builtin(env: &ProviderEnv) -> ProviderRegistry {
    ProviderRegistry::default()
        .with(Arc::new(LocalProvider::located(
            env.tools.clone(),
            env.work.clone(),
        )))
        .with(Arc::new(super::fal::FalProvider::new(env)))
        .with(Arc::new(super::replicate::ReplicateProvider::new(env)))
        .with(Arc::new(super::luma::LumaProvider::new(env)))
        .with(Arc::new(super::runway::RunwayProvider::new(env)))
        .with(Arc::new(super::veo::VeoProvider::new(env)))
        .with(Arc::new(super::comfyui::ComfyUiProvider::new(env)))
}

impl ProviderRegistry {
    /// Adds `provider`, replacing one registered under the same id.
    pub fn with(mut self, provider: Arc<dyn VideoProvider>) -> Self {
        let id = provider.descriptor().id.clone();
        self.providers.retain(|p| p.descriptor().id != id);
        self.providers.push(provider);
        self
    }

    /// The provider registered as `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<dyn VideoProvider>> {
        self.providers.iter().find(|p| p.descriptor().id == id)
    }

    /// Every provider's descriptor, in registration order.
    pub fn descriptors(&self) -> Vec<ProviderDescriptor> {
        self.providers
            .iter()
            .map(|p| p.descriptor().clone())
            .collect()
    }

    /// Every registered provider.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn VideoProvider>> {
        self.providers.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_has_the_honest_local_provider() {
        let env = ProviderEnv::new(Arc::new(crate::secrets::SessionStore::new()));
        let registry = builtin(&env);
        let local = registry.get("local").unwrap().descriptor();
        assert_eq!(
            local.label,
            "Offline, not an AI model: designed moving backgrounds and pan-and-zoom motion over \
             your images, rendered with ffmpeg"
        );
        assert!(!local.label.contains(&local.display_name));
        assert!(!local.needs_key);
        assert_eq!(
            registry.descriptors()[0].id,
            "local",
            "the offline provider comes first"
        );
        let count = registry.descriptors().len();
        let again = registry.with(Arc::new(LocalProvider::new()));
        assert_eq!(again.descriptors().len(), count, "same id replaces");
    }
}
