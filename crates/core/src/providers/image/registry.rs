//! [`ImageProviderRegistry`]: the image (keyframe) providers the engine can use, by id.

use super::ImageProvider;
use super::local::LocalImageProvider;
use crate::providers::http::ProviderEnv;
use reelforge_protocol::ImageProviderDescriptor;
use std::sync::Arc;

/// The registered image providers, in registration order. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ImageProviderRegistry {
    providers: Vec<Arc<dyn ImageProvider>>,
}

/// Every image provider shipped with Reelforge, the hosted ones over `env`: one line each.
pub fn builtin(env: &ProviderEnv) -> ImageProviderRegistry {
    ImageProviderRegistry::default()
        .with(Arc::new(LocalImageProvider::located(
            env.tools.clone(),
            env.work.clone(),
        )))
        .with(Arc::new(super::fal_flux::FalFluxProvider::new(env)))
        .with(Arc::new(super::replicate_flux::ReplicateFluxProvider::new(
            env,
        )))
        .with(Arc::new(super::openai_images::OpenAiImagesProvider::new(
            env,
        )))
        .with(Arc::new(super::comfyui_txt2img::ComfyUiImageProvider::new(
            env,
        )))
}

impl ImageProviderRegistry {
    /// Adds `provider`, replacing one registered under the same id.
    pub fn with(mut self, provider: Arc<dyn ImageProvider>) -> Self {
        let id = provider.descriptor().id.clone();
        self.providers.retain(|p| p.descriptor().id != id);
        self.providers.push(provider);
        self
    }

    /// The provider registered as `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<dyn ImageProvider>> {
        self.providers.iter().find(|p| p.descriptor().id == id)
    }

    /// Every provider's descriptor, in registration order.
    pub fn descriptors(&self) -> Vec<ImageProviderDescriptor> {
        self.providers
            .iter()
            .map(|p| p.descriptor().clone())
            .collect()
    }

    /// Every registered provider, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn ImageProvider>> {
        self.providers.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::AspectRatio;

    #[test]
    fn builtin_registry_starts_with_the_honest_local_card_renderer() {
        let env = ProviderEnv::new(Arc::new(crate::secrets::SessionStore::new()));
        let registry = builtin(&env);
        let descriptors = registry.descriptors();
        assert_eq!(
            descriptors[0].id, "local",
            "the offline provider comes first"
        );
        let local = registry.get("local").unwrap().descriptor();
        assert!(local.label.contains("not an AI model"), "{}", local.label);
        assert!(!local.label.contains(&local.display_name));
        assert!(!local.needs_key);
        let model = local.model(None).unwrap();
        assert_eq!(model.micros_per_image, 0);
        for ratio in AspectRatio::ALL {
            assert!(model.size(ratio).is_some(), "no size for {ratio}");
        }
        let ids: Vec<&str> = descriptors.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["local", "fal", "replicate", "openai", "comfyui"]);
        for d in &descriptors {
            assert_eq!(
                d.needs_key,
                !matches!(d.id.as_str(), "local" | "comfyui"),
                "{}",
                d.id
            );
            for m in &d.models {
                for ratio in AspectRatio::ALL {
                    assert!(
                        m.size(ratio).is_some(),
                        "{}/{}: no size for {ratio}",
                        d.id,
                        m.id
                    );
                }
                assert!(m.micros_per_image >= 0);
            }
        }
        let count = descriptors.len();
        let again = registry.with(Arc::new(LocalImageProvider::new()));
        assert_eq!(again.descriptors().len(), count, "same id replaces");
    }
}
